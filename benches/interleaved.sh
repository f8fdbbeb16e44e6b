#!/usr/bin/env bash
# The audit against the parse floor (and an older build), interleaved: each
# round runs every command once, one after another, so that a change in the
# machine's speed (this workplace's virtual machines drift by up to 2× within
# minutes) falls on all of them alike. `hyperfine` (benches/headline.sh) runs
# one command's runs and then the next's, and such a drift moves their ratio.
# Run it on a machine doing nothing else and write the load down.
#
#   OLD=path/to/an/older/st-budget benches/interleaved.sh [WORKDIR] [ROUNDS]
#
# WORKDIR is benches/headline.sh's (its l1k and l10k are used; run that first
# to make them). ROUNDS (default 30) for l1k, a fifth of it (at least 3) for
# l10k. Prints, for each command, the median wall time, the fastest, and the
# mean CPU time (user + system, to the microsecond: benches/interleaved.py),
# and each over the floor's. Each round runs the commands in turn, in the
# reverse order every other round.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-/tmp/st-budget-bench}
ROUNDS=${2:-30}
export ST_BUDGET_TODAY=2026-11-22
cargo build --release --bins --examples >&2
B=$PWD/target/release/st-budget
F=$PWD/target/release/examples/parse-floor
for d in l1k l10k; do
    [ -d "$W/$d" ] || { echo "no $W/$d: run benches/headline.sh $W first" >&2; exit 2; }
done
run() {
    local dir=$1 rounds=$2
    local -a cmds=("floor=$F --mode toml --threads 2 $dir" "new=$B audit --format json $dir")
    [ -n "${OLD:-}" ] && cmds+=("old=$OLD audit --format json $dir")
    python3 benches/interleaved.py "$rounds" "${cmds[@]}"
}

date -u; uptime
run "$W/l1k" "$ROUNDS" | sed 's/^/l1k  /'
uptime
run "$W/l10k" $(( ROUNDS / 5 > 3 ? ROUNDS / 5 : 3 )) | sed 's/^/l10k /'
date -u; uptime
