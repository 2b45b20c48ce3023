"""Issue 14's phases (fleet scale): the small case (one environment under wrk, RSS after), a hung target behind part of
the fleet, and shards (replicas of one environments file, side by side or one after another). Run through
bench/run.sh (see bench/README.md); every figure carries the load average of its moment."""
import concurrent.futures
import json
import math
import random
import subprocess
import time

from fleet import ROOT, Driftwatch, Postgres, environments_yaml, free_port, http_get, wait_for
from measure import Sampler, labels, load_average, parse_metrics, quantile, rss_mib, threads

LAST_RUN = "driftwatch_check_last_run_timestamp_seconds"
JITTER = 0.1  # the runner's +-10% (probe/ScheduledCheck)


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


# ---- shared figures ----------------------------------------------------------------------------------------------
def series_key(s):
    lab = labels(s)
    return lab.get("environment"), lab.get("check"), lab.get("target")


def last_runs(text):
    """{(environment, check, target): last run start} of the checks this daemon has run at least once."""
    return {series_key(s): v for s, v in parse_metrics(text, (LAST_RUN,)).items() if s[0] == LAST_RUN and v > 0}


def unknown_now(text):
    return sorted(series_key(s) for s, v in parse_metrics(text, ("driftwatch_check_outcome",)).items()
                  if s[0] == "driftwatch_check_outcome" and v == 1 and labels(s).get("outcome") == "unknown")


class Sweep:
    """Per interval boundary: which checks ran since the previous boundary and how old every check's latest run is,
    split by a predicate on the environment (e.g. the 900 healthy environments vs the 100 behind a hung database)."""

    def __init__(self, interval, groups):
        self.interval, self.groups = interval, groups  # {name: predicate(environment)}
        self.coverage = {g: [] for g in groups}
        self.ages = {g: [] for g in groups}
        self.unknown = {g: [] for g in groups}
        self.scrapes = []  # (seconds, bytes)
        self.prev = None

    def observe(self, dw):
        text, seconds, size = dw.timed_metrics()
        now = time.time()
        self.scrapes.append((seconds, size))
        cur = last_runs(text)
        unk = unknown_now(text)
        if self.prev is not None:
            for g, pred in self.groups.items():
                mine = [k for k in self.prev if pred(k[0])]
                if mine:
                    self.coverage[g].append(sum(1 for k in mine if cur.get(k, 0) > self.prev[k]) / len(mine))
                self.ages[g] += [now - v for k, v in cur.items() if pred(k[0])]
                self.unknown[g].append(sum(1 for k in unk if pred(k[0])))
        self.prev = cur
        return text

    def summary(self, bound):
        out = {"age_bound_s": round(bound, 2)}
        for g in self.groups:
            a = self.ages[g]
            out[g] = {"checks": sum(1 for k in (self.prev or {}) if self.groups[g](k[0])),
                      "coverage_per_interval": [round(c, 4) for c in self.coverage[g]],
                      "coverage_min": round(min(self.coverage[g]), 4) if self.coverage[g] else None,
                      "age_p50_s": r2(quantile(a, .5)), "age_p99_s": r2(quantile(a, .99)), "age_max_s": r2(max(a) if a else None),
                      "share_age_within_bound": round(sum(1 for x in a if x <= bound) / len(a), 4) if a else None,
                      "unknown_per_boundary": self.unknown[g]}
        s = [x for x, _ in self.scrapes]
        out["metrics_scrape"] = {"seconds_p50": r3(quantile(s, .5)), "seconds_max": r3(max(s) if s else None),
                                 "bytes": self.scrapes[-1][1] if self.scrapes else None, "scrapes": len(s)}
        return out


def age_bound(interval):
    """A check's latest run is at most one jittered interval old (+1 s for the scrape and the sampling itself)."""
    return interval * (1 + JITTER) + 1


REASONS = (("no_worker_free", "no worker free"), ("queued", "for a worker"), ("queued", "queued"), ("timed_out", "timed out"),
           ("previous_run_hung", "previous run has not returned"))


def unknown_reasons(dw, envs):
    """Latest unknown observations by reason class, from the API's observation.reason (one GET per environment).
    Daemon-caused against healthy targets: no worker free, queued, timed out, previous run not returned."""
    def one(env):
        try:
            return json.loads(http_get(dw.url(f"/api/v1/environments/{env}"), 30)[1]).get("checks", [])
        except Exception:
            return None
    counts, examples, failed = {}, {}, 0
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for checks in pool.map(one, envs):
            if checks is None:
                failed += 1
                continue
            for c in checks:
                o = c.get("observation") or {}
                if o.get("outcome") != "unknown":
                    continue
                reason = o.get("reason") or ""
                cls = next((name for name, needle in REASONS if needle in reason), "other")
                counts[cls] = counts.get(cls, 0) + 1
                examples.setdefault(cls, reason[:160])
    return {"by_reason": counts, "examples": examples, "api_failures": failed}


def proc_figures(p):
    return {k: p[k] for k in ("cpu_seconds", "wall_seconds", "rss_mib_max", "rss_mib_last", "threads_max", "tcp_connections_max")}


def r2(x):
    return None if x is None else round(x, 2)


def r3(x):
    return None if x is None else round(x, 3)


# ---- small: the local example's shape, one environment, the shipped JVM options, wrk -c16 -----------------------
def small(bench):
    a = bench.args
    log(f"small: 1 environment, JVM options {bench.jvm}, wrk -c16 for {a.small_seconds}s")
    # its own database, with the migrations recorded as the Supabase CLI does (deploy/local/setup-db.sh)
    bench.pg.psql("postgres", "-c", "CREATE DATABASE local TEMPLATE ref")
    rows = []
    for f in sorted((ROOT / "config/supabase/migrations").glob("*.sql")):
        version, _, name = f.stem.partition("_")
        rows.append(f"('{version}', '{name}')")
    bench.pg.psql("local", "-c", "INSERT INTO supabase_migrations.schema_migrations (version, name) VALUES " + ", ".join(rows))
    cfg = bench.work / "small.yaml"
    # the local example (config/driftwatch.yaml): schema with contract and migrations, the limiter, 15 s, 5 s
    cfg.write_text(f"""interval: 15s
timeout: 5s
environments:
  local:
    labels: {{tier: dev, platform: supabase}}
    schema:
      url: {bench.pg.url("local")}
      user: postgres
      schemas: [public]
      contract: {ROOT / "config/contracts/local.json"}
      migrations: {ROOT / "config/supabase/migrations"}
    ratelimit:
      redis: redis://127.0.0.1:{bench.redis.port}
      prefix: "tokenmart:global"
      algorithm: sliding-window
      limit: 30
      window: 10s
      timeout: 5s
""")
    dw = bench.started(Driftwatch(bench.work, cfg, "12s", bench.jvm, a.app, name="small"))
    path = "/api/v1/environments/local/verdict"
    wait_for("the local example's first verdict",
             lambda: json.loads(http_get(dw.url(path), 5)[1]).get("verdict") not in (None, "unknown"), timeout=60, every=0.5)
    out = {"jvm_options": bench.jvm, "jvm_options_from": bench.jvm_from, "load_before": load_average(),
           "rss_mib_idle": round(rss_mib(dw.proc.pid), 1), "threads_idle": threads(dw.proc.pid)}
    status, body = http_get(dw.url(path))
    sampler = Sampler({"driftwatch": dw.proc.pid})
    sampler.start()
    out["driftwatch"] = wrk(dw.url(path), a.small_seconds, connections=16)
    time.sleep(1)
    p = sampler.stop()["driftwatch"]
    out["rss_mib_max_during"], out["threads_max_during"] = p["rss_mib_max"], p["threads_max"]
    out["rss_mib_after"] = round(rss_mib(dw.proc.pid), 1)
    out["threads_after"] = threads(dw.proc.pid)
    out["status"], out["body_bytes"] = status, len(body)
    with Nginx(bench.work, path, body) as url:
        out["nginx"] = wrk(url, a.small_seconds, connections=16)
    out["throughput_ratio"] = round(out["driftwatch"]["requests_per_s"] / out["nginx"]["requests_per_s"], 3)
    out["load_after"] = load_average()
    out["targets"] = {"rss_after_below_150_mib": out["rss_mib_after"] < 150, "throughput_at_least_half_nginx": out["throughput_ratio"] >= 0.5}
    dw.stop()
    log(f"small: {out}")
    bench.results["small"] = out
    bench.save()


class Nginx:
    def __init__(self, work, path, body):
        self.work, self.path, self.body = work, path, body

    def __enter__(self):
        www = self.work / f"www-{random.randrange(1 << 30)}"
        (www / self.path.lstrip("/")).parent.mkdir(parents=True)
        (www / self.path.lstrip("/")).write_bytes(self.body)
        port = free_port()
        conf = www / "nginx.conf"
        conf.write_text(f"""user root; worker_processes auto; pid {www}/nginx.pid; error_log {www}/nginx.err;
events {{ worker_connections 1024; }}
http {{ access_log off; default_type application/json; keepalive_requests 1000000;
  server {{ listen 127.0.0.1:{port}; root {www}; }} }}
""")
        self.proc = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"])
        url = f"http://127.0.0.1:{port}{self.path}"
        wait_for("nginx", lambda: http_get(url, 2)[0] == 200, timeout=20)
        return url

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait()


def wrk(url, seconds, connections=32):
    import re
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    p = {q: float(v) * unit[u] for q, v, u in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)$", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50_ms": p.get("50"),
            "p99_ms": p.get("99"), "non_2xx": int(non2xx.group(1)) if non2xx else 0, "command": " ".join(cmd)}


# ---- hung: a SIGSTOP'd PostgreSQL behind part of the fleet --------------------------------------------------------
def hung(bench):
    a = bench.args
    n, h = (int(x) for x in a.hung.split("/"))
    interval, k = a.interval, a.intervals
    step = max(1, n // h)
    hung_envs = [f"env{i}" for i in range(step, n + 1, step)][:h]
    hung_set = set(hung_envs)
    log(f"hung: N={n}, {len(hung_envs)} schema checks on a second PostgreSQL that is SIGSTOP'd; interval {interval}s, {k}+{k} intervals")
    pg2 = Postgres(bench.work, max_connections=len(hung_envs) + 50, name="pg-hung")
    bench.cleanup.append(pg2.stop)
    pg2.create_fleet(len(hung_envs), names=hung_envs)
    overrides = {e: {"schema_url": pg2.url(e)} for e in hung_envs}
    cfg = bench.work / "hung.yaml"
    cfg.write_text(environments_yaml(n, bench.pg, bench.redis, bench.providers, interval, a.timeout, ROOT / "config/contracts/local.json",
                                     overrides, databases=bench.databases))
    dw = bench.started(Driftwatch(bench.work, cfg, f"{int(interval * 800)}ms", bench.jvm, a.app, name="hung"))
    checks = 5 * n
    wait_for("every check's first run", lambda: len(last_runs(dw.metrics())) >= checks, timeout=3 * interval + 60, every=1)
    time.sleep(interval)
    groups = {"others": lambda e: e not in hung_set, "hung_envs": lambda e: e in hung_set}
    out = {"n": n, "hung_environments": len(hung_envs), "interval_s": interval, "timeout_s": a.timeout, "intervals": k,
           "jvm_options": bench.jvm, "others_environments": n - len(hung_envs)}
    sampler = Sampler({"driftwatch": dw.proc.pid})
    sampler.start()
    for phase in ("before", "during"):
        if phase == "during":
            pg2.freeze()
            out["stopped_at"] = time.time()
            log(f"hung: SIGSTOP'd the PostgreSQL behind {len(hung_envs)} environments")
        sweep = Sweep(interval, groups)
        load = load_average()
        sweep.observe(dw)
        for _ in range(k):
            time.sleep(interval)
            sweep.observe(dw)
        out[phase] = {"load_before": load, "load_after": load_average(), **sweep.summary(age_bound(interval))}
    procs = sampler.stop()
    out["driftwatch"] = proc_figures(procs["driftwatch"])
    # the hung checks' deadline passes within an interval plus the timeout of the stop
    try:
        wait_for("the hung schema checks to report unknown",
                 lambda: sum(1 for e, c, _ in unknown_now(dw.metrics()) if e in hung_set and c == "schema") == len(hung_envs),
                 timeout=max(0.0, out["stopped_at"] + interval * (1 + JITTER) + a.timeout + 5 - time.time()), every=1)
    except RuntimeError:
        pass
    out["unknown_after_stop_s"] = round(time.time() - out["stopped_at"], 1)
    out["hung_envs_reasons"] = unknown_reasons(dw, hung_envs)
    out["others_reasons"] = unknown_reasons(dw, [f"env{i}" for i in range(1, n + 1) if f"env{i}" not in hung_set])
    text = dw.metrics()
    unk = unknown_now(text)
    out["hung_schema_unknown"] = sum(1 for e, c, _ in unk if e in hung_set and c == "schema")
    pg2.resume()
    t = time.time()
    try:
        wait_for("the hung schema checks to recover", lambda: not any(e in hung_set and c == "schema" for e, c, _ in unknown_now(dw.metrics())),
                 timeout=3 * interval + 2 * a.timeout + 30, every=1)
        out["recovered_after_sigcont_s"] = round(time.time() - t, 1)
    except RuntimeError:
        out["recovered_after_sigcont_s"] = None
    b, d = out["before"]["others"], out["during"]["others"]
    out["targets"] = {"others_sweep_intact": (d["coverage_min"] or 0) >= min(b["coverage_min"] or 0, 0.99)
                                             and (d["age_max_s"] or 1e9) <= out["during"]["age_bound_s"],
                      "hung_reported_unknown": out["hung_schema_unknown"] == len(hung_envs)}
    dw.stop()
    pg2.stop()
    log(f"hung: others before {b['coverage_min']}/{b['age_max_s']}s, during {d['coverage_min']}/{d['age_max_s']}s; "
        f"hung schema unknown {out['hung_schema_unknown']} of {len(hung_envs)}; reasons {out['hung_envs_reasons']['by_reason']}")
    bench.results["hung"] = out
    bench.save()


# ---- shards: replicas of one environments file ------------------------------------------------------------------
def address_template(shards):
    """A loopback shard-address template whose {shard} digit maps each replica to its own free port (< 32768)."""
    for _ in range(200):
        a, b = random.randrange(10, 32), random.randrange(10, 100)
        ports = [int(f"{a}{s}{b}") for s in range(shards)]
        if all(p < 32768 and port_free(p) for p in ports) and shards <= 10:
            return f"http://127.0.0.1:{a}{{shard}}{b}", ports
    raise RuntimeError("no free loopback ports for the shard-address template")


def port_free(port):
    import socket
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def shards(bench, n, count):
    a = bench.args
    interval, k = a.interval, a.shard_intervals or a.intervals
    together = n <= a.together_max
    replicas = [int(x) for x in a.replicas.split(",")] if a.replicas and not together else list(range(count))
    log(f"shards: N={n} in {count} shards, {'side by side' if together else 'one after another'}: replicas {replicas}")
    cfg = bench.work / f"shards-{n}.yaml"
    cfg.write_text(environments_yaml(n, bench.pg, bench.redis, bench.providers, interval, a.timeout, ROOT / "config/contracts/local.json",
                                     databases=bench.databases))
    template, ports = address_template(count)
    expected = 5 * math.ceil(n / count)
    out = {"n": n, "shards": count, "mode": "side by side" if together else "one after another", "interval_s": interval,
           "intervals": k, "jvm_options": bench.jvm, "shard_address": template, "checks_expected": 5 * n,
           "checks_per_replica_expected": expected, "replicas": {}, "load_before": load_average()}
    bench.results.setdefault("shards", []).append(out)  # saved after every replica: a long run keeps what it measured

    def start(i):
        env = {"DRIFTWATCH_SHARDS": str(count), "DRIFTWATCH_SHARD": str(i), "DRIFTWATCH_SHARD_ADDRESS": template}
        return bench.started(Driftwatch(bench.work, cfg, f"{int(interval * 800)}ms", bench.jvm, a.app, env=env, port=ports[i], name=f"shard{i}"))

    seen = {}
    groups = [replicas] if together else [[i] for i in replicas]
    for group in groups:
        with concurrent.futures.ThreadPoolExecutor(len(group)) as pool:  # the JVMs start side by side
            dws = dict(zip(group, pool.map(start, group)))
        first = time.time()
        # until every replica's checks have run once (or it is seen probing far more than its share: no sharding)
        # (first runs are spread over at most half the interval: ProbeRunner)
        deadline, before = first + 3 * interval + 60, None
        while time.time() < deadline:
            counts = {i: len(last_runs(dw.metrics())) for i, dw in dws.items()}
            if any(c > 1.5 * expected for c in counts.values()) and not together:
                break
            if counts == before and sum(counts.values()) and time.time() - first > interval * 0.5 + 5:  # a shard may own none
                break
            before = counts
            time.sleep(2)
        counts = {i: len(last_runs(dw.metrics())) for i, dw in dws.items()}
        if not together and counts[group[0]] > 1.5 * expected:
            out["replicas"][str(group[0])] = {"checks_probed": counts[group[0]], "stopped_early": "probes more than its share"}
            for dw in dws.values():
                dw.stop()
            out["sharded"] = False
            out["note"] = (f"replica {group[0]} of {count} probed {counts[group[0]]} checks (its share: {expected}): this build "
                           "ignores DRIFTWATCH_SHARDS/DRIFTWATCH_SHARD and runs every environment; stopped before the others")
            break
        time.sleep(interval)
        sweeps = {i: Sweep(interval, {"own": lambda e: True}) for i in dws}
        sampler = Sampler({f"shard{i}": dw.proc.pid for i, dw in dws.items()})
        sampler.start()
        for i, dw in dws.items():
            sweeps[i].observe(dw)
        for _ in range(k):
            time.sleep(interval)
            for i, dw in dws.items():
                sweeps[i].observe(dw)
        procs = sampler.stop()
        for i, dw in dws.items():
            probed = set(sweeps[i].prev)
            seen[i] = probed
            envs = len({e for e, _, _ in probed})
            p = procs[f"shard{i}"]
            s = sweeps[i].summary(age_bound(interval))
            out["replicas"][str(i)] = {"environments": envs, "checks_probed": len(probed), **proc_figures(p),
                                       "cpu_ms_per_env_interval": round(1000 * p["cpu_seconds"] / (max(envs, 1) * k), 2),
                                       "coverage_min": s["own"]["coverage_min"], "age_max_s": s["own"]["age_max_s"],
                                       "share_age_within_bound": s["own"]["share_age_within_bound"],
                                       "unknown_last": s["own"]["unknown_per_boundary"][-1] if s["own"]["unknown_per_boundary"] else None,
                                       "metrics_scrape": s["metrics_scrape"], "load": sampler.loads[-1] if sampler.loads else load_average()}
            dw.stop()
        bench.save()
        log(f"shards N={n}: replicas {group}: " + ", ".join(f"{i}: {out['replicas'][str(i)]['checks_probed']} checks, "
                                                         f"{out['replicas'][str(i)]['rss_mib_max']} MiB" for i in group))
    if seen:
        union, total = set(), 0
        for probed in seen.values():
            union |= probed
            total += len(probed)
        out["checks_seen"] = len(union)
        out["checks_seen_more_than_once"] = total - len(union)
        out["replicas_run"] = sorted(seen)
        if "sharded" not in out:
            complete = len(seen) == count
            out["sharded"] = out["checks_seen_more_than_once"] == 0 and all(len(p) < 5 * n for p in seen.values())
            out["every_check_exactly_once"] = (out["sharded"] and complete and len(union) == 5 * n) if complete else None
            if not out["sharded"]:
                out["note"] = ("every replica probes (nearly) every environment: this build ignores DRIFTWATCH_SHARDS/"
                               "DRIFTWATCH_SHARD, so the replicas are copies, not shards")
    out["load_after"] = load_average()
    bench.save()
    return out
