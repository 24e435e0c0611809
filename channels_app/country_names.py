"""Which countries a visitor's words name: the one reading of "china", "CHN", "Burma",
"American" or "Côte d'Ivoire" for the site search (and any country finder).

    find_countries("burma")  # [CountryMatch(code="MM", name="Myanmar", matched="Burma", ...)]

Names come from what the project already holds, not a list of its own: django-countries
(the names pages show and its former names), ISO alpha-2 and
alpha-3 codes, and the news detector's actor file (`news/detect/lang/en/actors.csv`: rows of
type `name`, such as "UK", "PRC", "Swaziland", and `demonym`, such as "Chinese").

A query of three letters or fewer must equal a code or a whole name ("us", "uk", "prc");
a longer one may also begin the name or one of its words ("korea", "united", "chin").
Accents, case, dots and apostrophes do not matter.
"""

import functools
import unicodedata
from dataclasses import dataclass

from django_countries import countries

from .news.detect.gazetteer import shipped_actors

SHORT_QUERY = 3
# How a name was found, best first (the order results are ranked in, then by name).
EXACT, STARTS, WORD = 0, 1, 2


@dataclass(frozen=True)
class CountryMatch:
    code: str
    name: str  # the name pages show
    matched: str  # the name or code the query matched
    how: str  # "code", "name", "former name", "other name", "demonym"
    rank: int

    @property
    def is_alias(self) -> bool:
        """Whether the match is worth showing beside the name (it is not the name itself)."""
        return self.how != "name"


def folded(text: str) -> str:
    """Lower case, no accents, dots or apostrophes, one space between words:
    "Côte d'Ivoire" -> "cote divoire", "U.S." -> "us"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in ".'’")
    return " ".join("".join(c if c.isalnum() else " " for c in kept).split())


@functools.cache
def _names() -> tuple[tuple[str, str, str, str], ...]:
    """(folded name, code, name as written, how) for every name of every country."""
    rows: list[tuple[str, str, str]] = []
    for code, name in countries:
        rows.append((code, str(name), "name"))
        rows += [(code, str(old), "former name") for old in countries.OLD_NAMES.get(code, [])]
        rows += [(code, code, "code"), (code, countries.alpha3(code), "code")]
    known = {code for code, _ in countries}
    for actor in shipped_actors():
        if actor.type in ("name", "demonym") and len(actor.codes) == 1:
            code = actor.codes[0]
            if code in known:
                rows.append((code, actor.name, "other name" if actor.type == "name" else "demonym"))
    found: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    for code, written, how in rows:
        key = (folded(written), code)
        if key[0] and key not in found:  # the first reading of a name wins: names before codes
            found[key] = (key[0], code, written, how)
    return tuple(found.values())


def _rank(name: str, how: str, query: str) -> int | None:
    if name == query:
        return EXACT
    if len(query) <= SHORT_QUERY or how == "code":
        return None
    if name.startswith(query):
        return STARTS
    if f" {query}" in f" {name}":
        return WORD
    return None


def find_countries(query: str) -> list[CountryMatch]:
    """The countries `query` names, best match first, each once (by its best name)."""
    wanted = folded(query[:100])
    if not wanted:
        return []
    best: dict[str, CountryMatch] = {}
    for name, code, written, how in _names():
        rank = _rank(name, how, wanted)
        if rank is None:
            continue
        match = CountryMatch(code, countries.name(code), written, how, rank)
        if code not in best or rank < best[code].rank:
            best[code] = match
    return sorted(best.values(), key=lambda m: (m.rank, folded(m.name)))
