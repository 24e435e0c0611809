"""Word search in text columns, with the same results on PostgreSQL and SQLite.

    terms = SearchTerms.parse(request.GET["q"])
    Channel.objects.filter(words_match(["name", "description"], terms.terms))

A query is cut into words (letters and digits; everything else, quotes, `*`, `NEAR`'s
operators, `'`, `-`, is a separator, so no query syntax ever reaches the database). A row
matches when every word starts a word of its text, in any of the columns: "talk" finds
"talks", "suspend" finds "suspended". On PostgreSQL that is full-text search with the
`simple` configuration (no stemming, no stop words: what the plain match can also do) and
prefix terms, served by the GIN indexes of migration 0011; on SQLite, a case-insensitive
word-start regular expression over the same columns (a scan: the embedded default is for
small installs).
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db import connection
from django.db.models import Q

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MIN_TERM_CHARS = 2
CONFIG = "simple"
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchTerms:
    """The words searched for, and what was left out of a query and why."""

    text: str  # the query as searched: trimmed, cut to MAX_QUERY_CHARS
    terms: tuple[str, ...]
    cut: bool = False  # the query was longer than MAX_QUERY_CHARS
    dropped: int = 0  # words beyond MAX_TERMS, not searched

    @classmethod
    def parse(cls, raw: str) -> "SearchTerms":
        text = " ".join(raw.split())
        cut = len(text) > MAX_QUERY_CHARS
        text = text[:MAX_QUERY_CHARS]
        words = [w.casefold() for w in _WORD.findall(text) if len(w) >= MIN_TERM_CHARS]
        unique = tuple(dict.fromkeys(words))
        return cls(text, unique[:MAX_TERMS], cut, max(0, len(unique) - MAX_TERMS))


def words_match(fields: list[str], terms: tuple[str, ...]) -> Q:
    """Rows whose text in `fields` holds a word starting with each of `terms` (not empty)."""
    if connection.vendor == "postgresql":
        vector = SearchVector(*fields, config=CONFIG)
        query = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config=CONFIG)
        return Q(SearchVectorExact(vector, query))
    return reduce(and_, (_word_start(fields, term) for term in terms))


def _word_start(fields: list[str], term: str) -> Q:
    # The term is letters and digits only; not preceded by one means it starts a word.
    pattern = rf"(?<![^\W_]){re.escape(term)}"
    return reduce(or_, (Q(**{f"{field}__iregex": pattern}) for field in fields))
