#!/usr/bin/env bash
# Whole-command benchmarks for docs/performance.md: audit against the parse floor
# (unsealed ledgers, and sealed ones as `export` writes them),
# balance/check/list/add on one 10 000-entry ledger, the shapes of benches/shapes.py
# (time linear in the file), and hledger on the same entries.
#
#   benches/cli.sh [WORKDIR]        (default WORKDIR: /tmp/st-budget-bench)
#
# Needs hyperfine and hledger (`apt-get install -y hyperfine hledger`) and valgrind
# for the instruction counts. Everything it generates is reproducible (seed 1).
# Set RUNS (default 10) and SKIP_CALLGRIND=1 to go faster.
set -euo pipefail

cd "$(dirname "$0")/.."
W=${1:-/tmp/st-budget-bench}
RUNS=${RUNS:-10}
export ST_BUDGET_TODAY=2026-11-22
mkdir -p "$W"

cargo build --release --bins --examples >&2
B=$PWD/target/release/st-budget
GEN=$PWD/target/release/examples/st-budget-gen
FLOOR=$PWD/target/release/examples/parse-floor
HAS_AUDIT=0
if "$B" audit --help >/dev/null 2>&1; then HAS_AUDIT=1; fi

gen() { # NAME LEDGERS ENTRIES [extra args]
    local name=$1 n=$2 m=$3
    shift 3
    if [ ! -d "$W/$name" ]; then
        "$GEN" --seed 1 --ledgers "$n" --entries "$m" --out "$W/$name" "$@"
    fi
}
gen l1k 1000 100 --journal "$W/l1k.journal"
gen l10k 10000 100
gen s1k 1000 100 --sealed
gen s10k 10000 100 --sealed
gen one10k 1 10000 --policy kronoberg --journal "$W/one10k.journal"
ONE=$W/one10k/00/t000001.toml

echo "## machine"
nproc
grep -m1 'model name' /proc/cpuinfo || true
uptime
echo

echo "## audit against the parse floor (same files, same run)"
for set in l1k s1k l10k s10k; do
    cmds=(
        "$FLOOR --mode toml --threads 1 $W/$set"
        "$FLOOR --mode toml --threads 2 $W/$set"
        "$FLOOR --mode ledger --threads 1 $W/$set"
        "$FLOOR --mode ledger --threads 2 $W/$set"
    )
    if [ $HAS_AUDIT = 1 ]; then
        cmds+=("$B audit $W/$set" "$B audit --format json $W/$set")
    fi
    hyperfine -N -i --warmup 1 --runs "$RUNS" --export-markdown "$W/$set.md" "${cmds[@]}"
    for c in "${cmds[@]}"; do
        /usr/bin/time -f "%e s wall, %U s user, %S s sys, %P CPU, %M KB peak RSS: $c" \
            $c >/dev/null 2>"$W/time.err" || true
        tail -1 "$W/time.err"
    done
done
echo

echo "## one ledger of 10 000 entries"
cp "$ONE" "$W/work.toml"
hyperfine -N -i --warmup 2 --runs "$RUNS" --export-markdown "$W/one10k.md" \
    "$FLOOR --mode toml $ONE" \
    "$FLOOR --mode ledger $ONE" \
    "$B --ledger $ONE balance" \
    "$B --ledger $ONE balance --format json" \
    "$B --ledger $ONE check" \
    "$B --ledger $ONE list --format json" \
    "$B --ledger $ONE add course --date 2026-12-01 --amount 4500 --description Bench --dry-run"
# A real add writes the file: start every run from the same 10 000 entries.
hyperfine -i --warmup 2 --runs "$RUNS" --export-markdown "$W/add.md" \
    --prepare "cp $ONE $W/work.toml" \
    "$B --ledger $W/work.toml add course --date 2026-12-01 --amount 4500 --description Bench --force"
echo

echo "## shapes (issue 17): each at N and 4 N entries; time must grow about 4 x"
mkdir -p "$W/shapes"
cmds=()
for shape in flat overlap chain amend service periods; do
    for n in 2000 8000; do
        f="$W/shapes/$shape-$n.toml"
        [ -f "$f" ] || python3 benches/shapes.py "$shape" "$n" "$f"
        cmds+=("$B --ledger $f check")
    done
done
hyperfine -N -i --warmup 1 --runs "$RUNS" --export-markdown "$W/shapes.md" "${cmds[@]}"
echo

echo "## hledger on the same entries"
hyperfine -i --warmup 1 --runs 3 --export-markdown "$W/hledger.md" \
    "hledger -f $W/one10k.journal check" \
    "hledger -f $W/one10k.journal balance" \
    "hledger -f $W/l1k.journal check" \
    "hledger -f $W/l1k.journal balance"
for c in "hledger -f $W/l1k.journal check" "hledger -f $W/l1k.journal balance"; do
    /usr/bin/time -f "%e s wall, %U s user, %S s sys, %P CPU, %M KB peak RSS: $c" \
        $c >/dev/null 2>"$W/time.err" || true
    tail -1 "$W/time.err"
done
echo

if [ "${SKIP_CALLGRIND:-0}" != 1 ]; then
    echo "## instructions (callgrind; load-independent)"
    cg() {
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
            awk '/I *refs/ {print $NF}'
    }
    echo "toml floor, 1 x 10k:     $(cg "$FLOOR" --mode toml "$ONE")"
    echo "ledger floor, 1 x 10k:   $(cg "$FLOOR" --mode ledger "$ONE")"
    echo "balance, 1 x 10k:        $(cg "$B" --ledger "$ONE" balance)"
    echo "balance json, 1 x 10k:   $(cg "$B" --ledger "$ONE" balance --format json)"
    echo "check, 1 x 10k:          $(cg "$B" --ledger "$ONE" check)"
    echo "add --dry-run, 1 x 10k:  $(cg "$B" --ledger "$ONE" add course --date 2026-12-01 --amount 4500 --description Bench --dry-run)"
    cp "$ONE" "$W/work.toml"
    echo "add, 1 x 10k:            $(cg "$B" --ledger "$W/work.toml" add course --date 2026-12-01 --amount 4500 --description Bench --force)"
    mkdir -p "$W/l100"
    cp "$W"/l1k/00/t0000[0-9][0-9].toml "$W/l100/"
    echo "toml floor, 100 x 100:   $(cg "$FLOOR" --mode toml "$W/l100")"
    echo "ledger floor, 100 x 100: $(cg "$FLOOR" --mode ledger "$W/l100")"
    if [ $HAS_AUDIT = 1 ]; then
        echo "audit, 100 x 100:        $(cg "$B" audit "$W/l100")"
    fi
fi
