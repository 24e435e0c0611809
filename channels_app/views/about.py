"""/about/: what the tracker records and how (shared/PRODUCT.md in plain words). The states'
and kinds' meanings come from models.choices, and the rules for news and auto-apply from
the settings and the detector's calibration in force, so the page cannot drift from the code.
"""

import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..models import Channel, Kind, State
from ..news.detect.calibrate import CALIBRATION_FILE, read_calibration
from ..news.detect.language import LANG_ROOT

# One example per state, from the seed story (shared/PRODUCT.md) and the demo's history.
STATE_EXAMPLES: dict[str, str] = {
    State.OPEN: "US–China military channels since 1 November 2025, when Defense Secretary "
    "Hegseth and Defence Minister Admiral Dong Jun agreed in Kuala Lumpur to establish "
    "military-to-military channels.",
    State.LIMITED: "US–China military channels from 15 November 2023: after the Biden–Xi "
    "meeting at Woodside some military dialogue resumed (defence policy talks in January "
    "2024, maritime consultations in April 2024) while broader channels stayed closed.",
    State.SUSPENDED: "US–China military channels from 5 August 2022, when China cancelled "
    "theatre-commander talks, defence policy coordination talks and maritime safety "
    "consultations after Speaker Pelosi's visit to Taiwan.",
    State.SEVERED: "Inter-Korean liaison channels since 15 January 2024, when North Korea "
    "abolished its agencies for dialogue with the South.",
    State.UNKNOWN: "A channel an editor has just added, before anyone has assessed it.",
}


@dataclass(frozen=True)
class StateRow:
    state: State
    example: str

    @property
    def severity(self) -> str:
        value = self.state.severity
        return "—" if value is None else str(value)


@functools.cache
def propose_threshold() -> float | None:
    """The confidence below which a detection proposes nothing (None: no calibration)."""
    calibration = read_calibration(LANG_ROOT / "en" / CALIBRATION_FILE)
    return calibration.threshold if calibration else None


def auto_apply_figures() -> dict[str, int | None]:
    """How many channels apply proposals by themselves, and the fewest outlets any of them
    needs: one query."""
    return Channel.objects.aggregate(
        channels=Count("pk"),
        auto_apply=Count("pk", filter=Q(auto_apply_sources__isnull=False)),
        fewest_sources=Min("auto_apply_sources"),
    )


def about(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "states": [StateRow(state, STATE_EXAMPLES[state]) for state in State],
        "kinds": list(Kind),
        "stale_days": settings.TRACKER_STALE_DAYS_DEFAULT,
        "min_confidence": settings.NEWS_AUTO_APPLY_MIN_CONFIDENCE,
        "window_hours": Channel._meta.get_field("auto_apply_window_hours").default,
        "propose_threshold": propose_threshold(),
        "figures": auto_apply_figures(),
        "site_url": request.build_absolute_uri("/"),
        "today": timezone.now(),
        "contact": settings.SITE_CONTACT_EMAIL,
    }
    return render(request, "about.html", context)
