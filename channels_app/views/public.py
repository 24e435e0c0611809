"""Public pages: the dashboard matrix and a channel's page. No login, no JavaScript."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django_countries.fields import Country

from ..models import Channel, Kind, State, StateChange
from ..services.channels import normalize_pair
from ..services.errors import ChangeRejected
from ..timeline import build_timeline


@dataclass(frozen=True)
class Freshness:
    """Whether a channel's state is stale, and the sentence that explains it."""

    stale: bool
    explanation: str

    @classmethod
    def of(cls, channel: Channel, now: datetime) -> "Freshness":
        confirmed = channel.last_confirmed()
        if confirmed is None:
            return cls(channel.is_stale(now), "Never assessed or confirmed")
        days = (now - confirmed).days
        return cls(channel.is_stale(now), f"Not confirmed in {days} day{'' if days == 1 else 's'}")


@dataclass(frozen=True)
class Cell:
    kind: str
    channel: Channel | None
    freshness: Freshness | None


@dataclass(frozen=True)
class PairRow:
    country_a: Country
    country_b: Country
    cells: list[Cell]


def _cell(kind: str, channel: Channel | None, now: datetime) -> Cell:
    return Cell(kind, channel, Freshness.of(channel, now) if channel else None)


def _matrix(channels: list[Channel], now: datetime) -> list[PairRow]:
    rows = []
    for _pair, group in groupby(channels, key=lambda c: (c.country_a.code, c.country_b.code)):
        by_kind = {c.kind: c for c in group}
        first = next(iter(by_kind.values()))
        cells = [_cell(kind, by_kind.get(kind), now) for kind in Kind.values]
        rows.append(PairRow(first.country_a, first.country_b, cells))
    return rows


def _state_counts(channels: list[Channel]) -> list[tuple[str, str, int]]:
    counts = Counter(c.state for c in channels)
    return [(s.value, s.label, counts[s.value]) for s in State if counts[s.value]]


def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    channels = list(Channel.objects.for_dashboard())
    context = {
        "rows": _matrix(channels, now),
        "kinds": Kind.choices,
        "states": State.choices,
        "counts": _state_counts(channels),
        "channel_count": len(channels),
        "stale_count": sum(c.is_stale(now) for c in channels),
        "stale_days": settings.TRACKER_STALE_DAYS_DEFAULT,
    }
    return render(request, "channels/dashboard.html", context)


def _parse_pair(pair: str) -> tuple[str, str]:
    parts = pair.split("-")
    if len(parts) != 2 or not all(len(p) == 2 for p in parts):
        raise Http404("A pair is two country codes joined by a hyphen, like cn-us.")
    try:
        return normalize_pair(*parts)
    except ChangeRejected:
        raise Http404("No such country pair.") from None


def channel_detail(request: HttpRequest, pair: str, kind: str) -> HttpResponse:
    a, b = _parse_pair(pair)
    if kind.lower() not in Kind.values:
        raise Http404("No such kind of channel.")
    channel = Channel.objects.for_pair(a, b).filter(kind=kind.lower()).first()
    if channel is None:
        raise Http404("No such channel.")
    if (pair, kind) != (channel.pair_code.lower(), channel.kind):
        return redirect(channel.get_absolute_url(), permanent=True)
    now = timezone.now()
    changes = list(StateChange.objects.filter(channel=channel).for_channel_page())
    context = {
        "channel": channel,
        "freshness": Freshness.of(channel, now),
        "changes": changes,
        "timeline": build_timeline(reversed(changes), now),
        "states": State.choices,
    }
    return render(request, "channels/channel_detail.html", context)
