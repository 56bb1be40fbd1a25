// The MicroPython C API that src/binding uses; build.rs runs bindgen over it.
#include "py/runtime.h"
#include "py/stream.h"
#include "py/objstr.h"
#include "py/objtuple.h"
#include "py/nlr.h"
#include "py/gc.h"

// From py/mphal.h, declared here rather than included: the esp8266 port's
// mphalport.h pulls in SDK headers and Xtensa inline assembly, which
// bindgen's libclang (no Xtensa target) cannot parse.
uint64_t mp_hal_time_ns(void);

// Unix seconds at the port's epoch, which mp_hal_time_ns() counts from:
// 2000-01-01 unless the port sets MICROPY_EPOCH_IS_1970 (unix does, the
// esp8266 port does not).
#if MICROPY_EPOCH_IS_1970
#define RTLS_PORT_EPOCH 0
#else
#define RTLS_PORT_EPOCH 946684800
#endif

// Defined in modrtls.c: object constants that are macros in C.
extern const mp_obj_t rtls_none;
extern const mp_obj_t rtls_true;
extern const mp_obj_t rtls_false;
extern const mp_obj_t rtls_sentinel;
// Defined in modrtls.c: the table of wrap_socket's arguments.
#define RTLS_WRAP_SOCKET_ARGS 15
extern const mp_arg_t rtls_wrap_socket_args[RTLS_WRAP_SOCKET_ARGS];
bool rtls_call_method_catching(mp_obj_t obj, qstr name, size_t n_args, const mp_obj_t *args);
mp_uint_t rtls_stream_io_catching(mp_obj_t stream_obj, const mp_stream_p_t *stream, bool write,
    void *buf, mp_uint_t size, int *errcode, mp_obj_t *raised);
