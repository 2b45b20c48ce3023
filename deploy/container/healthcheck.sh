#!/usr/bin/env bash
# Container health check without curl or wget in the image: GET /q/health/live over bash's /dev/tcp.
# Exit 0 when driftwatch answers 200, 1 otherwise. Port from DRIFTWATCH_PORT (default 9464).
set -u
port=${DRIFTWATCH_PORT:-9464}
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /q/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || exit 1
exec 3<&-
case "$status" in
  "HTTP/1.1 200"*|"HTTP/1.0 200"*) exit 0 ;;
  *) echo "driftwatch health: ${status:-no answer}" >&2; exit 1 ;;
esac
