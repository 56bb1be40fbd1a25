// rtls' unix interpreter (`make build`, VARIANT_DIR in the Makefile): the
// port's standard variant with MicroPython's own cryptolib (over mbedTLS)
// turned off, so that `cryptolib` is rtls' (usermod/cryptolib.c), as on
// the NodeMCU board, and MicroPython's cryptolib tests run against it. The
// standard variant defines MICROPY_PY_CRYPTOLIB unconditionally (with
// MICROPY_PY_SSL), so a -D on the command line cannot turn it off.
#include "ports/unix/variants/standard/mpconfigvariant.h"

#undef MICROPY_PY_CRYPTOLIB
#define MICROPY_PY_CRYPTOLIB (0)
