#!/usr/bin/env python3
"""Rounds of commands, each command once per round, timed to the microsecond.

    benches/interleaved.py ROUNDS NAME=COMMAND...

Each round runs every command once, in the given order in even rounds and in
the reverse order in odd ones (a command run just after another can be
slower or faster for it: the order falls on all alike). Wall time is taken
around the child; CPU time (user + system) from the kernel's accounting of the
child (`getrusage`), to the microsecond, where `/usr/bin/time` prints
hundredths of a second, cut off. Prints, per command, the median wall time,
the fastest, and the mean CPU time, then each mean CPU time over the first's.
An exit code other than 0 is not an error (the audit exits 1 on findings).
"""
import resource
import statistics
import subprocess
import sys
import time

rounds = int(sys.argv[1])
commands = [arg.split("=", 1) for arg in sys.argv[2:]]
wall = {name: [] for name, _ in commands}
cpu = {name: [] for name, _ in commands}


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


for k in range(rounds):
    for name, command in commands if k % 2 == 0 else commands[::-1]:
        before, start = children_cpu(), time.perf_counter()
        subprocess.run(command.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall[name].append(time.perf_counter() - start)
        cpu[name].append(children_cpu() - before)

for name, _ in commands:
    print(f"{name:<6} median wall {statistics.median(wall[name]):.4f} s, "
          f"fastest {min(wall[name]):.4f} s, mean CPU {statistics.mean(cpu[name]):.4f} s "
          f"({rounds} rounds)")
first = commands[0][0]
print("mean CPU over " + first + ": " + ", ".join(
    f"{name} {statistics.mean(cpu[name]) / statistics.mean(cpu[first]):.3f}"
    for name, _ in commands[1:]))
print("median wall over " + first + ": " + ", ".join(
    f"{name} {statistics.median(wall[name]) / statistics.median(wall[first]):.3f}"
    for name, _ in commands[1:]))
