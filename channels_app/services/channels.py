"""Creating channels and confirming their state (the pair rules: values.Pair)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..caching.version import invalidate_public_pages
from ..models import Channel, Kind
from ..values import InvalidPair, Pair
from .errors import ChangeRejected


def normalize_pair(a: str, b: str) -> Pair:
    """values.Pair.of for the writers: ("us", "CN") -> ("CN", "US"); a refusal is a
    ChangeRejected with the pair's code (unknown_country, same_country)."""
    try:
        return Pair.of(a, b)
    except InvalidPair as refused:
        raise ChangeRejected(refused.message, code=refused.code) from None


def default_channel_name(a: str, b: str, kind: str) -> str:
    labels: dict[str, str] = {Kind.MILITARY: "military channels", Kind.TRADE: "trade talks"}
    label = labels.get(kind, "diplomatic channels")
    return f"{Pair.of(a, b).names} {label}"


def channel_create(
    *,
    country_a: str,
    country_b: str,
    kind: str,
    name: str = "",
    description: str = "",
    mechanisms: str = "",
) -> Channel:
    a, b = normalize_pair(country_a, country_b)
    if kind not in Kind.values:
        raise ChangeRejected(f"Unknown kind '{kind}'; expected one of {', '.join(Kind.values)}.")
    if Channel.objects.filter(country_a=a, country_b=b, kind=kind).exists():
        raise ChangeRejected(f"There is already a {kind} channel for {a}–{b}.", code="duplicate")
    channel = Channel.objects.create(
        country_a=a,
        country_b=b,
        kind=kind,
        name=name or default_channel_name(a, b, kind),
        description=description,
        mechanisms=mechanisms,
    )
    # After commit (immediately in autocommit): pages list every channel.
    transaction.on_commit(invalidate_public_pages)
    return channel


def channel_confirm_state(*, channel: Channel, now: datetime | None = None) -> None:
    """An editor's "still accurate": resets the stale clock without a change row."""
    now = now or timezone.now()
    with transaction.atomic():
        Channel.objects.filter(pk=channel.pk).update(confirmed_at=now)
        transaction.on_commit(invalidate_public_pages)
    channel.confirmed_at = now
