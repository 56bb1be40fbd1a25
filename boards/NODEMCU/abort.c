// abort() for rtls on the ESP8266: the Rust library references it (core's
// abort intrinsic, reached only if its panic handler itself fails; panics
// otherwise raise a Python exception) and the firmware links no C library.
// Same behaviour as the port's own nlr_jump_fail and __assert in main.c:
// say why, then spin until the hardware watchdog resets the chip.
#include <stdio.h>
#include <stdlib.h>

void abort(void) {
    printf("rtls: abort\n");
    for (;;) {
    }
}
