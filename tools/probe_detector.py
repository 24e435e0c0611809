"""How well the detector's reading carries over to what it was not tuned on: each item of the
tuning parts rewritten, and scored against its labels rewritten alike. Three probes:

    python tools/probe_detector.py countries [--seed 1] [--rules] [--show] [FILE ...]
    python tools/probe_detector.py words [--rules] [--show] [FILE ...]
    python tools/probe_detector.py capitals [--rules] [--show] [FILE ...]

`countries`: one country of each item's `topic_pair` (X) is replaced by a country drawn with
the seed (Y) that the item does not name: every name, demonym and capital of X in the title and
summary (the actor table's rows of those types) becomes Y's name, demonym or capital, and X
becomes Y in every label. Items where X is still named after the swap (by a person, an
institution, a command: the table knows X's president, not Y's; any reading of the swapped item
with X as a side comes from such a word), or where X has no clean name, are left out and
counted. A detector that memorised its items' countries loses many; one that reads the language
loses only those where the swap itself makes nonsense (a capital that is also a host, "North"
for North Korea beside any country but South Korea, a Taiwan-only construct such as "drops
Taipei for Beijing"). It covers only the items whose country is named by name, demonym or
capital (about two thirds): how people and offices resolve is the actor table's test.

`capitals`: each item's title written in capitals only, then its title and summary, as some
wires send them; labels unchanged. A detector that reads names by their case alone loses them
all.

`words`: for each pair of `tests/data/probes/synonyms.tsv` ("suspends" -> "freezes"), every
item holding the word gets it replaced, labels unchanged. Per pair: items that hold it and
were read right, and how many still are. Rules written for the words of their examples lose
many; the table's swaps are not all equally natural everywhere, so read the lost items
(`--show`) before calling one a gap.

The figure is, of the items read right before the rewrite, how many are still read right after
it. `--rules` scores the rules' reading (every act and agreed intent proposes, as the corpus
tests do), not the calibrated proposals: the threshold's own moves are then left out. Default
FILEs: the tuning parts (`train_detector.TUNING_PARTS`). Holdouts and the frozen test part are
refused: their texts are not to be read by anyone tuning the detector.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SWAPPED_TYPES = ("name", "demonym", "capital")


@dataclass(frozen=True)
class Forms:
    """The words that name one country, by type: the first is the one written in."""

    name: tuple[str, ...]
    demonym: tuple[str, ...]
    capital: tuple[str, ...]

    def of(self, kind: str) -> tuple[str, ...]:
        return getattr(self, kind)


def country_forms(actors: Iterable) -> dict[str, Forms]:
    """Every country's undated names, demonyms and capitals from the actor table; the written
    form of each type is the first plain one (no dots, commas or brackets) in the file's
    order, the country's standard English name (django-countries') first and singular
    demonyms before plurals: "Britain", "British", "London"."""
    found: dict[str, dict[str, list]] = {}
    for actor in actors:
        if len(actor.codes) != 1 or actor.type not in SWAPPED_TYPES:
            continue
        if actor.valid_from or actor.valid_to:
            continue
        found.setdefault(actor.codes[0], {t: [] for t in SWAPPED_TYPES})[actor.type].append(actor)
    forms = {}
    for code, by_type in found.items():
        if not all(by_type.values()):
            continue
        ordered = {
            kind: [a.name for a in sorted(rows, key=_writing_order)]
            for kind, rows in by_type.items()
        }
        if not all(_plain(names[0]) for names in ordered.values()):
            continue
        forms[code] = Forms(**{kind: tuple(names) for kind, names in ordered.items()})
    return forms


def _writing_order(actor) -> tuple[bool, bool, bool]:
    # sorted() is stable: the file's order within each group
    standard = actor.source.startswith("django-countries")
    return (not _plain(actor.name), not standard, "plural" in actor.source)


def _plain(name: str) -> bool:
    return len(name) > 3 and not re.search(r"[.,()]", name) and not name.isupper()


def swap_text(text: str, old: Forms, new: Forms) -> str:
    """`text` with every form of `old` replaced by the same type's written form of `new`,
    longest first, whole words only (case as written: "Chinese" but not "chinese")."""
    replacements = {
        form: new.of(kind)[0] + ("s" if kind == "demonym" and form.endswith("s") else "")
        for kind in SWAPPED_TYPES
        for form in old.of(kind)
    }
    pattern = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(re.escape(f) for f in sorted(replacements, key=len, reverse=True))
        + r")(?![\w-])"
    )
    return pattern.sub(lambda m: replacements[m.group()], text)


def swap_item(item: dict, old: str, new: str, forms: dict[str, Forms]) -> dict:
    swapped = dict(item)
    for key in ("title", "summary"):
        swapped[key] = swap_text(str(item.get(key) or ""), forms[old], forms[new])
    swapped["labels"] = [
        {**label, "parties": sorted(new if p == old else p for p in label["parties"])}
        for label in item.get("labels", [])
    ]
    return swapped


def names(item: dict, code: str, table, on: date) -> bool:
    text = f"{item.get('title') or ''}\n{item.get('summary') or ''}"
    return any(code in match.codes for match in table.find(text, on=on))


SYNONYMS = ROOT / "tests" / "data" / "probes" / "synonyms.tsv"


def read_synonyms(path: Path = SYNONYMS) -> list[tuple[str, str]]:
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2 or not all(cell.strip() for cell in cells):
            raise ValueError(f"{path.name} line {number}: expected word<TAB>replacement")
        pairs.append((cells[0].strip(), cells[1].strip()))
    return pairs


def swap_word(text: str, word: str, replacement: str) -> str:
    """`word` replaced as a whole word, in lower case or capitalised ("Suspends" -> "Freezes")."""

    def written(match: re.Match[str]) -> str:
        found = match.group()
        return replacement[0].upper() + replacement[1:] if found[0].isupper() else replacement

    pattern = re.compile(
        rf"(?<![\w-])(?:{re.escape(word)}|{re.escape(word.capitalize())})(?![\w-])"
    )
    return pattern.sub(written, text)


@dataclass
class Tally:
    right_before: int = 0
    kept: int = 0
    lost: list[str] = field(default_factory=list)

    def share(self) -> str:
        return f"{self.kept}/{self.right_before}" + (
            f" ({self.kept / self.right_before:.3f})" if self.right_before else ""
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("probe", choices=["countries", "words", "capitals"])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--seed", type=int, default=1, help="countries: the draw of Y")
    parser.add_argument("--rules", action="store_true", help="score the rules' reading")
    parser.add_argument("--show", action="store_true", help="print the items lost")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")
    import django

    django.setup()
    from channels_app.management.commands.train_detector import FROZEN, TUNING_PARTS
    from channels_app.news.detect.calibrate import Calibration
    from channels_app.news.detect.evaluate import evaluate, read_corpus

    files = args.files or list(TUNING_PARTS)
    frozen = {path.resolve() for path in FROZEN}
    refused = [f for f in files if "holdout" in f.name or f.resolve() in frozen]
    if refused:
        parser.error(f"not to be read while tuning: {', '.join(map(str, refused))}")
    if args.rules:
        Calibration.proposes = lambda self, confidence: True  # type: ignore[method-assign]
    items = [item for path in files for item in read_corpus(path)]

    def right(item: dict) -> bool:
        counts = evaluate([item]).overall
        return not (counts.fp or counts.fn)

    def rewrite(tally: Tally, item: dict, rewritten: dict, what: str) -> None:
        if not right(item):
            return
        tally.right_before += 1
        if right(rewritten):
            tally.kept += 1
        else:
            mismatches = "; ".join(evaluate([rewritten]).mismatches)
            tally.lost.append(f"{item['id']} {what}: {mismatches}")

    mode = f"{'rules' if args.rules else 'proposals'}; load average {os.getloadavg()[0]:.2f}"
    if args.probe == "countries":
        tally, left_out = _countries(items, args.seed, rewrite)
        print(
            f"{len(items)} items; left out: {left_out['no clean forms']} (a country without "
            f"clean forms), {left_out['still named']} (still named after the swap); of those "
            f"read right before the swap, still right after: {tally.share()}; "
            f"seed {args.seed}, {mode}"
        )
        tallies = {"countries": tally}
    elif args.probe == "capitals":
        tallies = {"title in capitals": Tally(), "title and summary in capitals": Tally()}
        for item in items:
            title, summary = str(item.get("title") or ""), str(item.get("summary") or "")
            rewrite(tallies["title in capitals"], item, {**item, "title": title.upper()}, "")
            whole = {**item, "title": title.upper(), "summary": summary.upper()}
            rewrite(tallies["title and summary in capitals"], item, whole, "")
        print(f"{len(items)} items; of those read right, still right after: {mode}")
        for name, tally in tallies.items():
            print(f"  {name:32s} {tally.share()}")
    else:
        tallies = {}
        for word, replacement in read_synonyms():
            tally = tallies.setdefault(f"{word} -> {replacement}", Tally())
            for item in items:
                text = f"{item.get('title') or ''} {item.get('summary') or ''}"
                if swap_word(text, word, replacement) == text:
                    continue
                rewritten = dict(item)
                for key in ("title", "summary"):
                    rewritten[key] = swap_word(str(item.get(key) or ""), word, replacement)
                rewrite(tally, item, rewritten, json.dumps(rewritten["title"]))
        total = Tally(
            sum(t.right_before for t in tallies.values()), sum(t.kept for t in tallies.values())
        )
        print(
            f"{len(items)} items, {len(tallies)} swaps; still right after: {total.share()}; {mode}"
        )
        for name, tally in sorted(tallies.items(), key=lambda kv: kv[1].kept - kv[1].right_before):
            print(f"  {name:32s} {tally.share()}")
    if args.show:
        for name, tally in tallies.items():
            for line in tally.lost:
                print(f"- {name}: {line}")
    return 0


def _countries(items: list[dict], seed: int, rewrite) -> tuple[Tally, dict[str, int]]:
    from channels_app.news.detect import detect
    from channels_app.news.detect.gazetteer import current_table, shipped_actors

    forms = country_forms(shipped_actors())
    table = current_table()
    draw = random.Random(seed)
    codes = sorted(forms)
    tally, left_out = Tally(), {"no clean forms": 0, "still named": 0}
    for item in items:
        day = date.fromisoformat(str(item.get("date") or "2020-01-01")[:10])
        old = draw.choice(sorted(item["topic_pair"]))
        if old not in forms:
            left_out["no clean forms"] += 1
            continue
        taken = set(item["topic_pair"]) | {p for lb in item["labels"] for p in lb["parties"]}
        unnamed = [c for c in codes if c not in taken and not names(item, c, table, day)]
        new = draw.choice(unnamed)
        swapped = swap_item(item, old, new, forms)
        read = detect(swapped["title"], swapped["summary"], published=day)
        if names(swapped, old, table, day) or any(old in d.parties for d in read):
            # X named by a word the table has for X only on other days, or that the detector
            # reads as X some other way ("Sánchez" alone): no clean swap.
            left_out["still named"] += 1
            continue
        rewrite(tally, item, swapped, f"{old}->{new} {json.dumps(swapped['title'])}")
    return tally, left_out


if __name__ == "__main__":
    raise SystemExit(main())
