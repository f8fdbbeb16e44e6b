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
# mean CPU time (user + system), with /usr/bin/time's resolution (10 ms).
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
times=$(mktemp)
trap 'rm -f "$times"' EXIT

# One round: each command once, its times appended as "name wall user sys".
round() {
    local dir=$1
    local -a names=(floor new) cmds=("$F --mode toml --threads 2 $dir" "$B audit --format json $dir")
    if [ -n "${OLD:-}" ]; then
        names+=(old)
        cmds+=("$OLD audit --format json $dir")
    fi
    for i in "${!cmds[@]}"; do
        # The audit exits 1 when ledgers have errors: the time is what counts.
        /usr/bin/time -f "${names[$i]} %e %U %S" -a -o "$times" ${cmds[$i]} >/dev/null 2>&1 || true
    done
}

# Median and fastest wall time, mean CPU, per command, from the times file.
summary() {
    grep -v 'status' "$times" | sort -k1,1 -k2,2n | awk -v what="$1" '
        { n[$1]++; wall[$1, n[$1]] = $2; cpu[$1] += $3 + $4 }
        END {
            for (k in n) {
                m = n[k] % 2 ? wall[k, (n[k] + 1) / 2] : (wall[k, n[k] / 2] + wall[k, n[k] / 2 + 1]) / 2
                printf "%s %-5s median wall %.3f s, fastest %.2f s, mean CPU %.3f s (%d rounds)\n",
                    what, k, m, wall[k, 1], cpu[k] / n[k], n[k]
            }
        }' | sort
}

date -u; uptime
: > "$times"
for _ in $(seq "$ROUNDS"); do round "$W/l1k"; done
summary l1k
uptime
: > "$times"
for _ in $(seq $(( ROUNDS / 5 > 3 ? ROUNDS / 5 : 3 ))); do round "$W/l10k"; done
summary l10k
date -u; uptime
