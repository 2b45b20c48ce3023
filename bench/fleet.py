"""The fleet under test: a private PostgreSQL with one database per environment, a private Redis, the three provider
endpoints (served by nginx), the generated environments file, and the processes being measured."""
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_ROOT = os.geteuid() == 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DaemonExited(RuntimeError):
    """The daemon under test is gone: no point waiting for it."""


def wait_for(what, probe, timeout=120, every=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if probe():
                return
        except DaemonExited:
            raise
        except Exception:
            pass
        time.sleep(every)
    raise RuntimeError("timed out waiting for " + what)


def http_get(url, timeout=10, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Postgres:
    """initdb'd server on a free port, as the postgres user when root (initdb refuses root)."""

    def __init__(self, work, max_connections, name="pg", databases=0):
        self.dir = Path(work) / name
        self.dir.mkdir(parents=True)
        self.port = free_port()
        self.bin = Path(sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name))[-1]) / "bin"
        if AS_ROOT:
            subprocess.run(["chown", "-R", "postgres:postgres", str(self.dir)], check=True)
        self._owner([str(self.bin / "initdb"), "-D", str(self.dir / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                     "--locale=C", "--no-sync"])
        with open(self.dir / "data" / "postgresql.conf", "a") as f:
            f.write("\n".join([
                "listen_addresses = '127.0.0.1'", f"port = {self.port}", f"unix_socket_directories = '{self.dir}'",
                "fsync = off", "synchronous_commit = off", "full_page_writes = off",
                f"max_connections = {max_connections}", f"shared_buffers = {self.shared_buffers_mb(databases)}MB", "max_wal_size = 4GB",
                "checkpoint_timeout = 30min", ""]))
        self._owner([str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "-t", "120", "start"])

    @staticmethod
    def shared_buffers_mb(databases):
        """A new database's catalogs take ~8 MB; every one of them is read each interval (by driftwatch's schema checks
        and postgres_exporter alike), so the buffer pool holds them all, as each environment's own server would. With
        256 MB for 1,000 databases every catalog read was a miss, and PostgreSQL's copying of pages saturated the
        machine (RESULTS.md, round 4)."""
        return max(256, 12 * databases)

    def _owner(self, cmd):
        if AS_ROOT:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)

    def psql(self, db, *args, capture=False):
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db, *args]
        env = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
        r = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
        return r.stdout

    def create_fleet(self, n, names=None):
        """The reference application's schema in database ref, then env1..envN (or the given names) copied from it."""
        self.psql("postgres", "-c", "CREATE DATABASE ref")
        self.psql("ref", "-f", str(ROOT / "config/local/bootstrap.sql"))
        for f in sorted((ROOT / "config/supabase/migrations").glob("*.sql")):
            self.psql("ref", "-f", str(f))
        script = self.dir / "create.sql"
        names = names or [f"env{i}" for i in range(1, n + 1)]
        script.write_text("".join(f"CREATE DATABASE {d} TEMPLATE ref STRATEGY FILE_COPY;\n" for d in names))
        self.psql("postgres", "-f", str(script))

    def url(self, db):
        return f"jdbc:postgresql://127.0.0.1:{self.port}/{db}"

    def stop(self):
        if not (self.dir / "data" / "postmaster.pid").exists():
            return
        self.resume()
        self._owner([str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop"])

    def pids(self):
        """The postmaster and every process it forked (backends, checkpointer, ...)."""
        root = int((self.dir / "data" / "postmaster.pid").read_text().split()[0])
        parents = {}
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    parents[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    pass
        out, todo = [root], [root]
        while todo:
            p = todo.pop()
            kids = [c for c, pp in parents.items() if pp == p]
            out += kids
            todo += kids
        return out

    def freeze(self):
        """SIGSTOP the whole server: connections stay open, nothing answers (a hung database, not a dead one)."""
        for pid in self.pids():
            os.kill(pid, signal.SIGSTOP)

    def resume(self):
        try:
            for pid in self.pids():
                os.kill(pid, signal.SIGCONT)
        except (OSError, ValueError):
            pass


class Redis:
    def __init__(self, work):
        self.dir = Path(work) / "redis"
        self.dir.mkdir(parents=True)
        self.port = free_port()
        self.start()

    def start(self):
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--maxclients", "20000", "--dir", str(self.dir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for("redis", lambda: socket.create_connection(("127.0.0.1", self.port), 0.2).close() or True)

    def stop(self):
        self.proc.kill()
        self.proc.wait()

    def freeze(self):
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self):
        self.proc.send_signal(signal.SIGCONT)


# Answers as the providers document them (same bodies as src/test/java/dev/driftwatch/testsupport/providers/
# ProviderFixtures.java, which cites the pages): OpenAI GET /v1/models, Anthropic GET /v1/models, OpenRouter GET /key.
OPENAI_OK = b'{"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"}]}'
OPENAI_401 = (b'{"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error", "param": null, '
              b'"code": "invalid_api_key"}}')
ANTHROPIC_OK = (b'{"data": [{"type": "model", "id": "claude-sonnet-4-20250514", "display_name": "Claude Sonnet 4", '
                b'"created_at": "2025-05-22T00:00:00Z"}], "has_more": true, "first_id": "claude-sonnet-4-20250514", '
                b'"last_id": "claude-sonnet-4-20250514"}')
ANTHROPIC_401 = b'{"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}'
OPENROUTER_OK = (b'{"data": {"label": "sk-or-v1-au7...890", "limit": 100, "usage": 25.5, "limit_remaining": 74.5, '
                 b'"limit_reset": "monthly", "is_free_tier": false, "is_provisioning_key": false}}')
OPENROUTER_401 = b'{"error": {"code": 401, "message": "No auth credentials found"}}'


class RevokedKeys(set):
    """The revoked keys: every change is handed to `changed` (which rewrites nginx's map and reloads it)."""

    def __init__(self, changed):
        super().__init__()
        self.changed = changed

    def update(self, *keys):
        super().update(*keys)
        self.changed()

    def difference_update(self, *keys):
        super().difference_update(*keys)
        self.changed()


class Providers:
    """The three provider endpoints, served by nginx (a worker per core, keep-alive): the single-process Python server
    used before was the bottleneck of the provider runs at N = 1000 (mean 9.5 s), since blackbox_exporter probes the
    same endpoints. Keys in `revoked` (or none) are answered 401; `requests` counts every request served."""

    BODIES = {"openai-200": OPENAI_OK, "openai-401": OPENAI_401, "anthropic-200": ANTHROPIC_OK,
              "anthropic-401": ANTHROPIC_401, "openrouter-200": OPENROUTER_OK, "openrouter-401": OPENROUTER_401}

    def __init__(self, work):
        self.dir = Path(work) / "providers"
        (self.dir / "401").mkdir(parents=True)
        for name, body in self.BODIES.items():
            provider, status = name.split("-")
            (self.dir / (f"401/{provider}.json" if status == "401" else f"{provider}.json")).write_bytes(body)
        (self.dir / "404.json").write_bytes(b'{"error": {"message": "no such endpoint"}}')
        self.revoked = RevokedKeys(self._write_revoked)
        self._write_revoked(reload=False)
        self.port = free_port()
        d = self.dir
        # $key is the Authorization bearer or the x-api-key, by path; a revoked or missing key is answered 401
        (d / "nginx.conf").write_text(f"""user root; worker_processes auto; pid {d}/nginx.pid; error_log {d}/error.log;
events {{ worker_connections 8192; }}
http {{
  access_log off; default_type application/json; keepalive_requests 1000000; keepalive_timeout 120s;
  map $http_authorization $bearer {{ "~^Bearer (?<k>.+)$" $k; default ""; }}
  map $uri $key {{ /anthropic/v1/models $http_x_api_key; default $bearer; }}
  map $key $refused {{ include {d}/revoked.map; "" 1; default 0; }}
  map $g $generation {{ include {d}/revoked.map; default 0; }}
  server {{
    listen 127.0.0.1:{self.port} backlog=4096;
    error_page 404 /_404.json;
    location = /_404.json {{ internal; alias {d}/404.json; }}
    location /_401/ {{ internal; alias {d}/401/; }}
    location = /openai/v1/models {{ error_page 401 /_401/openai.json; if ($refused) {{ return 401; }} alias {d}/openai.json; }}
    location = /anthropic/v1/models {{ error_page 401 /_401/anthropic.json; if ($refused) {{ return 401; }} alias {d}/anthropic.json; }}
    location = /openrouter/api/v1/key {{ error_page 401 /_401/openrouter.json; if ($refused) {{ return 401; }} alias {d}/openrouter.json; }}
    location = /_status {{ stub_status; }}
    location = /_generation {{ set $g generation; return 200 $generation; }}
    location / {{ return 404; }}
  }}
}}
""")
        self.proc = subprocess.Popen(["nginx", "-c", str(d / "nginx.conf"), "-g", "daemon off;"],
                                     stdout=subprocess.DEVNULL, stderr=open(d / "stderr.log", "ab"))
        wait_for("provider fixture (nginx)", lambda: http_get(f"http://127.0.0.1:{self.port}/_status", 2)[0] == 200, timeout=20)

    def _write_revoked(self, reload=True):
        self.generation = getattr(self, "generation", 0) + 1
        tmp = self.dir / "revoked.tmp"
        # the generation is answered at /_generation: a reload has taken effect once it answers the new one
        tmp.write_text(f'"~^generation$" {self.generation};\n' + "".join(f'"{k}" 1;\n' for k in sorted(self.revoked)))
        tmp.replace(self.dir / "revoked.map")
        if reload:
            subprocess.run(["nginx", "-c", str(self.dir / "nginx.conf"), "-s", "reload"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            want = str(self.generation).encode()
            wait_for("nginx reload", lambda: http_get(f"http://127.0.0.1:{self.port}/_generation", 2)[1] == want, timeout=20)

    @property
    def requests(self):
        """Requests served so far (nginx's counter, less this read itself)."""
        status, body = http_get(f"http://127.0.0.1:{self.port}/_status", 5)
        return int(body.decode().split("\n")[2].split()[2]) - 1

    def base(self, name):
        return {"openai": f"http://127.0.0.1:{self.port}/openai/v1", "anthropic": f"http://127.0.0.1:{self.port}/anthropic",
                "openrouter": f"http://127.0.0.1:{self.port}/openrouter/api/v1"}[name]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(20)


def key(env, provider):
    return f"sk-bench-{provider}-{env}"


def environments_yaml(n, pg, redis, providers, interval, timeout, contract, overrides=None, databases=None):
    """The environments file: each environment has its database, its limiter prefix and its three provider keys.
    With `databases` = M < n, environment i checks database env((i-1) % M + 1): fleets larger than the databases
    built (the 10,000-environment file of the sharding phase) reuse them."""
    overrides = overrides or {}
    lines = [f"interval: {interval}s", f"timeout: {timeout}s", "environments:"]
    for i in range(1, n + 1):
        env = f"env{i}"
        redis_url = overrides.get(env, {}).get("redis", f"redis://127.0.0.1:{redis.port}")
        schema_url = overrides.get(env, {}).get("schema_url", pg.url(f"env{(i - 1) % (databases or n) + 1}"))
        lines += [
            f"  {env}:",
            "    labels: {tier: preview}",
            "    schema:",
            f"      url: {schema_url}",
            "      user: postgres",
            "      schemas: [public]",
            f"      contract: {contract}",
            "    ratelimit:",
            f"      redis: {redis_url}",
            f'      prefix: "{env}:tokenmart:global"',
            "      limit: 30",
            "      window: 10s",
            "      timeout: 2s",
            "    providers:",
        ]
        for p in ("openai", "anthropic", "openrouter"):
            lines.append(f"      {p}: {{key: {key(env, p)}, baseUrl: \"{providers.base(p)}\"}}")
    return "\n".join(lines) + "\n"


class Driftwatch:
    """The daemon from the built jar."""

    def __init__(self, work, config, min_interval, jvm_args=(), app=None, env=None, port=None, name="driftwatch"):
        """env: extra environment variables (DRIFTWATCH_SHARDS, ...): a build that does not know them ignores them,
        where an unknown -Ddriftwatch.* system property could be rejected by the config mapping."""
        self.port = port or free_port()
        data = Path(work) / f"{name}-data"
        shutil.rmtree(data, ignore_errors=True)
        jar = Path(app or ROOT / "target/quarkus-app") / "quarkus-run.jar"
        if not jar.exists():
            raise RuntimeError(f"{jar} missing: build it with ./mvnw -B -q package -DskipTests")
        self.log = open(Path(work) / f"{name}.log", "ab")
        env = dict(os.environ, DRIFTWATCH_PORT=str(self.port), **(env or {}))
        self.proc = subprocess.Popen(["java", *jvm_args, f"-Ddriftwatch.data-dir={data}",
                                      f"-Ddriftwatch.provider.min-interval={min_interval}",
                                      "-Ddriftwatch.provider.max-requests-per-minute=1000000",
                                      "-jar", str(jar), "--config", str(config)],
                                     stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        try:
            self._wait_ready(420)  # seconds on a quiet machine; minutes at a load of 80 on 2 cores (seen here)
        except RuntimeError:
            self.stop()  # not handed to the caller, so stopped here
            raise

    def _wait_ready(self, timeout):
        """Until /q/health/ready answers 200; fails at once when the daemon exits or rejects its environments file."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.alive()
            try:
                status, body = http_get(self.url("/q/health/ready"), 2)
                if status == 200:
                    return
                if re.search(rb'"lastReloadSuccess"\s*:\s*false', body):
                    raise RuntimeError("driftwatch rejected its environments file: " + body.decode()[:400])
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("timed out waiting for driftwatch ready")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def metrics(self):
        self.alive()
        return http_get(self.url("/q/metrics"), 60)[1].decode()

    def alive(self):
        if self.proc.poll() is not None:
            raise DaemonExited(f"driftwatch exited with {self.proc.returncode} (-9: SIGKILL, e.g. the kernel's OOM killer, see "
                               f"dmesg; 3: -XX:+ExitOnOutOfMemoryError, a full heap); its log: {self.log.name}")

    def timed_metrics(self):
        """(text, seconds, bytes) of one scrape of /q/metrics, as Prometheus would take it."""
        self.alive()
        t = time.monotonic()
        body = http_get(self.url("/q/metrics"), 60)[1]
        return body.decode(), time.monotonic() - t, len(body)

    def stop(self):
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def shipped_jvm_options(root=ROOT):
    """The JVM options the project ships for running the daemon: deploy/jvm.options (one per line, # comments) when
    present, else the default of JAVA_OPTS in bin/run-local (`${JAVA_OPTS:-...}` or `JAVA_OPTS=...`). Returns
    (options, where they were read)."""
    root = Path(root)
    for f in ("deploy/jvm.options", "config/jvm.options", "bin/jvm.options"):
        if (root / f).is_file():
            opts = []
            for line in (root / f).read_text().splitlines():
                line = line.split("#", 1)[0].strip()
                opts += line.split() if line else []
            return opts, f
    run_local = root / "bin/run-local"
    if run_local.is_file():
        text = run_local.read_text()
        m = re.search(r"JAVA_OPTS:-([^}]*)\}", text) or re.search(r"^\s*(?:export\s+)?JAVA_OPTS=[\"']?([^\"'\n]*)", text, re.M)
        if m and m.group(1).strip():
            return m.group(1).split(), "bin/run-local (JAVA_OPTS default)"
        return [], "bin/run-local (no JVM options: the JVM's defaults)"
    return [], "none found (the JVM's defaults)"


def app_root(app):
    """The source tree a quarkus-app directory was built from (its ../..), when it has bin/run-local; else ROOT."""
    if app:
        root = Path(app).resolve().parent.parent
        if (root / "bin/run-local").is_file():
            return root
    return ROOT
