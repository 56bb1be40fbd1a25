# NodeMCU (ESP8266, 4 MiB flash) with rtls: the port's ESP8266_GENERIC
# board (2 MiB+ variant) with axTLS replaced by rtls. Built by the
# repository's `make firmware` (see README.md here), which runs the port's
# make with BOARD_DIR=<this dir> USER_C_MODULES=<repository root>
# MICROPY_PY_SSL=0 MICROPY_SSL_AXTLS=0 and the SDK toolchain.

RTLS_BOARD_DIR := $(abspath $(BOARD_DIR))
RTLS_REPO_DIR := $(abspath $(RTLS_BOARD_DIR)/../..)

# The port's Makefile sets MICROPY_PY_SSL = 1 and MICROPY_SSL_AXTLS = 1
# after including this file; only the command line overrides them.
ifneq ($(MICROPY_PY_SSL)$(MICROPY_SSL_AXTLS),00)
$(error NODEMCU: run the port's make with MICROPY_PY_SSL=0 MICROPY_SSL_AXTLS=0 (rtls replaces axTLS); the repository's `make firmware` does)
endif

# Flash layout of the port's esp8266_2MiB.ld (irom0: 988 KiB), with rtls
# placed by rtls_ld.py (code and read-only data in flash).
LD_FILES = $(RTLS_BOARD_DIR)/esp8266_nodemcu.ld
LDFLAGS += -L$(abspath $(BUILD))

# What ESP8266_GENERIC's default variant enables, except btree (its
# berkeley-db submodule is not in Debian's source package, and the flash
# goes to rtls).
MICROPY_PY_ESPNOW ?= 1
MICROPY_PY_BTREE ?= 0
MICROPY_VFS_FAT ?= 1
MICROPY_VFS_LFS2 ?= 1

FROZEN_MANIFEST ?= $(RTLS_BOARD_DIR)/manifest.py

# rtls itself comes from usermod/micropython.mk (USER_C_MODULES), built
# for the LX106 by boards/lx106/cargo-lx106.py instead of plain cargo: the
# objects need the literal-pool fix before GNU ld can link them.
RTLS_CARGO = $(RTLS_REPO_DIR)/boards/lx106/cargo-lx106.py
RTLS_BOARD_CONFIG = $(RTLS_BOARD_DIR)/rtls_board.rs
RTLS_LIB = $(abspath $(BUILD))/rtls-cargo/lx106/librtls.a
# The port links $(LDFLAGS) before its objects: rtls goes in LIBS (see
# usermod/micropython.mk).
RTLS_LINK = libs
# bindgen's libclang has no system headers for the LX106: cargo-lx106.py
# asks this compiler for its include directories (the SDK's, newlib's).
export RTLS_BINDGEN_CC = $(CC)

# The linker script generated from the port's own common script.
$(BUILD)/esp8266_common_rtls.ld: boards/esp8266_common.ld $(RTLS_BOARD_DIR)/rtls_ld.py
	$(ECHO) "GEN $@"
	$(Q)$(MKDIR) -p $(BUILD)
	$(Q)$(PYTHON) $(RTLS_BOARD_DIR)/rtls_ld.py $< $@

$(BUILD)/firmware.elf: | $(BUILD)/esp8266_common_rtls.ld

# gcc 12 (Debian's gcc-xtensa-lx106; esp-open-sdk has gcc 4.8) warns, under
# the port's -Werror, about the port's own sources: narrowly, per object.
# array-bounds: the port reads the SDK's data through pointers to linker
# symbols and function addresses, which gcc 12 takes for 1-byte objects.
$(addprefix $(BUILD)/,esp_mphal.o esp_init_data.o ets_alt_task.o modesp.o): CFLAGS += -Wno-array-bounds
# The port's modmachine.h defines pyb_pin_obj tentatively (no extern) in
# every object that includes it; gcc 10+ defaults to -fno-common, which
# makes that a multiple definition at the link.
CFLAGS += -fcommon
# modespnow.c's MAX_PACKET_LEN is only used in some configurations.
$(BUILD)/modespnow.o: CFLAGS += -Wno-unused-const-variable
