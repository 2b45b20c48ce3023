#!/usr/bin/env python3
"""Server time of the status page for N environments (default 1,000), read from its Server-Timing header.

    ./mvnw -B -q package -DskipTests && python3 bench/status_page.py [--envs 1000] [--requests 50]

The fleet is cheap on purpose, so the figure is the page's and not the probes': every environment has three smoke
checks against an HTTP server in this process (every 7th has one answering 500, so it fails; every 11th has one
against a closed port, so it is unknown), all on a 30 s interval. Once every check has answered, the page, a filtered
page, the partial content the refresh script fetches and one environment page are each asked for --requests times,
one at a time; the figures are the render;dur of Server-Timing (building the view and rendering the template) and
the time the client waited for the whole answer.
"""
import argparse
import http.server
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fleet import Driftwatch, free_port, http_get, wait_for  # noqa: E402


class App:
    """200 on every path but /broken (500)."""

    def __init__(self):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                status = 500 if self.path.startswith("/broken") else 200
                body = b"ok" if status == 200 else b"broken"
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the smoke check gave up (its timeout): its outcome says so

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


def config(n, app, closed):
    lines = ["interval: 30s", "timeout: 5s", "environments:"]
    for i in range(1, n + 1):
        lines += [f"  env-{i}:", f"    labels: {{tier: {'prod' if i % 10 == 0 else 'dev'}}}", "    smoke:",
                  f"      home: {{url: \"{app}/\", expect: {{status: 200}}}}",
                  f"      api: {{url: \"{app}/api\", expect: {{status: 200}}}}"]
        if i % 7 == 0:
            lines.append(f"      checkout: {{url: \"{app}/broken\", expect: {{status: 200}}}}")
        elif i % 11 == 0:
            lines.append(f"      checkout: {{url: \"http://127.0.0.1:{closed}/\", expect: {{status: 200}}}}")
        else:
            lines.append(f"      checkout: {{url: \"{app}/checkout\", expect: {{status: 200}}}}")
    return "\n".join(lines) + "\n"


def measure(dw, path, requests):
    server, client, size = [], [], 0
    for _ in range(requests):
        import urllib.request
        start = time.perf_counter()
        with urllib.request.urlopen(dw.url(path), timeout=30) as r:
            body = r.read()
            timing = r.headers.get("Server-Timing", "")
        client.append((time.perf_counter() - start) * 1000)
        server.append(float(timing.split("dur=")[1]))
        size = len(body)

    def q(values, p):
        return round(sorted(values)[min(len(values) - 1, int(p * len(values)))], 1)

    return {"path": path, "bytes": size, "server_ms_p50": q(server, 0.5), "server_ms_p95": q(server, 0.95),
            "server_ms_max": round(max(server), 1), "client_ms_p50": q(client, 0.5), "client_ms_p95": q(client, 0.95)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--envs", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--app", help="directory of quarkus-run.jar (default target/quarkus-app)")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="driftwatch-status-bench-")
    app = App()
    cfg = Path(work) / "driftwatch.yaml"
    cfg.write_text(config(args.envs, app.url, free_port()))
    dw = Driftwatch(work, cfg, "24s", app=args.app)
    try:
        def verdicts():
            envs = json.loads(http_get(dw.url("/api/v1/environments"), 30)[1])["environments"]
            return {v: sum(1 for e in envs if e["verdict"] == v) for v in ("pass", "warn", "fail", "unknown")}
        # the page costs the same whatever the verdicts; wait for most checks to have answered, at most 3 minutes
        try:
            wait_for("most checks observed", lambda: verdicts()["unknown"] < args.envs // 20, timeout=180, every=2)
        except RuntimeError:
            pass
        http_get(dw.url("/"), 30)  # first render compiles nothing, but warms the JIT like a page left open
        for _ in range(20):
            http_get(dw.url("/"), 30)
        results = {"environments": args.envs, "checks": args.envs * 3, "verdicts": verdicts(),
                   "loadavg": open("/proc/loadavg").read().split()[:3],
                   "pages": [measure(dw, p, args.requests) for p in
                             ["/", "/?partial=1", "/?state=problems", "/?q=tier%3Dprod", "/environments/env-7"]]}
        print(json.dumps(results, indent=2))
    finally:
        dw.stop()
        app.server.shutdown()


if __name__ == "__main__":
    main()
