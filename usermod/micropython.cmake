# rtls as a MicroPython user C module for CMake-based ports (rp2, esp32, ...):
# USER_C_MODULES=<repository>/usermod (this file). cargo builds the Rust
# library before the port's target links, with the target's include
# directories and definitions passed to bindgen (see build.rs).
#
# The variables of micropython.mk, set with -D or before the include:
# RTLS_FEATURES, RTLS_BOARD_CONFIG, RTLS_CARGO_ARGS, RTLS_CARGO, RTLS_LIB.
# The port's target is MICROPY_TARGET; a port that names it only after
# including the user C modules (esp32) gets the rule at the end of the
# directory (CMake 3.19 or later).

add_library(usermod_rtls INTERFACE)
target_sources(usermod_rtls INTERFACE ${CMAKE_CURRENT_LIST_DIR}/modrtls.c ${CMAKE_CURRENT_LIST_DIR}/cryptolib.c)

get_filename_component(RTLS_ROOT ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
set(RTLS_CARGO cargo CACHE STRING "the cargo to run")
set(RTLS_FEATURES "" CACHE STRING "cargo features besides micropython")
set(RTLS_BOARD_CONFIG "" CACHE FILEPATH "boards/<BOARD>/rtls_board.rs; empty: boards/default")
set(RTLS_CARGO_ARGS "" CACHE STRING "further cargo arguments, e.g. --target <triple>")
set(RTLS_CARGO_TARGET_DIR ${CMAKE_BINARY_DIR}/rtls-cargo)

# cargo puts a --target build under <target dir>/<triple>/, or for a
# target JSON under the file's name without .json.
separate_arguments(_rtls_args UNIX_COMMAND "${RTLS_CARGO_ARGS}")
set(_rtls_target "")
set(_rtls_next OFF)
foreach(_arg IN LISTS _rtls_args)
    if(_rtls_next)
        set(_rtls_target ${_arg})
        set(_rtls_next OFF)
    elseif(_arg STREQUAL "--target")
        set(_rtls_next ON)
    elseif(_arg MATCHES "^--target=(.*)")
        set(_rtls_target ${CMAKE_MATCH_1})
    endif()
endforeach()
if(_rtls_target)
    get_filename_component(_rtls_triple ${_rtls_target} NAME)
    string(REGEX REPLACE "\\.json$" "" _rtls_triple ${_rtls_triple})
    set(_rtls_triple ${_rtls_triple}/)
endif()
if(NOT RTLS_LIB)
    set(RTLS_LIB ${RTLS_CARGO_TARGET_DIR}/${_rtls_triple}release/librtls.a)
endif()

set(_rtls_env "CARGO_TARGET_DIR=${RTLS_CARGO_TARGET_DIR}")
if(RTLS_BOARD_CONFIG)
    get_filename_component(_rtls_board ${RTLS_BOARD_CONFIG} ABSOLUTE)
    list(APPEND _rtls_env "RTLS_BOARD_CONFIG=${_rtls_board}")
endif()
string(REPLACE "," " " _rtls_features "micropython ${RTLS_FEATURES}")
string(STRIP "${_rtls_features}" _rtls_features)

# The rule needs the port's target (its flags are bindgen's). cargo runs
# on every build (it knows what changed), after MicroPython's generated
# headers, which bindgen reads: the same directory generates them
# (py/mkrules.cmake), so depending on the files makes them first.
function(rtls_cargo_rule)
    set(_inc "$<TARGET_PROPERTY:${MICROPY_TARGET},INCLUDE_DIRECTORIES>")
    set(_def "$<TARGET_PROPERTY:${MICROPY_TARGET},COMPILE_DEFINITIONS>")
    set(_genhdr ${CMAKE_BINARY_DIR}/genhdr)
    add_custom_target(rtls_cargo
        COMMAND ${CMAKE_COMMAND} -E env ${_rtls_env}
            "RTLS_BINDGEN_CFLAGS=-I$<JOIN:${_inc}, -I> -D$<JOIN:${_def}, -D>"
            ${RTLS_CARGO} rustc --quiet --release --lib --crate-type staticlib
            --features ${_rtls_features} ${_rtls_args}
        DEPENDS ${_genhdr}/qstrdefs.generated.h ${_genhdr}/root_pointers.h ${_genhdr}/moduledefs.h
        WORKING_DIRECTORY ${RTLS_ROOT}
        BYPRODUCTS ${RTLS_LIB}
        VERBATIM)
    # mpversion.h is made by a target of its own.
    add_dependencies(rtls_cargo BUILD_VERSION_HEADER)
endfunction()
if(MICROPY_TARGET)
    rtls_cargo_rule()
else()
    if(CMAKE_VERSION VERSION_LESS 3.19)
        message(FATAL_ERROR "rtls: MICROPY_TARGET is not set yet; deferring the cargo rule needs CMake 3.19")
    endif()
    cmake_language(DEFER CALL rtls_cargo_rule)
endif()

# Through the interface library, the port's target is built after cargo
# (CMake follows an interface library's dependencies to its users).
add_dependencies(usermod_rtls rtls_cargo)
# -lm first: compiler_builtins' weak libm symbols must not replace libm's.
target_link_libraries(usermod_rtls INTERFACE m ${RTLS_LIB})
target_link_libraries(usermod INTERFACE usermod_rtls)
