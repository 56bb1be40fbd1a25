//! Memory from MicroPython's GC heap. Blocks are found by the GC through
//! the object that points at them, so they live as long as it does.

use core::ptr::NonNull;

use super::{ffi, raise};

/// Allocates `len` bytes, or raises MemoryError naming `purpose`.
pub fn alloc_or_raise(len: usize, purpose: &str) -> NonNull<u8> {
    // SAFETY: m_malloc_maybe returns null or a fresh block of `len` bytes.
    let ptr = unsafe { ffi::m_malloc_maybe(len) } as *mut u8;
    match NonNull::new(ptr) {
        Some(ptr) => ptr,
        None => {
            let mut text = raise::Text::new(96);
            text.push_all(&["rtls: no memory for ", purpose, " ("]).push_decimal(len).push(" bytes)");
            raise::memory_error(text.as_str())
        }
    }
}

/// Returns a block to the heap now rather than at the next collection.
///
/// # Safety
/// `ptr` came from [`alloc_or_raise`] and nothing uses it afterwards.
pub unsafe fn free(ptr: NonNull<u8>) {
    ffi::gc_free(ptr.as_ptr() as *mut cty::c_void);
}

/// Overwrites a block that held secrets (such as an RSA key's DER) with
/// zeros, then returns it to the heap.
///
/// # Safety
/// As [`free`]; `ptr` points at `len` bytes of the block.
pub unsafe fn wipe_and_free(ptr: NonNull<u8>, len: usize) {
    zeroize::Zeroize::zeroize(core::slice::from_raw_parts_mut(ptr.as_ptr(), len));
    free(ptr);
}
