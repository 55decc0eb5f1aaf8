#!/usr/bin/env bash
# Point-in-time benchmark from a clone: builds the release binary if needed, generates
# the data, runs Vantage and every installed peer (DuckDB, Polars) on jobs A, B and C,
# compares their outputs with Vantage's cell by cell and prints a Markdown table.
#
# usage: Benchmarks/run.sh [--events N] [--peers duckdb,polars] [--runs R] [--work DIR]
#                          [--seed S] [--append]
#   --append   also append the table to Benchmarks/RESULTS.md
#   VANTAGE_BIN=path  use this binary instead of building .build/release/vantage
# Peers need `pip install duckdb polars` (for benchmarking only). Exit 1 on any mismatch.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
args=()
for arg in "$@"; do
    if [[ "$arg" == "--append" ]]; then
        args+=(--append "$root/Benchmarks/RESULTS.md")
    else
        args+=("$arg")
    fi
done

if [[ -z "${VANTAGE_BIN:-}" ]]; then
    echo "building vantage (release)…" >&2
    (cd "$root" && swift build -c release --product vantage >&2)
    VANTAGE_BIN="$root/.build/release/vantage"
fi

exec python3 "$root/Benchmarks/pit/bench.py" --vantage "$VANTAGE_BIN" --work "${BENCH_WORK:-$root/bench-work/pit}" "${args[@]}"
