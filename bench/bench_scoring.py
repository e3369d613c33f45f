"""Benchmark of the scoring engine: rank 10,000 council sessions of 5 members on random valid sheets.

The 26 sheets come from the shared JSON through the same parser and builder that load them into the database
and that `criteria.sheets.sheet_for` uses (`criteria.sheet_loading.json_sheets`): no database is needed, and
Django is set up only for its settings (the engine's messages are translated strings).

Each session takes a random criteria set; each member ticks a random option on every leaf (one tourism case
per member sheet), and now and then a knock-out line or a stop rule, so every path of `rank` runs. Sessions
are generated first (seeded), then only the ranking is timed.

    .venv/bin/python bench/bench_scoring.py [--sessions 10000] [--members 5] [--seed 2026]
"""

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")


def member_sheet(sheet, member: str, rng: random.Random):
    from scoring import MemberSheet

    case = rng.choice("ab")
    choices = {}
    for leaf in sheet.leaves:
        if not leaf.options:
            choices[leaf.code] = rng.randint(0, 1)
            continue
        positions = [p for p, option in enumerate(leaf.options, 1) if option.case in ("", case)]
        choices[leaf.code] = rng.choice(positions)
    knockouts = [0] if sheet.knockouts and rng.random() < 0.02 else []
    stops = [rng.choice(list(sheet.stop_rules))] if sheet.stop_rules and rng.random() < 0.02 else []
    return MemberSheet(member=member, choices=choices, knockouts=knockouts, stops=stops)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    import django

    django.setup()
    from criteria.sheet_loading import json_sheets
    from scoring import rank

    started = time.perf_counter()
    sheets = json_sheets()
    built = time.perf_counter() - started

    rng = random.Random(args.seed)
    numbers = sorted(sheets)
    sessions = []
    for _ in range(args.sessions):
        sheet = sheets[rng.choice(numbers)]
        sessions.append((sheet, [member_sheet(sheet, f"M{i}", rng) for i in range(1, args.members + 1)]))

    started = time.perf_counter()
    results = [rank(sheet, members) for sheet, members in sessions]
    elapsed = time.perf_counter() - started

    stars = Counter(result.stars for result in results)
    print(f"sheets: 26 built from the JSON in {built * 1000:.0f} ms")
    print(
        f"ranked {args.sessions:,} sessions × {args.members} members in {elapsed:.3f} s: "
        f"{args.sessions / elapsed:,.0f} sessions/s ({elapsed / args.sessions * 1e6:.0f} µs per session)"
    )
    print(
        "results: "
        + ", ".join(f"{stars[s]:,} × {s}★" for s in (1, 2, 3, 4, 5) if stars[s])
        + f", {stars[None]:,} not rankable, {sum(r.divergence_flag for r in results):,} flagged for divergence"
    )


if __name__ == "__main__":
    main()
