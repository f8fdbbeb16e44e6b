#!/usr/bin/env bash
# The headline of docs/performance.md: issue 17's targets, side by side in one
# run. Run it on a machine doing nothing else and write the load down.
#
#   OLD=path/to/an/older/st-budget benches/headline.sh [WORKDIR]
#
# WORKDIR (default /tmp/st-budget-bench) gets l1k (1 000 × 100, with a journal
# for ledger-cli and hledger), l10k (10 000 × 100) and one80k (one ledger of
# 80 000 entries), all from `st-budget-gen --seed 1`. OLD is optional; ledger
# and hledger are skipped when not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-/tmp/st-budget-bench}
export ST_BUDGET_TODAY=2026-11-22
cargo build --release --bins --examples >&2
B=$PWD/target/release/st-budget
F=$PWD/target/release/examples/parse-floor
GEN=$PWD/target/release/examples/st-budget-gen
mkdir -p "$W"
[ -d "$W/l1k" ] || "$GEN" --seed 1 --ledgers 1000 --entries 100 --out "$W/l1k" --journal "$W/l1k.journal"
[ -d "$W/l10k" ] || "$GEN" --seed 1 --ledgers 10000 --entries 100 --out "$W/l10k"
[ -d "$W/one80k" ] || "$GEN" --seed 1 --ledgers 1 --entries 80000 --policy kronoberg --out "$W/one80k"
ONE=$(find "$W/one80k" -name '*.toml' | head -1)
olds=()
[ -n "${OLD:-}" ] && olds+=("$OLD audit --format json $W/l1k")
others=()
command -v ledger >/dev/null && others+=("ledger -f $W/l1k.journal balance")
command -v hledger >/dev/null && others+=("hledger -f $W/l1k.journal check")

date -u; uptime
hyperfine -N -i --warmup 1 --runs 15 \
    "$F --mode toml --threads 2 $W/l1k" "$F --mode events --threads 2 $W/l1k" \
    "${olds[@]}" \
    "$B audit --format json $W/l1k" "$B audit $W/l1k" "${others[@]}"
uptime
hyperfine -N -i --warmup 1 --runs 15 "$F --mode toml --threads 2 $W/l10k" "$B audit --format json $W/l10k"
uptime
hyperfine -N -i --warmup 1 --runs 15 "$F --mode toml $ONE" "$B --ledger $ONE balance"
for c in "$B audit --format json $W/l1k" "$B audit --format json $W/l10k" \
    "$F --mode toml $ONE" "$F --mode ledger $ONE" "$B --ledger $ONE balance"; do
    /usr/bin/time -f "%e s wall, %U user, %S sys, %M KB peak: $c" $c >/dev/null 2>"$W/time.err" || true
    tail -1 "$W/time.err"
done
date -u; uptime
