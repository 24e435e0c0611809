"""Every detection the detector reads from every text the project has, as JSON lines.

    python tools/detector_dump.py /tmp/before.jsonl
    python tools/detector_dump.py /tmp/after.jsonl && diff /tmp/before.jsonl /tmp/after.jsonl

A refactor of the detector that must not change what it reads is checked by taking a dump
before and after and diffing them. The texts: the dev corpus, the test modules' item lists
and string literals, the demo and test feeds, the bench feed generator's items; then each
title alone, each summary alone, titles in upper and lower case, and a seeded draw of titles
paired with other items' summaries. One line per text: {"title", "summary", "detections"}.
`--texts` prints only how many texts there are; `--time` times detect() over them instead.
`--texts-from DUMP` reads the texts of an earlier dump instead (to run another checkout of
the detector over exactly the same texts).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_PAIRS = 8000  # mixed title + summary pairs, drawn with a fixed seed
_SEED = 11


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")
    import django

    django.setup()


def _corpus_items() -> Iterator[tuple[str, str]]:
    from tests.news.test_detector import load_dev
    from tests.news.test_detector_heldout import HELD_OUT
    from tests.news.test_detector_regression import REGRESSION

    for item in [*load_dev(), *HELD_OUT, *REGRESSION]:
        yield item["title"], item["summary"]


def _test_literals() -> Iterator[tuple[str, str]]:
    """String literals of the news tests that read like a headline or a sentence."""
    for path in sorted((ROOT / "tests" / "news").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and len(value) >= 12 and " " in value:
                yield value, ""


def _feed_items() -> Iterator[tuple[str, str]]:
    from channels_app.news.parse import FeedRejected, parse_feed

    paths = sorted((ROOT / "channels_app" / "demo" / "feeds").glob("*.xml"))
    paths += sorted(p for p in (ROOT / "tests" / "data" / "feeds").iterdir() if p.suffix != ".md")
    bodies = [path.read_bytes() for path in paths] + list(_bench_feeds())
    for body in bodies:
        try:
            feed = parse_feed(body)
        except FeedRejected:
            continue
        for entry in feed.entries:
            yield entry.title, entry.summary


def _bench_feeds() -> Iterator[bytes]:
    sys.path.insert(0, str(ROOT / "bench"))
    import ingest  # bench/ingest.py

    yield from ingest.build_feeds(4, 150, 0.3, seed=7).values()


def texts() -> list[tuple[str, str]]:
    """Every (title, summary) to read, in a fixed order, without repeats."""
    items = list(dict.fromkeys([*_corpus_items(), *_test_literals(), *_feed_items()]))
    titles = list(dict.fromkeys(t for t, _ in items if t))
    summaries = list(dict.fromkeys(s for _, s in items if s))
    extra: list[tuple[str, str]] = [(t, "") for t in titles]
    extra += [("", s) for s in summaries] + [(s, "") for s in summaries]
    extra += [(t.upper(), "") for t in titles] + [(t.lower(), "") for t in titles]
    rng = random.Random(_SEED)
    extra += [(rng.choice(titles), rng.choice(summaries)) for _ in range(_PAIRS)]
    return list(dict.fromkeys(items + extra))


def _texts_of(dump: str) -> list[tuple[str, str]]:
    with open(dump, encoding="utf-8", errors="surrogatepass") as lines:
        rows = [json.loads(line) for line in lines]
    return [(row["title"], row["summary"]) for row in rows]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", help="the JSON-lines file to write")
    parser.add_argument("--texts", action="store_true", help="print the number of texts")
    parser.add_argument("--time", type=int, metavar="ROUNDS", help="time detect() instead")
    parser.add_argument("--texts-from", metavar="DUMP", help="the texts of an earlier dump")
    args = parser.parse_args(argv)
    _setup()
    from channels_app.news.detect import detect

    all_texts = _texts_of(args.texts_from) if args.texts_from else texts()
    if args.texts:
        print(len(all_texts))
    elif args.time:
        _time(all_texts, args.time)
    elif args.out:
        with open(args.out, "w", encoding="utf-8", errors="surrogatepass") as out:
            for title, summary in all_texts:
                found = [d.as_dict() for d in detect(title, summary)]
                row = {"title": title, "summary": summary, "detections": found}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{len(all_texts)} texts -> {args.out}")
    else:
        parser.error("give a file to write, --texts or --time")


def _time(all_texts: list[tuple[str, str]], rounds: int) -> None:
    from channels_app.news.detect import detect

    for title, summary in all_texts:  # warm: caches and compiled patterns
        detect(title, summary)
    figures, cpu = [], []  # CPU time too: on a shared machine it varies less than wall time
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for title, summary in all_texts:
            detect(title, summary)
        figures.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    best, median = min(figures), sorted(figures)[len(figures) // 2]
    print(
        f"{len(all_texts)} texts: best {best:.3f} s, median {median:.3f} s of {rounds}"
        f" (CPU best {min(cpu):.3f} s); load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
