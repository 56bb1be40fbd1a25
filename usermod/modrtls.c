// The rtls module's tables: module globals, the TLS socket type and its
// stream protocol. Everything they point at is implemented in Rust
// (src/binding); this file holds no logic.

#include "py/runtime.h"
#include "py/stream.h"

// What src/binding declares of this file (checked against it here).
#include "rtls_bindings.h"

// Implemented in src/binding.
mp_obj_t rtls_wrap_socket(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args);
mp_uint_t rtls_socket_read(mp_obj_t self_in, void *buf, mp_uint_t size, int *errcode);
mp_uint_t rtls_socket_write(mp_obj_t self_in, const void *buf, mp_uint_t size, int *errcode);
mp_uint_t rtls_socket_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode);
mp_obj_t rtls_socket_getpeercert(size_t n_args, const mp_obj_t *args);
mp_obj_t rtls_socket_cipher(mp_obj_t self_in);
void rtls_socket_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest);
mp_obj_t rtls_socket_setblocking(mp_obj_t self_in, mp_obj_t flag);
mp_obj_t rtls_socket_do_handshake(mp_obj_t self_in);
mp_obj_t rtls_socket_selected_alpn_protocol(mp_obj_t self_in);
mp_obj_t rtls_socket_version(mp_obj_t self_in);
mp_obj_t rtls_socket_del(mp_obj_t self_in);

// Qstrs that only the Rust side uses. MicroPython's qstr scanner reads C
// sources alone, so they are named here to exist (bindgen then exports
// their values to Rust).
const qstr rtls_rust_qstrs[] = {
    MP_QSTR_os, MP_QSTR_urandom, MP_QSTR_setsockopt, MP_QSTR_session,
    MP_QSTR_session_reused, MP_QSTR_setblocking,
};

// wrap_socket's arguments, in the order of the ARG_* positions in
// src/binding/wrap.rs; CERT_REQUIRED (2) is the default of cert_reqs.
const mp_arg_t rtls_wrap_socket_args[RTLS_WRAP_SOCKET_ARGS] = {
    { MP_QSTR_sock, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    { MP_QSTR_server_hostname, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    { MP_QSTR_cadata, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    { MP_QSTR_cert, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    { MP_QSTR_key, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    { MP_QSTR_cert_reqs, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 2} },
    { MP_QSTR_do_handshake, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = true} },
    { MP_QSTR_max_fragment_length, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    { MP_QSTR_session, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    { MP_QSTR_alpn_protocols, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    { MP_QSTR_psk, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    { MP_QSTR_psk_ke, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
    { MP_QSTR_ciphers, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    { MP_QSTR_groups, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    { MP_QSTR_hostname_checks_common_name, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = true} },
};

// Calls obj.name(*args), returning false instead of raising when the method
// is missing or raises. Rust cannot catch a MicroPython exception itself:
// nlr_push returns twice.
bool rtls_call_method_catching(mp_obj_t obj, qstr name, size_t n_args, const mp_obj_t *args) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t call[2 + 4];
        if (n_args > 4) {
            mp_raise_ValueError(NULL);
        }
        mp_load_method(obj, name, call);
        for (size_t i = 0; i < n_args; i++) {
            call[2 + i] = args[i];
        }
        mp_call_method_n_kw(n_args, 0, call);
        nlr_pop();
        return true;
    }
    return false;
}

// Calls a stream's read or write. An exception it raises is caught: then
// MP_STREAM_ERROR is returned, *errcode is 0 and *raised holds the
// exception, which src/binding raises again once the connection is back in
// a consistent state (an exception must not jump over the engine's frames).
mp_uint_t rtls_stream_io_catching(mp_obj_t stream_obj, const mp_stream_p_t *stream, bool write,
    void *buf, mp_uint_t size, int *errcode, mp_obj_t *raised) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_uint_t n = write ? stream->write(stream_obj, buf, size, errcode) : stream->read(stream_obj, buf, size, errcode);
        nlr_pop();
        return n;
    }
    *raised = MP_OBJ_FROM_PTR(nlr.ret_val);
    *errcode = 0;
    return MP_STREAM_ERROR;
}

// Object constants that are macros in C, for the Rust side.
const mp_obj_t rtls_none = MP_ROM_NONE;
const mp_obj_t rtls_true = MP_ROM_TRUE;
const mp_obj_t rtls_false = MP_ROM_FALSE;
const mp_obj_t rtls_sentinel = MP_OBJ_SENTINEL;

static MP_DEFINE_CONST_FUN_OBJ_KW(rtls_wrap_socket_obj, 1, rtls_wrap_socket);
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(rtls_socket_getpeercert_obj, 1, 2, rtls_socket_getpeercert);
static MP_DEFINE_CONST_FUN_OBJ_1(rtls_socket_cipher_obj, rtls_socket_cipher);
static MP_DEFINE_CONST_FUN_OBJ_2(rtls_socket_setblocking_obj, rtls_socket_setblocking);
static MP_DEFINE_CONST_FUN_OBJ_1(rtls_socket_do_handshake_obj, rtls_socket_do_handshake);
static MP_DEFINE_CONST_FUN_OBJ_1(rtls_socket_selected_alpn_protocol_obj, rtls_socket_selected_alpn_protocol);
static MP_DEFINE_CONST_FUN_OBJ_1(rtls_socket_version_obj, rtls_socket_version);
static MP_DEFINE_CONST_FUN_OBJ_1(rtls_socket_del_obj, rtls_socket_del);

static const mp_rom_map_elem_t rtls_socket_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_stream_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&mp_stream_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&mp_stream_unbuffered_readline_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_stream_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&mp_stream_close_obj) },
    { MP_ROM_QSTR(MP_QSTR___enter__), MP_ROM_PTR(&mp_identity_obj) },
    { MP_ROM_QSTR(MP_QSTR___exit__), MP_ROM_PTR(&mp_stream___exit___obj) },
    { MP_ROM_QSTR(MP_QSTR_getpeercert), MP_ROM_PTR(&rtls_socket_getpeercert_obj) },
    { MP_ROM_QSTR(MP_QSTR_cipher), MP_ROM_PTR(&rtls_socket_cipher_obj) },
    { MP_ROM_QSTR(MP_QSTR_setblocking), MP_ROM_PTR(&rtls_socket_setblocking_obj) },
    { MP_ROM_QSTR(MP_QSTR_do_handshake), MP_ROM_PTR(&rtls_socket_do_handshake_obj) },
    { MP_ROM_QSTR(MP_QSTR_selected_alpn_protocol), MP_ROM_PTR(&rtls_socket_selected_alpn_protocol_obj) },
    { MP_ROM_QSTR(MP_QSTR_version), MP_ROM_PTR(&rtls_socket_version_obj) },
    { MP_ROM_QSTR(MP_QSTR___del__), MP_ROM_PTR(&rtls_socket_del_obj) },
};
static MP_DEFINE_CONST_DICT(rtls_socket_locals_dict, rtls_socket_locals_dict_table);

static const mp_stream_p_t rtls_socket_stream_p = {
    .read = rtls_socket_read,
    .write = rtls_socket_write,
    .ioctl = rtls_socket_ioctl,
};

// Not static: src/binding allocates objects of this type.
MP_DEFINE_CONST_OBJ_TYPE(
    rtls_socket_type,
    MP_QSTR_TLSSocket,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    attr, rtls_socket_attr,
    protocol, &rtls_socket_stream_p,
    locals_dict, &rtls_socket_locals_dict
    );

// CERT_* values match MicroPython's tls module (src/binding/wrap.rs too).
static const mp_rom_map_elem_t rtls_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_rtls) },
    { MP_ROM_QSTR(MP_QSTR_wrap_socket), MP_ROM_PTR(&rtls_wrap_socket_obj) },
    { MP_ROM_QSTR(MP_QSTR_CERT_NONE), MP_ROM_INT(0) },
    { MP_ROM_QSTR(MP_QSTR_CERT_REQUIRED), MP_ROM_INT(2) },
};
static MP_DEFINE_CONST_DICT(rtls_module_globals, rtls_module_globals_table);

const mp_obj_module_t rtls_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&rtls_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_rtls, rtls_module);

// Rust's compiler_builtins carries objects built with unwinding tables
// (i128 division, fma) that name this symbol; rtls itself aborts on panic
// and never unwinds.
__attribute__((weak)) void rust_eh_personality(void) {
}
