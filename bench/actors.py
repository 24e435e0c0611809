"""What the actor dictionary costs the detector: `find_mentions` with the shipped actor table
against the same run with smaller tables, in the same process.

    .venv/bin/python bench/actors.py [--repeat 100] [--rounds 5]

Reads the 40 dev items (tests/data/news-dev.jsonl) and the held-out and regression items of
tests/news, and calls `find_mentions` on every title and summary `--repeat` times, on the
item's date when it has one. Each round times three tables: country names only (the
baseline), the rows carried over from the old gazetteer.py (names, variants, demonyms,
capitals, institutions: the size of the table before actors became data), and the whole
shipped file. Times are the process's CPU time (the machine is shared). The round with the
median full/baseline ratio is reported, with every round's ratio and the load average.

Then the matcher alone: the Aho-Corasick automaton `ActorTable` uses against the one-regex
trie (`trie_pattern`) that matched names before, over the same names with the same boundary,
longest-match and date rules, and how long each takes to build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")

Texts = list[tuple[str, dt.date]]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=100, help="passes over the items")
    parser.add_argument("--rounds", type=int, default=5)
    return parser.parse_args()


def corpus(today: dt.date) -> Texts:
    from tests.news.test_detector_heldout import HELD_OUT
    from tests.news.test_detector_regression import REGRESSION

    dev = ROOT / "tests" / "data" / "news-dev.jsonl"
    items = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line]
    texts = []
    for item in items + HELD_OUT + REGRESSION:
        day = dt.date.fromisoformat(item["date"]) if item.get("date") else today
        texts += [(item["title"], day), (item["summary"], day)]
    return texts


def timed(run: Callable[[], object]) -> float:
    """CPU seconds of this process: steadier than wall time on a machine shared with others."""
    start = time.process_time()
    run()
    return time.process_time() - start


def main() -> None:
    args = parse_args()
    import django

    django.setup()
    from channels_app.news.detect import gazetteer, parties
    from channels_app.news.detect.actors import ActorTable

    texts = corpus(dt.date.today())  # noqa: DTZ011 - a bench, any day will do
    shipped, blocked = gazetteer.shipped_actors(), gazetteer.not_parties()
    tables = {
        "names only": ActorTable.build([a for a in shipped if a.type == "name"], blocked=blocked),
        "old gazetteer's rows": ActorTable.build(
            [a for a in shipped if "gazetteer.py" in a.source or a.type == "name"],
            blocked=blocked,
        ),
        "whole file": gazetteer.current_table(),
    }

    def mentions(table: ActorTable) -> Callable[[], None]:
        def run() -> None:
            parties.current_table = lambda: table  # type: ignore[assignment]
            for _ in range(args.repeat):
                for text, day in texts:
                    parties.find_mentions(text, on=day)

        return run

    rounds = [
        {label: timed(mentions(table)) for label, table in tables.items()}
        for _ in range(args.rounds)
    ]
    parties.current_table = gazetteer.current_table  # type: ignore[assignment]
    ratios = sorted(r["whole file"] / r["names only"] for r in rounds)
    median = next(
        r for r in rounds if r["whole file"] / r["names only"] == ratios[len(ratios) // 2]
    )
    calls = len(texts) * args.repeat
    print(f"find_mentions, {calls} calls ({len(texts)} titles and summaries x {args.repeat}):")
    for label, table in tables.items():
        seconds = median[label]
        print(f"  {label:22} {len(table):5} rows  {seconds:.3f} s  {calls / seconds:9,.0f} calls/s")
    print(f"  whole file / names only: {ratios[len(ratios) // 2]:.2f}", end="")
    print(f" (rounds {', '.join(f'{r:.2f}' for r in ratios)})")
    old = median["whole file"] / median["old gazetteer's rows"]
    print(f"  whole file / old gazetteer's rows: {old:.2f}")
    matchers(tables["whole file"], texts, args.repeat)
    print("load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))


def matchers(table, texts: Texts, repeat: int) -> None:  # type: ignore[no-untyped-def]
    """The automaton against the regex trie over the same names and rules."""
    from channels_app.news.detect.actors import ActorMatch, ActorTable, _match, trie_pattern

    words = [*table._rows, *table._blocked]
    pattern: re.Pattern[str] | None = None

    def compile_trie() -> None:
        nonlocal pattern
        pattern = re.compile(rf"(?<!\w)(?:{trie_pattern(words)})(?!\w)")

    trie_build = timed(compile_trie)
    automaton_build = timed(lambda: ActorTable(table._rows, table._blocked))
    assert pattern is not None

    def by_trie(text: str, day: dt.date) -> list[ActorMatch]:
        found = []
        for m in pattern.finditer(text):
            if m.group() in table._blocked:
                found.append(ActorMatch(m.start(), m.end(), m.group(), (), None, "blocked"))
            elif actor := table._valid(m.group(), day):
                found.append(_match(actor, m.start()))
        return [m for m in found if m.codes]

    def scan(match: Callable[[str, dt.date], object]) -> Callable[[], None]:
        def run() -> None:
            for _ in range(repeat):
                for text, day in texts:
                    match(text, day)

        return run

    trie_s = min(timed(scan(by_trie)) for _ in range(3))
    automaton_s = min(timed(scan(lambda text, day: table.find(text, on=day))) for _ in range(3))
    print(f"matching alone, {len(words)} names (best of 3):")
    print(f"  regex trie: {trie_s:.3f} s, built in {trie_build * 1000:.0f} ms")
    print(f"  automaton:  {automaton_s:.3f} s, built in {automaton_build * 1000:.0f} ms")


if __name__ == "__main__":
    main()
