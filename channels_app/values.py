"""The domain's value types, parsed the same way by the pages, the API, alert scopes and
the history import: a country pair ("cn-us") and a moment to look at (`at=YYYY-MM-DD`); and
the one name each country is shown by, which also sets the order pairs are listed in.

Each caller words its own refusals (a page's 404, an API's 400, an import's line error), so
the errors here carry a code saying why; the messages they carry are the writer's.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

from django.utils.translation import get_language
from django_countries import countries

# Dates outside this range are refused rather than risk an overflow at the database.
MIN_DATE = date(1800, 1, 1)
MAX_DATE = date(2999, 12, 31)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# --- a country's name -----------------------------------------------------------------------


def country_name(code: str) -> str:
    """The one name the site gives a country, wherever it shows one (pages, API, feeds,
    alerts, default channel names): django-countries' English name as amended by
    settings.COUNTRIES_OVERRIDE. Other names (former ones, "Turkey", demonyms) only find a
    country: see channels_app.country_finder."""
    return _names(get_language()).get(code) or str(countries.name(code))


def folded(text: str) -> str:
    """Lower case without accents, for comparing and sorting what people read: "Côte
    d'Ivoire" files among the Cs and "cote" finds it."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(code: str) -> tuple[str, str]:
    """Sort key of a country: its name as read, then its code (two codes never tie)."""
    return _name_key(code, get_language() or "")


# Pages sort thousands of channels by it: a name lookup and a fold each time would cost
# the dashboard more than its query.
@functools.lru_cache(maxsize=4096)
def _name_key(code: str, language: str) -> tuple[str, str]:
    return folded(country_name(code)), code


# --- a country pair --------------------------------------------------------------------------


class InvalidPair(ValueError):
    """`code`: not_a_pair (not two codes joined by a separator), unknown_country or
    same_country; `value`: the text at fault, as given (the whole text or one code)."""

    def __init__(self, message: str, *, code: str, value: str = ""):
        super().__init__(message)
        self.message, self.code, self.value = message, code, value


NOT_A_PAIR = "A pair is two country codes joined by a hyphen, like cn-us."


class Pair(NamedTuple):
    """Two different ISO 3166-1 alpha-2 codes in upper case, sorted, as channels store them.
    A tuple, so `a, b = pair` works; build one with `of`, `parse` or `from_slug`."""

    a: str
    b: str

    @classmethod
    def of(cls, first: str, second: str) -> "Pair":
        """Either way round, any case: ("us", "CN") -> Pair("CN", "US")."""
        codes = [str(code).strip().upper() for code in (first, second)]
        for raw, code in zip((first, second), codes, strict=True):
            if not code or countries.alpha2(code) != code:
                raise InvalidPair(
                    f"'{code}' is not an ISO 3166-1 alpha-2 country code.",
                    code="unknown_country",
                    value=str(raw),
                )
        if codes[0] == codes[1]:
            raise InvalidPair(
                f"A channel links two different countries, not {codes[0]} with itself.",
                code="same_country",
                value=str(first),
            )
        first_code, second_code = sorted(codes)
        return cls(first_code, second_code)

    @classmethod
    def parse(cls, text: str, *, separators: str = "-") -> "Pair":
        """Two codes joined by one of `separators`, spaces around them allowed: "us-cn"."""
        parts = re.split(f"[{re.escape(separators)}]", text)
        if len(parts) != 2:
            raise InvalidPair(NOT_A_PAIR, code="not_a_pair", value=text)
        return cls.of(*parts)

    @classmethod
    def from_slug(cls, text: str) -> "Pair":
        """The pair of an address (/channels/cn-us/...): two two-letter codes and a hyphen,
        nothing else; any case and either order."""
        parts = text.split("-")
        if len(parts) != 2 or not all(len(part) == 2 for part in parts):
            raise InvalidPair(NOT_A_PAIR, code="not_a_pair", value=text)
        return cls.of(*parts)

    def __str__(self) -> str:
        return f"{self.a}-{self.b}"

    @property
    def slug(self) -> str:
        """As addresses write it: cn-us."""
        return str(self).lower()

    @property
    def label(self) -> str:
        """As pages and badges show it: the codes joined by an en dash."""
        return f"{self.a}–{self.b}"

    @property
    def in_reading_order(self) -> tuple[str, str]:
        """The two codes in the order of their names, as a reader lists the pair: ("QA",
        "AE") for Qatar and the United Arab Emirates, stored as AE, QA."""
        return (self.a, self.b) if name_key(self.a) <= name_key(self.b) else (self.b, self.a)

    @property
    def names(self) -> str:
        """The pair as people read it, the names joined by an en dash: "Qatar-United Arab
        Emirates" (with the dash)."""
        return "–".join(country_name(code) for code in self.in_reading_order)

    @property
    def sort_key(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """Where the pair is listed: by its first name as read, then its second."""
        key_a, key_b = name_key(self.a), name_key(self.b)
        return (key_a, key_b) if key_a <= key_b else (key_b, key_a)


class PairConverter:
    """`<pair:pair>` in a URL pattern. It matches what `<str:...>` does and hands the view
    the text as written, so that the view can answer a malformed pair with a 404 that says
    why, or redirect a pair written another way to its canonical address; `reverse()` takes
    a Pair (or its text)."""

    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: "Pair | str") -> str:
        return value.slug if isinstance(value, Pair) else value


# --- a moment in time ------------------------------------------------------------------------


def start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def end_of(day: date) -> datetime:
    """The first instant after `day` (UTC): changes effective before it were in force."""
    return start_of(day) + timedelta(days=1)


class InvalidMoment(ValueError):
    """`code`: not_a_date (not YYYY-MM-DD), too_early (before MIN_DATE), too_late (after
    MAX_DATE) or future (after today); `day` is the date read, if one was."""

    def __init__(self, code: str, day: date | None = None):
        super().__init__(code)
        self.code, self.day = code, day


@dataclass(frozen=True)
class Moment:
    """Now, or the end of a past day (UTC) when a page or the API travels in time (`at=`)."""

    now: datetime
    day: date | None = None

    @classmethod
    def parse(cls, raw: str, now: datetime) -> "Moment":
        """The end of the day `raw` names (YYYY-MM-DD, from MIN_DATE to today)."""
        text = raw.strip()
        try:
            day = date.fromisoformat(text) if ISO_DAY.fullmatch(text) else None
        except ValueError:
            day = None
        if day is None:
            raise InvalidMoment("not_a_date")
        if day < MIN_DATE:
            raise InvalidMoment("too_early", day)
        if day > MAX_DATE:
            raise InvalidMoment("too_late", day)
        if day > cls(now).today:
            raise InvalidMoment("future", day)
        return cls(now, day)

    @property
    def cutoff(self) -> datetime | None:
        """Changes effective before this instant were in force (None: all of them)."""
        return end_of(self.day) if self.day else None

    @property
    def reference(self) -> datetime:
        """What "since", durations and staleness are measured to."""
        return min(self.cutoff, self.now) if self.cutoff else self.now

    @property
    def today(self) -> date:
        return self.now.astimezone(UTC).date()

    @property
    def at(self) -> str:
        """The `at=` of this moment's addresses ("" for now)."""
        return self.day.isoformat() if self.day else ""


@lru_cache(maxsize=16)
def _names(language: str | None) -> dict[str, str]:
    return {code: str(name) for code, name in countries}


def country_names(codes: Iterable[str]) -> dict[str, str]:
    """The names of these ISO codes in the active language, from one table built once per
    language: countries.name() translates on every call, which adds up over every country
    in a select (the dashboard's three lists of up to 250)."""
    names = _names(get_language())
    return {code: names.get(code) or str(countries.name(code)) for code in codes}
