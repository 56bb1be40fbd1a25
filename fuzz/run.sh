#!/usr/bin/env bash
# Builds the fuzz targets and runs each one briefly over its committed seed
# corpus. Exits non-zero if any target crashes (panic, hang, out of memory).
#
#   bash fuzz/run.sh [seconds per target] [target ...]
#
# Defaults: 20 seconds each for receive, server, handshake_messages and x509,
# all at the same time (on 2 cores each gets about half a core: a smoke
# test for CI; give more seconds, or FUZZ_PARALLEL=1, to search for real).
# Installs cargo-fuzz if it is missing. Only stable Rust is needed:
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its nightly-only flags.
#
# Environment:
#   FUZZ_SANITIZER  none (default: the engine is safe Rust; the build takes
#                   about 1 minute instead of 2.5 and runs 5 times faster)
#                   or address (AddressSanitizer)
#   FUZZ_PARALLEL   targets fuzzed at the same time (default: all)
#
# New inputs the fuzzer finds go to a temporary working corpus (seeded from
# fuzz/corpus/<target>) that is deleted afterwards, so the committed corpus
# never grows by itself. A crashing input is kept in
# fuzz/artifacts/<target>/ and printed in hex. To keep the inputs a long
# run found, run the binary yourself: see fuzz/README.md.
set -euo pipefail

seconds=${1:-20}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(receive server handshake_messages x509)
fi
sanitizer=${FUZZ_SANITIZER:-none}
parallel=${FUZZ_PARALLEL:-${#targets[@]}}

cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
start=$(date +%s)

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz"
    cargo install --locked cargo-fuzz --version '^0.13' >/dev/null 2>&1 || cargo install --locked cargo-fuzz
fi

echo "fuzz: building ${targets[*]} (sanitizer: $sanitizer)"
build_start=$(date +%s)
for target in "${targets[@]}"; do
    if [ ! -d "corpus/$target" ]; then
        echo "fuzz: unknown target '$target' (no corpus/$target)" >&2
        exit 2
    fi
done
# cargo's default release settings: the workspace's release profile
# (../Cargo.toml) is the MicroPython build's (LTO, opt-level s, abort).
export CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_PANIC=unwind CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
# --debug-assertions: overflow checks and debug_assert! count as crashes.
# fuzz/target: the targets' own directory, as before the workspace.
cargo fuzz build --sanitizer "$sanitizer" --debug-assertions --target-dir target
build_time=$(( $(date +%s) - build_start ))
echo "fuzz: build took ${build_time}s"

host=$(rustc -vV | sed -n 's/^host: //p')
bin_dir="target/$host/release"
work=$(mktemp -d "${TMPDIR:-/tmp}/rtls-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Fuzzes one target into $work/<target>.summary (first line) and .report.
fuzz_one() {
    local target=$1
    local log="$work/$target.log" out="$work/$target.report"
    mkdir -p "$work/$target" "artifacts/$target"
    local seeds before status=0
    seeds=$(find "corpus/$target" -type f | wc -l)
    before=$(date +%s)
    # The server target's seeds are short scripts: let them grow at once.
    local extra=()
    if [ "$target" = server ]; then
        extra=(-max_len=2048 -len_control=0)
    fi
    # The first corpus directory receives new inputs: the temporary one.
    "$bin_dir/$target" "$work/$target" "corpus/$target" "${extra[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="artifacts/$target/" -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    local elapsed=$(( $(date +%s) - before ))
    # Last status line ("#N DONE cov: .. ft: .. corp: ..") and final stats.
    local last runs speed cov ft corp
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
    {
        if [ "$status" -eq 0 ]; then
            echo "fuzz: $target: ok, ${runs:-?} runs in ${elapsed}s (${speed:-?} exec/s), cov ${cov:-?}, ft ${ft:-?}, corpus $seeds -> ${corp:-?}"
        else
            echo "fuzz: $target: FAILED (exit $status) after ${elapsed}s, ${runs:-?} runs"
            echo "----- $target: end of the fuzzer's log -----"
            grep -v -E '^(#[0-9]+|INFO:|MERGE)' "$log" | tail -n 60
            local artifact
            for artifact in $(grep -o 'artifacts/[^ ]*' "$log" | sort -u); do
                if [ -f "$artifact" ]; then
                    echo "----- $artifact ($(wc -c <"$artifact") bytes), hex: -----"
                    head -c 4096 "$artifact" | od -An -v -tx1 | tr -d ' \n' | fold -w 128
                    echo
                fi
            done
        fi
    } >"$out"
    head -n 1 "$out"
}

failed=()
summaries=()
# Up to $parallel targets at a time; results are reported in target order.
running=0
for target in "${targets[@]}"; do
    fuzz_one "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$parallel" ]; then
        wait -n || true
        running=$((running - 1))
    fi
done
wait || true
for target in "${targets[@]}"; do
    report="$work/$target.report"
    if [ ! -s "$report" ]; then
        echo "fuzz: $target: no report" >"$report"
    fi
    summary=$(head -n 1 "$report")
    case "$summary" in
        *": ok,"*) ;;
        *)
            failed+=("$target")
            tail -n +2 "$report"
            ;;
    esac
    summaries+=("$summary")
done

echo "===== fuzz summary (${seconds}s per target, build ${build_time}s, total $(( $(date +%s) - start ))s) ====="
printf '%s\n' "${summaries[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: crashes in: ${failed[*]} (inputs in fuzz/artifacts/; reproduce with fuzz/target/$host/release/<target> <input>)"
    exit 1
fi
