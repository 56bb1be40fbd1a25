// The MicroPython C API that src/binding uses; build.rs runs bindgen over it.
#include "py/runtime.h"
#include "py/stream.h"
#include "py/objstr.h"
#include "py/objtuple.h"
#include "py/mphal.h"
#include "py/nlr.h"
#include "py/gc.h"

// Defined in modrtls.c: the None object, a macro in C.
extern const mp_obj_t rtls_none;
bool rtls_call_method_catching(mp_obj_t obj, qstr name, size_t n_args, const mp_obj_t *args);
