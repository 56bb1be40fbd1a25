//! `cryptolib.aes`: MicroPython's AES object over the engine's
//! [`Cipher`], checking arguments in the order MicroPython's own does, so
//! that the same call raises the same exception (its texts come from
//! [`Error::message`]).

use core::ptr;

use super::{ffi, raise};
use crate::engine::cryptolib::{Cipher, Direction, Error, Mode};

/// The Python-visible object (type `rtls_aes_type` in
/// usermod/cryptolib.c, which allocates it through `make_new`).
#[repr(C)]
struct AesObject {
    base: ffi::mp_obj_base_t,
    cipher: Cipher,
}

/// `MP_OBJ_FUN_MAKE_SIG(2, 3, false)` (a macro in C): 2 or 3 positional
/// arguments, no keywords.
const SIG_2_TO_3_POSITIONAL: u32 = (2 << 17) | (3 << 1);

/// Raises `ValueError` with MicroPython's text for `error`.
fn refuse(error: Error) -> ! {
    raise::value_error(error.message())
}

/// The buffer of `obj` for reading, or for writing with `write`; raises
/// `TypeError` for an object without one (a bytes object to write into
/// among them).
///
/// # Safety
/// `obj` is a valid object; the buffer lives as long as it does.
unsafe fn buffer(obj: ffi::mp_obj_t, write: bool) -> ffi::mp_buffer_info_t {
    let mut info: ffi::mp_buffer_info_t = core::mem::zeroed();
    let flags = if write { ffi::MP_BUFFER_WRITE } else { ffi::MP_BUFFER_READ };
    ffi::mp_get_buffer(obj, &mut info, (flags | ffi::MP_BUFFER_RAISE_IF_UNSUPPORTED) as ffi::mp_uint_t);
    info
}

/// The bytes of a buffer (an empty one may have no pointer).
///
/// # Safety
/// As [`buffer`], and nothing writes to it while the slice is used.
unsafe fn bytes<'a>(info: &ffi::mp_buffer_info_t) -> &'a [u8] {
    if info.len == 0 {
        return &[];
    }
    core::slice::from_raw_parts(info.buf as *const u8, info.len)
}

/// `cryptolib.aes(key, mode[, IV])`.
#[no_mangle]
pub unsafe extern "C" fn rtls_aes_make_new(
    type_: *const ffi::mp_obj_type_t,
    n_args: usize,
    n_kw: usize,
    args: *const ffi::mp_obj_t,
) -> ffi::mp_obj_t {
    // Raises TypeError for another count or a keyword; then `args` holds
    // 2 or 3 objects.
    ffi::mp_arg_check_num_sig(n_args, n_kw, SIG_2_TO_3_POSITIONAL);
    let (key, mode) = (*args, *args.add(1));
    let iv = if n_args > 2 { *args.add(2) } else { ffi::none() };
    // MicroPython's order: the mode, then the key, then the IV.
    let mode = Mode::from_code(ffi::mp_obj_get_int(mode) as isize).unwrap_or_else(|| refuse(Error::Mode));
    let key = bytes(&buffer(key, false));
    let iv = (iv != ffi::none()).then(|| bytes(&buffer(iv, false)));
    let cipher = Cipher::new(key, mode, iv).unwrap_or_else(|e| refuse(e));
    let obj = ffi::mp_obj_malloc_helper(core::mem::size_of::<AesObject>(), type_) as *mut AesObject;
    ptr::addr_of_mut!((*obj).cipher).write(cipher);
    obj as ffi::mp_obj_t
}

/// `aes.encrypt(in_buf[, out_buf])`.
#[no_mangle]
pub unsafe extern "C" fn rtls_aes_encrypt(n_args: usize, args: *const ffi::mp_obj_t) -> ffi::mp_obj_t {
    process(n_args, args, Direction::Encrypt)
}

/// `aes.decrypt(in_buf[, out_buf])`.
#[no_mangle]
pub unsafe extern "C" fn rtls_aes_decrypt(n_args: usize, args: *const ffi::mp_obj_t) -> ffi::mp_obj_t {
    process(n_args, args, Direction::Decrypt)
}

/// Encrypts or decrypts `in_buf` into `out_buf` (in place when they are
/// the same buffer) or into a new bytes object, which it returns.
///
/// # Safety
/// `args` holds `n_args` objects: `self` (an object of `rtls_aes_type`),
/// `in_buf` and maybe `out_buf`, 2 or 3 as the method objects in
/// usermod/cryptolib.c let through.
unsafe fn process(n_args: usize, args: *const ffi::mp_obj_t, direction: Direction) -> ffi::mp_obj_t {
    let (this, input) = (*args as *mut AesObject, *args.add(1));
    let output = (n_args > 2).then(|| *args.add(2));
    // MicroPython's order: input length, output, then direction.
    let input = buffer(input, false);
    (*this).cipher.check_length(input.len).unwrap_or_else(|e| refuse(e));
    let mut vstr: ffi::vstr_t = core::mem::zeroed();
    let out = match output {
        Some(output) => {
            let out = buffer(output, true);
            if out.len < input.len {
                refuse(Error::OutputTooSmall);
            }
            out.buf as *mut u8
        }
        // Allocated before the cipher is borrowed below: a collection may
        // run finalisers, Python code that could use this object.
        None => {
            ffi::vstr_init_len(&mut vstr, input.len);
            vstr.buf as *mut u8
        }
    };
    let run = (*this).cipher.begin(direction).unwrap_or_else(|e| refuse(e));
    // The input, then the cipher over the output in place: right also when
    // the two buffers overlap.
    let buf: &mut [u8] = if input.len == 0 {
        &mut []
    } else {
        ptr::copy(input.buf as *const u8, out, input.len);
        core::slice::from_raw_parts_mut(out, input.len)
    };
    run.apply(buf);
    match output {
        Some(output) => output,
        None => ffi::mp_obj_new_bytes_from_vstr(&mut vstr),
    }
}
