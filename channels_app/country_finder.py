"""Which countries a person means by what they type: "us", "KOR", "Burma", "Chinese",
"cote". One function, `find_countries`, for the country finder and any later site search.

The names it knows, besides each country's display name (values.country_name) and codes:
the detector's names and demonyms (news/detect/lang/en/actors.csv, rows of type `name` and
`demonym`: "Turkey", "Britain", "Turkish"), and `country_names.toml` beside this module:
former names and demonyms the detector must not read in news copy ("Ceylon tea").
"""

import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django_countries import countries

from .news.detect.gazetteer import shipped_actors
from .values import country_name, folded

NAMES_FILE = Path(__file__).resolve().parent / "country_names.toml"
_ACTOR_TYPES = frozenset({"name", "demonym"})
# Shorter queries match a name only at its start or at a word's: "us" is no hint of "Belarus".
_MIN_INSIDE = 3

# How a name matched, best first.
CODE, WHOLE_NAME, NAME_START, WORD_START, INSIDE = range(5)


@dataclass(frozen=True, order=True)
class Found:
    """One country found: how well (`rank`, lower is better), the name it is listed under,
    its code, and the name that matched (the display name, or "Burma" for Myanmar)."""

    rank: int
    sort_name: str
    code: str
    matched: str

    @property
    def name(self) -> str:
        return country_name(self.code)

    @property
    def other_name(self) -> str:
        """The name that matched when the one shown does not contain it ("Burma" for
        Myanmar, not "Korea" for South Korea), else ""."""
        shown = _key(self.name)
        return "" if self.matched == self.code or _key(self.matched) in shown else self.matched


def find_countries(query: str, among: Iterable[str] | None = None) -> list[Found]:
    """The countries `query` names, best first, each once: its two- or three-letter code
    exactly, then a whole name (current, common, former, a demonym), then names that start
    with it, then names with a word that starts with it, then (three letters or more) names
    that contain it; countries equally good in name order. `among` limits the answer to
    those codes (the tracked countries). Case, accents and punctuation are ignored."""
    wanted = _key(query)
    if not wanted:
        return []
    codes = _names() if among is None else {c: _names().get(c, ()) for c in among}
    found = []
    for code, names in codes.items():
        best = _best(code, names, query.strip().upper(), wanted)
        if best is not None:
            found.append(best)
    return sorted(found)


def _best(code: str, names: tuple[tuple[str, str], ...], upper: str, wanted: str) -> Found | None:
    sort_name = folded(country_name(code))
    if upper in (code, countries.alpha3(code)):
        return Found(CODE, sort_name, code, code)
    # The first name of the best rank: the display name when it is as good as any.
    ranked = [
        (r, i) for i, (key, _name) in enumerate(names) if (r := _rank(key, wanted)) is not None
    ]
    if not ranked:
        return None
    rank, index = min(ranked)
    return Found(rank, sort_name, code, names[index][1])


def _rank(key: str, wanted: str) -> int | None:
    # Spaces aside too: "cote d ivoire" is "Côte d'Ivoire", "southkorea" South Korea.
    solid, wanted_solid = key.replace(" ", ""), wanted.replace(" ", "")
    if wanted_solid == solid:
        return WHOLE_NAME
    if solid.startswith(wanted_solid):
        return NAME_START
    if f" {wanted}" in f" {key}":
        return WORD_START
    if len(wanted) >= _MIN_INSIDE and wanted in key:
        return INSIDE
    return None


def _key(text: str) -> str:
    """Folded, without dots and apostrophes ("U.S." is "us"), other punctuation a space."""
    text = re.sub(r"[.'’]", "", folded(text.strip()))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


@functools.cache
def _names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every code with its names as (key, name), the display name first."""
    extra: dict[str, list[str]] = {code: [country_name(code)] for code in _all_codes()}
    for actor in shipped_actors():
        # Names with an end date are the detector's, for articles of their day ("USSR" is
        # Russia until 1991): a person searching today means the former names listed in
        # country_names.toml, not "us" for "USSR".
        if actor.valid_to is not None:
            continue
        if actor.type in _ACTOR_TYPES and len(actor.codes) == 1 and actor.codes[0] in extra:
            extra[actor.codes[0]].append(actor.name)
    for code, names in _file_names().items():
        extra[code].extend(names)
    return {
        code: tuple(dict.fromkeys((_key(name), name) for name in names))
        for code, names in extra.items()
    }


def _all_codes() -> list[str]:
    return [str(code) for code, _name in countries]


def _file_names() -> dict[str, list[str]]:
    """country_names.toml: `CODE = ["name", ...]` under [former] and [demonyms]."""
    with NAMES_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    known = set(_all_codes())
    found: dict[str, list[str]] = {}
    for section in ("former", "demonyms"):
        for code, names in data.get(section, {}).items():
            if code not in known or not isinstance(names, list):
                raise ValueError(f"{NAMES_FILE.name} [{section}] {code}: not a code with a list")
            found.setdefault(code, []).extend(str(name) for name in names)
    return found
