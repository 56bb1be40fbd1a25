# rtls as a MicroPython user C module for CMake-based ports.
# The Rust library is built by cargo with the include directories and
# definitions of the usermod target, passed to bindgen (see build.rs).

add_library(usermod_rtls INTERFACE)

set(RTLS_ROOT ${CMAKE_CURRENT_LIST_DIR}/..)
set(RTLS_CARGO_TARGET_DIR ${CMAKE_BINARY_DIR}/rtls-cargo)
set(RTLS_LIB ${RTLS_CARGO_TARGET_DIR}/release/librtls.a)

target_sources(usermod_rtls INTERFACE ${CMAKE_CURRENT_LIST_DIR}/modrtls.c ${CMAKE_CURRENT_LIST_DIR}/cryptolib.c)

# The port's flags for bindgen, as generator expressions evaluated at build time.
set(RTLS_INCLUDES "$<TARGET_PROPERTY:usermod,INTERFACE_INCLUDE_DIRECTORIES>")
set(RTLS_DEFINES "$<TARGET_PROPERTY:usermod,INTERFACE_COMPILE_DEFINITIONS>")
add_custom_target(rtls_cargo
    COMMAND ${CMAKE_COMMAND} -E env
        "RTLS_BINDGEN_CFLAGS=-I$<JOIN:${RTLS_INCLUDES}, -I> -D$<JOIN:${RTLS_DEFINES}, -D>"
        CARGO_TARGET_DIR=${RTLS_CARGO_TARGET_DIR}
        cargo rustc --quiet --release --lib --crate-type staticlib --features micropython
    WORKING_DIRECTORY ${RTLS_ROOT}
    BYPRODUCTS ${RTLS_LIB}
    VERBATIM)

target_link_libraries(usermod_rtls INTERFACE m ${RTLS_LIB})
target_link_libraries(usermod INTERFACE usermod_rtls)
