#!/usr/bin/env python3
# Old against new detector_bench, alternated (issue 16: a small difference is only a result as the median of
# >= 5 alternated runs): bench/detector_ab.py OLD_BENCH NEW_BENCH RUNS. Medians of BM_Detector_DanishProse's
# counters (CPR-only and all-kinds GB/s of thread CPU time, their ratio) and of the NoFindings ratio.
import json, os, subprocess, statistics, sys
old, new, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
res = {"old": [], "new": []}
for r in range(runs):
    for name, exe in (("old", old), ("new", new)) if r % 2 == 0 else (("new", new), ("old", old)):
        out = subprocess.run([exe, "--benchmark_filter=DanishProse|NoFindings", "--benchmark_min_time=1",
                              "--benchmark_format=json"], capture_output=True, text=True, check=True).stdout
        b = {x["name"]: x for x in json.loads(out)["benchmarks"]}
        d = b["BM_Detector_DanishProse"]
        row = (d["cpr_only_GBps"], d["all_kinds_GBps"], d["ratio"],
               b["BM_Detector_NoFindings/all_kinds"]["bytes_per_second"] / b["BM_Detector_NoFindings/cpr_only"]["bytes_per_second"])
        res[name].append(row)
        print(name, "cpr_only %.3f GB/s  all_kinds %.3f GB/s  ratio %.3f  (NoFindings ratio %.3f)" % row, "load", os.getloadavg()[0], flush=True)
for name in ("old", "new"):
    cols = list(zip(*res[name]))
    print("median", name, "cpr_only %.3f GB/s  all_kinds %.3f GB/s  ratio %.3f  NoFindings ratio %.3f" % tuple(statistics.median(c) for c in cols))
