# rtls — top-level build. `make` builds the unix-port interpreter with rtls
# at build/unix/micropython and runs the demo; `make test` runs every test.
#
# MICROPY_DIR=<checkout> uses your own MicroPython 1.25 tree instead of
# fetching Debian's source package.

SHELL := /bin/bash
ROOT := $(CURDIR)
BUILD_DIR := $(ROOT)/build
MICROPY_DIR ?= $(BUILD_DIR)/micropython-src
UNIX_OBJ := $(BUILD_DIR)/unix-obj
MICROPYTHON := $(BUILD_DIR)/unix/micropython
JOBS ?= $(shell nproc)
# cargo features of the unix build besides `micropython` (usermod/micropython.mk).
# panic-hook: RTLS_TEST_PANIC in the environment makes rtls panic, for the
# test survive_panic (see Cargo.toml).
RTLS_FEATURES ?= rsa,panic-hook

# Debian packages the build and the tests use.
APT_PACKAGES := build-essential pkg-config python3 libffi-dev libmbedtls-dev \
	libclang-dev xz-utils patch openssl mosquitto gnutls-bin golang-go faketime

# The unix port with rtls, and MicroPython's own tls over the system mbedTLS
# (kept for comparison). See ../shared/notes/build.md for why each is needed.
# The variant (boards/unix) is the standard one without MicroPython's
# cryptolib: `cryptolib` is rtls', as on the NodeMCU board.
UNIX_MAKE_VARS := \
	BUILD=$(UNIX_OBJ) \
	VARIANT_DIR=$(ROOT)/boards/unix \
	USER_C_MODULES=$(ROOT) \
	MICROPY_PY_BTREE=0 \
	MICROPY_SSL_MBEDTLS=0 \
	CFLAGS_EXTRA=-DMICROPY_SSL_MBEDTLS=1 \
	LDFLAGS_EXTRA="-lmbedx509 -lmbedtls -lmbedcrypto" \
	FROZEN_MANIFEST=$(ROOT)/usermod/manifest.py \
	MPY_LIB_DIR=$(BUILD_DIR)/mpy-lib-stub \
	RTLS_FEATURES="$(RTLS_FEATURES)"

# A build directory from before the module's folder was renamed (usermod/,
# was micropython/) has the module's objects where the port now links its
# program, $(BUILD)/micropython: drop that directory once.
drop-old-module-objects = if [ -d $(1)/micropython ]; then rm -rf $(1)/micropython $(1)/micropython-rtls; fi

.PHONY: all build build-embedded deps source demo test test-engine test-integration test-embedded bench cmake-check clean

all: build demo

deps:
	@./scripts/install-deps.sh $(APT_PACKAGES)
	@python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install -q cryptography

source: deps
	@if [ ! -f "$(MICROPY_DIR)/py/mpconfig.h" ]; then ./scripts/fetch-source.sh "$(MICROPY_DIR)"; fi

build: source
	@mkdir -p $(BUILD_DIR)/mpy-lib-stub $(dir $(MICROPYTHON))
	@touch $(BUILD_DIR)/mpy-lib-stub/README.md
	$(MAKE) -C $(MICROPY_DIR)/mpy-cross -j$(JOBS) BUILD=$(BUILD_DIR)/mpy-cross-obj
	@$(call drop-old-module-objects,$(UNIX_OBJ))
	$(MAKE) -C $(MICROPY_DIR)/ports/unix -j$(JOBS) $(UNIX_MAKE_VARS) \
		MICROPY_MPYCROSS=$(BUILD_DIR)/mpy-cross-obj/mpy-cross
	cp $(UNIX_OBJ)/micropython $(MICROPYTHON)
	@echo "built $(MICROPYTHON)"

# The same interpreter with embedded-tls as the engine (the alternate
# engine and test oracle), for comparisons: build/unix-embedded/micropython.
build-embedded: build
	@mkdir -p $(BUILD_DIR)/unix-embedded
	@$(call drop-old-module-objects,$(BUILD_DIR)/unix-embedded-obj)
	$(MAKE) -C $(MICROPY_DIR)/ports/unix -j$(JOBS) $(UNIX_MAKE_VARS) BUILD=$(BUILD_DIR)/unix-embedded-obj \
		MICROPY_MPYCROSS=$(BUILD_DIR)/mpy-cross-obj/mpy-cross RTLS_FEATURES=embedded-tls
	cp $(BUILD_DIR)/unix-embedded-obj/micropython $(BUILD_DIR)/unix-embedded/micropython
	@echo "built $(BUILD_DIR)/unix-embedded/micropython"

demo: build
	@python3 tests/demo/run.py --micropython $(MICROPYTHON)

# The whole cargo suite (unit tests, tests/engine/) once per feature set
# that ships: the unix interpreter's (default + rsa, UNIX_MAKE_VARS) and the
# NodeMCU firmware's (boards/lx106/firmware/Cargo.toml), where Ed25519 and
# the chain search are off and the tests check their refusals. Then, with
# narrow-ec, what the board leaves out (ec_narrow's Ed25519 through the
# engine, the chain search) and name constraints off (refused as not
# checked); and the embedded-tls adapter.
test-engine:
	cargo test --features rsa
	cargo test --no-default-features --features narrow-ec,name-constraints
	cargo test --no-default-features --features narrow-ec,ed25519,chain-search -- ed25519 chain_search name_constraints_feature
	cargo test --lib --features embedded-tls engine::embedded

test-integration: build
	python3 tests/run.py --micropython $(MICROPYTHON)

# The interpreter with embedded-tls, built so that the alternate engine's
# binding does not rot, and run on the demo.
test-embedded: build-embedded
	@python3 tests/demo/run.py --micropython $(BUILD_DIR)/unix-embedded/micropython
	@echo "1 passed, 0 failed"

test: deps test-engine test-integration test-embedded

# rtls against MicroPython's own tls (mbedTLS) in the same interpreter;
# prints the table and writes bench/RESULTS.md (see bench/run.py).
bench: build
	@./scripts/install-deps.sh valgrind
	python3 bench/run.py --micropython $(MICROPYTHON)
	python3 bench/handshake_time.py --micropython $(MICROPYTHON)

# usermod/micropython.cmake in a CMake build laid out as a CMake port's
# (tests/cmake/CMakeLists.txt), for the host: the port's target names
# itself before the user C modules (rp2), then after them (esp32).
cmake-check: source
	@./scripts/install-deps.sh cmake
	cmake -S tests/cmake -B $(BUILD_DIR)/cmake-check -DMICROPY_DIR=$(MICROPY_DIR) -DRTLS_LATE_TARGET=OFF
	cmake --build $(BUILD_DIR)/cmake-check -j$(JOBS)
	cmake -S tests/cmake -B $(BUILD_DIR)/cmake-check -DRTLS_LATE_TARGET=ON
	cmake --build $(BUILD_DIR)/cmake-check -j$(JOBS)

clean:
	rm -rf $(BUILD_DIR) target tests/build

# ESP8266 (Xtensa LX106), see boards/lx106/ and README.md "ESP8266 (NodeMCU)".
.PHONY: lx106 lx106-handshake lx106-ops lx106-firmware-lib firmware firmware-baseline firmware-check esp8266-inputs

# The engine built for LX106 (opt-level s and z) as objects GNU ld links,
# a size report per crate, and a link check listing the runtime helpers.
lx106:
	@boards/lx106/setup.sh
	python3 boards/lx106/build.py lx106

# The QEMU harness (qemu-system-xtensa -M sim -cpu lx106 -icount shift=0):
# rtls on the LX106 through a full mutual-TLS handshake with openssl
# s_server on 127.0.0.1, a 16 KiB echo, a resumed handshake and one with an
# external PSK. Prints
# `lx106 handshake: instructions=... stack_peak=... heap_block=... text=...`
# lines; fails when a handshake fails or the stack peak, the connection
# block or the linked rtls code exceeds its budget (STACK_BUDGET,
# CONNECTION_BLOCK_BUDGET, CODE_BUDGET in boards/NODEMCU/rtls_board.rs;
# LX106_BUDGETS=report: only reports them).
# Then the same with the RustCrypto and dalek crates in place of narrow-ec,
# the baseline (`lx106 handshake [RustCrypto crates]: ...`, not held to the
# budgets).
LX106_BUDGETS ?= enforce
lx106-handshake:
	@boards/lx106/setup.sh --qemu >/dev/null
	python3 boards/lx106/build.py handshake --budgets $(LX106_BUDGETS)

# Per-operation figures on LX106 in QEMU: P-256 keygen, ECDH, ECDSA sign and
# verify, P-384 keygen, ECDSA sign and verify, by the p256/p384 crates and
# by rtls' narrow-ec (same inputs, outputs compared), and X25519. Prints
# `lx106 op: <op> impl=<impl> instructions=...`.
lx106-ops:
	@boards/lx106/setup.sh --qemu >/dev/null
	python3 boards/lx106/build.py ops

# What of the firmware builds without the ESP8266 SDK: the firmware's
# library (MicroPython binding + engine, bindgen over the esp8266 port's
# headers with Debian's picolibc for LX106) and usermod/modrtls.c and
# cryptolib.c compiled against the port for LX106, linked; prints the
# modules' size and fails over the board's CODE_BUDGET
# (boards/NODEMCU/rtls_board.rs).
lx106-firmware-lib: build
	@boards/lx106/setup.sh
	MICROPY_DIR=$(MICROPY_DIR) python3 boards/lx106/build.py firmware-lib

# MicroPython for the NodeMCU with rtls (boards/NODEMCU) at
# build/nodemcu/firmware.bin. ESP8266_INPUTS=<dir> (../shared/esp8266 in
# CI, or what `make esp8266-inputs` downloads) assembles the toolchain from
# Debian's gcc-xtensa-lx106 and the pinned NONOS SDK, esp-open-lwip,
# esp-open-sdk recipe and micropython-lib; ESP_OPEN_SDK=<dir> (or one on
# PATH) uses your own esp-open-sdk instead. Without either it checks what it
# can (rtls placed by the board's linker script) and names what is missing.
firmware: source
	@boards/lx106/setup.sh
	MICROPY_DIR=$(MICROPY_DIR) python3 boards/lx106/build.py nodemcu-link
	@ROOT=$(ROOT) BUILD_DIR=$(BUILD_DIR) MICROPY_DIR=$(MICROPY_DIR) JOBS=$(JOBS) \
		ESP_OPEN_SDK=$(ESP_OPEN_SDK) ESP8266_INPUTS=$(ESP8266_INPUTS) boards/NODEMCU/firmware.sh

# The same board without rtls, at build/nodemcu-baseline: what
# firmware-check measures rtls' RAM against.
firmware-baseline: source
	@boards/lx106/setup.sh
	@ROOT=$(ROOT) BUILD_DIR=$(BUILD_DIR) MICROPY_DIR=$(MICROPY_DIR) JOBS=$(JOBS) WITHOUT_RTLS=1 \
		ESP_OPEN_SDK=$(ESP_OPEN_SDK) ESP8266_INPUTS=$(ESP8266_INPUTS) boards/NODEMCU/firmware.sh

# Checks build/nodemcu/firmware.bin (esptool image_info, esp.check_fw(),
# rtls_module and the frozen modules, IRAM / irom0 limits, no rtls code in
# IRAM, only word loads in rtls' code, DRAM and SDK heap against
# build/nodemcu-baseline) and prints the figures.
firmware-check:
	python3 boards/NODEMCU/check_image.py build/nodemcu build/nodemcu-baseline

# Downloads the firmware's third-party inputs at their pinned commits into
# build/esp8266-inputs and checks their sha256 (needs git and internet);
# then `make firmware ESP8266_INPUTS=build/esp8266-inputs`.
esp8266-inputs:
	boards/NODEMCU/sdk/fetch-inputs.sh build/esp8266-inputs
