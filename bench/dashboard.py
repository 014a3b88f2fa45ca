"""Dashboard benchmark: every view of the ศจพ. dashboard for a province and a district scope, read from
the aggregate tables and, side by side in the same run, by the naive queries over the base tables.

In a scratch PostgreSQL database (created, migrated and dropped here):
  1. `flask --app wsgi households generate --households N --seed 1` (default 1,000,000), timed with the
     aggregates kept in the same transactions as the rows;
  2. visits for one household in ten (with consent, level and a follow-up date) and a help request for
     one in a hundred, written by plain SQL in one transaction, timed with the recount at its commit;
  3. VACUUM ANALYZE; then each view, for the province and the district with the most households,
     `--repeat` times through its own session as a web request would: p50 and p99, aggregates and naive;
     the two must give the same figures.
Targets: every view p99 < 200 ms for a province scope and < 50 ms for a district scope.

Run:  .venv/bin/python -m bench.dashboard [--households 1000000] [--repeat 40] [--keep]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from sqlalchemy import func, select, text

from bench.common import machine, scratch_database, write_results
from bench.households import drop_database, environment, flask, vacuum_analyze
from bench.webhook import migrate
from bot.services import Services
from bot.web.app import create_app
from models import Household
from registry.dashboard import aggregates, areas, naive, view
from registry.dashboard.metrics import Moment

DATABASE = "bench_dashboard"
VISITS_SQL = """
INSERT INTO visits (reference, submission_key, household_id, visited_on, submitted_at, consent,
                    level_assessed, urgent, notes, revision)
SELECT 'VB-' || id, md5(id::text), id, current_date - (id % 180), now() - make_interval(days => id % 180),
       id % 7 <> 0, (ARRAY['survive', 'sufficient', 'sustainable'])[1 + id % 3], false, '', 1
FROM households WHERE id % 10 = 3;
UPDATE households SET last_visited_at = now() - make_interval(days => id % 180),
                      next_follow_up_on = current_date - (id % 180) + 60,
                      level = (ARRAY['survive', 'sufficient', 'sustainable'])[1 + id % 3]
WHERE id % 10 = 3;
INSERT INTO help_requests (reference, household_id, text, dimensions, urgency, status, created_at)
SELECT 'RB-' || id, id, 'ขอความช่วยเหลือ', '[]', 'normal', 'open', now() - make_interval(days => id % 9)
FROM households WHERE id % 100 = 7;
"""


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)

    def p(self, q: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000

    def __str__(self) -> str:
        return f"{self.p(0.5):,.1f} / {self.p(0.99):,.1f}"


def views(moment: Moment) -> dict[str, Callable[[Any, ModuleType, str], Any]]:
    """Each part of the page, as the page asks for it (the whole view last)."""
    fy, month = moment.period_start("fy"), moment.period_start("month")
    return {
        "headline and data currency": lambda s, src, code: src.household_counts(s, code, moment),
        "problems by dimension and status": lambda s, src, code: src.problem_counts(s, code),
        "assistance this month, by agency": lambda s, src, code: src.assistance_sums(
            s, code, month, "agency"),
        "assistance this fiscal year, by type": lambda s, src, code: src.assistance_sums(s, code, fy, "type"),
        "level movement by month": lambda s, src, code: src.level_months(s, code, month.replace(
            year=month.year - 1)),
        "ranking of the areas below": lambda s, src, code: src.child_counts(s, code, moment),
        "whole view (all of the above)": lambda s, src, code: view.build(
            s, src, code, areas.place(s, code), moment),  # type: ignore[arg-type]
    }


def measure(rt: Services, code: str, repeat: int) -> tuple[dict[str, dict[str, Timing]], list[str]]:
    moment = Moment(rt.now())
    timings: dict[str, dict[str, Timing]] = {}
    mismatches = []
    for name, run in views(moment).items():
        timings[name] = {"aggregates": Timing(), "naive": Timing()}
        answers = {}
        for source in (aggregates, naive):
            label = source.__name__.rsplit(".", 1)[1]
            for _ in range(repeat if source is aggregates else max(5, repeat // 4)):
                with rt.sessions() as session:
                    started = time.perf_counter()
                    answers[label] = run(session, source, code)
                    timings[name][label].samples.append(time.perf_counter() - started)
        if answers["aggregates"] != answers["naive"]:
            mismatches.append(f"{name} ({code})")
        print(f"  {code} {name}: aggregates {timings[name]['aggregates']} ms, "
              f"naive {timings[name]['naive']} ms (p50 / p99)", flush=True)
    return timings, mismatches


def busiest(rt: Services) -> tuple[str, str]:
    """The province with the most households, and its district with the most."""
    with rt.sessions() as session:
        province = session.execute(select(Household.province_code, func.count()).group_by(
            Household.province_code).order_by(func.count().desc()).limit(1)).scalar_one()
        district = session.execute(select(Household.district_code, func.count()).where(
            Household.province_code == province).group_by(Household.district_code)
            .order_by(func.count().desc()).limit(1)).scalar_one()
    return province, district


def sizes(rt: Services) -> dict[str, int]:
    with rt.engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("households", "visits", "problems", "assistance", "dashboard_counts")} | {
            f"{table} bytes": connection.execute(
                text(f"SELECT pg_total_relation_size('{table}')")).scalar_one()
            for table in ("dashboard_counts", "dashboard_households")}


def report(count: int, steps: dict[str, float], codes: dict[str, str], counts: dict[str, int],
           timings: dict[str, dict[str, dict[str, Timing]]], mismatches: list[str]) -> str:
    lines = [f"# bench.dashboard — {count:,} households", "", machine(), "",
             f"`python -m bench.dashboard --households {count}`", ""]
    lines += [f"- {what}: **{seconds:,.1f} s**" for what, seconds in steps.items()]
    lines += [f"- {name}: {value:,}" for name, value in counts.items()]
    lines += ["", "Milliseconds, p50 / p99, each call in its own session (one web request):", "",
              "| view | scope | aggregates | naive | target p99 |", "|---|---|---|---|---|"]
    for scope, code in codes.items():
        target = 200 if scope == "province" else 50
        for name, by_source in timings[scope].items():
            ok = "✔" if by_source["aggregates"].p(0.99) < target else "✘"
            lines.append(f"| {name} | {scope} {code} | {by_source['aggregates']} | {by_source['naive']} | "
                         f"< {target} {ok} |")
    lines += ["", "Aggregates and naive queries gave the same figures." if not mismatches
              else f"MISMATCH: {', '.join(mismatches)}", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    env = environment(scratch_database(DATABASE))
    migrate(env)
    steps = {f"generate {args.households:,} households": flask(
        env, "households", "generate", "--households", str(args.households), "--seed", "1",
        "--actor", "bench", label="generate").seconds}
    app = create_app(env)
    rt: Services = app.extensions["logbook"]
    try:
        started = time.perf_counter()
        with rt.sessions.begin() as session:
            session.execute(text(VISITS_SQL))
        steps["visits for 1 in 10 households, help requests for 1 in 100, and their recount"] = (
            time.perf_counter() - started)
        steps["VACUUM ANALYZE"] = vacuum_analyze(DATABASE)
        province, district = busiest(rt)
        codes = {"province": province, "district": district}
        timings, mismatches = {}, []
        for scope, code in codes.items():
            timings[scope], wrong = measure(rt, code, args.repeat)
            mismatches += wrong
        markdown = report(args.households, steps, codes, sizes(rt), timings, mismatches)
        path = write_results("dashboard", markdown)
        print(f"written {path}")
    finally:
        rt.close()
        if not args.keep:
            drop_database(DATABASE)


if __name__ == "__main__":
    main()
