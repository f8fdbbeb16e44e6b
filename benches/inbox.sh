#!/usr/bin/env bash
# The audit's peak memory by the number of ledgers (docs/performance.md):
# inboxes of 5 000 to 200 000 ledgers of two entries, and one of six ledgers
# whose trainee names are most of 16 MiB, audited as JSON and as the table,
# old and new side by side, each run on fresh copies of both binaries. Run it
# on a machine doing nothing else and write the load down.
#
#   OLD=path/to/an/older/st-budget benches/inbox.sh [WORKDIR] [SIZES]
#
# WORKDIR (default /tmp/st-budget-bench) gets l5k2 … l200k2 from
# `st-budget-gen --entries 2` (200 000 ledgers take 790 MB of disk), names6,
# and units8k: 8 000 ledgers, each of a unit of its own, whose trainee's name,
# id and unit are 200 characters of four bytes, over eleven calendar years,
# audited as the table with --by-unit at 100 columns and as JSON with --html.
# SIZES defaults to "5000 25000 50000 100000 200000". OLD is optional.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-/tmp/st-budget-bench}
SIZES=${2:-5000 25000 50000 100000 200000}
export ST_BUDGET_TODAY=2026-11-22
cargo build --release --bins --examples >&2
GEN=$PWD/target/release/examples/st-budget-gen
mkdir -p "$W"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp target/release/st-budget "$T/new"
[ -n "${OLD:-}" ] && cp "$OLD" "$T/old"
name() { echo "l$(($1 / 1000))k2"; }
seed=1
for n in $SIZES; do
    [ -d "$W/$(name "$n")" ] || "$GEN" --seed "$seed" --ledgers "$n" --entries 2 --out "$W/$(name "$n")" >/dev/null
    seed=$((seed + 1))
done
if [ ! -d "$W/names6" ]; then
    mkdir -p "$W/names6"
    for i in 0 1 2 3 4 5; do
        awk -v i="$i" 'BEGIN {
            printf "format = 1\nuid = \"u%d\"\n\n[trainee]\nname = \"", i
            for (k = 0; k < 3355000; k++) printf "Anna "
            printf "\"\npolicy = \"kronoberg\"\nstart = 2025-10-03\n"
        }' > "$W/names6/$i.toml"
    done
fi
if [ ! -d "$W/units8k" ]; then
    long=$(printf '𝔄%.0s' $(seq 194))
    for i in $(seq 0 7999); do
        d="$W/units8k/$(printf %02d $((i / 1000)))"
        mkdir -p "$d"
        t="$long$(printf %06d "$i")"
        printf 'format = 1\nuid = "%016d-00000000"\n\n[trainee]\nname = "%s"\nid = "%s"\npolicy = "kronoberg"\nstart = 2021-06-07\ncertificate = 2031-12-31\nunit = "%s"\n\n[[entry]]\nid = 1\ndate = 2026-03-02\nkind = "literature"\ndescription = "Book"\namount = "250.00"\nstatus = "attended"\n' \
            "$i" "$t" "$t" "$t" > "$d/t$(printf %06d "$i").toml"
    done
fi
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-6s %12s %12s\n' inbox format "old KiB" "new KiB"
for dir in $(for n in $SIZES; do name "$n"; done) names6; do
    for format in json table; do
        row=()
        for b in old new; do
            if [ -x "$T/$b" ]; then
                /usr/bin/time -f %M -o "$T/kib" "$T/$b" audit --format "$format" "$W/$dir" >/dev/null 2>&1 || true
                row+=("$(tail -1 "$T/kib")")
            else
                row+=("-")
            fi
        done
        printf '%-8s %-6s %12s %12s\n' "$dir" "$format" "${row[0]}" "${row[1]}"
    done
done
for run in "table --by-unit" "json --html"; do
    row=()
    for b in old new; do
        if [ -x "$T/$b" ]; then
            set -- audit --format ${run%% *}
            [ "${run#* }" = "--by-unit" ] && set -- "$@" --by-unit || set -- "$@" --html "$T/page.html"
            COLUMNS=100 /usr/bin/time -f %M -o "$T/kib" "$T/$b" "$@" "$W/units8k" >/dev/null 2>&1 || true
            row+=("$(tail -1 "$T/kib")")
        else
            row+=("-")
        fi
    done
    printf '%-8s %-15s %12s %12s\n' units8k "$run" "${row[0]}" "${row[1]}"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
