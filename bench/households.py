"""Household database benchmark: N generated households in PostgreSQL (default 1,000,000).

In a scratch database (created, migrated and dropped here; never the test suite's `test`):
  1. `flask --app wsgi households generate --households N --seed 1`, timed end to end (target: 1,000,000
     in under 10 minutes), then VACUUM ANALYZE as autovacuum would after a load;
  2. database bytes per household (pg_database_size / households) and pg_total_relation_size per table;
  3. lookups as the handlers make them (models.lookups, each in its own session, district scope):
     by house code and by national ID (target p99 < 5 ms), both checked for scope leaks;
  4. name search within a district (target p99 < 50 ms) with realistic fragments, typos included;
  5. `flask --app wsgi export households --with-ids` of whole provinces (about 50,000 person rows), then
     `flask --app wsgi households import` of that file into a fresh migrated database (new rows) and
     again into the big one (every row already there) — target ≥ 5,000 rows/s.

Run:  .venv/bin/python -m bench.households [--households 1000000] [--keep]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psycopg

from bench import household_queries as queries
from bench.common import PG_ADMIN, PYTHON, ROOT, scratch_database, write_results
from bench.webhook import bot_env, migrate
from bot.services import Services
from bot.web.app import create_app

DATABASE, IMPORT_DATABASE = "bench_households", "bench_households_import"
TABLES = ("households", "persons", "problems", "assistance", "audit_log", "villages")


@dataclass
class Step:
    what: str
    seconds: float
    cpu_seconds: float
    output: str


@dataclass
class Results:
    households: int
    steps: dict[str, Step] = field(default_factory=dict)
    loads: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    lookups: dict[str, queries.Measured] = field(default_factory=dict)
    import_rows: int = 0


def environment(database_url: str) -> dict[str, str]:
    """Production settings (LOGBOOK_ENV=production) on a scratch database; no LINE calls are made."""
    return {**bot_env(database_url, "http://127.0.0.1:9"), "LOGBOOK_REDIS_NAMESPACE": "bench-households"}


def flask(env: dict[str, str], *arguments: str, label: str) -> Step:
    """Runs one `flask --app wsgi …` command; wall time and the child's CPU time (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "flask", "--app", "wsgi", *arguments], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise RuntimeError(f"{label} failed:\n{done.stdout}\n{done.stderr[-4000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"  {label}: {seconds:,.1f} s (command CPU {cpu:,.1f} s)\n    "
          + "\n    ".join(done.stdout.strip().splitlines()), flush=True)
    return Step(label, seconds, cpu, done.stdout.strip())


def drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def vacuum_analyze(name: str) -> float:
    started = time.perf_counter()
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def measure_sizes(rt: Services, results: Results) -> None:
    with rt.engine.connect() as connection:
        results.sizes["database"] = connection.exec_driver_sql(
            "SELECT pg_database_size(current_database())").scalar_one()
        for table in TABLES:
            results.sizes[table] = connection.exec_driver_sql(
                f"SELECT pg_total_relation_size('{table}')").scalar_one()
            results.sizes[f"{table} indexes"] = connection.exec_driver_sql(
                f"SELECT pg_indexes_size('{table}')").scalar_one()
            results.counts[table] = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()


def export_and_import(env: dict[str, str], rt: Services, results: Results, rows_wanted: int,
                      workdir: Path) -> None:
    """Exports whole provinces (about `rows_wanted` person rows), imports them into a fresh database and
    then again into the big one."""
    provinces = queries.provinces_for(rt, rows_wanted)
    parts = []
    for code, _count in provinces:
        part = workdir / f"households-{code}.csv"
        step = flask(env, "export", "households", "--area", code, "--format", "csv", "--with-ids",
                     "--output", str(part), "--actor", "bench", label=f"export province {code}")
        results.steps[f"export {code}"] = step
        parts.append(part)
    combined = workdir / "households-sample.csv"
    results.import_rows = queries.concatenate_csv(parts, combined)
    for part in parts:
        part.unlink()
    results.steps["start-up"] = flask(env, "households", "import", "--help", label="command start-up only")
    fresh_env = environment(scratch_database(IMPORT_DATABASE))
    migrate(fresh_env)
    results.steps["import new"] = flask(fresh_env, "households", "import", str(combined), "--actor", "bench",
                                        label=f"import {results.import_rows:,} rows into a fresh database")
    drop_database(IMPORT_DATABASE)
    (workdir / "households-sample.errors.csv").unlink(missing_ok=True)
    results.steps["import again"] = flask(
        env, "households", "import", str(combined), "--actor", "bench",
        label=f"import the same {results.import_rows:,} rows into the {results.households:,}-household "
              "database")


def run(count: int, seed: int, lookups: int, searches: int, import_rows: int, keep: bool) -> Results:
    results = Results(count)
    env = environment(scratch_database(DATABASE))
    workdir = ROOT / "instance" / "bench-households"
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        migrate(env)
        print(f"  migrated in {time.perf_counter() - started:.1f} s", flush=True)
        results.loads["before"] = os.getloadavg()[0]
        results.steps["generate"] = flask(env, "households", "generate", "--households", str(count),
                                          "--seed", str(seed), "--actor", "bench",
                                          label=f"generate {count:,} households")
        results.loads["after generate"] = os.getloadavg()[0]
        vacuum = vacuum_analyze(DATABASE)
        results.steps["vacuum"] = Step("VACUUM ANALYZE", vacuum, 0.0, "")
        print(f"  VACUUM ANALYZE: {vacuum:.1f} s", flush=True)
        rt: Services = create_app(env).extensions["logbook"]
        measure_sizes(rt, results)
        rng = random.Random(seed)
        sample = queries.sample_people(rt, rng, lookups)
        results.lookups["house code"] = queries.by_house_code(rt, sample)
        results.lookups["national ID"] = queries.by_national_id(rt, sample)
        for kind, measured in queries.name_searches(rt, rng, sample, searches).items():
            results.lookups[f"name: {kind}"] = measured
        results.loads["after lookups"] = os.getloadavg()[0]
        export_and_import(env, rt, results, import_rows, workdir)
        results.loads["end"] = os.getloadavg()[0]
        rt.close()
    finally:
        if not keep:
            drop_database(DATABASE)
            drop_database(IMPORT_DATABASE)
            for leftover in workdir.glob("households-*.csv"):  # synthetic, but with full national IDs
                leftover.unlink()
    return results


def report(results: Results, command: str) -> str:
    from bench.household_report import render

    return render(results, command, _machine())


def _machine() -> str:
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory = next(line for line in meminfo if line.startswith("MemTotal"))
    with psycopg.connect(PG_ADMIN) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        settings = {name: connection.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
                    for name in ("shared_buffers", "max_wal_size", "synchronous_commit")}
    gib = int(memory.split()[1]) / 1024**2
    tuned = ", ".join(f"{name} {value}" for name, value in settings.items())
    return (f"{datetime.now():%Y-%m-%d}, {os.cpu_count()} cores, {gib:.0f} GiB RAM, PostgreSQL {version} "
            f"on 127.0.0.1 with default settings ({tuned})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lookups", type=int, default=2000, help="lookups by house code and by national ID")
    parser.add_argument("--searches", type=int, default=600, help="name searches within a district")
    parser.add_argument("--import-rows", type=int, default=50_000, help="person rows to export and import")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    args = parser.parse_args()
    command = ".venv/bin/python -m bench.households" + (
        f" --households {args.households}" if args.households != 1_000_000 else "")
    results = run(args.households, args.seed, args.lookups, args.searches, args.import_rows, args.keep)
    print(write_results("households", report(results, command)).read_text())


if __name__ == "__main__":
    main()
