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


def main():
    for path in sys.argv[1:]:
        r = json.load(open(path))
        print(f"## {path}\n\nmachine: {r['machine']}, started {r['started']}, finished {r.get('finished')}\n")
        if r.get("fleet"):
            print(fleet(r), "\n")
            print(per_exporter(r), "\n")
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
