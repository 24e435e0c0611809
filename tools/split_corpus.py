"""Split labelled news items into a development part and a frozen test part, by whole pairs.

    python tools/split_corpus.py --seed 20261206 --min-test 150 --out tests/data/corpus2 IN.jsonl...

Items are grouped by pair: an item joins the group of its `topic_pair` (the pair it is about,
labelled or not) and of every pair it labels, so pairs linked by an item stay together. The
groups are shuffled with the seed and whole groups drawn into the test part until it holds at
least --min-test items: no pair of a test item, topic or label, appears in development.
Writes dev.jsonl and test.jsonl (items in input order) and prints the sizes and test pairs.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path


def read(paths: list[Path]) -> list[dict]:
    return [json.loads(line) for path in paths for line in path.read_text().splitlines() if line]


def split(items: list[dict], seed: int, min_test: int) -> tuple[list[dict], list[dict]]:
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for item in items:
        root(_topic(item))
        for label in item["labels"]:
            parent[root("-".join(label["parties"]))] = root(_topic(item))
    # A group is named by its smallest pair, so the draw does not depend on the input order.
    names: dict[str, str] = {}
    for key in parent:
        names[root(key)] = min(names.get(root(key), key), key)
    groups: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        groups[names[root(_topic(item))]].append(item)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    test_keys: set[str] = set()
    count = 0
    for key in keys:
        if count >= min_test:
            break
        test_keys.add(key)
        count += len(groups[key])
    test = [i for i in items if names[root(_topic(i))] in test_keys]
    dev = [i for i in items if names[root(_topic(i))] not in test_keys]
    return dev, test


def _topic(item: dict) -> str:
    return "-".join(item["topic_pair"])


def write(path: Path, items: list[dict]) -> None:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--min-test", type=int, default=150)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    dev, test = split(read(args.inputs), args.seed, args.min_test)
    write(args.out / "dev.jsonl", dev)
    write(args.out / "test.jsonl", test)
    labelled = {"-".join(label["parties"]) for item in test for label in item["labels"]}
    pairs = sorted({_topic(item) for item in test} | labelled)
    print(f"dev {len(dev)} items, test {len(test)} items in {len(pairs)} pairs: {' '.join(pairs)}")


if __name__ == "__main__":
    main()
