//! Generates Rust bindings to MicroPython's C API when the `micropython`
//! feature is on. The port's build (usermod/micropython.mk) passes its
//! real compiler flags in `RTLS_BINDGEN_CFLAGS`, so the generated types match
//! the configuration the interpreter was compiled with (object
//! representation, qstr pool sizes, ROM text compression, threads).

use std::env;
use std::path::PathBuf;

fn main() {
    board_config();
    println!("cargo:rerun-if-env-changed=RTLS_BINDGEN_CFLAGS");
    println!("cargo:rerun-if-changed=usermod/rtls_bindings.h");
    if env::var_os("CARGO_FEATURE_MICROPYTHON").is_none() {
        return;
    }
    let flags = env::var("RTLS_BINDGEN_CFLAGS").unwrap_or_else(|_| {
        panic!(
            "feature `micropython` needs RTLS_BINDGEN_CFLAGS (the port's -I/-D flags); \
             build through MicroPython's make with USER_C_MODULES, see README.md"
        )
    });
    // make passes string defines as -DX=\"y\"; clang wants -DX="y".
    let clang_args: Vec<String> = flags.split_whitespace().map(|f| f.replace("\\\"", "\"")).collect();
    // The generated headers change whenever a qstr is added to the C
    // sources; the bindings (qstr values among them) must follow.
    for dir in clang_args.iter().filter_map(|f| f.strip_prefix("-I")) {
        for header in ["qstrdefs.generated.h", "root_pointers.h", "moduledefs.h"] {
            let path = PathBuf::from(dir).join("genhdr").join(header);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }

    let bindings = bindgen::Builder::default()
        .header("usermod/rtls_bindings.h")
        .clang_args(clang_args)
        .use_core()
        .ctypes_prefix("cty")
        .allowlist_function("mp_.*|m_malloc.*|m_free|nlr_.*|gc_.*|rtls_.*|vstr_init_len")
        .allowlist_type("mp_.*")
        .allowlist_var("mp_.*|MP_.*|rtls_.*|RTLS_.*")
        .default_enum_style(bindgen::EnumVariation::Consts)
        .prepend_enum_name(false)
        .layout_tests(false)
        .generate_comments(false)
        .generate()
        .expect("bindgen failed on MicroPython's headers");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("micropython.rs");
    bindings.write_to_file(out).expect("writing bindings");
}

/// Writes `$OUT_DIR/rtls_board.rs`, which includes the board's settings.
fn board_config() {
    println!("cargo:rerun-if-env-changed=RTLS_BOARD_CONFIG");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let board = match env::var_os("RTLS_BOARD_CONFIG") {
        Some(path) => manifest.join(path),
        None => manifest.join("boards/default/rtls_board.rs"),
    };
    let board = board
        .canonicalize()
        .unwrap_or_else(|e| panic!("RTLS_BOARD_CONFIG: {}: {e}", board.display()));
    println!("cargo:rerun-if-changed={}", board.display());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("rtls_board.rs");
    std::fs::write(out, format!("include!({:?});\n", board.display().to_string())).expect("writing rtls_board.rs");
}
