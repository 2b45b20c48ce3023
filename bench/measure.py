"""Process figures from /proc and ss, and driftwatch's own figures from its Prometheus endpoint."""
import os
import re
import subprocess
import threading
import time

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def threads(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


def tcp_connections(pids):
    """Established TCP connections per process id (ss -tnp)."""
    out = subprocess.run(["ss", "-Htnp", "state", "established"], capture_output=True, text=True).stdout
    counts = {p: 0 for p in pids}
    for line in out.splitlines():
        for pid in re.findall(r"pid=(\d+)", line):
            if int(pid) in counts:
                counts[int(pid)] += 1
    return counts


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Sampler:
    """Samples RSS, threads and connections of named processes every second while running; CPU from start to stop."""

    def __init__(self, pids):
        self.pids = dict(pids)
        self.samples = {n: [] for n in self.pids}
        self.loads = []
        self.died = set()
        self._stop = threading.Event()

    def start(self):
        self.cpu0 = {n: cpu_seconds(p) for n, p in self.pids.items()}
        self.t0 = time.monotonic()
        threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self):
        k = 0
        while not self._stop.wait(1):
            conns = tcp_connections(self.pids.values()) if k % 5 == 0 else None
            for n, p in self.pids.items():
                try:
                    s = {"rss": rss_mib(p), "threads": threads(p)}
                except (FileNotFoundError, ProcessLookupError):
                    self.died.add(n)  # killed (the kernel's OOM killer on a full machine) or exited: reported, not sampled
                    continue
                if conns is not None:
                    s["connections"] = conns[p]
                self.samples[n].append(s)
            if k % 5 == 0:
                self.loads.append(load_average())
            k += 1

    def stop(self):
        self._stop.set()
        wall = time.monotonic() - self.t0
        out = {}
        for n, p in self.pids.items():
            ss = self.samples[n]
            conns = [s["connections"] for s in ss if "connections" in s]
            try:
                cpu = round(cpu_seconds(p) - self.cpu0[n], 2)
            except (FileNotFoundError, ProcessLookupError):
                cpu = None
                self.died.add(n)
            out[n] = {"cpu_seconds": cpu, "wall_seconds": round(wall, 1), "died": n in self.died,
                      "rss_mib_max": round(max((s["rss"] for s in ss), default=0), 1),
                      "rss_mib_last": round(ss[-1]["rss"], 1) if ss else 0,
                      "threads_max": max((s["threads"] for s in ss), default=0),
                      "tcp_connections_max": max(conns, default=0)}
        return out


SERIES = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? ([^ ]+)')


def parse_metrics(text, prefixes):
    """{(name, frozenset(labels)): value} for series whose name starts with one of prefixes."""
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(prefixes):
            continue
        m = SERIES.match(line)
        if not m:
            continue
        labels = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        out[(m.group(1), labels)] = float(m.group(4))
    return out


def labels(series_key):
    return dict(series_key[1])


def quantile(values, q):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def bucket_quantile(buckets, q):
    """Upper bound of the histogram bucket holding quantile q; buckets is [(le, cumulative count)]."""
    buckets = sorted(buckets)
    total = buckets[-1][1] if buckets else 0
    if total == 0:
        return None
    for le, c in buckets:
        if c >= q * total:
            return le
    return float("inf")
