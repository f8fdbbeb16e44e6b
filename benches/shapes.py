#!/usr/bin/env python3
"""Ledgers of the shapes issue 17 names, to show time stays linear in the file.

    benches/shapes.py SHAPE N OUT.toml

SHAPE is one of:
  flat      N literature entries, one a day
  overlap   N courses that all run to the end of the ST (every pair overlaps)
  chain     one course and N-1 trips, each `for` the one before (a chain of links)
  amend     one course and N amendments of it
  service   N service periods, one a day (at most the days of a 25-year ST)
  periods   N entries spread over a 25-year ST (many calendar-year periods)
"""
import datetime
import sys

shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
policy = "vgr-allmanmedicin" if shape in ("service", "periods") else "kronoberg"
end = "2048-12-31" if shape in ("service", "periods") else "2028-12-31"
parts = [f'format = 1\n\n[trainee]\nname = "Shape"\npolicy = "{policy}"\n'
         f'start = 2024-01-08\ncertificate = {end}\n']
d0 = datetime.date(2024, 1, 8)
span = (datetime.date.fromisoformat(end) - d0).days


def day(k):
    return (d0 + datetime.timedelta(days=k % span)).isoformat()


def entry(i, date, kind, extra=""):
    return (f'[[entry]]\nid = {i}\ndate = {date}\nkind = "{kind}"\n{extra}'
            f'description = "E"\namount = "10.00"\n')


for k in range(n):
    if shape == "flat":
        parts.append(entry(k + 1, day(k), "literature"))
    elif shape == "overlap":
        parts.append(entry(k + 1, day(k % 1000), "course", f"end = {end}\ngoal = \"c\"\n"))
    elif shape == "chain":
        parts.append(entry(k + 1, day(5), "travel" if k else "course",
                           (f"for = {k}\n" if k else "") + 'goal = "c"\n'))
    elif shape == "amend":
        if k == 0:
            parts.append(entry(1, day(5), "course", 'goal = "c"\n'))
        parts.append(f'[[amendment]]\nentry = 1\nrecorded = {day(6)}\namount = "{100 + k % 50}.00"\n')
    elif shape == "service":
        parts.append(f"[[service]]\nfrom = {day(k)}\npercent = {50 + k % 50}\n")
    elif shape == "periods":
        parts.append(entry(k + 1, day(k * 7), "course", 'goal = "c"\n'))
    else:
        sys.exit(f"unknown shape {shape}")
open(out, "w").write("\n".join(parts))
