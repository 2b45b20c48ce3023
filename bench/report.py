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


def main():
    for path in sys.argv[1:]:
        r = json.load(open(path))
        print(f"## {path}\n\nmachine: {r['machine']}, started {r['started']}, finished {r.get('finished')}\n")
        if r.get("fleet"):
            print(fleet(r), "\n")
            print(per_exporter(r), "\n")
        for k in ("schema_check", "verdict_endpoint", "detection"):
            if k in r:
                print(f"### {k}\n\n```json\n{json.dumps(r[k], indent=1)}\n```\n")


if __name__ == "__main__":
    main()
