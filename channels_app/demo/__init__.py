"""The demo data: seed.json (channels and their dated history, each change with public
evidence) and the reader that turns it into typed records for demo.loader.load_demo."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from importlib import resources
from typing import Any

from ..services.changes import EvidenceInput

# Date-only events are stored at noon UTC so the day reads the same in any display time zone.
_NOON = time(12, 0)


@dataclass(frozen=True)
class SeedChange:
    effective_at: datetime
    state: str
    note: str
    evidence: tuple[EvidenceInput, ...]


@dataclass(frozen=True)
class SeedChannel:
    country_a: str
    country_b: str
    kind: str
    name: str
    description: str
    mechanisms: str
    changes: tuple[SeedChange, ...]


def seed_channels() -> list[SeedChannel]:
    """The demo channels, in file order; each channel's changes in date order."""
    text = resources.files(__package__).joinpath("seed.json").read_text(encoding="utf-8")
    return [_channel(item) for item in json.loads(text)["channels"]]


def seed_time(value: str) -> datetime:
    """'2025-11-01' -> 2025-11-01 12:00 UTC; a full ISO timestamp must carry its offset."""
    if len(value) == len("YYYY-MM-DD"):
        return datetime.combine(date.fromisoformat(value), _NOON, tzinfo=UTC)
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"Seed time {value!r} has no UTC offset.")
    return parsed


def _channel(item: Mapping[str, Any]) -> SeedChannel:
    country_a, country_b = item["pair"]
    return SeedChannel(
        country_a=country_a,
        country_b=country_b,
        kind=item["kind"],
        name=item["name"],
        description=item.get("description", ""),
        mechanisms=item.get("mechanisms", ""),
        changes=tuple(_change(change) for change in item["changes"]),
    )


def _change(item: Mapping[str, Any]) -> SeedChange:
    return SeedChange(
        effective_at=seed_time(item["date"]),
        state=item["state"],
        note=item.get("note", ""),
        evidence=tuple(_evidence(e) for e in item["evidence"]),
    )


def _evidence(item: Mapping[str, Any]) -> EvidenceInput:
    published = item.get("published")
    return EvidenceInput(
        url=item["url"],
        outlet=item["outlet"],
        title=item["title"],
        published_at=seed_time(published) if published else None,
    )
