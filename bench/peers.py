"""The peers watching the same fleet: postgres_exporter, redis_exporter and blackbox_exporter (Debian packages), the
latter two in multi-target mode, scraped by this harness every interval for every environment, as Prometheus would."""
import concurrent.futures
import os
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

from fleet import free_port, http_get, key, wait_for

BLACKBOX = """modules:
  openai:
    prober: http
    timeout: 5s
    http: {{headers: {{Authorization: "Bearer {openai}"}}}}
  anthropic:
    prober: http
    timeout: 5s
    http: {{headers: {{x-api-key: "{anthropic}", anthropic-version: "2023-06-01"}}}}
  openrouter:
    prober: http
    timeout: 5s
    http: {{headers: {{Authorization: "Bearer {openrouter}"}}}}
"""


class Exporters:
    def __init__(self, work, pg, redis, providers, n):
        self.work = Path(work)
        self.pg, self.redis, self.providers, self.n = pg, redis, providers, n
        self.procs = {}
        self.ports = {}
        log = open(self.work / "exporters.log", "ab")
        p = self.ports["postgres_exporter"] = free_port()
        # This version (0.11) has no multi-target /probe, and several DSNs of one server collide on its `server` label:
        # one process discovers the fleet's databases on the server and queries each on every scrape of /metrics.
        pg_env = dict(os.environ, DATA_SOURCE_NAME=self.dsn("env1"))
        self.procs["postgres_exporter"] = subprocess.Popen(
            ["prometheus-postgres-exporter", f"--web.listen-address=127.0.0.1:{p}", "--auto-discover-databases",
             "--include-databases=" + ",".join(f"env{i}" for i in range(1, n + 1))], env=pg_env, stdout=log, stderr=log)
        p = self.ports["redis_exporter"] = free_port()
        self.procs["redis_exporter"] = subprocess.Popen(
            ["prometheus-redis-exporter", "-web.listen-address", f"127.0.0.1:{p}", "-redis.addr", ""], stdout=log, stderr=log)
        p = self.ports["blackbox_exporter"] = free_port()
        # blackbox modules carry fixed headers: one key per provider (env1's), where driftwatch sends each env's own.
        cfg = self.work / "blackbox.yml"
        cfg.write_text(BLACKBOX.format(**{x: key("env1", x) for x in ("openai", "anthropic", "openrouter")}))
        self.procs["blackbox_exporter"] = subprocess.Popen(
            ["prometheus-blackbox-exporter", f"--config.file={cfg}", f"--web.listen-address=127.0.0.1:{p}"], stdout=log, stderr=log)
        for name, port in self.ports.items():
            wait_for(name, lambda port=port: http_get(f"http://127.0.0.1:{port}/", 2)[0] == 200, timeout=30)
        self.scrapes = 0
        self.failures = 0
        self.durations = []
        self.pg_durations = []  # postgres_exporter: one scrape per interval covers every database
        self._stop = threading.Event()

    def dsn(self, db):
        return f"postgresql://postgres@127.0.0.1:{self.pg.port}/{db}?sslmode=disable"

    def targets(self, env):
        q = urllib.parse.quote
        pe, re_, bb = self.ports["postgres_exporter"], self.ports["redis_exporter"], self.ports["blackbox_exporter"]
        out = [f"http://127.0.0.1:{pe}/metrics"] if env == "env1" else []
        out += [f"http://127.0.0.1:{re_}/scrape?target={q(f'redis://127.0.0.1:{self.redis.port}', safe='')}"]
        for prov, path in (("openai", "/models"), ("anthropic", "/v1/models?limit=1"), ("openrouter", "/key")):
            out.append(f"http://127.0.0.1:{bb}/probe?module={prov}&target={q(self.providers.base(prov) + path, safe='')}")
        return out

    def check(self):
        """One scrape of every kind for env1: each must answer 200 with the metrics that show it reached the target."""
        bodies = [http_get(u, 600) for u in self.targets("env1")]
        assert all(s == 200 for s, _ in bodies), [s for s, _ in bodies]
        assert b"pg_up 1" in bodies[0][1] and b"pg_exporter_last_scrape_error 0" in bodies[0][1], bodies[0][1][:300]
        assert b"redis_up 1" in bodies[1][1], bodies[1][1][:300]
        for s, b in bodies[2:]:
            assert b"probe_success 1" in b, b[:300]

    def scrape_loop(self, interval):
        """Every interval, every target of every environment, spread evenly over the interval (Prometheus does the same)."""
        def one(url):
            t = time.monotonic()
            try:
                status, _ = http_get(url, 10 * interval)
                ok = status == 200
            except Exception:
                ok = False
            (self.pg_durations if "/metrics" in url else self.durations).append(time.monotonic() - t)
            self.scrapes += 1
            self.failures += 0 if ok else 1

        def loop():
            urls = [u for i in range(1, self.n + 1) for u in self.targets(f"env{i}")]
            with concurrent.futures.ThreadPoolExecutor(16) as pool:
                while not self._stop.is_set():
                    start = time.monotonic()
                    for k, u in enumerate(urls):
                        due = start + interval * k / len(urls)
                        delay = due - time.monotonic()
                        if delay > 0 and self._stop.wait(delay):
                            return
                        pool.submit(one, u)
                    rest = start + interval - time.monotonic()
                    if rest > 0 and self._stop.wait(rest):
                        return

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()

    def pids(self):
        return {name: p.pid for name, p in self.procs.items()}

    def stop(self):
        self._stop.set()
        for p in self.procs.values():
            p.terminate()
        for p in self.procs.values():
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
