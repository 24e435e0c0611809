"""The product's vocabulary (shared/PRODUCT.md): kinds, states with their severity, origins,
and the table that says which changes alert."""

from collections.abc import Iterable

from django.db import models


class Kind(models.TextChoices):
    MILITARY = "military", "Military"
    TRADE = "trade", "Trade"
    DIPLOMATIC = "diplomatic", "Diplomatic"

    @property
    def meaning(self) -> str:
        """What a channel of this kind covers (shared/PRODUCT.md), for legends and /about/."""
        return KIND_MEANINGS[self]


KIND_MEANINGS: dict[str, str] = {
    Kind.MILITARY: "defence ministries, armed forces, military hotlines, theatre commanders, "
    "maritime and air safety consultations, deconfliction lines, arms control inspections",
    Kind.TRADE: "trade and economic negotiations, trade ministers' dialogues, trade flows "
    "halted or reopened as a whole or for a whole sector",
    Kind.DIPLOMATIC: "leaders, foreign ministries, embassies and consulates, envoys, liaison "
    "offices, issue dialogues (climate, counter-narcotics, nuclear, peace talks)",
}


class State(models.TextChoices):
    OPEN = "open", "Open"
    LIMITED = "limited", "Limited"
    SUSPENDED = "suspended", "Suspended"
    SEVERED = "severed", "Severed"
    UNKNOWN = "unknown", "Unknown"

    @property
    def severity(self) -> int | None:
        """0 (open) to 3 (severed); None for unknown, which is not on the scale."""
        return SEVERITY[self]

    @property
    def meaning(self) -> str:
        """What the state means (shared/PRODUCT.md): the one wording of legends and /about/."""
        return STATE_MEANINGS[self]


SEVERITY: dict[str, int | None] = {
    State.OPEN: 0,
    State.LIMITED: 1,
    State.SUSPENDED: 2,
    State.SEVERED: 3,
    State.UNKNOWN: None,
}

STATE_MEANINGS: dict[str, str] = {
    State.OPEN: "working: talks held, line answered, channel (re)established or agreed to resume",
    State.LIMITED: "working only in part: missions downgraded, envoys expelled, some "
    "mechanisms or one sector halted",
    State.SUSPENDED: "paused, frozen, cancelled, refused or unanswered; expected or able to return",
    State.SEVERED: "formally cut off, broken off, abolished, demolished",
    State.UNKNOWN: "not yet assessed (the state of a new channel)",
}


def most_severe(states: Iterable[str]) -> str:
    """The most severe of `states` (severed before suspended before limited before open);
    unknown only when none of them was assessed, or there are none."""
    assessed = [s for s in states if SEVERITY[s] is not None]
    return max(assessed, key=lambda s: SEVERITY[s] or 0) if assessed else State.UNKNOWN


# States a change may set: "unknown" is only the state of a channel nobody has assessed.
ASSESSED_STATES = [s for s in State if s != State.UNKNOWN]


class Origin(models.TextChoices):
    MANUAL = "manual", "Manual (editor)"
    NEWS = "news", "News pipeline"
    API = "api", "API"
    IMPORT = "import", "Import"


# Which changes alert (shared/PRODUCT.md, "Which changes alert"), as data:
# an origin alerts or not; a change out of one of these old states never alerts
# (first assessment); and only a change that becomes the channel's current state alerts.
ORIGIN_ALERTS: dict[str, bool] = {
    Origin.MANUAL: True,
    Origin.NEWS: True,
    Origin.API: True,
    Origin.IMPORT: False,
}
SILENT_OLD_STATES = frozenset({State.UNKNOWN})

# Which origins must bring at least one source URL with a change (and keep one through
# evidence corrections). An import replays history assessed elsewhere, sourced or not, so
# that any installation's export imports back whole; every other door needs a source.
ORIGIN_NEEDS_EVIDENCE: dict[str, bool] = {
    Origin.MANUAL: True,
    Origin.NEWS: True,
    Origin.API: True,
    Origin.IMPORT: False,
}


def change_alerts(*, origin: str, old_state: str, new_state: str, becomes_current: bool) -> bool:
    return (
        becomes_current
        and old_state != new_state
        and ORIGIN_ALERTS[origin]
        and old_state not in SILENT_OLD_STATES
    )


class Modality(models.TextChoices):
    """How an article speaks of a change. Only acts and agreed intents propose one."""

    ACT = "act", "Act"
    INTENT = "intent", "Agreed intent"
    THREAT = "threat", "Threat"
    DENIAL = "denial", "Denial"
    SPECULATION = "speculation", "Speculation"
    RETROSPECTIVE = "retrospective", "Retrospective"


PROPOSING_MODALITIES = frozenset({Modality.ACT, Modality.INTENT})
