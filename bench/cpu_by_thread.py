#!/usr/bin/env python3
"""Runs a command and prints, on one line: wall seconds, CPU seconds (user + sys), peak RSS in KB, and the CPU
seconds of each of its threads that used any (busiest first), sampled from /proc every 20 ms. On a shared machine
CPU / wall understates the cores a program could use; how its CPU time is split over threads does not.

    bench/cpu_by_thread.py OUT.txt -- COMMAND ARGS...     (the command's exit status is passed on)
"""
import os
import resource
import subprocess
import sys
import time

out, cmd = sys.argv[1], sys.argv[3:]
tick = os.sysconf("SC_CLK_TCK")
t0 = time.monotonic()
p = subprocess.Popen(cmd)
threads = {}
while True:
    try:
        for tid in os.listdir(f"/proc/{p.pid}/task"):
            with open(f"/proc/{p.pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            threads[tid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    except (FileNotFoundError, ProcessLookupError, IndexError):
        pass
    if p.poll() is not None:
        break
    time.sleep(0.02)
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
per = sorted((s for s in threads.values() if s > 0), reverse=True)
with open(out, "w") as f:
    f.write(f"{wall:.3f} {ru.ru_utime + ru.ru_stime:.3f} {ru.ru_maxrss} {' '.join(f'{s:.2f}' for s in per)}\n")
sys.exit(p.returncode)
