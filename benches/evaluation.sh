#!/usr/bin/env bash
# Issue 17's evaluation target: instructions per entry inside
# `engine::evaluate_at`, counted by callgrind (they do not depend on the load),
# for both shipped policies from 1 000 entries to the largest legal ledger
# (100 000 entries exceed the 16 MB file limit: 80 000 Kronoberg entries,
# 60 000 VGR entries).
#
#   benches/evaluation.sh [WORKDIR]     (default WORKDIR: /tmp/st-budget-bench)
#
# Needs valgrind. Set B to measure another binary.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-/tmp/st-budget-bench}
export ST_BUDGET_TODAY=2026-11-22
cargo build --release --bins --examples >&2
B=${B:-$PWD/target/release/st-budget}
GEN=$PWD/target/release/examples/st-budget-gen
mkdir -p "$W"
for pn in kronoberg:1000 kronoberg:10000 kronoberg:80000 vgr:1000 vgr:10000 vgr:60000; do
    p=${pn%:*}
    n=${pn#*:}
    d=$W/eval-$p-$n
    [ -d "$d" ] || "$GEN" --seed 1 --ledgers 1 --entries "$n" --policy "$p" --out "$d" >/dev/null
    f=$(find "$d" -name '*.toml' | head -1)
    valgrind --tool=callgrind --callgrind-out-file="$W/callgrind.out" \
        --toggle-collect='st_budget::engine::evaluate_at' \
        "$B" --ledger "$f" balance --format json >/dev/null 2>"$W/callgrind.err"
    total=$(grep -a -o 'Collected : [0-9]*' "$W/callgrind.err" | grep -o '[0-9]*$')
    echo "$p $n entries: $total instructions, $((total / n)) per entry"
done
