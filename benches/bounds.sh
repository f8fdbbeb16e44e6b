#!/usr/bin/env bash
# The audit's peak memory at the bounds of one audit (docs/audit.md, "Which
# files are read"): 50 000 files and folders, their paths 8 MB together. Three
# inboxes of the costliest ledgers for what the audit keeps of each (name, id,
# unit and uid of 200 characters, each ledger one of two or three files of the
# same trainee, each with money lapsing within 90 days), audited in every
# output, old and new side by side; and one inbox beyond the bound, refused.
# Run it on a machine doing nothing else and write the load down.
#
#   OLD=path/to/an/older/st-budget benches/bounds.sh [WORKDIR]
#
# WORKDIR (default /tmp/st-budget-bench) gets
#   bound50k: 49 949 ledgers in 50 folders (50 000 paths with the inbox),
#             paths of 167 bytes (8.3 MB);
#   bound17k: 17 000 ledgers in 17 folders under a folder of a 200-byte name,
#             paths of 465 bytes (7.9 MB);
#   beyond:   50 001 empty files, refused.
# The ledgers are hard links to 20 000 texts. OLD is optional.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-/tmp/st-budget-bench}
export ST_BUDGET_TODAY=2026-11-22
cargo build --release --bins >&2
mkdir -p "$W"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp target/release/st-budget "$T/new"
[ -n "${OLD:-}" ] && cp "$OLD" "$T/old"
python3 - "$W" <<'EOF'
import os, sys
w = sys.argv[1]
texts = os.path.join(w, "bound-texts")
if not os.path.isdir(texts):
    os.makedirs(texts)
    a = "\U0001d504" * 194
    for i in range(20000):
        t = f"{a}{i:06d}"
        with open(os.path.join(texts, f"{i:05d}.toml"), "w") as f:
            f.write(
                f'format = 1\nuid = "{"u" * 194}{i:06d}"\n\n[trainee]\nname = "{t}"\n'
                f'id = "{t}"\npolicy = "kronoberg"\nstart = 2025-10-03\n'
                f'certificate = 2026-12-20\nunit = "{t}"\n\n[[service]]\n'
                'from = 2025-10-03\npercent = 100\n\n[[entry]]\nid = 1\n'
                'date = 2025-10-04\nkind = "course"\ndescription = "Barnmedicin"\n'
                'amount = "13051.00"\nend = 2025-10-05\nprovider = "KI"\ngoal = "c7"\n'
                'approvals = { handledare = 2025-08-25 }\nstatus = "planned"\n'
            )

def inbox(name, under, folders, ledgers, path_len):
    top = os.path.join(w, name)
    if os.path.isdir(top):
        return
    base = os.path.join(top, under) if under else top
    for i in range(ledgers):
        d = os.path.join(base, f"d{i % folders:02d}")
        os.makedirs(d, exist_ok=True)
        pad = path_len - len(d) - 1 - len(f"{i:06d}.toml")
        assert pad > 0, "WORKDIR's path is too long for this inbox"
        os.link(os.path.join(texts, f"{i % 20000:05d}.toml"),
                os.path.join(d, "x" * pad + f"{i:06d}.toml"))

inbox("bound50k", None, 50, 49949, 167)
inbox("bound17k", "y" * 200, 17, 17000, 465)
beyond = os.path.join(w, "beyond")
if not os.path.isdir(beyond):
    os.makedirs(beyond)
    for i in range(50001):
        open(os.path.join(beyond, f"n{i:05d}.txt"), "w").close()
EOF
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %-28s %12s %12s\n' inbox output "old KiB" "new KiB"
for dir in bound50k bound17k beyond; do
    for run in "json" "table" "table --lapsing --by-unit" "csv --lapsing" "json --html" "json --xlsx"; do
        row=()
        for b in old new; do
            if [ -x "$T/$b" ]; then
                set -- audit --format $run
                case $run in
                    *--html) set -- "${@:1:3}" --html "$T/page.html" ;;
                    *--xlsx) set -- "${@:1:3}" --xlsx "$T/book.xlsx" ;;
                esac
                COLUMNS=60 /usr/bin/time -f %M -o "$T/kib" "$T/$b" "$@" "$W/$dir" >/dev/null 2>"$T/err" || true
                kib=$(tail -1 "$T/kib")
                grep -q "too many files\|paths too long" "$T/err" && kib="$kib (refused)"
                row+=("$kib")
            else
                row+=("-")
            fi
        done
        printf '%-9s %-28s %12s %12s\n' "$dir" "$run" "${row[0]}" "${row[1]}"
    done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
