#!/usr/bin/env bash
# The headline of docs/performance.md: issue 17's targets, side by side in one
# run. Run it on a machine doing nothing else and write the load down.
#
#   OLD=path/to/an/older/st-budget benches/headline.sh [WORKDIR]
#
# WORKDIR (default /tmp/st-budget-bench) gets l1k (1 000 × 100, with a journal
# for ledger-cli and hledger), l10k (10 000 × 100), one80k (one ledger of
# 80 000 entries), big3 (three such) and kmax and vmax (one Kronoberg and one
# VGR ledger of the legal maximum size), all from `st-budget-gen --seed 1`, and
# dense (16 MiB of minimal entries, written by awk), w100k (100 000
# shorter entries, by awk), and vcourse, damend, dchange, drare and dallrare
# (by awk: the shapes with the most memory for their size), and vcourse1m and
# dallrare1m (40 ledgers of 1 MiB of those shapes: the inboxes whose first
# 24 MiB of text the audit keeps between its passes).
# OLD is optional; ledger and hledger are skipped when not installed.
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
# Inboxes of large ledgers, for the audit's peak memory: three of 80 000
# entries, and one each of the legal maximum size (16 MiB) for both policies.
[ -d "$W/big3" ] || "$GEN" --seed 1 --ledgers 3 --entries 80000 --policy kronoberg --out "$W/big3"
[ -d "$W/kmax" ] || "$GEN" --seed 1 --ledgers 1 --entries 88400 --policy kronoberg --out "$W/kmax"
[ -d "$W/vmax" ] || "$GEN" --seed 1 --ledgers 1 --entries 70000 --policy vgr --out "$W/vmax"
# And the densest ledger in the layout st-budget writes: as many minimal
# entries as 16 MiB holds (189 754); written tightly, more fit (tight, below).
if [ ! -d "$W/dense" ]; then
    mkdir -p "$W/dense"
    awk 'BEGIN {
        printf "format = 1\nuid = \"0000000000000009-00000000\"\n\n[trainee]\nname = \"Dense\"\nid = \"T9\"\npolicy = \"kronoberg\"\nstart = 2025-10-03\ncertificate = 2031-02-07\n\n[[service]]\nfrom = 2025-10-03\npercent = 100\n"
        size = 177; limit = 16 * 1024 * 1024
        for (i = 1; ; i++) {
            d = strftime("%Y-%m-%d", mktime("2025 10 03 12 00 00") + (i % 1900) * 86400, 1)
            e = sprintf("[[entry]]\nid = %d\ndate = %s\nkind = \"other\"\ndescription = \"x\"\namount = \"1.00\"\n", i, d)
            if (size + length(e) > limit) break
            printf "%s", e; size += length(e)
        }
    }' > "$W/dense/a.toml"
fi
# And 100 000 shorter entries (141 bytes each, 14.1 MB: the shape of the test
# suite's large ledgers, tests/common/memory.rs), for memory per entry.
if [ ! -f "$W/w100k.toml" ]; then
    awk 'BEGIN {
        printf "format = 1\nuid = \"0000000000000001-00000000\"\n\n[trainee]\nname = \"Trainee 1\"\nid = \"T000001\"\npolicy = \"kronoberg\"\nstart = 2025-10-03\ncertificate = 2031-02-07\nunit = \"Medicine\"\n\n[[service]]\nfrom = 2025-10-03\npercent = 100\n"
        for (i = 1; i <= 100000; i++) {
            d = strftime("%Y-%m-%d", mktime("2025 10 03 12 00 00") + (i % 1900) * 86400, 1)
            if (i % 3 == 0) { k = "course"; x = "goal = \"c7\"\napprovals = { handledare = 2025-08-25 }\n" }
            else if (i % 3 == 1) { k = "literature"; x = "status = \"attended\"\n" }
            else { k = "travel"; x = "travel_mode = \"train\"\ndistance_km = 129\n" }
            printf "\n[[entry]]\nid = %d\ndate = %s\nkind = \"%s\"\ndescription = \"Entry %d\"\namount = \"%d.50\"\n%s\n", i, d, k, i, 100 + i % 900, x
        }
    }' > "$W/w100k.toml"
fi
# The shapes with the most memory for their size: 100 000 minimal VGR courses
# (four findings each: vcourse), and 16 MiB of the shortest records that are
# not entries: amendments of one entry (damend), trainee changes (dchange).
HEAD='format = 1\nuid = "0000000000000009-00000002"\n\n[trainee]\nname = "Dense"\nid = "T9"\npolicy = "%s"\nstart = 2025-10-03\ncertificate = 2031-02-07\nprogrammes = ["plus"]\n\n[[service]]\nfrom = 2025-10-03\npercent = 100\n[[entry]]\nid = 1\ndate = 2025-10-04\nkind = "other"\ndescription = "x"\namount = "1.00"\n'
if [ ! -d "$W/vcourse" ]; then
    mkdir -p "$W/vcourse"
    awk -v head="$HEAD" 'BEGIN {
        printf head, "vgr-allmanmedicin"
        for (i = 2; i <= 100000; i++) {
            d = strftime("%Y-%m-%d", mktime("2025 10 03 12 00 00") + (i % 1900) * 86400, 1)
            printf "[[entry]]\nid = %d\ndate = %s\nkind = \"course\"\ndescription = \"x\"\namount = \"1.00\"\n", i, d
        }
    }' > "$W/vcourse/a.toml"
fi
# And 16 MiB of minimal entries that each state one rare field (drare:
# `note = "n"`) or nine (dallrare): the shapes of the entry's boxed rare values.
# And the shortest shapes written as tightly as TOML allows (no spaces around
# `=`, the amount "1"): more records in 16 MiB, so more memory. tight: 222 000
# minimal entries; tightrare: 199 000 that each state `note="n"`.
for k in drare dallrare tight tightrare; do
    [ -d "$W/$k" ] && continue
    mkdir -p "$W/$k"
    awk -v k="$k" 'BEGIN {
        printf "format = 1\nuid = \"0000000000000009-0000000%d\"\n\n[trainee]\nname = \"Dense\"\nid = \"T9\"\npolicy = \"kronoberg\"\nstart = 2025-10-03\ncertificate = 2031-02-07\n\n[[service]]\nfrom = 2025-10-03\npercent = 100\n", (k ~ /^tight/) ? 4 : 3
        x = (k == "drare") ? "note = \"n\"\n" : (k == "tightrare") ? "note=\"n\"\n" : (k == "tight") ? "" : "note = \"n\"\ndays = 1\nabroad = true\nprogramme = \"p\"\nreceipt = \"r\"\nevent = \"e\"\nsubject = \"s\"\nbooked_via = \"b\"\napplied = 2025-09-01\n"
        f = (k ~ /^tight/) ? "[[entry]]\nid=%d\ndate=%s\nkind=\"other\"\ndescription=\"x\"\namount=\"1\"\n%s" : "[[entry]]\nid = %d\ndate = %s\nkind = \"other\"\ndescription = \"x\"\namount = \"1.00\"\n%s"
        size = 200; limit = 16 * 1024 * 1024
        for (i = 1; ; i++) {
            d = strftime("%Y-%m-%d", mktime("2025 10 03 12 00 00") + (i % 1900) * 86400, 1)
            e = sprintf(f, i, d, x)
            if (size + length(e) > limit) break
            printf "%s", e; size += length(e)
        }
    }' > "$W/$k/a.toml"
done
# 16 MiB of amendments of one entry (damend), of trainee changes (dchange), and
# the same written tightly: 540 000 amendments (tamend), 600 000 changes (tchange).
for k in damend dchange tamend tchange; do
    [ -d "$W/$k" ] && continue
    mkdir -p "$W/$k"
    awk -v head="$HEAD" -v k="$k" 'BEGIN {
        printf head, "kronoberg"; size = 300; limit = 16 * 1024 * 1024
        if (k == "damend") e = "[[amendment]]\nentry = 1\nnote = \"x\"\n"
        else if (k == "dchange") e = "[[trainee_change]]\nunit = \"x\"\n"
        else if (k == "tamend") e = "[[amendment]]\nentry=1\nnote=\"x\"\n"
        else e = "[[trainee_change]]\nunit=\"x\"\n"
        while (size + length(e) <= limit) { printf "%s", e; size += length(e) }
    }' > "$W/$k/a.toml"
done
# At the bound of 100 000 entries a ledger may hold (`ledger::MAX_ENTRIES`;
# dense, drare, tight and tightrare hold more and are refused), the shapes with
# the most memory for their size, written tightly: 100 000 minimal entries
# (bound), each stating `note="n"` (boundrare); 16 MiB of entries stating nine
# rare fields (tallrare: 90 746); 100 000 VGR courses with six findings each
# (tworst: dated before the ST, a subject the policy does not list, each
# overlapping the others), the same each stating five rare texts as well
# (tworstrare: 16 MiB); 50 000 of those with amendments to 16 MiB (tmix); and
# inboxes of such ledgers of 1 MiB (40: tworst1m) and of 4 MiB (8: tworst4m).
tight_ledgers() { # DIR/FILE COUNT LIMIT POLICY KIND FIRSTDAY EXTRA UID [AMEND]
    mkdir -p "$(dirname "$1")"
    awk -v n="$2" -v limit="$3" -v policy="$4" -v kind="$5" -v first="$6" -v x="$7" -v uid="$8" -v amend="${9:-}" 'BEGIN {
        printf "format = 1\nuid = \"%016d-00000007\"\n\n[trainee]\nname = \"Dense %d\"\nid = \"T%d\"\npolicy = \"%s\"\nstart = 2025-10-03\ncertificate = 2031-02-07\n\n[[service]]\nfrom = 2025-10-03\npercent = 100\n", uid, uid, uid, policy
        gsub(/\\n/, "\n", x); size = 200
        for (i = 1; i <= n; i++) {
            d = strftime("%Y-%m-%d", mktime(first) + (i % 1900) * 86400, 1)
            e = sprintf("[[entry]]\nid=%d\ndate=%s\nkind=\"%s\"\ndescription=\"x\"\namount=\"1\"\n%s", i, d, kind, x)
            if (size + length(e) > limit) break
            printf "%s", e; size += length(e)
        }
        for (j = 0; amend != ""; j++) {
            e = sprintf("[[amendment]]\nentry=%d\napprovals={studierektor=2030-01-%02d}\n", (j % n) + 1, (j % 28) + 1)
            if (size + length(e) > limit) break
            printf "%s", e; size += length(e)
        }
    }' > "$1"
}
MIB16=$((16 * 1024 * 1024)); BEFORE="2020 01 03 12 00 00"; IN="2025 10 03 12 00 00"
SIX='subject="zz"\nend=2027-01-01\n'
[ -d "$W/bound" ] || tight_ledgers "$W/bound/a.toml" 100000 $MIB16 kronoberg other "$IN" "" 4
[ -d "$W/boundrare" ] || tight_ledgers "$W/boundrare/a.toml" 100000 $MIB16 kronoberg other "$IN" 'note="n"\n' 4
[ -d "$W/tallrare" ] || tight_ledgers "$W/tallrare/a.toml" 100000 $MIB16 kronoberg other "$IN" \
    'note="n"\ndays=1\nabroad=true\nprogramme="p"\nreceipt="r"\nevent="e"\nsubject="s"\nbooked_via="b"\napplied=2025-09-01\n' 6
[ -d "$W/tworst" ] || tight_ledgers "$W/tworst/a.toml" 100000 $MIB16 vgr-allmanmedicin course "$BEFORE" "$SIX" 7
[ -d "$W/tworstrare" ] || tight_ledgers "$W/tworstrare/a.toml" 100000 $MIB16 vgr-allmanmedicin course "$BEFORE" \
    "${SIX}"'note="n"\nprogramme="p"\nreceipt="r"\nbooked_via="b"\nevent="e"\n' 1
[ -d "$W/tmix" ] || tight_ledgers "$W/tmix/a.toml" 50000 $MIB16 vgr-allmanmedicin course "$BEFORE" "$SIX" 11 amend
if [ ! -d "$W/tworst1m" ]; then
    for u in $(seq 40); do tight_ledgers "$W/tworst1m/l$u.toml" 10000 $MIB16 vgr-allmanmedicin course "$BEFORE" "$SIX" "$u"; done
fi
if [ ! -d "$W/tworst4m" ]; then
    for u in $(seq 8); do tight_ledgers "$W/tworst4m/l$u.toml" 40000 $MIB16 vgr-allmanmedicin course "$BEFORE" "$SIX" "$u"; done
fi
# Valid TOML that no ledger is, made to be held whole (tests/hostile_memory.rs):
# a table of two million keys (hkeys), 244 000 entries in one inline array
# (hinline). The audit refuses both; what matters is what reading them holds.
if [ ! -d "$W/hkeys" ]; then
    mkdir -p "$W/hkeys"
    awk 'BEGIN {
        printf "format = 1\n[trainee]\nname = \"H\"\npolicy = \"kronoberg\"\nstart = 2025-10-03\n[x]\n"
        size = 80; limit = 16 * 1024 * 1024
        for (i = 0; ; i++) { e = sprintf("k%d=1\n", i); if (size + length(e) > limit) break; printf "%s", e; size += length(e) }
    }' > "$W/hkeys/a.toml"
fi
if [ ! -d "$W/hinline" ]; then
    mkdir -p "$W/hinline"
    awk 'BEGIN {
        printf "format = 1\nentry = [\n"
        size = 120; limit = 16 * 1024 * 1024
        for (i = 1; ; i++) {
            e = sprintf("{id=%d,date=2025-10-04,kind=\"other\",description=\"x\",amount=\"1\"},\n", i)
            if (size + length(e) > limit) break
            printf "%s", e; size += length(e)
        }
        printf "]\n[trainee]\nname = \"H\"\npolicy = \"kronoberg\"\nstart = 2025-10-03\n"
    }' > "$W/hinline/a.toml"
fi
# Ledgers of 1 MiB, the largest whose texts the audit keeps between its passes
# (`audit::KEPT_LEDGER_BYTES`), of the shapes with the most memory for their
# size: 40 of minimal VGR courses (vcourse1m), 40 of entries stating nine rare
# fields (dallrare1m), each a trainee of its own.
for k in vcourse1m dallrare1m; do
    [ -d "$W/$k" ] && continue
    mkdir -p "$W/$k"
    for n in $(seq 40); do
        awk -v k="$k" -v n="$n" 'BEGIN {
            policy = (k == "vcourse1m") ? "vgr-allmanmedicin" : "kronoberg"
            kind = (k == "vcourse1m") ? "course" : "other"
            x = (k == "vcourse1m") ? "" : "note = \"n\"\ndays = 1\nabroad = true\nprogramme = \"p\"\nreceipt = \"r\"\nevent = \"e\"\nsubject = \"s\"\nbooked_via = \"b\"\napplied = 2025-09-01\n"
            printf "format = 1\nuid = \"0000000000000009-%08d\"\n\n[trainee]\nname = \"Dense %d\"\nid = \"T9-%d\"\npolicy = \"%s\"\nstart = 2025-10-03\ncertificate = 2031-02-07\nprogrammes = [\"plus\"]\n\n[[service]]\nfrom = 2025-10-03\npercent = 100\n", n, n, n, policy
            size = 300; limit = 1024 * 1024
            for (i = 1; ; i++) {
                d = strftime("%Y-%m-%d", mktime("2025 10 03 12 00 00") + (i % 1900) * 86400, 1)
                e = sprintf("[[entry]]\nid = %d\ndate = %s\nkind = \"%s\"\ndescription = \"x\"\namount = \"1.00\"\n%s", i, d, kind, x)
                if (size + length(e) > limit) break
                printf "%s", e; size += length(e)
            }
        }' > "$W/$k/t$n.toml"
    done
done
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
    "$F --mode toml $ONE" "$F --mode ledger $ONE" "$B --ledger $ONE balance" \
    "$B audit --format json $W/big3" "$B audit $W/big3" \
    "$B audit --format json $W/kmax" "$B audit $W/kmax" \
    "$B audit --format json $W/vmax" "$B audit $W/vmax" "$B audit --format csv $W/vmax" \
    "$B audit --format json $W/dense" "$B --ledger $W/dense/a.toml balance" \
    "$B --ledger $W/w100k.toml balance" \
    "$B audit --format json $W/vcourse" "$B audit --format json $W/damend" "$B audit --format json $W/dchange" \
    "$B audit --format json $W/drare" "$B audit --format json $W/dallrare" \
    "$B audit --format json $W/vcourse1m" "$B audit --format json $W/dallrare1m" \
    "$B audit --format json $W/tight" "$B audit --format json $W/tightrare" \
    "$B audit --format json $W/tamend" "$B audit --format json $W/tchange" \
    "$B audit --format json $W/hkeys" "$B audit --format json $W/hinline" \
    "$B audit --format json $W/bound" "$B audit --format json $W/boundrare" "$B audit --format json $W/tallrare" \
    "$B audit --format json $W/tworst" "$B audit --details --format json $W/tworst" "$B audit --format csv $W/tworst" \
    "$B audit --format json $W/tworstrare" "$B audit --format json $W/tmix" \
    "$B audit --format json $W/tworst1m" "$B audit --format json $W/tworst4m" \
    ${OLD:+"$OLD audit --format json $W/vcourse1m" "$OLD audit --format json $W/dallrare1m"} \
    ${OLD:+"$OLD --ledger $ONE balance" "$OLD audit --format json $W/big3" "$OLD audit $W/big3"} \
    ${OLD:+"$OLD audit --format json $W/kmax" "$OLD audit --format json $W/vmax" "$OLD audit $W/vmax"} \
    ${OLD:+"$OLD audit --format json $W/dense" "$OLD audit --format json $W/vcourse"} \
    ${OLD:+"$OLD audit --format json $W/damend" "$OLD audit --format json $W/dchange"} \
    ${OLD:+"$OLD audit --format json $W/drare" "$OLD audit --format json $W/dallrare"} \
    ${OLD:+"$OLD audit --format json $W/tight" "$OLD audit --format json $W/tightrare"} \
    ${OLD:+"$OLD audit --format json $W/tamend" "$OLD audit --format json $W/tchange"} \
    ${OLD:+"$OLD audit --format json $W/hkeys" "$OLD audit --format json $W/hinline"} \
    ${OLD:+"$OLD audit --format json $W/bound" "$OLD audit --format json $W/boundrare" "$OLD audit --format json $W/tallrare"} \
    ${OLD:+"$OLD audit --format json $W/tworst" "$OLD audit --details --format json $W/tworst" "$OLD audit --format csv $W/tworst"} \
    ${OLD:+"$OLD audit --format json $W/tworstrare" "$OLD audit --format json $W/tmix"} \
    ${OLD:+"$OLD audit --format json $W/tworst1m" "$OLD audit --format json $W/tworst4m"}; do
    /usr/bin/time -f "%e s wall, %U user, %S sys, %M KB peak: $c" $c >/dev/null 2>"$W/time.err" || true
    tail -1 "$W/time.err"
done
date -u; uptime
