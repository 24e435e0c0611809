"""Scopes: what a subscriber or webhook follows, written as a key.

    all                       every channel
    kind:military             every channel of a kind
    country:CN                every channel of a country (all its pairs)
    pair:CN-US                every channel of a country pair (all kinds)
    channel:CN-US:military    one channel

A change matches a scope when the scope's key is one of the six keys of its channel
(`keys_for_channel`), so resolving recipients is one `key IN (...)` query.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django_countries import countries

from ...models import Channel, Kind
from ...values import InvalidPair, Pair, country_name, country_names, name_key

ALL = "all"
TYPES = ("channel", "pair", "country", "kind", "all")
MAX_PER_REQUEST = 10


class InvalidScope(ValidationError):
    """A scope key that is malformed or names nothing tracked."""


@dataclass(frozen=True)
class Scope:
    type: str
    key: str
    countries: tuple[str, ...] = ()
    kind: str = ""


def keys_for_channel(channel: Channel) -> list[str]:
    """Every scope key a change on `channel` matches."""
    a, b = channel.country_a.code, channel.country_b.code
    return [
        ALL,
        f"kind:{channel.kind}",
        f"country:{a}",
        f"country:{b}",
        f"pair:{a}-{b}",
        f"channel:{a}-{b}:{channel.kind}",
    ]


def matches(key: str, channel: Channel) -> bool:
    return key in keys_for_channel(channel)


def parse(raw: str) -> Scope:
    """The scope named by `raw`, normalised (`pair:us-cn` -> `pair:CN-US`); InvalidScope for
    anything else. Says nothing about whether the scope names a tracked channel."""
    text = str(raw).strip()
    kind, _, rest = text.partition(":")
    kind = kind.lower()
    if text.lower() == ALL:
        return Scope("all", ALL)
    if kind == "kind":
        return Scope("kind", f"kind:{_kind(rest)}", kind=_kind(rest))
    if kind == "country":
        code = _country(rest)
        return Scope("country", f"country:{code}", countries=(code,))
    if kind == "pair":
        a, b = _pair(rest)
        return Scope("pair", f"pair:{a}-{b}", countries=(a, b))
    if kind == "channel":
        pair, _, channel_kind = rest.partition(":")
        a, b = _pair(pair)
        value = _kind(channel_kind)
        return Scope("channel", f"channel:{a}-{b}:{value}", countries=(a, b), kind=value)
    raise _invalid(raw)


def validate(raw: str) -> Scope:
    """parse(), and refuse a scope that names no tracked channel."""
    scope = parse(raw)
    if not _tracked(scope).exists():
        raise InvalidScope(f"No tracked channel matches “{scope.key}”.", code="untracked_scope")
    return scope


def keys_of(items: Iterable[str], *, tracked: bool = False) -> list[str]:
    """The normalised keys of `items`, once each, in order; InvalidScope naming every bad
    one. With `tracked`, each must also name a tracked channel (validate, not parse)."""
    read = validate if tracked else parse
    keys, errors = [], []
    for item in items:
        try:
            keys.append(read(item).key)
        except InvalidScope as exc:
            errors.extend(exc.error_list)
    if errors:
        raise InvalidScope(errors)
    return list(dict.fromkeys(keys))


def _tracked(scope: Scope):  # -> QuerySet[Channel]
    channels = Channel.objects.all()
    if scope.type == "kind":
        return channels.filter(kind=scope.kind)
    if scope.type == "country":
        code = scope.countries[0]
        return channels.filter(Q(country_a=code) | Q(country_b=code))
    if scope.type in ("pair", "channel"):
        channels = channels.filter(country_a=scope.countries[0], country_b=scope.countries[1])
        return channels.filter(kind=scope.kind) if scope.kind else channels
    return channels


def _invalid(raw: str) -> InvalidScope:
    shown = str(raw)[:80]
    return InvalidScope(
        f"“{shown}” is not a scope; expected all, kind:KIND, country:CC, pair:CC-CC or "
        "channel:CC-CC:KIND.",
        code="unknown_scope",
    )


def _kind(value: str) -> str:
    value = value.strip().lower()
    if value not in Kind.values:
        raise InvalidScope(
            f"Unknown kind “{value[:40]}”; expected one of {', '.join(Kind.values)}.",
            code="unknown_kind",
        )
    return value


def _not_a_country(value: str) -> InvalidScope:
    return InvalidScope(
        f"“{value[:40]}” is not an ISO 3166-1 alpha-2 country code.", code="unknown_country"
    )


def _country(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or countries.alpha2(code) != code:
        raise _not_a_country(value)
    return code


def _pair(value: str) -> Pair:
    try:
        return Pair.parse(value)
    except InvalidPair as refused:
        if refused.code == "unknown_country":
            raise _not_a_country(refused.value) from None
        if refused.code == "same_country":
            raise InvalidScope("A pair is two different countries.", code="unknown_pair") from None
        message = f"“{value[:40]}” is not a country pair like CN-US."
        raise InvalidScope(message, code="unknown_pair") from None


# --- labels and choices -------------------------------------------------------------------


def label(key: str, channel_names: dict[str, str] | None = None) -> str:
    """How a scope reads on pages and in emails, such as "Every China channel (all pairs)"."""
    try:
        scope = parse(key)
    except InvalidScope:
        return key
    two = len(scope.countries) == 2
    codes = Pair(*scope.countries).in_reading_order if two else scope.countries
    names = [country_name(code) for code in codes]
    if scope.type == "all":
        return "Every channel"
    if scope.type == "kind":
        return f"Every {scope.kind} channel"
    if scope.type == "country":
        return f"Every {names[0]} channel (all pairs)"
    if scope.type == "pair":
        return f"Every {names[0]}–{names[1]} channel"
    default = f"{names[0]}–{names[1]} {scope.kind} channel"
    return (channel_names or {}).get(scope.key, default)


def labels(keys: Iterable[str]) -> dict[str, str]:
    """Labels for several keys, narrowest scope first, with channel names read in one
    query."""
    keys = sorted(keys, key=_narrowest_first)
    names = _channel_names(keys)
    return {key: label(key, names) for key in keys}


def _narrowest_first(key: str) -> tuple[int, str]:
    kind = key.partition(":")[0].lower()
    return (TYPES.index(kind) if kind in TYPES else len(TYPES), key)


def _channel_names(keys: list[str]) -> dict[str, str]:
    wanted = [parse(k) for k in keys if k.startswith("channel:") and _parses(k)]
    if not wanted:
        return {}
    query = Q()
    for scope in wanted:
        query |= Q(country_a=scope.countries[0], country_b=scope.countries[1], kind=scope.kind)
    return {keys_for_channel(c)[-1]: c.name for c in Channel.objects.filter(query)}


def _parses(key: str) -> bool:
    try:
        parse(key)
    except InvalidScope:
        return False
    return True


def channel_choices(channel: Channel) -> list[tuple[str, str]]:
    """The scopes offered on a channel's page, narrowest first."""
    a, b = channel.countries
    return [
        (keys_for_channel(channel)[-1], f"This channel ({channel.name})"),
        (f"pair:{channel.pair}", f"Every {channel.pair.names} channel (all kinds)"),
        (f"country:{a.code}", f"Every {a.name} channel (all pairs)"),
        (f"country:{b.code}", f"Every {b.name} channel (all pairs)"),
        (f"kind:{channel.kind}", f"Every {channel.kind} channel"),
        (ALL, "Every channel"),
    ]


def country_choices(code: str) -> list[tuple[str, str]]:
    """The scopes offered on a country's page: the country, each of its pairs, everything.
    One query."""
    rows = Channel.objects.filter(Q(country_a=code) | Q(country_b=code)).order_by()
    pairs = set(rows.values_list("country_a", "country_b").distinct())
    name = country_name(code)

    def partner(pair: tuple[str, str]) -> str:
        return country_name(pair[1] if pair[0] == code else pair[0])

    return [
        (f"country:{code}", f"Every {name} channel (all pairs)"),
        *(
            (f"pair:{a}-{b}", f"Every {name}–{partner((a, b))} channel")
            for a, b in sorted(pairs, key=partner)
        ),
        (ALL, "Every channel"),
    ]


def dashboard_choices(max_pairs: int | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The scopes offered on the dashboard, grouped for a <select>: two queries. Above
    `max_pairs` pairs the pairs are left out (each channel's page offers its pair), so that
    the select stays a few hundred options whatever the number of channels."""
    names = country_names(Channel.objects.country_codes())
    codes = sorted(names, key=name_key)
    distinct = Channel.objects.order_by().values_list("country_a", "country_b").distinct()
    rows = list(distinct if max_pairs is None else distinct[: max_pairs + 1])
    groups = [
        ("Everything", [(ALL, "Every channel")]),
        ("By kind", [(f"kind:{k}", f"Every {k} channel") for k in Kind.values]),
        ("By country", [(f"country:{c}", names[c]) for c in codes]),
    ]
    if max_pairs is not None and len(rows) > max_pairs:
        return groups
    pairs = sorted({Pair(str(a), str(b)) for a, b in rows}, key=lambda p: p.sort_key)
    by_pair = [(f"pair:{pair}", pair.names) for pair in pairs]
    return [*groups, ("By country pair", by_pair)]
