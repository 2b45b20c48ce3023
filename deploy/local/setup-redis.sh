#!/usr/bin/env bash
# Makes sure a Redis answers on 127.0.0.1:6379 for the bundled local example: installs the Debian package
# redis-server when missing and starts a non-persistent server when none answers. Idempotent.
set -euo pipefail
PORT=${DRIFTWATCH_LOCAL_REDIS_PORT:-6379}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null; }

if answers; then
  echo "setup-redis: Redis answers on 127.0.0.1:$PORT"
  exit 0
fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "setup-redis: installing Redis (Debian package redis-server)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
echo "setup-redis: starting redis-server on 127.0.0.1:$PORT"
redis-server --daemonize yes --bind 127.0.0.1 --port "$PORT" --save "" --appendonly no \
  --dir "${TMPDIR:-/tmp}" --logfile "${TMPDIR:-/tmp}/driftwatch-local-redis.log"
for _ in $(seq 1 20); do answers && exit 0; sleep 0.5; done
echo "setup-redis: Redis did not start; see ${TMPDIR:-/tmp}/driftwatch-local-redis.log" >&2
exit 1
