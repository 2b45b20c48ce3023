#!/usr/bin/env bash
# The one benchmark command (not part of bin/test): builds the jar when missing, then runs bench/harness.py.
#   bench/run.sh                     # N = 10, 100, 1000 at a 30 s interval, beside the exporters; about 25 minutes
#   bench/run.sh --sizes 10,100      # fewer sizes
#   bench/run.sh --quick             # N = 3, one short interval: checks that every figure is produced
# Results: bench/results/<date>/results.json (and the same JSON on stdout).
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
for p in prometheus-postgres-exporter prometheus-redis-exporter prometheus-blackbox-exporter nginx wrk hyperfine; do
  command -v "$p" >/dev/null 2>&1 || missing+=("$p")
done
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
exec python3 bench/harness.py "$@"
