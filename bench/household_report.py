"""bench/RESULTS-households.md from the figures bench.households measured."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.household_queries import Measured

if TYPE_CHECKING:
    from bench.households import Results

FULL_SIZE = 1_000_000
GENERATE_TARGET_S, IMPORT_TARGET, LOOKUP_TARGET_MS, SEARCH_TARGET_MS = 600, 5000, 5, 50


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _latency_row(name: str, measured: Measured, target: float | None) -> str:
    figures = measured.figures
    p99 = figures.percentile(99)
    verdict = f"p99 < {target:g} ms: {_mark(p99 < target)}" if target else ""
    found = f"{measured.found:,}/{figures.count:,}"
    leaks = f"{measured.leaks}/{measured.leak_checks}" if measured.leak_checks else ""
    return (f"| {name} | {figures.count:,} | {_ms(figures.median)} | {_ms(figures.percentile(95))} "
            f"| {_ms(p99)} | {_ms(max(figures.latencies_ms))} | {found} | {leaks} | {verdict} |")


def render(results: Results, command: str, machine: str) -> str:
    n = results.households
    generate = results.steps["generate"]
    rate = n / generate.seconds
    persons = results.counts["persons"]
    lines = [
        f"{n:,} generated households ({persons:,} persons, {results.counts['problems']:,} problems, "
        f"{results.counts['assistance']:,} assistance records) in a scratch PostgreSQL database.",
        f"{machine}; other work shared the machine (load average {results.loads['before']:.1f} before the "
        f"load, {results.loads['after generate']:.1f} after it, {results.loads['end']:.1f} at the end).",
        "",
        f"Command: `{command}`",
        "",
        "| measure | figure | target | |",
        "|---|---|---|---|",
        f"| `households generate --households {n:,}` | {generate.seconds / 60:.1f} min: "
        f"{rate:,.0f} households/s, "
        f"{persons / generate.seconds:,.0f} persons/s (command CPU {generate.cpu_seconds / 60:.1f} min) "
        f"| 1,000,000 in < 10 min | {_generate_verdict(n, rate)} |",
    ]
    start_up = results.steps["start-up"].seconds
    for key, what in (("import new", "new rows, fresh database"),
                      ("import again", f"every row already in the {n:,}-household database")):
        step = results.steps[key]
        per_second = results.import_rows / step.seconds
        lines.append(f"| `households import` of {results.import_rows:,} person rows ({what}) "
                     f"| {per_second:,.0f} rows/s ({step.seconds:.1f} s end to end; "
                     f"{results.import_rows / (step.seconds - start_up):,.0f} rows/s without the "
                     f"{start_up:.1f} s start-up) | ≥ {IMPORT_TARGET:,} rows/s "
                     f"| {_mark(per_second >= IMPORT_TARGET)} |")
    for key, label in (("house code", "lookup by house code"), ("national ID", "lookup by national ID"),
                       ("name: all fragments", "name search within a district")):
        p99 = results.lookups[key].figures.percentile(99)
        target = SEARCH_TARGET_MS if key.startswith("name") else LOOKUP_TARGET_MS
        lines.append(f"| {label} | p99 {_ms(p99)} ms | p99 < {target} ms | {_mark(p99 < target)} |")
    size = results.sizes["database"]
    lines += [
        f"| database bytes per household | {size / n:,.0f} B ({size / 2**30:.2f} GiB in all) | — | |",
        "",
        "Lookups, each in its own session as a handler makes it (pool checkout with its pre-ping included), "
        "scope = the household's district; found = the right household came back (for name search: among "
        "the 10 cards); leaks = found with another district's scope (must be 0). Milliseconds:",
        "",
        "| lookup | count | p50 | p95 | p99 | max | found | leaks | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, measured in results.lookups.items():
        target = SEARCH_TARGET_MS if key == "name: all fragments" else (
            None if key.startswith("name") else LOOKUP_TARGET_MS)
        lines.append(_latency_row(key, measured, target))
    lines += ["", "| table | rows | total size (pg_total_relation_size) | of which indexes | bytes per row "
                  "| bytes per household |", "|---|---|---|---|---|---|"]
    for table, count in results.counts.items():
        table_size, indexes = results.sizes[table], results.sizes[f"{table} indexes"]
        lines.append(f"| {table} | {count:,} | {table_size / 2**20:,.0f} MiB | {indexes / 2**20:,.0f} MiB "
                     f"| {table_size / max(count, 1):,.0f} | {table_size / n:,.0f} |")
    lines += ["", "Steps (wall time; command CPU is the flask process alone, PostgreSQL not included):", ""]
    lines += [f"- {step.what}: {step.seconds:,.1f} s" + (f", command CPU {step.cpu_seconds:,.1f} s"
                                                         if step.cpu_seconds else "")
              for step in results.steps.values()]
    if n < FULL_SIZE:
        lines += ["", f"**Extrapolation, not measured:** at the rate measured for {n:,} households, "
                      f"1,000,000 would take about {FULL_SIZE / rate / 60:.1f} min (a straight line from "
                      "this run: start-up weighs more in a small run, index upkeep more in a big one)."]
    return "\n".join(lines) + "\n"


def _generate_verdict(n: int, rate: float) -> str:
    if n >= FULL_SIZE:
        return _mark(n / rate < GENERATE_TARGET_S)
    return f"not run at full size ({_mark(FULL_SIZE / rate < GENERATE_TARGET_S)} if linear — extrapolated)"
