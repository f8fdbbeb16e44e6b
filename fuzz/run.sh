#!/bin/sh
# Runs the three fuzz targets one after another, each for SECONDS (default 600),
# on stable Rust through RUSTC_BOOTSTRAP (cargo-fuzz needs nightly flags).
# Seeds live in fuzz/seeds/TARGET; the growing corpus in fuzz/corpus/TARGET.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -u
cd "$(dirname "$0")"
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-ledger policy amount}
for t in $targets; do
    mkdir -p "corpus/$t" "artifacts/$t"
    RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -O "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -dict=toml.dict -print_final_stats=1 \
        -artifact_prefix="artifacts/$t/" \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1
done
