"""Reading Datavagt's JSON Lines (`datavagt scan --jsonl`), and any JSONL written a line at a time (a corpus'
truth.jsonl) — for scripts, benchmarks and checks.

    sys.path.insert(0, os.path.join(ROOT, "reports"))
    import jsonl_reader
    run = jsonl_reader.read(path)      # run.start, run.records, run.end (None if the scan did not finish)
    for rec in run.records: ...        # findings, errors and notes: everything but scan-start / scan-end

Datavagt writes every record as one whole line, so a scan killed outright (SIGKILL, a crash, a full disk)
leaves at most its last line cut short: such a line is skipped with a warning on stderr, and so is a missing
`scan-end` record noticed (`run.end` is None). A line that is not JSON anywhere else is an error
(ValueError): that file was not written by Datavagt.
"""
import json
import sys


class Run:
    def __init__(self):
        self.start = None      # the scan-start record (dict), if any
        self.end = None        # the scan-end record (dict): status, totals; None if the scan did not finish
        self.records = []      # every other record, in file order
        self.warnings = []     # what was skipped or missing, also printed on stderr


def lines(path, warn=sys.stderr):
    """Every record of `path` (all kinds), in order; a cut last line skipped with a warning on `warn` (a file;
    None: silently)."""
    out, _ = _lines(path, warn)
    return out


def _lines(path, warn):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(b"\n")
    last = parts.pop()  # what follows the last newline: b"" when the file ends with a whole line
    warnings = []
    out = []
    for number, raw in enumerate(parts, 1):
        if not raw.strip():
            continue
        try:
            out.append(json.loads(raw.decode("utf-8")))
        except ValueError as e:
            raise ValueError(f"{path}:{number}: not a JSON record: {e}") from None
    if last.strip():
        try:  # a last record complete but for its newline is still a record
            out.append(json.loads(last.decode("utf-8")))
        except ValueError:
            warnings.append(f"{path}: skipped an incomplete last line ({len(last)} bytes): "
                            "the scan was stopped in the middle of writing it")
    for w in warnings if warn else []:
        print(f"warning: {w}", file=warn)
    return out, warnings


def read(path, warn=sys.stderr):
    """The run in `path`: its start and end records and the records between them."""
    run = Run()
    records, run.warnings = _lines(path, warn)
    for rec in records:
        kind = rec.get("kind")
        if kind == "scan-start":
            run.start = rec
        elif kind == "scan-end":
            run.end = rec
        else:
            run.records.append(rec)
    if run.start is not None and run.end is None:
        w = f"{path}: no scan-end record: the scan did not finish (killed?); its records are partial"
        run.warnings.append(w)
        if warn:
            print(f"warning: {w}", file=warn)
    return run


def records(path, warn=sys.stderr):
    """The findings, errors and notes of `path` (no scan-start / scan-end)."""
    return read(path, warn).records


if __name__ == "__main__":  # python3 reports/jsonl_reader.py FILE: a short account of a scan's JSONL
    run = read(sys.argv[1])
    kinds = {}
    for r in run.records:
        kinds[r.get("kind")] = kinds.get(r.get("kind"), 0) + 1
    status = run.end["status"] if run.end else "unfinished"
    print(f"{status}: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
