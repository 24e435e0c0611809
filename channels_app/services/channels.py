"""Creating channels and confirming their state: the pair rules live here."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_countries import countries

from ..caching.version import invalidate_public_pages
from ..models import Channel, Kind
from .errors import ChangeRejected


def normalize_pair(a: str, b: str) -> tuple[str, str]:
    """Two different valid ISO 3166-1 alpha-2 codes, sorted: ("us", "CN") -> ("CN", "US")."""
    codes = [str(code).strip().upper() for code in (a, b)]
    for code in codes:
        if not code or countries.alpha2(code) != code:
            raise ChangeRejected(
                f"'{code}' is not an ISO 3166-1 alpha-2 country code.", code="unknown_country"
            )
    if codes[0] == codes[1]:
        raise ChangeRejected(
            f"A channel links two different countries, not {codes[0]} with itself.",
            code="same_country",
        )
    first, second = sorted(codes)
    return first, second


def default_channel_name(a: str, b: str, kind: str) -> str:
    labels: dict[str, str] = {Kind.MILITARY: "military channels", Kind.TRADE: "trade talks"}
    label = labels.get(kind, "diplomatic channels")
    return f"{countries.name(a)}–{countries.name(b)} {label}"


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
