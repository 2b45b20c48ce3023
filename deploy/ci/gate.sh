#!/usr/bin/env bash
# driftwatch release gate for CI jobs that have nothing but bash and curl (no jq, no JDK).
# Same flags, output and exit codes as `driftwatch gate` (src/main/java/dev/driftwatch/gate/GateCommand.java):
#   0 pass (or warn without --strict), 1 fail (drift), 2 unknown, driftwatch unreachable, or bad usage.
# Copy this file into the repository whose releases it gates (for example .github/driftwatch/gate.sh).
set -uo pipefail
export LC_ALL=C

usage() {
  cat <<'EOF'
usage: gate.sh --url URL --env ENV [--checks IDS] [--max-age DUR] [--since TIME|now] [--wait DUR]
               [--strict] [--probe] [--token TOKEN] [--migrations DIR] [--json]
  --url       driftwatch base URL (default $DRIFTWATCH_URL), e.g. http://driftwatch:9464
  --env       environment name (default $DRIFTWATCH_ENV)
  --checks    comma-separated check ids or kinds that count, e.g. schema,migrations (default: all)
  --max-age   observations older than this count as unknown (default: each check's 2 x interval + timeout)
  --since     RFC 3339 time or 'now': only observations made after it count (a gate after a deploy)
  --wait      keep asking for up to this long until the verdict passes (e.g. 5m; default: ask once)
  --strict    warn blocks too
  --probe     run the checks now first (POST .../probe; needs the token)
  --token     API bearer token for --probe (default $DRIFTWATCH_API_TOKEN; prefer the variable)
  --migrations  also require every DIR/<version>_<name>.sql of this release to be applied,
              as the environment's migrations check last saw (e.g. supabase/migrations)
  --json      print the verdict body as JSON instead of the summary
exit: 0 pass (or warn without --strict), 1 fail (drift), 2 unknown, driftwatch unreachable, or bad usage
EOF
}

say() { printf 'driftwatch gate: %s\n' "$*" >&2; }
die() { say "$*"; usage >&2; exit 2; }

url=${DRIFTWATCH_URL:-}
env_name=${DRIFTWATCH_ENV:-}
token=${DRIFTWATCH_API_TOKEN:-}
checks='' max_age='' since='' wait_for='0s' strict='' probe='' json='' migrations=''

while [ $# -gt 0 ]; do
  arg=$1
  shift
  case $arg in
    --*=*) name=${arg%%=*} value=${arg#*=} has_value=1 ;;
    *) name=$arg value='' has_value=0 ;;
  esac
  case $name in
    --strict | --probe | --json | --help | -h)
      [ "$has_value" = 1 ] && die "unknown argument $arg"
      case $name in
        --strict) strict=true ;;
        --probe) probe=true ;;
        --json) json=true ;;
        *) usage; exit 0 ;;
      esac ;;
    --url | --env | --checks | --max-age | --since | --wait | --token | --migrations)
      if [ "$has_value" = 0 ]; then
        [ $# -gt 0 ] || die "$name needs a value"
        value=$1
        shift
      fi
      case $name in
        --url) url=$value ;;
        --env) env_name=$value ;;
        --checks) checks=$value ;;
        --max-age) max_age=$value ;;
        --since) since=$value ;;
        --wait) wait_for=$value ;;
        --token) token=$value ;;
        --migrations) migrations=$value ;;
      esac ;;
    *) die "unknown argument $arg" ;;
  esac
done

# Seconds in a duration such as 90s, 5m, 1h30m or 500ms (rounded up); fails on anything else.
seconds_of() {
  local text=$1 total_ms=0 n unit
  [[ $text =~ ^([0-9]+(ms|s|m|h|d))+$ ]] || return 1
  while [[ $text =~ ^([0-9]+)(ms|s|m|h|d)(.*)$ ]]; do
    n=$((10#${BASH_REMATCH[1]})) unit=${BASH_REMATCH[2]} text=${BASH_REMATCH[3]}
    case $unit in
      ms) total_ms=$((total_ms + n)) ;;
      s) total_ms=$((total_ms + n * 1000)) ;;
      m) total_ms=$((total_ms + n * 60000)) ;;
      h) total_ms=$((total_ms + n * 3600000)) ;;
      d) total_ms=$((total_ms + n * 86400000)) ;;
    esac
  done
  echo $(((total_ms + 999) / 1000))
}

[[ $url =~ ^https?:// ]] || die "--url: '$url' is not an http(s) URL (or set DRIFTWATCH_URL)"
[ -n "$env_name" ] || die "--env: required (or set DRIFTWATCH_ENV)"
if [ -n "$probe" ] && [ -z "$token" ]; then die "--probe: needs the API token (--token or DRIFTWATCH_API_TOKEN)"; fi
if [ -n "$max_age" ] && ! seconds_of "$max_age" >/dev/null; then die "--max-age: '$max_age' is not a duration such as 90s, 5m or 1h"; fi
wait_seconds=$(seconds_of "$wait_for") || die "--wait: '$wait_for' is not a duration such as 90s, 5m or 1h"
if [ "$since" = now ]; then
  since=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
  [[ $since =~ N ]] && since=$(date -u +%Y-%m-%dT%H:%M:%SZ) # a date(1) without %N
elif [ -n "$since" ] && ! [[ $since =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$ ]]; then
  die "--since: '$since' is not 'now' or an RFC 3339 time such as 2026-11-26T10:00:00Z"
fi
command -v curl >/dev/null || die "curl is required"

urlencode() {
  local s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

base="${url%/}/api/v1/environments/$(urlencode "$env_name")"
body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT
status='' body='' curl_error='' redirected_to=''

# request METHOD URL MAX_SECONDS [auth]: sets status and body; returns 1 when driftwatch could not be reached.
# A sharded driftwatch answers 307 for an environment another replica probes: curl follows it (at most 5 hops) with
# the same method and, --location-trusted, the token (the replicas are one service); redirected_to names that replica.
request() {
  local method=$1 target=$2 max=$3 auth=${4:-} err
  local -a config=()
  # The token goes to curl on stdin, never on its command line, where ps would show it.
  if [ -n "$auth" ]; then config=(--config -); fi
  err=$( {
    if [ -n "$auth" ]; then
      printf 'header = "Authorization: Bearer %s"\n' "$(printf '%s' "$token" | sed 's/[\\"]/\\&/g')"
    fi
  } | curl -sS -X "$method" -o "$body_file" -w '%{http_code} %{num_redirects} %{url_effective}' --connect-timeout 10 \
      --max-time "$max" --location --location-trusted --max-redirs 5 --proto-redir http,https \
      -H 'Accept: application/json' ${config[@]+"${config[@]}"} "$target" 2>&1 >"$body_file.status")
  local rc=$? written hops effective
  written=$(cat "$body_file.status" 2>/dev/null)
  rm -f "$body_file.status"
  status=${written%% *}
  hops=${written#* } hops=${hops%% *}
  effective=${written#* * }
  redirected_to=''
  if [ -n "$hops" ] && [ "$hops" != 0 ] && [[ $effective =~ ^(https?://[^/?#]+) ]]; then
    redirected_to=${BASH_REMATCH[1]}
  fi
  body=$(cat "$body_file")
  if [ $rc -ne 0 ] || [ -z "$status" ] || [ "$status" = 000 ]; then
    curl_error=${err:-curl exit $rc}
    return 1
  fi
  return 0
}

# unreachable: which address did not answer, the replica's that probes the environment after a redirect.
unreachable() {
  if [ -n "$redirected_to" ]; then
    printf 'driftwatch unreachable at %s (the replica that probes %s, redirected from %s)' "$redirected_to" "$env_name" "$url"
  else
    printf 'driftwatch unreachable at %s' "$url"
  fi
}

# utf8 HEX: the UTF-8 bytes of a \uXXXX escape (driftwatch's JSON writes non-ASCII as is; this is for the rest).
utf8() {
  local cp=$((16#$1))
  if ((cp < 0x80)); then
    printf "\\$(printf '%03o' "$cp")"
  elif ((cp < 0x800)); then
    printf "\\$(printf '%03o' $((0xC0 | cp >> 6)))\\$(printf '%03o' $((0x80 | (cp & 0x3F))))"
  else
    printf "\\$(printf '%03o' $((0xE0 | cp >> 12)))\\$(printf '%03o' $((0x80 | (cp >> 6 & 0x3F))))\\$(printf '%03o' $((0x80 | (cp & 0x3F))))"
  fi
}

# json_strings KEY: the string under "KEY", or each string of the array under it, one per line.
# Enough for driftwatch's own compact bodies, where a key's first occurrence is the top-level one.
json_strings() {
  local key="\"$1\":" rest c out='' in=0 esc=0 i first
  rest=${body#*"$key"}
  [ "$rest" != "$body" ] || return 1
  rest=${rest#"${rest%%[! ]*}"}
  first=${rest:0:1}
  for ((i = 0; i < ${#rest}; i++)); do
    c=${rest:i:1}
    if ((in)); then
      if ((esc)); then
        case $c in
          n | t | r) out+=' ' ;;
          u) out+=$(utf8 "${rest:i+1:4}"); i=$((i + 4)) ;;
          *) out+=$c ;;
        esac
        esc=0
      elif [ "$c" = '\' ]; then
        esc=1
      elif [ "$c" = '"' ]; then
        printf '%s\n' "$out"
        out='' in=0
        [ "$first" = '"' ] && return 0
      else
        out+=$c
      fi
    else
      case $c in
        '"') in=1 ;;
        '[' | ',' | ' ') ;;
        ']') return 0 ;;
        *) return 1 ;; # not a string, nor an array of strings
      esac
    fi
  done
}

query() {
  local out='' pair k v
  for pair in "$@"; do
    k=${pair%%=*} v=${pair#*=}
    [ -n "$v" ] && out+="${out:+&}$k=$(urlencode "$v")"
  done
  printf '%s' "${out:+?$out}"
}

# unapplied_migrations: the release's migration files that the environment's migrations check did not see applied.
# Prints them (or why it cannot tell) and returns 0 when all are applied, 1 when some are not, 2 when it cannot tell.
unapplied_migrations() {
  local applied file version missing=() verdict_body=$body verdict_status=$status
  if ! [ -d "$migrations" ]; then echo "--migrations: $migrations is not a directory"; return 2; fi
  if ! request GET "$base" 30; then
    body=$verdict_body status=$verdict_status
    echo "$(unreachable): $curl_error"
    return 2
  fi
  applied=" $(json_strings appliedVersions | tr '\n' ' ')"
  if [ "$applied" = " " ] && ! [[ $body == *'"appliedVersions":'* ]]; then
    body=$verdict_body status=$verdict_status
    echo "--migrations: $env_name has no migrations check with a recent answer listing the applied versions"
    return 2
  fi
  body=$verdict_body status=$verdict_status
  for file in "$migrations"/*.sql; do
    file=${file##*/}
    [[ $file =~ ^([0-9]+)_.+\.sql$ ]] || continue
    version=${BASH_REMATCH[1]}
    [[ $applied == *" $version "* ]] || missing+=("$file")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local IFS=,
  echo "${#missing[@]} migration file(s) of this release not applied in $env_name: ${missing[*]}" | sed 's/,/, /g'
  return 1
}

exit_code() { # for a 503 verdict body
  case $1 in
    fail) echo 1 ;;
    warn) if [[ $body == *'"state":"drift"'* ]]; then echo 1; else echo 2; fi ;;
    pass) echo 0 ;;
    *) echo 2 ;;
  esac
}

# blind_checks: the checks of the verdict body that could not see (unknown, stale or missing), comma-separated.
blind_checks() {
  printf '%s' "$body" | grep -o '"check":"[^"]*","state":"\(unknown\|stale\|missing\)"' \
    | sed 's/^"check":"\([^"]*\)".*/\1/' | paste -sd, - | sed 's/,/, /g'
}

report() {
  local code=$1 verdict=$2 extra=${3:-} what word blind
  if [ -n "$json" ]; then
    printf '%s\n' "$body"
    [ -n "$extra" ] && printf '%s\n' "$extra" >&2
    return
  fi
  case $code in
    0) what='release may proceed'; if [ "$verdict" = warn ]; then word=WARN; else word=PASS; fi ;;
    1) what='blocked: the environment is verifiably wrong' word=FAIL ;;
    *)
      word=UNKNOWN blind=$(blind_checks)
      if [ -n "$extra" ]; then what='blocked: cannot verify the migrations of this release'
      else what="blocked: cannot verify ${blind:-the environment}"; fi ;;
  esac
  printf 'driftwatch gate: %s: %s (exit %s, %s)\n' "$(json_strings environment)" "$word" "$code" "$what"
  [ -n "$extra" ] && printf '  - %s\n' "$extra"
  if [ -z "$extra" ] || [ "$verdict" != pass ]; then json_strings reasons | sed 's/^/  - /'; fi
}

deadline=$((SECONDS + wait_seconds))

if [ -n "$probe" ]; then
  if request POST "$base/probe$(query "checks=$checks" "strict=$strict")" 120 auth; then
    case $status in
      200 | 503) if json_strings verdict >/dev/null; then say "probed $env_name now"; else
        say "probe refused ($status): $(json_strings error || printf '%s' "$body")"; exit 2; fi ;;
      429) say "$env_name was probed moments ago (429); using its latest observations" ;;
      *) say "probe refused ($status): $(json_strings error || printf '%s' "$body")"; exit 2 ;;
    esac
  else
    say "probe failed, $(unreachable): $curl_error"
    [ "$wait_seconds" -gt 0 ] || exit 2
  fi
fi

last_verdict=''
while :; do
  remaining=$((deadline - SECONDS))
  ((remaining < 0)) && remaining=0
  poll=$((remaining > 300 ? 300 : remaining))
  poll_param=''
  ((poll >= 1)) && poll_param="${poll}s"
  target="$base/verdict$(query "checks=$checks" "maxAge=$max_age" "since=$since" "strict=$strict" "wait=$poll_param")"
  if ! request GET "$target" $((poll + 30)); then
    problem="$(unreachable): $curl_error"
    if ((SECONDS < deadline)); then
      say "$problem; retrying for $((deadline - SECONDS))s"
      sleep 2
      continue
    fi
    say "$problem"
    exit 2
  fi
  verdict=$(json_strings verdict) || verdict=''
  if [ -z "$verdict" ]; then
    problem="driftwatch answered $status: $(json_strings error || printf '%s' "$body")"
    if [ "$status" -ge 500 ] && ((SECONDS < deadline)); then
      say "$problem; retrying for $((deadline - SECONDS))s"
      sleep 2
      continue
    fi
    say "$problem"
    exit 2
  fi
  if [ "$status" = 200 ]; then code=0; else code=$(exit_code "$verdict"); fi
  unapplied=''
  if [ "$code" = 0 ] && [ -n "$migrations" ]; then
    unapplied=$(unapplied_migrations)
    code=$?
  fi
  if [ "$code" != 0 ] && ((SECONDS < deadline)); then
    state=${unapplied:-$verdict}
    if [ "$state" != "$last_verdict" ]; then
      say "$env_name: $state; waiting up to $((deadline - SECONDS))s for it to pass"
      last_verdict=$state
    fi
    sleep 2
    continue
  fi
  report "$code" "$verdict" "$unapplied"
  exit "$code"
done
