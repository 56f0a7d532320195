#!/usr/bin/python3
"""Helpers of bench/run.sh: config files, wrk output, the result table and the JFR summary. Prints, asserts nothing."""
import collections
import json
import os
import re
import statistics
import subprocess
import sys

# The demo user admin / demo-admin (src/main/resources/demo/config.yaml): a bcrypt hash of cost 10.
ADMIN_HASH = "$2y$10$VdtBqHAntM0UX8J4k.CjUeBXdtJ/noiNPsohQ7YWiOblnwXbwDsDG"


def config(vms, convention):
    """A config.yaml with one chassis and `vms` simulated VMs, all running (vm-00000 ...)."""
    lines = [f'system_id_convention: "{convention}"',
             "chassis:", '  - name: "bench"', '    namespace: "bench"',
             "authentication:", "  users:", '    - username: "admin"',
             f'      password: {{hash: "{ADMIN_HASH}"}}', '      chassis: ["bench"]',
             "simulator:", "  vms:"]
    for i in range(vms):
        mac = f"02:00:00:{i >> 16 & 255:02x}:{i >> 8 & 255:02x}:{i & 255:02x}"
        lines.append(f'    - {{namespace: bench, name: vm-{i:05d}, cpus: 2, memory: 4Gi, macs: ["{mac}"], '
                     f'run_strategy: Always}}')
    print("\n".join(lines))


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def millis(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS[m.group(2)]


def wrk(path):
    """One wrk --latency output as: rps p50_ms p99_ms requests non2xx socket_errors."""
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    p50 = re.search(r"\s50%\s+(\S+)", text)
    p99 = re.search(r"\s99%\s+(\S+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    print(rps, millis(p50.group(1)) if p50 else "nan", millis(p99.group(1)) if p99 else "nan", requests,
          int(non2xx.group(1)) if non2xx else 0, sum(map(int, errors.groups())) if errors else 0)


THREAD_GROUPS = [("request", re.compile(r"^Default Executo")), ("jit", re.compile(r"^C[12] CompilerThre")),
                 ("gc", re.compile(r"^(GC Thread|G1 |VM Thread|VM Periodic)"))]


def ticks(pids):
    """CPU ticks of the processes as JSON: the total, and per thread of a single process its group and ticks."""
    snapshot = {"total": 0, "threads": {}}
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        snapshot["total"] += int(fields[11]) + int(fields[12])
        if len(pids) > 1:
            continue  # nginx: master and workers, no threads to tell apart
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/comm") as f:
                    name = f.read().strip()
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            group = next((g for g, pattern in THREAD_GROUPS if pattern.search(name)), "other")
            snapshot["threads"][tid] = [group, int(fields[11]) + int(fields[12])]
    print(json.dumps(snapshot))


def tick_delta(before_path, after_path):
    """Ticks between two snapshots: total, request threads, JIT, GC. A thread that started during the run counts
    from zero; one that ended during it (Liberty's pool shrinks) counts in the total only."""
    before, after = json.load(open(before_path)), json.load(open(after_path))
    groups = collections.Counter()
    for tid, (group, t) in after["threads"].items():
        groups[group] += t - before["threads"].get(tid, [group, 0])[1]
    print(after["total"] - before["total"], groups["request"], groups["jit"], groups["gc"])


def rng(values, fmt):
    values = [v for v in values if v == v]
    if not values:
        return "-"
    lo, hi = min(values), max(values)
    return fmt(lo) if fmt(lo) == fmt(hi) else f"{fmt(lo)}–{fmt(hi)}"


def table(path, ticks_per_second, target="service"):
    """results.tsv: scenario round target rps p50 p99 requests non2xx errors cpu_ticks."""
    rows = collections.defaultdict(lambda: collections.defaultdict(dict))
    order = []
    for line in open(path):
        scenario, rnd, who, rps, p50, p99, requests, non2xx, errors, *cpu = line.rstrip("\n").split("\t")
        if scenario not in order:
            order.append(scenario)
        per_request = [int(t) / ticks_per_second * 1e6 / max(1, int(requests)) for t in cpu]
        rows[scenario][rnd][who] = dict(rps=float(rps), p50=float(p50), p99=float(p99), cpu=per_request[0],
                                           request=per_request[1], jit=per_request[2], gc=per_request[3],
                                           bad=int(non2xx) + int(errors))

    def num(v):
        return f"{v:,.0f}" if v >= 100 else f"{v:.3g}"

    def median(values):
        return num(statistics.median(values)) if values else "-"

    print("| what | rps | p50 ms | p99 ms | CPU µs/request | of which request threads / JIT / GC (medians) "
          "| rps ÷ nginx | CPU ÷ nginx | CPU ÷ floor | nginx rps | nginx CPU µs | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for scenario in order:
        rounds = [r for r in rows[scenario].values() if target in r and "nginx" in r]
        if not rounds:
            continue
        s = [r[target] for r in rounds]
        n = [r["nginx"] for r in rounds]
        floor = [r for r in rounds if "floor" in r]
        print(f"| {scenario} | {rng([x['rps'] for x in s], num)} | {rng([x['p50'] for x in s], num)} "
              f"| {rng([x['p99'] for x in s], num)} | {rng([x['cpu'] for x in s], num)} "
              f"| {median([x['request'] for x in s])} / {median([x['jit'] for x in s])} / "
              f"{median([x['gc'] for x in s])} "
              f"| {rng([r[target]['rps'] / r['nginx']['rps'] for r in rounds], lambda v: f'{v:.3f}')} "
              f"| {rng([r[target]['cpu'] / max(r['nginx']['cpu'], 1e-9) for r in rounds], lambda v: f'{v:.1f}')} "
              f"| {rng([r[target]['cpu'] / max(r['floor']['cpu'], 1e-9) for r in floor], lambda v: f'{v:.2f}')} "
              f"| {rng([x['rps'] for x in n], num)} | {rng([x['cpu'] for x in n], num)} "
              f"| {sum(x['bad'] for x in s)} |")


def frame_name(frame):
    method = frame.get("method", {})
    return f"{method.get('type', {}).get('name', '?').replace('/', '.')}.{method.get('name', '?')}"


INTERESTING = [
    ("MicroProfile Config lookups", re.compile(r"io\.smallrye\.config\.|ConfigImpl\.getOptionalValue|SysPropConfigSource")),
    ("LTPA token (create/sign)", re.compile(r"ltpa|LTPA|Ltpa")),
    ("container login (Jakarta Security notifyContainerAboutLogin)", re.compile(r"notifyContainerAboutLogin|JaspiServiceImpl\.(handleCallbacks|authenticate)")),
    ("authentication cache", re.compile(r"AuthCacheServiceImpl|authentication\.cache")),
    ("bcrypt", re.compile(r"at\.favre\.lib\.crypto\.bcrypt")),
    ("request-log line (java.util.logging on the request thread)", re.compile(r"RequestLogServletFilter\.write")),
    ("log file write (FileLogHolder)", re.compile(r"FileLogHolder")),
    ("Allow header and route template (Routes)", re.compile(r"org\.kubevirtredfish\.resource\.Routes\.")),
    ("JSON of the ComputerSystem (Jackson)", re.compile(r"com\.fasterxml\.jackson\.databind\.ObjectMapper\.write")),
    ("ExposedSystems", re.compile(r"org\.kubevirtredfish\.kubevirt\.ExposedSystems\.")),
]


def jfr(path):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    top = collections.Counter()
    inclusive = collections.Counter()
    ours = collections.Counter()
    samples = 0
    for e in events:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        samples += 1
        top[frame_name(frames[0])] += 1
        names = {frame_name(f) for f in frames}
        for label, pattern in INTERESTING:
            if any(pattern.search(n) for n in names):
                inclusive[label] += 1
        for n in names:
            if n.startswith("org.kubevirtredfish."):
                ours[n] += 1
    print(f"{samples} execution samples\n")
    print("| share of samples (inclusive) | what |\n|---|---|")
    for label, _ in INTERESTING:
        print(f"| {100 * inclusive[label] / max(samples, 1):.1f} % | {label} |")
    print("\n| share (top frame) | method |\n|---|---|")
    for name, count in top.most_common(15):
        print(f"| {100 * count / max(samples, 1):.1f} % | `{name}` |")
    print("\n| share (inclusive) | method of the service |\n|---|---|")
    for name, count in ours.most_common(10):
        print(f"| {100 * count / max(samples, 1):.1f} % | `{name}` |")
    monitors = subprocess.run(["jfr", "print", "--json", "--events", "jdk.JavaMonitorEnter", path],
                              capture_output=True, text=True, check=True).stdout
    contended = collections.Counter(
        (e["values"].get("monitorClass") or {}).get("name", "?").replace("/", ".") for e in json.loads(monitors)["recording"]["events"])
    if contended:
        print("\n| contended monitor enters (JFR threshold) | monitor class |\n|---|---|")
        for name, count in contended.most_common(8):
            print(f"| {count} | `{name}` |")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "config":
        config(int(sys.argv[2]), sys.argv[3])
    elif command == "ticks":
        ticks(sys.argv[2:])
    elif command == "tick-delta":
        tick_delta(sys.argv[2], sys.argv[3])
    elif command == "wrk":
        wrk(sys.argv[2])
    elif command == "table":
        table(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "service")
    elif command == "jfr":
        jfr(sys.argv[2])
    else:
        sys.exit(f"unknown command {command}")
