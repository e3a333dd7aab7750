#!/usr/bin/env python3
"""Alternates two published omk builds (e.g. main's and a branch's) in one loop: omk --version, omk proof with 5 `true`
gates (--no-reuse), omk proof with every gate reused and a warm omk gates list over two gate scripts (one #load), each
omk with its own state and cache directory, in a scratch repository with one commit. Medians of wall time and CPU time (user + system, children included).

    python3 benchmarks/compare-omk.py MAIN/omk.dll BRANCH/omk.dll [ROUNDS]

Publish each with `dotnet publish src/Omk.Cli -c Release -f net10.0 -o DIR` (benchmarks/run.sh does it for its own
tree into benchmarks/Omk.Benchmarks/bin/Release/omk-published)."""
import os, resource, statistics, subprocess, sys, tempfile, time

main_dll, branch_dll = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
work = tempfile.mkdtemp(prefix="omk-spawn-alt-")
repo = os.path.join(work, "repo")
os.makedirs(repo)
def git(*a): subprocess.run(["git", *a], cwd=repo, check=True, stdout=subprocess.DEVNULL)
git("init", "-q", "-b", "main"); git("config", "user.email", "b@omk.invalid"); git("config", "user.name", "b")
open(os.path.join(repo, "README.md"), "w").write("bench\n")
os.makedirs(os.path.join(repo, "gates", "lib"))
open(os.path.join(repo, "gates", "build.fsx"), "w").write('open Omk.Gates\n\ngate "build" { run "dotnet build"; tag "build" }\n')
open(os.path.join(repo, "gates", "lib", "names.fsx"), "w").write('module Names\n\nlet test = "test"\n')
open(os.path.join(repo, "gates", "quality.fsx"), "w").write(
    '#load "lib/names.fsx"\nopen Omk.Gates\n\ngate Names.test { run "dotnet test --no-build"; dependsOn "build" }\n')
git("add", "-A"); git("commit", "-qm", "init")
gates = [x for i in range(1, 6) for x in ("--gate", f"g{i}=true")]

def env_for(tag):
    e = dict(os.environ); e["OMK_CACHE_DIR"] = os.path.join(work, "cache-" + tag); return e

def run(args, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(["dotnet", *args], cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = (time.perf_counter() - t) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0: sys.exit(f"failed: {args}: {r.stderr.decode()}")
    cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000
    return wall, cpu

cases = [("`omk --version` (this branch)", [branch_dll, "--version"], "b")]
for tag, dll in (("main", main_dll), ("branch", branch_dll)):
    cases.append((f"`omk proof`, 5 `true` gates, `--no-reuse` ({tag})", [dll, "proof", "--no-reuse", "--state-dir", os.path.join(work, "state-" + tag), *gates], tag))
for tag, dll in (("main", main_dll), ("branch", branch_dll)):
    cases.append((f"`omk proof`, all 5 gates reused ({tag})", [dll, "proof", "--state-dir", os.path.join(work, "state-" + tag), *gates], tag))
for tag, dll in (("main", main_dll), ("branch", branch_dll)):
    cases.append((f"`omk gates list`, warm ({tag})", [dll, "gates", "list"], tag))
for _, args, tag in cases: run(args, env_for(tag))  # warm-up; stores the passed results the reusing runs read, compiles the scripts
samples = {name: [] for name, _, _ in cases}
for _ in range(rounds):
    for name, args, tag in cases:
        samples[name].append(run(args, env_for(tag)))
load = os.getloadavg()
base_wall = statistics.median(w for w, _ in samples[cases[0][0]])
base_cpu = statistics.median(c for _, c in samples[cases[0][0]])
print(f"{rounds} rounds, cases alternating; load average at the end {load[0]:.1f} / {load[1]:.1f}")
print("| case | wall time | CPU time | wall vs `omk --version` | CPU vs `omk --version` |")
print("|---|---|---|---|---|")
for name, _, _ in cases:
    w = statistics.median(x for x, _ in samples[name]); c = statistics.median(y for _, y in samples[name])
    print(f"| {name} | {w:.1f} ms | {c:.1f} ms | {w / base_wall:.2f}× | {c / base_cpu:.2f}× |")
