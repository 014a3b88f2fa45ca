"""Benchmark of the Thai language layer: throughput on 30-word messages, import + warm-up time, memory.

    python bench/nlp.py [--messages 500] [--rounds 20] [--write bench/RESULTS-nlp.md]

Each message is new to the process (no cache can answer it) and goes through detect_intent,
classify_dimensions and every slot parser, as the bot would do for one incoming text. The process is
pinned to one CPU core.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE = ["ยาย", "ตา", "ลุง", "ป้า", "แม่", "พ่อ", "ลูกสาว", "ลูกชาย", "หลาน", "สามี", "ภรรยา"]
NAMES = ["สมศรี", "บุญมี", "ทองใบ", "มาลี", "สมชาย", "ประยูร", "คำปุน", "บัวผัน", "จันทร์เพ็ญ", "สุดใจ"]
PROBLEMS = [
    "ป่วยเป็นเบาหวาน",
    "เป็นความดันสูง",
    "ติดเตียงมาสองปี",
    "หลังคารั่วเวลาฝนตก",
    "บ้านผุพังเกือบทั้งหลัง",
    "ไม่มีน้ำสะอาดดื่ม",
    "ไม่มีห้องส้วม",
    "ออกจากโรงเรียนกลางคัน",
    "อ่านหนังสือไม่ออก",
    "ตกงานไม่มีรายได้",
    "มีหนี้นอกระบบ",
    "ดอกเบี้ยสูงมาก",
    "ไม่มีคนดูแล",
    "ยังไม่ได้รับเบี้ยยังชีพ",
    "ไม่มีบัตรสวัสดิการแห่งรัฐ",
    "รับจ้างรายวันรายได้ไม่แน่นอน",
    "ไม่มีที่ดินทำกิน",
    "ค่าเทอมค้างจ่าย",
    "กินยาไม่ต่อเนื่อง",
    "ต้องไปหาหมอทุกเดือน",
]
LINKS = ["และ", "แล้วก็", "ส่วน", "เพราะ", "ทำให้", "นอกจากนี้", "ตอนนี้", "ช่วงนี้"]
AMOUNTS = ["{n},000 บาท", "{w}พันห้า", "{n} หมื่น", "สองหมื่นห้า", "{n}00 บาท", "{n}.5 พัน"]
WORDS = ["สอง", "สาม", "สี่", "ห้า", "หก"]
TAILS = [
    "ได้รับเงินสงเคราะห์ {amount}",
    "หนี้ประมาณ {amount}",
    "ให้ข้าวสาร {q} ถุง",
    "นัดติดตามอีก {q} วัน",
    "เยี่ยมเมื่อ {d} พ.ย. 69",
    "โทร 08{p}",
    "ลงพื้นที่วันที่ {d}/11/2569",
]


def message(rng: random.Random, words_wanted: int) -> str:
    """A field note of about `words_wanted` words, different on every call."""
    from nlp.text import normalize
    from nlp.tokenizer import words

    parts = [f"{rng.choice(PEOPLE)}{rng.choice(NAMES)} อายุ {rng.randint(20, 95)} ปี"]
    while len(words(normalize(" ".join(parts)))) < words_wanted:
        if rng.random() < 0.35:
            amount = rng.choice(AMOUNTS).format(n=rng.randint(1, 9), w=rng.choice(WORDS))
            parts.append(
                rng.choice(TAILS).format(
                    amount=amount,
                    q=rng.randint(1, 30),
                    d=rng.randint(1, 28),
                    p=rng.randint(10_000_000, 99_999_999),
                )
            )
        else:
            parts.append(f"{rng.choice(LINKS)}{rng.choice(PEOPLE)}{rng.choice(PROBLEMS)}")
    return " ".join(parts)


def startup() -> dict[str, float]:
    """Import and warm-up time and peak memory, measured in a fresh interpreter."""
    peak = "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss"
    code = (
        "import resource, time; t0 = time.perf_counter(); import nlp; t1 = time.perf_counter();"
        f"nlp.warm_up(); t2 = time.perf_counter(); print(t1 - t0, t2 - t1, {peak})"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(source: str) -> list[float]:
        done = subprocess.run(
            [sys.executable, "-c", source], capture_output=True, text=True, env=env, check=True
        )
        return [float(figure) for figure in done.stdout.split()]

    runs = [run(code) for _ in range(3)]
    bare = run(f"import resource; print({peak})")[0]
    median = statistics.median
    return {
        "import_s": median(r[0] for r in runs),
        "warm_up_s": median(r[1] for r in runs),
        "rss_mb": median(r[2] for r in runs) / 1024,
        "bare_rss_mb": bare / 1024,
    }


def _steps() -> dict[str, Callable[[str], object]]:
    import nlp

    today = date(2026, 11, 20)
    return {
        "detect_intent": nlp.detect_intent,
        "classify_dimensions": nlp.classify_dimensions,
        "parse_money": nlp.parse_money,
        "parse_date": lambda text: nlp.parse_date(text, today),
        "parse_national_id": nlp.parse_national_id,
        "parse_house_code": nlp.parse_house_code,
        "parse_yes_no": nlp.parse_yes_no,
        "parse_phone": nlp.parse_phone,
        "parse_quantity": nlp.parse_quantity,
    }


def _fresh_batch(seed: int, messages: int, words_wanted: int) -> list[str]:
    from nlp.text import clear_text_caches

    rng = random.Random(seed)
    batch = list(dict.fromkeys(message(rng, words_wanted) for _ in range(messages)))
    clear_text_caches()
    return batch


def throughput(messages: int, rounds: int, words_wanted: int) -> dict[str, float]:
    """Messages per second through intent, dimensions and every parser, by CPU time and by the clock;
    then the cost of each step on one more batch."""
    import nlp
    from nlp.text import normalize
    from nlp.tokenizer import words

    nlp.warm_up()
    steps = list(_steps().values())
    cpu_rates, wall_rates = [], []
    for round_number in range(rounds):
        batch = _fresh_batch(round_number, messages, words_wanted)
        cpu, wall = time.process_time(), time.perf_counter()
        for text in batch:
            for step in steps:
                step(text)
        cpu_rates.append(len(batch) / (time.process_time() - cpu))
        wall_rates.append(len(batch) / (time.perf_counter() - wall))
    batch = _fresh_batch(rounds, messages, words_wanted)
    spent = dict.fromkeys(_steps(), 0.0)
    for text in batch:
        for name, step in _steps().items():
            begun = time.perf_counter()
            step(text)
            spent[name] += time.perf_counter() - begun
    return {
        "msgs_per_s": statistics.median(cpu_rates),
        "min_msgs_per_s": min(cpu_rates),
        "max_msgs_per_s": max(cpu_rates),
        "wall_msgs_per_s": statistics.median(wall_rates),
        "words_per_msg": statistics.mean(len(words(normalize(text))) for text in batch),
        **{f"us_{name}": seconds / len(batch) * 1e6 for name, seconds in spent.items()},
    }


def report(figures: dict[str, float], messages: int, rounds: int) -> str:
    steps = "\n".join(
        f"| {key[3:]} | {value:.1f} |" for key, value in figures.items() if key.startswith("us_")
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"""# Thai language layer benchmark (`bench/nlp.py`)

Measured {time.strftime("%Y-%m-%d")} on {_cpu()}, Python {platform.python_version()}, pythainlp offline,
one process pinned to one core (machine load average while measuring: {load}).
{rounds} rounds of {messages} distinct messages of about {figures["words_per_msg"]:.0f} words (field notes
with people, problems, amounts, dates, phone numbers); every message goes through `detect_intent`,
`classify_dimensions` and all slot parsers. Per-text caches are emptied before each round, so no message
is answered from a cache; within one message the parsers share its normalised form.

| figure | value |
|---|---|
| throughput, CPU time of one core (median of rounds) | **{figures["msgs_per_s"]:,.0f} messages/s** |
| throughput, CPU time, slowest round | {figures["min_msgs_per_s"]:,.0f} messages/s |
| throughput, CPU time, fastest round | {figures["max_msgs_per_s"]:,.0f} messages/s |
| throughput, wall clock (median of rounds) | {figures["wall_msgs_per_s"]:,.0f} messages/s |
| CPU time per message | {1e6 / figures["msgs_per_s"]:,.0f} µs |
| `import nlp` | {figures["import_s"] * 1000:,.0f} ms |
| `nlp.warm_up()` | {figures["warm_up_s"] * 1000:,.0f} ms |
| peak RSS after warm-up | {figures["rss_mb"]:,.0f} MB (bare interpreter: {figures["bare_rss_mb"]:,.0f} MB) |

Wall-clock cost per call on one more batch (µs; the first step normalises the message):

| step | µs |
|---|---|
{steps}
"""


def _cpu() -> str:
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return "unknown CPU"
    models = (line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name"))
    return next(models, "unknown CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--words", type=int, default=30)
    parser.add_argument(
        "--write",
        type=Path,
        default=ROOT / "bench" / "RESULTS-nlp.md",
        help="Markdown file for the figures (default: bench/RESULTS-nlp.md)",
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    figures = {**startup(), **throughput(args.messages, args.rounds, args.words)}
    text = report(figures, args.messages, args.rounds)
    print(text)
    args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
