"""The harness of mining-vs-peers.sh: runs every job as its own process,
REPS times, interleaving the tools, and reports medians, peak memory (the
process's maximum resident set, from wait4) and ratios. Peers report their
own in-process time after the library import; Ambidex is timed as a whole
process (start-up included), which only favours the peers."""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

from xes_tools import concatenate

a = argparse.ArgumentParser()
for k in ["ambidex", "pm4py", "r4pm", "bpic", "ocel", "work"]:
    a.add_argument("--" + k, required=True)
a.add_argument("--reps", type=int, default=3)
a.add_argument("--bench", action="store_true", help="--ambidex is ambidex-mine-bench (the same code without Vapor), not ambidex")
args = a.parse_args()
peers = os.path.join(os.path.dirname(__file__), "peers.py")


def run(cmd):
    """(seconds, peak MB) of one process; seconds from its 'seconds' line if it prints one."""
    started = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(cmd)}\n{out[-2000:]}")
    m = re.search(r"^seconds ([0-9.]+)", out, re.M)
    return (float(m.group(1)) if m else wall), usage.ru_maxrss / 1024


def measure(jobs):
    """jobs: {name: cmd}; runs them interleaved; returns {name: (median s, median MB, all s)}."""
    times = {k: [] for k in jobs}
    memory = {k: [] for k in jobs}
    for _ in range(args.reps):
        for k, cmd in jobs.items():
            s, mb = run(cmd)
            times[k].append(s)
            memory[k].append(mb)
    return {k: (statistics.median(times[k]), statistics.median(memory[k]), times[k]) for k in jobs}


def report(title, results, base):
    print(f"\n{title} (median of {args.reps}; ratio = tool / {base})")
    print(f"  {'tool':<34} {'median s':>9} {'peak MB':>8} {'ratio':>7}   runs")
    for k, (s, mb, runs) in results.items():
        ratio = s / results[base][0]
        print(f"  {k:<34} {s:9.3f} {mb:8.0f} {ratio:6.1f}×   " + " ".join(f"{x:.3f}" for x in runs))


os.makedirs(args.work, exist_ok=True)
out = os.path.join(args.work, "out")
amb = args.ambidex


def job(kind, path):
    """The Ambidex command of a job: `ambidex mine …`, or the bench binary's equivalent."""
    if args.bench:
        return [amb, path, "1"] + (["read"] if kind == "read" else [])
    return {"all": [amb, "mine", "all", "--log", path, "--out", out], "read": [amb, "mine", "stats", "--log", path],
            "ocdfg": [amb, "mine", "ocdfg", "--log", path, "--format", "csv"]}[kind]

print(f"ambidex: {amb}{' (ambidex-mine-bench)' if args.bench else ''}; load average {os.getloadavg()[0]:.1f}")
print(f"machine: {os.cpu_count()} cores; BPIC 2012: {args.bpic} ({os.path.getsize(args.bpic) / 1e6:.1f} MB)")

xes = measure({
    "ambidex mine all (whole process)": job("all", args.bpic),
    "pm4py 2.7 (in-process)": [args.pm4py, peers, "pm4py-xes", args.bpic],
    "r4pm read+DFG+variants (in-process)": [args.r4pm, peers, "r4pm-xes", args.bpic],
})
report("BPIC 2012 XES.gz: read + DFG + performance DFG + variants + hand-over + durations", xes, "ambidex mine all (whole process)")

read = measure({
    "ambidex mine stats (read only)": job("read", args.bpic),
    "gzip -dc": ["sh", "-c", f"gzip -dc '{args.bpic}' > /dev/null"],
})
report("BPIC 2012 XES.gz: reading alone against gzip -dc", read, "gzip -dc")

for ext in ["jsonocel", "xmlocel", "sqlite"]:
    f = os.path.join(args.ocel, "orders." + ext)
    ocel = measure({
        "ambidex mine ocdfg (whole process)": job("ocdfg", f),
        "pm4py 2.7 (in-process)": [args.pm4py, peers, "pm4py-ocel", f],
        "r4pm (in-process)": [args.r4pm, peers, "r4pm-ocel", f],
    })
    report(f"OCEL 2.0 {ext} ({os.path.getsize(f) / 1e6:.1f} MB): read + OC-DFG", ocel, "ambidex mine ocdfg (whole process)")

big = os.path.join(args.work, "bpic2012-x10.xes.gz")
if not os.path.exists(big):
    concatenate(args.bpic, big, 10)
scale = measure({
    "ambidex mine all, 1×": job("all", args.bpic),
    "ambidex mine all, 10× (concatenated)": job("all", big),
})
report("Linear scaling: the same job on 10× the events", scale, "ambidex mine all, 1×")
