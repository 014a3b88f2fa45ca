#!/usr/bin/env bash
# Makes sure PostgreSQL (5432) and Redis (6379) answer on 127.0.0.1, starting them when they are
# installed but down. Exit 0: both up. Exit 1: one is missing or would not start.
set -u

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

wait_for() {
  for _ in $(seq 1 30); do "$1" && return 0; sleep 0.5; done
  return 1
}

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start >&2 || true
    wait_for pg_up || { echo "PostgreSQL did not start" >&2; exit 1; }
  else
    echo "PostgreSQL is not installed here" >&2; exit 1
  fi
fi

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "starting Redis" >&2
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log >&2
    wait_for redis_up || { echo "Redis did not start" >&2; exit 1; }
  else
    echo "Redis is not installed here" >&2; exit 1
  fi
fi
exit 0
