// The cryptolib module's tables: MicroPython's `cryptolib.aes` (ECB, CBC,
// CTR) over rtls' AES, for ports whose own cryptolib is off (the NodeMCU
// board: it needed axTLS; rtls' unix build turns it off, see
// boards/unix). The functions are in src/binding/cryptolib.rs; this file
// holds no logic.

#include "py/runtime.h"

// Implemented in src/binding/cryptolib.rs.
mp_obj_t rtls_aes_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args);
mp_obj_t rtls_aes_encrypt(size_t n_args, const mp_obj_t *args);
mp_obj_t rtls_aes_decrypt(size_t n_args, const mp_obj_t *args);

static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(rtls_aes_encrypt_obj, 2, 3, rtls_aes_encrypt);
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(rtls_aes_decrypt_obj, 2, 3, rtls_aes_decrypt);

static const mp_rom_map_elem_t rtls_aes_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_encrypt), MP_ROM_PTR(&rtls_aes_encrypt_obj) },
    { MP_ROM_QSTR(MP_QSTR_decrypt), MP_ROM_PTR(&rtls_aes_decrypt_obj) },
};
static MP_DEFINE_CONST_DICT(rtls_aes_locals_dict, rtls_aes_locals_dict_table);

static MP_DEFINE_CONST_OBJ_TYPE(
    rtls_aes_type,
    MP_QSTR_aes,
    MP_TYPE_FLAG_NONE,
    make_new, rtls_aes_make_new,
    locals_dict, &rtls_aes_locals_dict
    );

// The mode numbers (PEP 272's), which MicroPython's docs name
// cryptolib.MODE_* "if it exists".
static const mp_rom_map_elem_t rtls_cryptolib_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_cryptolib) },
    { MP_ROM_QSTR(MP_QSTR_aes), MP_ROM_PTR(&rtls_aes_type) },
    { MP_ROM_QSTR(MP_QSTR_MODE_ECB), MP_ROM_INT(1) },
    { MP_ROM_QSTR(MP_QSTR_MODE_CBC), MP_ROM_INT(2) },
    { MP_ROM_QSTR(MP_QSTR_MODE_CTR), MP_ROM_INT(6) },
};
static MP_DEFINE_CONST_DICT(rtls_cryptolib_globals, rtls_cryptolib_globals_table);

const mp_obj_module_t rtls_cryptolib_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&rtls_cryptolib_globals,
};

// Extensible, as MicroPython registers its own: `import ucryptolib`, the
// old name, finds it too. A port with its own cryptolib keeps it.
#if !MICROPY_PY_CRYPTOLIB
MP_REGISTER_EXTENSIBLE_MODULE(MP_QSTR_cryptolib, rtls_cryptolib_module);
#endif
