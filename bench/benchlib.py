"""What the bench scripts' Python parts share (standard library only; lib.sh puts this folder on PYTHONPATH).

- read_jsonl(path): datavagt's JSON Lines as a list of dicts, read the way a consumer of a scan must read them:
  records of a kind it does not know (scan-start, scan-end, ...) are kept but are neither findings nor errors,
  and an incomplete last line (a scan that was killed while writing) is skipped with a warning on stderr. A
  broken line anywhere else is an error: the file is not what datavagt writes.
- findings(records), errors(records), notes(records): the records of each sort.
- raw_path(record): the path as bytes (`path_bytes`, base64, when the name is not valid UTF-8).
- load_times(path): the rows bench_run (lib.sh) appends, "wall_s peak_rss_kb user_s sys_s" (older rows
  "wall_s peak_rss_kb" have no CPU time), as a Times with medians.
"""
from __future__ import annotations

import base64
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reports"))
import jsonl_reader  # noqa: E402

NOT_FINDINGS = {"error", "note"}


def read_jsonl(path: str, warn=sys.stderr) -> list[dict]:
    records = jsonl_reader.lines(path, warn)  # the one reader of datavagt's JSON Lines: reports/jsonl_reader.py
    for i, rec in enumerate(records):
        if not isinstance(rec, dict) or "kind" not in rec:
            raise ValueError(f"{path}: record {i + 1}: not a JSON Lines record with a kind")
    return records


def is_finding(rec: dict) -> bool:
    """A finding names what it found: a CPR value (fingerprint) or a special category's terms."""
    return rec.get("kind") not in NOT_FINDINGS and ("fingerprint" in rec or "terms" in rec)


def findings(records: list[dict]) -> list[dict]:
    return [r for r in records if is_finding(r)]


def errors(records: list[dict]) -> list[dict]:
    return [r for r in records if r.get("kind") == "error"]


def notes(records: list[dict]) -> list[dict]:
    return [r for r in records if r.get("kind") == "note"]


def raw_path(rec: dict) -> bytes:
    if "path_bytes" in rec:
        return base64.b64decode(rec["path_bytes"])
    return rec["path"].encode("utf-8")


class Times:
    """The timed runs of one command: wall seconds, peak RSS in KB, CPU seconds (user + sys) per run."""

    def __init__(self, rows: list[list[str]]):
        self.wall = [float(r[0]) for r in rows]
        self.rss = [int(r[1]) for r in rows]
        self.cpu = [float(r[2]) + float(r[3]) for r in rows if len(r) >= 4]

    @property
    def runs(self) -> int:
        return len(self.wall)

    def median_wall(self) -> float:
        return statistics.median(self.wall)

    def median_cpu(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None

    def peak_rss_mb(self) -> float:
        return max(self.rss) / 1024


def load_times(path: str) -> Times:
    with open(path, encoding="utf-8") as f:
        return Times([line.split() for line in f if line.strip()])


def ratio(peer: float | None, ours: float | None) -> float:
    """Peer time / our time: > 1 means datavagt is faster."""
    if peer is None or ours is None:
        return float("nan")
    return peer / ours if ours > 0 else float("inf")


def print_table(work: str, tools: list[tuple[str, str]], ref: str, nbytes: int | None = None,
                items: int | None = None, item_unit: str = "files", out=sys.stdout):
    """One row per (name, label) of `tools`, from WORK/NAME.times: median wall and CPU seconds, MB/s (or items
    per second), peak RSS, every run's wall time, and each row's wall and CPU time divided by `ref`'s (> 1: the
    row is slower than `ref`; with ref = datavagt, a peer's row says how many times faster datavagt is)."""
    times = {name: load_times(f"{work}/{name}.times") for name, _ in tools}
    r = times[ref]
    width = max(len(label) for _, label in tools)
    rate = "MB/s" if nbytes else f"{item_unit}/s"
    print(f"{'':<{width}} {'wall s':>7} {'CPU s':>7} {rate:>8} {'peak RSS':>9}  {'time / ' + ref:>16} (wall, CPU)"
          f"   wall s of every run", file=out)
    for name, label in tools:
        t = times[name]
        wall, cpu = t.median_wall(), t.median_cpu()
        per = (nbytes / 1e6 if nbytes else (items or 0)) / wall if wall > 0 else float("inf")
        cpu_s = f"{cpu:7.2f}" if cpu is not None else f"{'-':>7}"
        print(f"{label:<{width}} {wall:7.2f} {cpu_s} {per:8.1f} {t.peak_rss_mb():6.0f} MB  "
              f"{ratio(wall, r.median_wall()):7.2f} {ratio(cpu, r.median_cpu()):7.2f}"
              f"   {' '.join(f'{x:.2f}' for x in t.wall)}", file=out)
    print(f"medians of {r.runs} alternated runs each; CPU = user + sys of the whole process", file=out)


if __name__ == "__main__":
    # bench/benchlib.py table WORK REF BYTES|-  NAME=LABEL ...   (what the side-by-side scripts print)
    if len(sys.argv) >= 5 and sys.argv[1] == "table":
        work, ref, nb = sys.argv[2], sys.argv[3], sys.argv[4]
        pairs = [tuple(a.split("=", 1)) for a in sys.argv[5:]]
        print_table(work, pairs, ref, nbytes=None if nb == "-" else int(nb))
    else:
        print("usage: benchlib.py table WORK REF BYTES|- NAME=LABEL ...", file=sys.stderr)
        sys.exit(2)
