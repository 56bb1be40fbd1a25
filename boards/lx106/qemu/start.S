/*
 * Reset code for QEMU's `-M sim -cpu lx106`: the machine starts at the
 * reset vector 0x50000000 (start of sysrom, see lx106-sim.ld), not at the
 * ELF entry. Sets the stack pointer and calls main(); main's return value
 * becomes QEMU's exit status through the semihosting exit call.
 * call0 ABI: a0 return address, a1 stack pointer, a2.. arguments.
 */
    .section .reset.text, "ax"
    .global _reset
    .align 4
_reset:
    j       1f
    .align 4
.Lstack_top:
    .word   _stack_top
.Lmain:
    .word   main
1:
    l32r    a1, .Lstack_top
    l32r    a0, .Lmain
    callx0  a0
    /* semihosting exit(a3 = main's result) */
    mov     a3, a2
    movi    a2, 1
    simcall
2:
    j       2b
