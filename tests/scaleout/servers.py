"""Debian's redis-server, redis-sentinel and pgbouncer on free 127.0.0.1 ports, for the scale-out test.

Each server runs in the foreground as a child of the test (bench.common.process) and stops with it.
PgBouncer refuses to run as root: as root it is started with `-u postgres` in a folder that user owns.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from redis import Redis

from bench.common import free_port, process

SBIN_PATH = f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin"
TOOLS = ("redis-server", "redis-sentinel", "pgbouncer")
MASTER_NAME = "logbook"


def missing_tools() -> list[str]:
    """The Debian binaries this test needs that are not installed (`make test` installs them as root)."""
    return [tool for tool in TOOLS if shutil.which(tool, path=SBIN_PATH) is None]


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not _quietly(check):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} within {seconds:.0f} s")
        time.sleep(0.1)


def _quietly(check: Callable[[], bool]) -> bool:
    try:
        return check()
    except Exception:  # a server still starting refuses connections
        return False


def redis_server(folder: Path, port: int, replica_of: int | None = None) -> list[str]:
    command = [
        shutil.which("redis-server", path=SBIN_PATH) or "redis-server",
        "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", str(folder), "--protected-mode", "no",
    ]
    return command + (["--replicaof", "127.0.0.1", str(replica_of)] if replica_of else [])


def sentinel_config(folder: Path, port: int, master_port: int) -> Path:
    """One sentinel, quorum 1: it alone may declare the master down and lead a failover."""
    path = folder / f"sentinel-{port}.conf"
    path.write_text(
        f"port {port}\nbind 127.0.0.1\nprotected-mode no\ndir {folder}\n"
        f"sentinel monitor {MASTER_NAME} 127.0.0.1 {master_port} 1\n"
        f"sentinel down-after-milliseconds {MASTER_NAME} 2000\n"
        f"sentinel failover-timeout {MASTER_NAME} 10000\n"
        f"sentinel parallel-syncs {MASTER_NAME} 1\n"
    )
    return path


@contextlib.contextmanager
def redis_with_sentinel(folder: Path) -> Iterator[tuple[Redis, str]]:
    """A master, its replica and a sentinel; yields a client of the sentinel and REDIS_SENTINELS."""
    master_port, replica_port, sentinel_port = free_port(), free_port(), free_port()
    with (
        process(redis_server(folder, master_port), {}, log=folder / "redis-master.log"),
        process(redis_server(folder, replica_port, master_port), {}, log=folder / "redis-replica.log"),
    ):
        replica = Redis(port=replica_port, socket_timeout=2)
        wait_for(lambda: replica.info("replication")["master_link_status"] == "up", 20, "the replica synced")
        config = sentinel_config(folder, sentinel_port, master_port)
        sentinel_binary = shutil.which("redis-sentinel", path=SBIN_PATH) or "redis-sentinel"
        with process([sentinel_binary, str(config)], {}, log=folder / "sentinel.log"):
            sentinel = Redis(port=sentinel_port, socket_timeout=2, decode_responses=True)
            wait_for(lambda: _replica_known(sentinel), 20, "the sentinel found the replica")
            yield sentinel, f"127.0.0.1:{sentinel_port}"
            sentinel.close()
        replica.close()


def _replica_known(sentinel: Redis) -> bool:
    replicas = sentinel.execute_command("SENTINEL", "REPLICAS", MASTER_NAME)
    return any(_fields(entry).get("master-link-status") == "ok" for entry in replicas)


def _fields(entry: list[str] | dict[str, str]) -> dict[str, str]:
    if isinstance(entry, dict):
        return entry
    return dict(zip(entry[::2], entry[1::2], strict=True))


def master_port(sentinel: Redis) -> int:
    return int(sentinel.execute_command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME)[1])


@contextlib.contextmanager
def pgbouncer(folder: Path, schema: str, database: str = "test") -> Iterator[int]:
    """PgBouncer in transaction mode in front of 127.0.0.1:5432/`database`; yields its port. Every server
    connection of its pool is given the run's schema (what the test suite's other runs do with a URL
    option, which PgBouncer 1.18 does not pass on)."""
    port = free_port()
    home = folder / "pgbouncer"
    home.mkdir()
    (home / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"logbook = host=127.0.0.1 port=5432 dbname={database} user=postgres "
        f"connect_query='SET search_path TO {schema}, extensions'\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        "auth_type = any\npool_mode = transaction\nmax_client_conn = 200\ndefault_pool_size = 20\n"
        f"logfile = {home}/pgbouncer.log\npidfile = {home}/pgbouncer.pid\n"
        "ignore_startup_parameters = extra_float_digits\n"
    )
    command = [shutil.which("pgbouncer", path=SBIN_PATH) or "pgbouncer"]
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(home, owner.pw_uid, owner.pw_gid)
        command += ["-u", "postgres"]
    with process([*command, str(home / "pgbouncer.ini")], {}, log=folder / "pgbouncer.out"):
        wait_for(lambda: _answers(port), 15, "PgBouncer answered")
        yield port


def _answers(port: int) -> bool:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/logbook", prepare_threshold=None) as db:
        return db.execute("SELECT 1").fetchone() == (1,)
