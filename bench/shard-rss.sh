#!/usr/bin/env bash
# RSS of one replica watching 300 environments vs three shards of the same file (docs/sharding.md), same JVM flags as
# ShardedFleetIT. Needs redis-server and curl; provider keys point at a closed port (unknown), the limiters at a private Redis.
set -u
cd "$(dirname "$0")/.."; JAR=$PWD/target/quarkus-app/quarkus-run.jar  # ./mvnw -B package -DskipTests first
D=$(mktemp -d /tmp/dw-rss-XXXX); RP=$((30000 + RANDOM % 5000))
redis-server --port $RP --bind 127.0.0.1 --save '' --appendonly no > $D/redis.log 2>&1 & RPID=$!
{ echo "interval: 1h"; echo "environments:"
  for i in $(seq -w 0 299); do
    printf '  env-%s:\n    ratelimit: {redis: "redis://127.0.0.1:%d", prefix: "env-%s"}\n    providers:\n      openai: {key: sk-rss-%s-0123456789abcdef, baseUrl: "http://127.0.0.1:9"}\n' $i $RP $i $i
  done; } > $D/dw.yaml
run() { # name port extra-env...
  local name=$1 port=$2; shift 2
  mkdir -p $D/$name
  env -u HOSTNAME DRIFTWATCH_CONFIG=$D/dw.yaml DRIFTWATCH_DATA_DIR=$D/$name DRIFTWATCH_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 "$@" \
    java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar $JAR > $D/$name.log 2>&1 &
  echo $!
}
ready() { until curl -fs -o /dev/null http://127.0.0.1:$1/q/health/ready; do sleep 1; done; }
rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$1/status; }
P=$((40000 + RANDOM % 5000))
pid=$(run single $P); ready $P; sleep 40
echo "unsharded, 300 environments (600 checks): RSS $(rss $pid) MiB; $(curl -s http://127.0.0.1:$P/api/v1/environments | grep -o '"verdict"' | wc -l) verdicts"
kill $pid; wait $pid 2>/dev/null
B=$((2 + RANDOM % 4))$(printf '%03d' $((RANDOM % 1000)))
pids=()
for s in 0 1 2; do port=${B:0:1}$s${B:1}; pids+=($(run shard$s $port DRIFTWATCH_SHARDS=3 DRIFTWATCH_SHARD=$s "DRIFTWATCH_SHARD_ADDRESS=http://127.0.0.1:${B:0:1}{shard}${B:1}")); done
for s in 0 1 2; do ready ${B:0:1}$s${B:1}; done; sleep 40
for s in 0 1 2; do echo "shard $s of 3: RSS $(rss ${pids[$s]}) MiB; $(curl -s http://127.0.0.1:${B:0:1}$s${B:1}/api/v1/environments | grep -o '"verdict"' | wc -l) own verdicts"; done
kill ${pids[@]} $RPID; wait 2>/dev/null; rm -rf $D
