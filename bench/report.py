"""Markdown tables from bench results: python3 bench/report.py bench/results/<run>/results.json"""
import json
import sys


def row(*cells):
    return "| " + " | ".join("" if c is None else str(c) for c in cells) + " |"


def fleet(r):
    out = ["| N | load before | dw CPU s | dw ms CPU/check | dw ms CPU/env/interval | exporters ms CPU/env/interval | CPU dw/exporters "
           "| dw RSS MiB | dw heap MiB | exporters RSS MiB | RSS dw/exporters | dw threads | dw TCP conns | exporters TCP conns "
           "| age p50/p99/max s | runs/interval share (min) | schema p50/p99 ms | redis p50/p99 ms | provider p50/p99 ms | pg_exporter scrape s |",
           "|" + "---|" * 20]
    for f in r["fleet"]:
        d, p, e = f["driftwatch"], f["processes"], f["exporters"]
        ex = [x for x in p if x != "driftwatch"]
        dur = d["duration_by_check"]

        def pq(k):
            return f'{dur[k]["p50_ms"]}/{dur[k]["p99_ms"]}' if k in dur else ""
        out.append(row(f["n"], f["load_before"], p["driftwatch"]["cpu_seconds"], d["cpu_ms_per_check"], d["cpu_ms_per_env_interval"],
                       e["cpu_ms_per_env_interval"], f["ratios"]["cpu_driftwatch_over_exporters"], p["driftwatch"]["rss_mib_max"],
                       d["heap_used_mib"], e["rss_mib_max_sum"], f["ratios"]["rss_driftwatch_over_exporters"], p["driftwatch"]["threads_max"],
                       p["driftwatch"]["tcp_connections_max"], sum(p[x]["tcp_connections_max"] for x in ex),
                       f'{d["age_p50_s"]}/{d["age_p99_s"]}/{d["age_max_s"]}', d["coverage_min"], pq("schema"), pq("ratelimit"), pq("provider"),
                       ", ".join(str(s) for s in e.get("postgres_exporter_scrape_s", []))))
    return "\n".join(out)


def per_exporter(r):
    out = ["| N | process | CPU s | RSS max MiB | threads | TCP conns |", "|---|---|---|---|---|---|"]
    for f in r["fleet"]:
        for name, p in f["processes"].items():
            out.append(row(f["n"], name, p["cpu_seconds"], p["rss_mib_max"], p["threads_max"], p["tcp_connections_max"]))
    return "\n".join(out)


def scale_fleet(r):
    out = ["| N | JVM options | load | threads max | RSS max MiB | /q/metrics scrape s (max) | /q/metrics bytes | share of ages <= bound "
           "| age max s (bound) | unknown at boundaries | unknown by reason (latest) | daemon-caused | CPU ms/env/interval dw / exporters |",
           "|" + "---|" * 13]
    for f in r["fleet"]:
        d, p = f["driftwatch"], f["processes"]["driftwatch"]
        if "metrics_scrape_s" not in d:
            continue
        out.append(row(f["n"], " ".join(d.get("jvm_options") or []) or "(JVM defaults)", f["load_before"], p["threads_max"], p["rss_mib_max"],
                       d["metrics_scrape_s_max"], d["metrics_bytes"], d["share_age_within_bound"], f'{d["age_max_s"]} ({d["age_bound_s"]})',
                       ", ".join(str(u) for u in d["unknown_per_boundary"]), d["unknown_reasons"]["by_reason"] or "none",
                       d["unknown_daemon_caused"], f'{d["cpu_ms_per_env_interval"]} / {f["exporters"]["cpu_ms_per_env_interval"]}'))
    return "\n".join(out)


def small(s):
    return "\n".join([
        "| JVM options | load before/after | RSS idle / max during / after MiB | threads after | dw req/s | nginx req/s | ratio | dw p50/p99 ms | nginx p50/p99 ms | non-2xx |",
        "|---|---|---|---|---|---|---|---|---|---|",
        row(" ".join(s["jvm_options"]) or "(JVM defaults)", f'{s["load_before"]} / {s["load_after"]}',
            f'{s["rss_mib_idle"]} / {s["rss_mib_max_during"]} / {s["rss_mib_after"]}', s["threads_after"],
            s["driftwatch"]["requests_per_s"], s["nginx"]["requests_per_s"], s["throughput_ratio"],
            f'{s["driftwatch"]["p50_ms"]}/{s["driftwatch"]["p99_ms"]}', f'{s["nginx"]["p50_ms"]}/{s["nginx"]["p99_ms"]}', s["driftwatch"]["non_2xx"])])


def hung(h):
    out = ["| window | load | group | checks | share run per interval (min) | age p99 / max s (bound) | unknown at boundaries |",
           "|---|---|---|---|---|---|---|"]
    for w in ("before", "during"):
        for g in ("others", "hung_envs"):
            x = h[w][g]
            out.append(row(w, h[w]["load_before"], g, x["checks"], x["coverage_min"], f'{x["age_p99_s"]} / {x["age_max_s"]} ({h[w]["age_bound_s"]})',
                           ", ".join(str(u) for u in x["unknown_per_boundary"])))
    d = h["driftwatch"]
    out.append("")
    out.append(f'N = {h["n"]}, {h["hung_environments"]} behind the stopped PostgreSQL; hung schema checks unknown: {h["hung_schema_unknown"]} '
               f'(reasons {h["hung_envs_reasons"]["by_reason"]}), others\' unknown reasons {h["others_reasons"]["by_reason"] or "none"}; '
               f'driftwatch RSS max {d["rss_mib_max"]} MiB, threads max {d["threads_max"]}; recovered {h["recovered_after_sigcont_s"]} s after SIGCONT; '
               f'targets {h["targets"]}')
    return "\n".join(out)


def shards(runs):
    out = []
    for s in runs:
        if "skipped" in s:
            out.append(f'N = {s["n"]} in {s["shards"]} shards: skipped ({s["skipped"]})\n')
            continue
        out.append(f'N = {s["n"]} in {s["shards"]} shards, {s["mode"]}, load {s["load_before"]} → {s["load_after"]}; sharded: {s.get("sharded")}; '
                   f'checks seen {s.get("checks_seen")} of {s["checks_expected"]}, seen more than once {s.get("checks_seen_more_than_once")}; '
                   f'{s.get("note", "")}\n')
        out.append("| replica | environments | checks | RSS max MiB | threads | CPU s | CPU ms/env/interval | share run (min) | age max s | /q/metrics s / bytes | load |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for i, x in sorted(s["replicas"].items(), key=lambda kv: int(kv[0])):
            if "stopped_early" in x:
                out.append(row(i, "", x["checks_probed"], "", "", "", "", "", "", "", x["stopped_early"]))
                continue
            out.append(row(i, x["environments"], x["checks_probed"], x["rss_mib_max"], x["threads_max"], x["cpu_seconds"], x["cpu_ms_per_env_interval"],
                           x["coverage_min"], x["age_max_s"], f'{x["metrics_scrape"]["seconds_max"]} / {x["metrics_scrape"]["bytes"]}', x["load"]))
        out.append("")
    return "\n".join(out)


def issue14_targets(r):
    """Issue 14's targets, each with its figure and whether it was met, from one run's results."""
    out = ["| target | figure | met? |", "|---|---|---|"]

    def yes(b):
        return "yes" if b else "**no**"
    for f in r.get("fleet", []):
        d, p = f["driftwatch"], f["processes"]["driftwatch"]
        if f["n"] < 1000 or "metrics_scrape_s" not in d:
            continue
        load = f"load {f['load_before']}"
        out.append(row(f"N={f['n']}: every check within its interval (age <= {d['age_bound_s']} s)",
                       f"{d['share_age_within_bound']} of ages within, max {d['age_max_s']} s, share run per interval min {d['coverage_min']} ({load})",
                       yes(d["share_age_within_bound"] == 1)))
        out.append(row(f"N={f['n']}: 0 unknown caused by the daemon", f"{d['unknown_daemon_caused']} ({d['unknown_reasons']['by_reason'] or 'none'}); "
                       f"unknown at boundaries {d['unknown_per_boundary']}", yes(d["unknown_daemon_caused"] == 0 and not any(d["unknown_per_boundary"]))))
        out.append(row(f"N={f['n']}: RSS < 300 MiB", f"{p['rss_mib_max']} MiB max", yes(p["rss_mib_max"] < 300)))
        out.append(row(f"N={f['n']}: < 200 threads", f"{p['threads_max']} max", yes(p["threads_max"] < 200)))
        out.append(row(f"N={f['n']}: /q/metrics scrape < 1 s", f"{d['metrics_scrape_s_max']} s max, {d['metrics_bytes']} bytes", yes(d["metrics_scrape_s_max"] < 1)))
        out.append(row(f"N={f['n']}: CPU per env per interval <= the 3 exporters'", f"{d['cpu_ms_per_env_interval']} vs {f['exporters']['cpu_ms_per_env_interval']} ms "
                       f"(ratio {f['ratios']['cpu_driftwatch_over_exporters']})", yes((f["ratios"]["cpu_driftwatch_over_exporters"] or 9) <= 1)))
    if "small" in r:
        s = r["small"]
        out.append(row("small: RSS < 150 MiB after 20 s of wrk -c16", f"{s['rss_mib_after']} MiB (max during {s['rss_mib_max_during']}), JVM options "
                       f"{' '.join(s['jvm_options']) or '(defaults)'}", yes(s["rss_mib_after"] < 150)))
        out.append(row("small: throughput >= 50% of nginx", f"{s['throughput_ratio']} ({s['driftwatch']['requests_per_s']} vs {s['nginx']['requests_per_s']} req/s, "
                       f"load {s['load_before']})", yes(s["throughput_ratio"] >= 0.5)))
    if "hung" in r:
        h = r["hung"]
        b, d = h["before"]["others"], h["during"]["others"]
        out.append(row(f"hung: the other {h['others_environments']}'s sweep intact", f"share run per interval min {b['coverage_min']} before, {d['coverage_min']} during; "
                       f"age max {b['age_max_s']} / {d['age_max_s']} s (bound {h['during']['age_bound_s']})", yes(h["targets"]["others_sweep_intact"])))
        out.append(row(f"hung: the {h['hung_environments']} report unknown", f"{h['hung_schema_unknown']} unknown ({h['hung_envs_reasons']['by_reason']})",
                       yes(h["targets"]["hung_reported_unknown"])))
    for sh in r.get("shards", []):
        if "skipped" in sh:
            out.append(row(f"shards {sh['n']}/{sh['shards']}", sh["skipped"], "not measured"))
            continue
        reps = [x for x in sh["replicas"].values() if "rss_mib_max" in x]
        out.append(row(f"shards {sh['n']}/{sh['shards']} ({sh['mode']}): every check exactly once",
                       f"sharded: {sh.get('sharded')}; seen {sh.get('checks_seen')} of {sh['checks_expected']}, more than once {sh.get('checks_seen_more_than_once')}; "
                       f"replica RSS max {max((x['rss_mib_max'] for x in reps), default=None)} MiB, threads max {max((x['threads_max'] for x in reps), default=None)}",
                       yes(sh.get("sharded") and sh.get("checks_seen_more_than_once") == 0)))
    return "\n".join(out)


def main():
    for path in sys.argv[1:]:
        r = json.load(open(path))
        print(f"## {path}\n\nmachine: {r['machine']}, started {r['started']}, finished {r.get('finished')}\n")
        if r.get("fleet"):
            print(fleet(r), "\n")
            print(per_exporter(r), "\n")
        print("### issue 14 targets\n\n" + issue14_targets(r), "\n")
        if r.get("fleet"):
            print(scale_fleet(r), "\n")
        if "small" in r:
            print("### small\n\n" + small(r["small"]), "\n")
        if "hung" in r:
            print("### hung\n\n" + hung(r["hung"]), "\n")
        if r.get("shards"):
            print("### shards\n\n" + shards(r["shards"]), "\n")
        for k in ("schema_check", "verdict_endpoint", "detection"):
            if k in r:
                print(f"### {k}\n\n```json\n{json.dumps(r[k], indent=1)}\n```\n")


if __name__ == "__main__":
    main()
