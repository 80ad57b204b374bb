#!/usr/bin/env python3
"""Runs a command and appends one line to OUT: wall seconds, peak RSS in KB, user and system CPU seconds, with
microsecond resolution (GNU time prints 10 ms steps, too coarse for a start-up of a few ms). The command's
child processes count (their CPU time once they have been waited for: the rusage wait4 returns).
The peak RSS is the largest single process's, and never less than this script's own (~14 MB: the child is
spawned from it, and the kernel keeps the high-water mark across exec): read it for programs larger than that. With --tree-rss a fifth column is the peak of the RSS summed over
the whole process tree (the command and all its descendants), sampled from /proc every 10 ms.
stdout and stderr go to OUT.out and OUT.err, its exit status to OUT.rc (128 + N when killed by signal N).
Exit status: 0 when the command's was 0 or 1 (found nothing / found something), else the command's.

    bench/timed.py [--tree-rss] OUT -- COMMAND ARGS...
"""
import os
import subprocess
import sys
import time


def tree_rss_kb(root: int) -> int:
    """RSS of `root` and every descendant, in KB (a process that ends while we read is skipped)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(name)
        children.setdefault(int(fields[1]), []).append(pid)  # field 4: the parent
        rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)  # field 24: RSS in pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def main() -> int:
    args = sys.argv[1:]
    sample = bool(args) and args[0] == "--tree-rss"
    if sample:
        args = args[1:]
    if len(args) < 3 or args[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    out, cmd = args[0], args[2:]
    peak_tree = 0
    with open(out + ".out", "wb") as so, open(out + ".err", "wb") as se:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=so, stderr=se, stdin=subprocess.DEVNULL)
        # wait4: this child's own rusage (with its waited-for descendants), not RUSAGE_CHILDREN, which also
        # holds whatever ran in this process before exec (a pyenv shim's helpers, for one)
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG if sample else 0)
            if pid:
                break
            peak_tree = max(peak_tree, tree_rss_kb(p.pid))
            time.sleep(0.01)
        wall = time.perf_counter() - t0
        p.returncode = rc = os.waitstatus_to_exitcode(status)
    with open(out, "a") as f:
        f.write(f"{wall:.6f} {ru.ru_maxrss} {ru.ru_utime:.6f} {ru.ru_stime:.6f}"
                + (f" {peak_tree}" if sample else "") + "\n")
    if rc < 0:
        rc = 128 - rc
    with open(out + ".rc", "w") as f:
        f.write(f"{rc}\n")
    if rc > 1:
        print(f"timed.py: {cmd[0]} exited with {rc}" + (f" (signal {rc - 128})" if rc > 128 else ""),
              file=sys.stderr)
        with open(out + ".err", "rb") as se:
            sys.stderr.write(se.read()[-2000:].decode("utf-8", "replace"))
    return rc if rc > 1 else 0


if __name__ == "__main__":
    sys.exit(main())
