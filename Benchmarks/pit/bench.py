#!/usr/bin/env python3
"""Point-in-time benchmark: Vantage against the peers that are installed.

usage: bench.py --vantage BIN [--events N] [--peers duckdb,polars] [--runs R]
                [--work DIR] [--seed S] [--append FILE]

1. Generates the fraud scenario with `vantage datasets generate fraud` into
   WORK/data-N (kept for later runs with the same N and seed).
2. Writes the Vantage spec of each job (jobs.py) into WORK/specs.
3. Runs every tool on every job R times, one process at a time, measuring wall time
   and peak resident memory (GNU `/usr/bin/time -f %M` when present, else the child's
   `ru_maxrss` from `os.wait4`, which on Linux also counts the memory of the forked
   copy of this script before the exec, a few MiB).
4. Compares each peer's outputs with Vantage's cell by cell (compare.py).
5. Prints a Markdown table (medians), and appends it to FILE with --append.

A peer runs only when its Python package imports (`pip install duckdb polars`, for
benchmarking only: they are never dependencies of the product). Wall times are of the
whole process: interpreter start and imports for the peers, reading, computing and
writing for everyone.
"""
import argparse
import filecmp
import datetime
import importlib.metadata
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare  # noqa: E402
import jobs  # noqa: E402

PEERS = {"duckdb": ("duckdb", "DuckDB"), "polars": ("polars", "Polars")}
JOB_TITLES = {
    "A": "A lookups (2 views, created time, TTL)",
    "B": "B windows (7 card + 1 merchant)",
    "C": "C sweep, 4 levels, A + B",
}


GNU_TIME = "/usr/bin/time"


def measure(cmd, scratch):
    """(wall seconds, peak RSS in MiB) of one process; stops the benchmark if it fails."""
    report = os.path.join(scratch, "rss.txt")
    use_time = os.access(GNU_TIME, os.X_OK)
    full = [GNU_TIME, "-f", "%M", "-o", report] + cmd if use_time else cmd
    start = time.perf_counter()
    proc = subprocess.Popen(full, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}")
    if use_time:
        with open(report) as f:
            return wall, int(f.read().split()[-1]) / 1024.0
    return wall, usage.ru_maxrss / 1024.0


def vantage_command(vantage, job, spec, out, extra=()):
    if job == "C":
        return [vantage, "sweep", spec, "--out", out, "--levels", ",".join(jobs.JOBS["C"]["levels"]),
                "--no-store", "--quiet"]
    return [vantage, "join", spec, "--out", out, "--quiet", *extra]


def peer_command(peer, job, data, out):
    return [sys.executable, os.path.join(HERE, f"{peer}_peer.py"), "--job", job, "--data", data, "--out", out]


def outputs(job, out):
    """(name, path) of every training set a job writes."""
    if job == "C":
        return [(level, os.path.join(out, f"{level}.csv")) for level in jobs.JOBS["C"]["levels"]]
    return [(job, out)]


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
            mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores, {cpu}{mem}"


def main():
    ap = argparse.ArgumentParser(description="Point-in-time benchmark: Vantage against installed peers.")
    ap.add_argument("--vantage", required=True, help="the vantage binary (a release build)")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--peers", default="duckdb,polars", help="comma-separated: duckdb, polars (missing ones are skipped)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="bench-work/pit")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--append", metavar="FILE", help="append the table to this Markdown file")
    ap.add_argument("--jobs", default=",".join(jobs.JOBS), help="comma-separated subset of the jobs: A, B, C")
    ap.add_argument("--memory", metavar="SIZE",
                    help="also run Vantage's joins with --memory SIZE (spilling under WORK/tmp) and check "
                         "that their outputs are byte-identical to the in-memory ones")
    a = ap.parse_args()

    vantage = os.path.abspath(a.vantage)
    work = os.path.abspath(a.work)
    data = os.path.join(work, f"data-{a.events}-seed{a.seed}")
    if not os.path.exists(os.path.join(data, "spec.yaml")):
        print(f"generating {a.events:,} events into {data}", file=sys.stderr)
        subprocess.run([vantage, "datasets", "generate", "fraud", "--out", data, "--events", str(a.events),
                        "--seed", str(a.seed), "--quiet"], check=True)
    specs = os.path.join(work, "specs")
    os.makedirs(specs, exist_ok=True)
    for job in jobs.JOBS:
        with open(os.path.join(specs, f"{job}.yaml"), "w") as f:
            f.write(jobs.spec_yaml(job, data))

    peers = []
    for name in [p for p in a.peers.split(",") if p]:
        if name not in PEERS:
            raise SystemExit(f"unknown peer {name}: expected one of {', '.join(PEERS)}")
        if importlib.util.find_spec(PEERS[name][0]) is None:
            print(f"skipping {name}: the Python package {PEERS[name][0]} is not installed", file=sys.stderr)
            continue
        peers.append(name)
    tools = ["vantage"] + (["vantage-mem"] if a.memory else []) + peers
    job_list = [j for j in a.jobs.split(",") if j]
    for j in job_list:
        if j not in jobs.JOBS:
            raise SystemExit(f"unknown job {j}: expected one of {', '.join(jobs.JOBS)}")
    spill_tmp = os.path.join(work, "tmp")
    os.makedirs(spill_tmp, exist_ok=True)
    versions = {"vantage": subprocess.run([vantage, "--version"], capture_output=True, text=True).stdout.strip()}
    for p in peers:
        versions[p] = importlib.metadata.version(PEERS[p][0])

    load_at_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    results = {}  # (tool, job) -> [(wall, rss)]
    for job in job_list:
        for r in range(a.runs):
            for tool in tools:
                suffix = "" if job == "C" else ".csv"
                out = os.path.join(work, "out", tool, job + suffix)
                if os.path.isdir(out):
                    shutil.rmtree(out)
                elif os.path.exists(out):
                    os.remove(out)
                os.makedirs(os.path.dirname(out), exist_ok=True)
                spec = os.path.join(specs, f"{job}.yaml")
                if tool == "vantage":
                    cmd = vantage_command(vantage, job, spec, out)
                elif tool == "vantage-mem":
                    cmd = vantage_command(vantage, job, spec, out, ["--memory", a.memory, "--tmp", spill_tmp])
                else:
                    cmd = peer_command(tool, job, data, out)
                wall, rss = measure(cmd, work)
                results.setdefault((tool, job), []).append((wall, rss))
                print(f"{job} run {r + 1}/{a.runs} {tool}: {wall:.2f} s, {rss:.0f} MiB", file=sys.stderr)

    checks, mismatches, notes = 0, 0, []
    identical = None
    if a.memory:
        identical = all(filecmp.cmp(l, r, shallow=False)
                        for job in job_list
                        for (_, l), (_, r) in zip(outputs(job, os.path.join(work, "out", "vantage", job + ("" if job == "C" else ".csv"))),
                                                  outputs(job, os.path.join(work, "out", "vantage-mem", job + ("" if job == "C" else ".csv")))))
        if not identical:
            mismatches += 1
    for tool in peers:
        for job in job_list:
            suffix = "" if job == "C" else ".csv"
            mine = outputs(job, os.path.join(work, "out", "vantage", job + suffix))
            theirs = outputs(job, os.path.join(work, "out", tool, job + suffix))
            for (name, left), (_, right) in zip(mine, theirs):
                n = compare.compare(left, right)
                checks += 1
                mismatches += n
                if n:
                    notes.append(f"{PEERS[tool][1]} {name}: {n} mismatching cells")

    def med(tool, job, i):
        return statistics.median(x[i] for x in results[(tool, job)])

    names = {"vantage": "Vantage", "vantage-mem": f"Vantage --memory {a.memory}"}
    names.update({p: PEERS[p][1] for p in peers})
    head = ["job"] + [names[t] for t in tools] + [f"Vantage / {PEERS[p][1]}" for p in peers]
    head.append("peak MiB " + " / ".join(names[t] for t in tools))
    lines = ["| " + " | ".join(head) + " |", "|---|" + "--:|" * (len(head) - 1)]
    for job in job_list:
        row = [JOB_TITLES[job]] + [f"{med(t, job, 0):.2f} s" for t in tools]
        row += [f"{med('vantage', job, 0) / med(p, job, 0):.2f}" for p in peers]
        row.append(" / ".join(f"{med(t, job, 1):.0f}" for t in tools))
        lines.append("| " + " | ".join(row) + " |")
    today = datetime.date.today().isoformat()
    title = (f"## Point-in-time jobs, {a.events:,} events (`Benchmarks/run.sh --events {a.events}`, "
             f"medians of {a.runs}, {today})")
    load = "" if load_at_start is None else f" Load average (1 min) at the start: {load_at_start:.1f}, at the end: {os.getloadavg()[0]:.1f}."
    body = [title, "", f"Machine: {machine()}. Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + "." + load, ""]
    body += lines + [""]
    if identical is not None:
        body.append(f"Outputs with --memory {a.memory} byte-identical to the in-memory ones: {'yes' if identical else 'NO'}.")
        body.append("")
    if peers:
        body.append(f"Agreement with Vantage: {mismatches} mismatching cells in {checks} of {checks} comparisons "
                    f"({', '.join(job_list)}, per peer)." + ("" if not notes else " " + "; ".join(notes) + "."))
    else:
        body.append("No peer installed: Vantage alone (pip install duckdb polars to compare).")
    text = "\n".join(body) + "\n"
    print()
    print(text)
    if a.append:
        with open(a.append, "a") as f:
            f.write("\n" + text)
        print(f"appended to {a.append}", file=sys.stderr)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
