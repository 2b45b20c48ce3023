"""driftwatch benchmarks: fleet cost per N beside the exporters, schema check vs psql and pg_dump, the verdict endpoint
vs nginx under wrk, and time to detect each fault class. Run through bench/run.sh (see bench/README.md)."""
import argparse
import datetime
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fleet import (ROOT, Driftwatch, Postgres, Providers, Redis, app_root, environments_yaml, free_port, http_get, key,  # noqa: E402
                   shipped_jvm_options, wait_for)
from measure import Sampler, cpu_seconds, labels, load_average, parse_metrics, quantile  # noqa: E402
from peers import Exporters  # noqa: E402
import scale  # noqa: E402

CONTRACT = ROOT / "config/contracts/local.json"


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="driftwatch-bench-"))
        self.work.chmod(0o755)  # the postgres user (initdb) and nginx workers must reach it
        self.results = {"machine": machine(), "started": utc(), "args": vars(args), "fleet": []}
        # the daemon's JVM options: --jvm, else the ones the project ships (bin/run-local / deploy/jvm.options)
        if args.jvm == ["none"]:
            self.jvm, self.jvm_from = [], "--jvm=none (the JVM's defaults)"
        elif args.jvm:
            self.jvm, self.jvm_from = args.jvm, "--jvm"
        else:
            self.jvm, self.jvm_from = shipped_jvm_options(app_root(args.app))
        self.results["jvm_options"] = {"options": self.jvm, "from": self.jvm_from}
        log(f"daemon JVM options {self.jvm} ({self.jvm_from})")
        needs = [10] + (args.sizes if "fleet" in args.phases else [])  # time to detect runs at N=10
        needs += [int(args.hung.split("/")[0])] if "hung" in args.phases else []
        needs += [min(n, args.max_databases) for n, _ in args.shard_runs] if "shards" in args.phases else []
        fleet = self.databases = max(needs)  # larger files reuse these databases round robin
        self.pg = Postgres(self.work, max_connections=2 * fleet + 100, databases=fleet)
        t = time.monotonic()
        self.pg.create_fleet(fleet)
        self.results["fleet_setup_seconds"] = round(time.monotonic() - t, 1)
        log(f"fleet of {fleet} databases ready in {self.results['fleet_setup_seconds']} s")
        self.redis = Redis(self.work)
        self.providers = Providers(self.work)
        self.running = []  # daemons and exporters: stopped in close() even when a phase fails
        self.cleanup = []  # further servers (the hung phase's PostgreSQL)

    def config(self, n, interval, overrides=None):
        path = self.work / "driftwatch.yaml"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(environments_yaml(n, self.pg, self.redis, self.providers, interval, self.args.timeout, CONTRACT, overrides))
        tmp.replace(path)
        return path

    def daemon(self, n, interval):
        # The provider minimum interval is set below the check interval (80%): with the runner's +-10% jitter, a
        # minimum interval equal to the check interval would make every other run report the cached answer.
        return self.started(Driftwatch(self.work, self.config(n, interval), f"{int(interval * 800)}ms", self.jvm, self.args.app))

    def started(self, process):
        self.running.append(process)
        return process

    # ---- 1 and 2: fleet cost, beside the exporters --------------------------------------------------------------
    def fleet(self, n):
        interval, k = self.args.interval, self.args.intervals
        log(f"fleet N={n}: interval {interval}s, {k} measured intervals")
        dw = self.daemon(n, interval)
        ex = self.started(Exporters(self.work, self.pg, self.redis, self.providers, n))
        ex.check()
        ex.scrape_loop(interval)
        checks = 5 * n
        wait_for("every check's first run", lambda: ran(dw) >= checks, timeout=3 * interval + 60, every=1)
        # Steady state: connections open, caches warm, and the JIT compiler done with the hot code (its C2 threads
        # were still compiling three minutes after the start at N = 1000, RESULTS.md round 5). The settling
        # intervals' CPU and RSS are reported too ("warmup"), so a costly start is not hidden.
        settle = self.args.settle
        warm = Sampler({"driftwatch": dw.proc.pid, **ex.pids()})
        warm.start()
        time.sleep(settle * interval)
        warm_procs = warm.stop()
        m0 = parse_metrics(dw.metrics(), ("driftwatch_check",))
        scrapes0, prov0 = ex.scrapes, self.providers.requests
        sampler = Sampler({"driftwatch": dw.proc.pid, **ex.pids()})
        load_before = load_average()
        backends0 = self.backend_cpu()
        sampler.start()
        ages, covered, prev, scrapes, unknown, durations_seen = [], [], m0, [], [], {}
        for _ in range(k):
            time.sleep(interval)
            text, seconds, size = dw.timed_metrics()  # as Prometheus would scrape it, inside the measured window
            now = time.time()
            scrapes.append((round(seconds, 3), size))
            unknown.append(len(scale.unknown_now(text)))
            cur = parse_metrics(text, ("driftwatch_check", "jvm_", "process_"))
            ages += [now - v for (name, _), v in cur.items() if name == "driftwatch_check_last_run_timestamp_seconds"]
            runs_at = {s: v for s, v in cur.items() if s[0] == "driftwatch_check_last_run_timestamp_seconds"}
            covered.append(sum(1 for s, v in runs_at.items() if v > prev.get(s, 0)) / checks)
            for s, v in cur.items():
                if s[0] == "driftwatch_check_duration_seconds":
                    durations_seen.setdefault(labels(s)["check"], []).append(v)
            prev = cur
        procs = sampler.stop()
        backends1 = self.backend_cpu()
        row = {"n": n, "interval_s": interval, "intervals": k, "checks": checks, "load_before": load_before,
               "load_samples": sampler.loads, "processes": procs,
               "warmup": {"intervals": settle, "seconds_from_first_runs": round(settle * interval),
                          "cpu_ms_per_env_interval": {name: round(1000 * p["cpu_seconds"] / (n * settle), 2) for name, p in warm_procs.items()},
                          "rss_mib_max": {name: p["rss_mib_max"] for name, p in warm_procs.items()}}}
        row["driftwatch"] = summarize_driftwatch(prev, procs["driftwatch"], checks, ages, covered, durations_seen)
        bound = scale.age_bound(interval)
        row["driftwatch"].update({
            "jvm_options": self.jvm, "age_bound_s": round(bound, 2),
            "share_age_within_bound": round(sum(1 for a in ages if a <= bound) / len(ages), 4) if ages else None,
            "metrics_scrape_s": [s for s, _ in scrapes], "metrics_scrape_s_max": max(s for s, _ in scrapes),
            "metrics_bytes": scrapes[-1][1], "unknown_per_boundary": unknown,
            # after the window (one GET per environment, not counted in its CPU): the latest unknowns by reason
            "unknown_reasons": scale.unknown_reasons(dw, [f"env{i}" for i in range(1, n + 1)])})
        rs = row["driftwatch"]["unknown_reasons"]["by_reason"]
        row["driftwatch"]["unknown_daemon_caused"] = sum(rs.get(c, 0) for c in ("no_worker_free", "queued", "timed_out", "previous_run_hung"))
        scrapes = ex.scrapes - scrapes0
        ex_cpu = sum(procs[x]["cpu_seconds"] for x in ex.pids())
        ex_rss = sum(procs[x]["rss_mib_max"] for x in ex.pids())
        row["exporters"] = {"scrapes": scrapes, "scrape_failures": ex.failures, "cpu_seconds": round(ex_cpu, 2),
                            "rss_mib_max_sum": round(ex_rss, 1),
                            "cpu_ms_per_env_interval": round(1000 * ex_cpu / (n * k), 2),
                            "scrape_p50_ms": ms(quantile(ex.durations, .5)), "scrape_p99_ms": ms(quantile(ex.durations, .99)),
                            "postgres_exporter_scrape_s": [round(d, 2) for d in ex.pg_durations]}
        d = row["driftwatch"]
        row["ratios"] = {"cpu_driftwatch_over_exporters": round(procs["driftwatch"]["cpu_seconds"] / ex_cpu, 2) if ex_cpu else None,
                         "rss_driftwatch_over_exporters": round(procs["driftwatch"]["rss_mib_max"] / ex_rss, 2) if ex_rss else None}
        row["provider_requests"] = self.providers.requests - prov0
        # PostgreSQL's side: CPU of the backends serving each client (by application_name), alive through the window
        row["postgres_backend_cpu_s"] = {app: round(sum(backends1[pid][1] - c for pid, (a, c) in backends0.items()
                                                        if a == app and pid in backends1), 2)
                                         for app in sorted({a for a, _ in backends0.values()})}
        log(f"N={n}: driftwatch cpu {d['cpu_ms_per_check']} ms/check, rss {procs['driftwatch']['rss_mib_max']} MiB, "
            f"age p99 {d['age_p99_s']} s, coverage min {d['coverage_min']}; ratios {row['ratios']}")
        ex.stop()
        if n == min(self.args.sizes):
            self.verdict_vs_nginx(dw)
        dw.stop()
        self.results["fleet"].append(row)
        self.save()

    def backend_cpu(self):
        """{backend pid: (application_name, CPU seconds)} of the client backends of the private PostgreSQL."""
        out = {}
        rows = self.pg.psql("postgres", "-tA", "-F", "|", "-c",
                            "SELECT pid, coalesce(nullif(application_name, ''), 'unnamed') FROM pg_stat_activity WHERE backend_type = 'client backend'")
        for line in rows.splitlines():
            pid, app = line.split("|", 1)
            try:
                out[int(pid)] = (app, cpu_seconds(int(pid)))
            except (FileNotFoundError, ProcessLookupError):
                pass
        return out

    # ---- 3: the verdict endpoint under wrk, beside nginx serving the same body ---------------------------------
    def verdict_vs_nginx(self, dw):
        path = "/api/v1/environments/env1/verdict"
        status, body = http_get(dw.url(path))
        www = self.work / "www" / "api/v1/environments/env1"
        www.mkdir(parents=True)
        (www / "verdict").write_bytes(body)
        port = free_port()
        conf = self.work / "nginx.conf"
        conf.write_text(f"""user root; worker_processes auto; pid {self.work}/nginx.pid; error_log {self.work}/nginx.err;
events {{ worker_connections 1024; }}
http {{ access_log off; default_type application/json; keepalive_requests 1000000;
  server {{ listen 127.0.0.1:{port}; root {self.work}/www; }} }}
""")
        nginx = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"])
        wait_for("nginx", lambda: http_get(f"http://127.0.0.1:{port}{path}", 2)[0] == 200, timeout=20)
        out = {"status": status, "body_bytes": len(body), "load_before": load_average()}
        for name, url in (("driftwatch", dw.url(path)), ("nginx", f"http://127.0.0.1:{port}{path}")):
            wrk(url, max(1, self.args.wrk_seconds // 4))  # warm-up (the JVM compiles the hot path), not reported
            out[name] = wrk(url, self.args.wrk_seconds)
        nginx.terminate()
        nginx.wait()
        out["load_after"] = load_average()
        out["throughput_ratio"] = round(out["driftwatch"]["requests_per_s"] / out["nginx"]["requests_per_s"], 3)
        log(f"verdict endpoint: {out}")
        self.results["verdict_endpoint"] = out
        self.save()

    # ---- 2b: the schema check against the raw catalog query in psql and pg_dump + diff --------------------------
    def schema_vs_psql(self):
        log("schema check vs psql and pg_dump")
        reps = self.args.reps_schema
        source = (ROOT / "src/main/resources/dev/driftwatch/schema/catalog.sql").read_text()
        query = source.replace("$1::text[]", "ARRAY['public']").replace("$2::text[]", "ARRAY['anon', 'authenticated', 'service_role']")
        if "$" in query:
            raise RuntimeError("catalog.sql has a parameter the schema phase does not fill in")
        script = self.work / "catalog.sql"
        script.write_text("\\o /dev/null\n\\timing on\n" + (query.rstrip() + ";\n") * (reps + 5))
        out = self.pg.psql("env1", "-f", str(script))
        times = [float(t) for t in re.findall(r"Time: ([\d.]+) ms", out)][5:]
        res = {"load_before": load_average(),
               "psql_catalog_query_ms": {"p50": round(quantile(times, .5), 2), "min": round(min(times), 2), "samples": len(times)}}
        dumpdir = self.work / "dump"
        dumpdir.mkdir(exist_ok=True)
        base = f"pg_dump --schema-only -h 127.0.0.1 -p {self.pg.port} -U postgres"
        subprocess.run(f"{base} -d env2 -f {dumpdir}/expected.sql", shell=True, check=True)
        cmd = f"{base} -d env1 -f {dumpdir}/live.sql && diff -q -I '^.unrestrict \|^.restrict ' {dumpdir}/expected.sql {dumpdir}/live.sql"
        hf = self.work / "hyperfine.json"
        (self.work / "one.sql").write_text("\\o /dev/null\n" + query.rstrip() + ";\n")
        one_shot = f"psql -X -h 127.0.0.1 -p {self.pg.port} -U postgres -d env1 -f {self.work}/one.sql"
        subprocess.run(["hyperfine", "--warmup", "2", "--runs", str(reps), "--export-json", str(hf), cmd, one_shot],
                       check=True, capture_output=True, text=True)
        runs = json.loads(hf.read_text())["results"]
        res["pg_dump_plus_diff_ms"] = {"median": round(runs[0]["median"] * 1000, 1), "command": cmd}
        res["psql_one_shot_with_connect_ms"] = {"median": round(runs[1]["median"] * 1000, 1)}
        # driftwatch's own steady-state duration of the same check: one environment, checked every second
        dw = self.started(Driftwatch(self.work, self.config(1, 1), "800ms", self.jvm, self.args.app))
        seen = {}
        deadline = time.time() + reps * 2 + 60
        while len(seen) < reps + 5 and time.time() < deadline:
            _, b = http_get(dw.url("/api/v1/environments/env1"))
            for c in json.loads(b)["checks"]:
                o = c.get("observation")
                if c["kind"] == "schema" and o:
                    seen[o["observedAt"]] = (o["durationSeconds"] * 1000, o["outcome"])
            time.sleep(0.5)
        dw.stop()
        samples = [d for _, (d, outcome) in sorted(seen.items())][5:]
        res["driftwatch_schema_check_ms"] = {"p50": round(quantile(samples, .5), 2), "min": round(min(samples), 2),
                                             "samples": len(samples), "outcomes": sorted({v[1] for v in seen.values()})}
        res["ratio_driftwatch_over_psql_p50"] = round(res["driftwatch_schema_check_ms"]["p50"] / res["psql_catalog_query_ms"]["p50"], 2)
        res["ratio_pg_dump_diff_over_driftwatch_p50"] = round(res["pg_dump_plus_diff_ms"]["median"] / res["driftwatch_schema_check_ms"]["p50"], 2)
        log(f"schema: {res}")
        self.results["schema_check"] = res
        self.save()

    # ---- 4: time to detect each fault class -----------------------------------------------------------------------
    def detect(self):
        n, interval, reps = 10, self.args.detect_interval, self.args.reps_detect
        log(f"time to detect: N={n}, interval {interval}s, {reps} repetitions")
        dw = self.daemon(n, interval)
        envs = [f"env{i}" for i in range(1, n + 1)]
        wait_for("all pass", lambda: all(verdict(dw, e) == "pass" for e in envs), timeout=3 * interval + 30, every=0.5)
        table, column, ctype = pick_column(self.pg)
        per_env = envs[:3]
        faults = {
            "dropped_column": (per_env, ("schema", "public"),
                               lambda es: [self.pg.psql(e, "-c", f'ALTER TABLE public.{table} DROP COLUMN {column}') for e in es],
                               lambda es: [self.pg.psql(e, "-c", f'ALTER TABLE public.{table} ADD COLUMN {column} {ctype}') for e in es]),
            "revoked_key": (per_env, ("provider", "openai"),
                            lambda es: self.providers.revoked.update(key(e, "openai") for e in es),
                            lambda es: self.providers.revoked.difference_update(key(e, "openai") for e in es)),
            "redis_stopped": (envs, ("ratelimit", "redis"), lambda es: self.redis.stop(), lambda es: self.redis.start()),
            "redis_frozen": (envs, ("ratelimit", "redis"), lambda es: self.redis.freeze(), lambda es: self.redis.resume()),
            "placeholder_url": (per_env, ("ratelimit", "redis"),
                                lambda es: self.config(n, interval, {e: {"redis": "redis://your-redis.example.com:6379"} for e in es}),
                                lambda es: self.config(n, interval)),
        }
        out = {"n": n, "interval_s": interval, "limiter_timeout_s": 2, "check_timeout_s": self.args.timeout,
               "load_before": load_average(), "faults": {}}
        for name, (targets, check, inject, revert) in faults.items():
            verdict_s, metric_s = [], []
            for _ in range(reps):
                watch = Watch(dw, targets, check)
                t0 = watch.start()
                inject(targets)
                got = watch.wait(interval * 2 + self.args.timeout + 10)
                verdict_s += [round(v - t0, 3) for v, _ in got.values() if v]
                metric_s += [round(m - t0, 3) for _, m in got.values() if m]
                revert(targets)
                wait_for("recovery", lambda: all(verdict(dw, e) == "pass" for e in envs), timeout=3 * interval + 30, every=0.2)
            out["faults"][name] = {"samples": len(verdict_s), "expected": reps * len(targets),
                                   "verdict_s": spread(verdict_s), "metric_s": spread(metric_s)}
            log(f"detect {name}: {out['faults'][name]}")
        dw.stop()
        out["load_after"] = load_average()
        self.results["detection"] = out
        self.save()

    def save(self):
        self.args.out.mkdir(parents=True, exist_ok=True)
        (self.args.out / "results.json").write_text(json.dumps(self.results, indent=2, default=str))

    def close(self):
        for f in [p.stop for p in self.running] + self.cleanup + [self.redis.resume, self.redis.stop, self.providers.stop, self.pg.stop]:
            try:
                f()
            except Exception:
                pass
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)


class Watch:
    """Polls each environment's verdict and /q/metrics every 50 ms; records when each first leaves pass / up=1."""

    def __init__(self, dw, envs, check):
        self.dw, self.envs, self.check = dw, envs, check
        self.first = {e: [None, None] for e in envs}
        self._stop = threading.Event()

    def start(self):
        for e in self.envs:
            threading.Thread(target=self._verdicts, args=(e,), daemon=True).start()
        threading.Thread(target=self._metrics, daemon=True).start()
        time.sleep(0.2)
        return time.time()

    def _verdicts(self, env):
        while not self._stop.wait(0.05):
            if self.first[env][0] is None and verdict(self.dw, env) != "pass":
                self.first[env][0] = time.time()

    def _metrics(self):
        while not self._stop.wait(0.05):
            text = self.dw.metrics()
            now = time.time()
            for s, v in parse_metrics(text, ("driftwatch_check_up",)).items():
                lab = labels(s)
                e = lab.get("environment")
                if e in self.first and self.first[e][1] is None and (lab.get("check"), lab.get("target")) == self.check and v == 0:
                    self.first[e][1] = now

    def wait(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline and not all(v and m for v, m in self.first.values()):
            time.sleep(0.05)
        self._stop.set()
        return self.first


def verdict(dw, env):
    try:
        return json.loads(http_get(dw.url(f"/api/v1/environments/{env}/verdict"), 5)[1])["verdict"]
    except Exception:
        return None


def ran(dw):
    m = parse_metrics(dw.metrics(), ("driftwatch_check_last_run_timestamp_seconds",))
    return sum(1 for v in m.values() if v > 0)


def pick_column(pg):
    """A nullable column without default that no index, constraint or policy depends on: safe to drop and re-add."""
    row = pg.psql("env1", "-tA", "-F", "|", "-c", """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND NOT a.attnotnull
          AND NOT a.atthasdef AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refobjid = c.oid AND d.refobjsubid = a.attnum
                                              AND d.classid <> 'pg_class'::regclass OR d.refobjid = c.oid AND d.refobjsubid = a.attnum AND d.deptype <> 'a')
          AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND a.attnum = ANY (i.indkey))
        ORDER BY c.relname, a.attname LIMIT 1""").strip()
    return row.split("|")


def summarize_driftwatch(m1, proc, checks, ages, covered, durations_seen):
    """durations_seen: per check kind, the latest-run durations (driftwatch_check_duration_seconds) read at each
    measured boundary; runs: the checks whose latest run changed between boundaries (at least one run each)."""
    runs = round(sum(covered) * checks)
    durations = {k: {"p50_ms": ms(quantile(v, .5)), "p99_ms": ms(quantile(v, .99)), "mean_ms": ms(sum(v) / len(v)),
                     "samples": len(v)} for k, v in durations_seen.items() if v}
    outcomes = {}
    for s, v in m1.items():
        if s[0] == "driftwatch_check_outcome" and v == 1:
            outcomes[labels(s)["outcome"]] = outcomes.get(labels(s)["outcome"], 0) + 1
    heap = sum(v for s, v in m1.items() if s[0] == "jvm_memory_used_bytes" and labels(s).get("area") == "heap")
    return {"runs": int(runs), "cpu_ms_per_check": round(1000 * proc["cpu_seconds"] / runs, 3) if runs else None,
            "cpu_ms_per_env_interval": round(1000 * proc["cpu_seconds"] / (checks / 5 * len(covered)), 2),
            "cpu_share_of_one_core": round(proc["cpu_seconds"] / proc["wall_seconds"], 3),
            "heap_used_mib": round(heap / 2 ** 20, 1), "duration_by_check": durations, "outcomes": outcomes,
            "age_p50_s": round(quantile(ages, .5), 2), "age_p99_s": round(quantile(ages, .99), 2), "age_max_s": round(max(ages), 2),
            "coverage_per_interval": [round(c, 4) for c in covered], "coverage_min": round(min(covered), 4)}


def wrk(url, seconds):
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", url], capture_output=True, text=True, check=True).stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    p = {q: float(v) * unit[u] for q, v, u in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)$", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50_ms": p.get("50"),
            "p99_ms": p.get("99"), "non_2xx": int(non2xx.group(1)) if non2xx else 0,
            "command": f"wrk -t2 -c32 -d{seconds}s --latency {url}"}


def spread(values):
    if not values:
        return None
    return {"min": min(values), "p50": quantile(values, .5), "max": max(values)}


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 2)


def utc():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem = next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return {"nproc": int(subprocess.run(["nproc"], capture_output=True, text=True).stdout), "cpu": cpu,
            "memory_gib": round(int(mem) / 2 ** 20, 1), "java": java, "kernel": subprocess.run(["uname", "-r"], capture_output=True, text=True).stdout.strip()}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--sizes", default="10,100,1000")
    p.add_argument("--interval", type=float, default=30)
    p.add_argument("--intervals", type=int, default=3)
    p.add_argument("--settle", type=int, default=3, help="fleet phase: intervals between every check's first run and the measured ones")
    p.add_argument("--timeout", type=int, default=5)
    p.add_argument("--detect-interval", type=float, default=10)
    p.add_argument("--reps-detect", type=int, default=3)
    p.add_argument("--reps-schema", type=int, default=30)
    p.add_argument("--wrk-seconds", type=int, default=20)
    p.add_argument("--phases", default="schema,fleet,detect,small,hung,shards")
    p.add_argument("--jvm", action="append", default=[],
                   help="JVM option for the daemon (repeatable; default: the ones bin/run-local ships; --jvm=none: none)")
    p.add_argument("--small-seconds", type=int, default=20, help="small phase: seconds of wrk -c16")
    p.add_argument("--hung", default="1000/100", help="hung phase: N/H, H of N environments behind the stopped PostgreSQL")
    p.add_argument("--shards", default="300/3,10000/10",
                   help="shards phase: N/S,... one environments file of N in S shards (side by side up to --together-max)")
    p.add_argument("--together-max", type=int, default=1000, help="larger files run their replicas one after another")
    p.add_argument("--replicas", help="one-after-another runs: only these replicas (e.g. 0,4,9)")
    p.add_argument("--shard-intervals", type=int, help="measured intervals per replica in the shards phase (default --intervals)")
    p.add_argument("--max-databases", type=int, default=1000, help="databases built at most; larger files reuse them")
    p.add_argument("--out", type=Path, default=ROOT / "bench/results" / time.strftime("%Y-%m-%d-%H%M%S"))
    p.add_argument("--app", help="the daemon's quarkus-app directory (default target/quarkus-app)")
    p.add_argument("--keep", action="store_true", help="keep the work directory (logs) for inspection")
    p.add_argument("--quick", action="store_true", help="N=3, 5 s interval, one measured interval, one repetition")
    args = p.parse_args()
    if args.quick:
        args.sizes, args.interval, args.intervals, args.detect_interval = "3", 5, 1, 4
        args.reps_detect, args.reps_schema, args.wrk_seconds = 1, 5, 2
        args.small_seconds, args.hung, args.shards = 3, "10/2", "6/3"
    args.sizes = [int(s) for s in str(args.sizes).split(",")]
    args.shard_runs = [tuple(int(x) for x in spec.split("/")) for spec in args.shards.split(",") if spec]
    bench = Bench(args)
    errors = []

    def phase(name, run):
        """A phase that fails (a daemon killed by the OOM killer, a timeout) is recorded and the next phases still run;
        the exit code says that one failed."""
        try:
            run()
        except Exception as e:
            dead = {getattr(p, "log").name: p.proc.returncode for p in bench.running
                    if isinstance(p, Driftwatch) and p.proc.poll() is not None and p.proc.returncode not in (0, -15, 143)}
            why = f"{e!r}" + (f"; daemons exited: {dead} (-9: SIGKILL, e.g. the kernel's OOM killer, see dmesg; 3: -XX:+ExitOnOutOfMemoryError, see its log)" if dead else "")
            log(f"phase {name} failed: {why}")
            errors.append(f"{name}: {why}")
            bench.results.setdefault("errors", []).append({"phase": name, "error": why, "load": load_average()})
            for p in list(bench.running):
                p.stop()
            bench.save()
    try:
        for name in args.phases.split(","):  # in the order given
            if name == "schema":
                phase("schema", bench.schema_vs_psql)
            elif name == "fleet":
                for n in args.sizes:
                    phase(f"fleet N={n}", lambda n=n: bench.fleet(n))
            elif name == "detect":
                phase("detect", bench.detect)
            elif name == "small":
                phase("small", lambda: scale.small(bench))
            elif name == "hung":
                phase("hung", lambda: scale.hung(bench))
            elif name == "shards":
                for n, count in args.shard_runs:
                    if bench.results.get("shards") and bench.results["shards"][-1].get("sharded") is False:
                        log(f"shards N={n}/{count}: skipped, the previous shards run found this build not sharding")
                        bench.results["shards"].append({"n": n, "shards": count, "skipped": "the previous shards run found this build not sharding"})
                        continue
                    phase(f"shards {n}/{count}", lambda n=n, count=count: scale.shards(bench, n, count))
            else:
                raise SystemExit(f"unknown phase {name!r}: schema, fleet, detect, small, hung, shards")
        bench.results["finished"] = utc()
        bench.save()
        print(json.dumps(bench.results, indent=2, default=str))
        log(f"results: {args.out}/results.json")
        if errors:
            log("failed phases: " + "; ".join(errors))
            sys.exit(1)
    finally:
        bench.close()


if __name__ == "__main__":
    main()
