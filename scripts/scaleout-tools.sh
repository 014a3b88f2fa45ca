#!/usr/bin/env bash
# Exit 0 when the Debian binaries tests/scaleout starts are installed
# (redis-server, redis-sentinel, pgbouncer; pgbouncer lives in /usr/sbin), else name the missing ones.
set -u
missing=()
for tool in redis-server redis-sentinel pgbouncer; do
  PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "not installed: ${missing[*]}" >&2
  exit 1
fi
exit 0
