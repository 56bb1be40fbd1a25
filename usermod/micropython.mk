# rtls as a MicroPython user C module (make-based ports: unix, esp8266).
# Point USER_C_MODULES at the repository root; this file builds the Rust
# library with cargo against the port's own flags and links it.

RTLS_MOD_DIR := $(USERMOD_DIR)
RTLS_ROOT := $(abspath $(RTLS_MOD_DIR)/..)

SRC_USERMOD_C += $(RTLS_MOD_DIR)/modrtls.c $(RTLS_MOD_DIR)/cryptolib.c

# The variables a port (or its board's mpconfigboard.mk) may set:
#   RTLS_FEATURES      cargo features besides `micropython`, comma- or
#                      space-separated (e.g. rsa; the unix build's)
#   RTLS_BOARD_CONFIG  the board's settings, boards/<BOARD>/rtls_board.rs
#                      (absolute, or relative to where make runs); empty:
#                      boards/default/rtls_board.rs
#   RTLS_CARGO_ARGS    further cargo arguments, e.g. --no-default-features
#                      or --target <triple> for a cross build
#   RTLS_CARGO         the cargo to run (a board may wrap it)
#   RTLS_LIB           the library cargo makes, when RTLS_CARGO puts it
#                      elsewhere than cargo does
RTLS_CARGO ?= cargo
RTLS_CARGO_TARGET_DIR ?= $(abspath $(BUILD))/rtls-cargo
RTLS_FEATURES ?=
RTLS_BOARD_CONFIG ?=
RTLS_CARGO_ARGS ?=

# cargo puts a --target build under <target dir>/<triple>/, or for a
# target JSON under the file's name without .json.
rtls_target_after = $(if $(filter --target,$(firstword $(1))),$(word 2,$(1)),$(if $(word 2,$(1)),$(call rtls_target_after,$(wordlist 2,$(words $(1)),$(1)))))
RTLS_TARGET := $(strip $(patsubst --target=%,%,$(filter --target=%,$(RTLS_CARGO_ARGS))) $(call rtls_target_after,$(RTLS_CARGO_ARGS)))
RTLS_LIB ?= $(RTLS_CARGO_TARGET_DIR)/$(if $(RTLS_TARGET),$(patsubst %.json,%,$(notdir $(RTLS_TARGET)))/)release/librtls.a

# The library goes after the port's objects on the link line. The unix port
# puts LDFLAGS_USERMOD there; -lm first: compiler_builtins' weak libm symbols
# must not replace libm's. The esp8266 port links $(LDFLAGS) before its
# objects (so rtls_wrap_socket would stay undefined) and compiles its own
# libm: a board there sets RTLS_LINK = libs, and the library goes in LIBS.
ifeq ($(RTLS_LINK),libs)
LIBS += $(RTLS_LIB)
else
LDFLAGS_USERMOD += -lm $(RTLS_LIB)
endif

# The port's final -I (made absolute) and -D flags, for bindgen. Recursive
# (=) so it sees CFLAGS as the port finally sets them.
RTLS_BINDGEN_CFLAGS = $(foreach f,$(filter -I% -D%,$(CFLAGS)),$(if $(filter -I%,$(f)),-I$(abspath $(patsubst -I%,%,$(f))),$(f)))

# The generated headers bindgen reads through MicroPython's: with
# compressed error texts, py/misc.h includes compressed.data.h (a -j1
# build otherwise reaches cargo before it exists).
RTLS_GENHDR := $(addprefix $(HEADER_BUILD)/,qstrdefs.generated.h root_pointers.h moduledefs.h mpversion.h)
ifeq ($(MICROPY_ROM_TEXT_COMPRESSION),1)
RTLS_GENHDR += $(HEADER_BUILD)/compressed.data.h
endif

$(RTLS_LIB): FORCE | $(RTLS_GENHDR)
	$(ECHO) "CARGO rtls"
	$(Q)cd $(RTLS_ROOT) && RTLS_BINDGEN_CFLAGS='$(RTLS_BINDGEN_CFLAGS)' CARGO_TARGET_DIR='$(RTLS_CARGO_TARGET_DIR)' \
		$(if $(RTLS_BOARD_CONFIG),RTLS_BOARD_CONFIG='$(abspath $(RTLS_BOARD_CONFIG))') \
		$(RTLS_CARGO) rustc --quiet --release --lib --crate-type staticlib \
		--features '$(strip micropython $(RTLS_FEATURES))' $(RTLS_CARGO_ARGS)

# The link does not list the library as a prerequisite (it must come after
# -lm), so rebuild the module's object when it changes, which relinks.
$(BUILD)/$(patsubst $(USER_C_MODULES)/%,%,$(RTLS_MOD_DIR))/modrtls.o: $(RTLS_LIB)
