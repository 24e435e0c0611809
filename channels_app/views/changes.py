"""The changes log (/changes/): every recorded change, newest recording first, filtered by the
query string (change_filters), a page at a time.

Pages are keyset pages, not OFFSET ones: `cursor` is a signed, opaque position (the recording
time and id of the last row shown, and which way to read), and a page is the next rows after
it along change_log_idx. Page 1000 costs what page 1 does, and a change recorded meanwhile
does not shift the rows of the page a visitor is on. A cursor that was tampered with, or
that this site did not sign, is refused with a message, and the newest page is shown.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ..change_filters import FILTER_NAMES, ChangeFilters, read_change_filters
from ..models import Channel, Kind, Origin, StateChange
from ..models.change import StateChangeQuerySet
from ..models.choices import ASSESSED_STATES
from .public import canonical_redirect, country_options, url_with

PAGE_SIZE = 50
CURSOR_SALT = "channels_app.changes.cursor"
OLDER, NEWER = "o", "n"
BAD_CURSOR = (
    "The page link is damaged or was not made by this site (its “cursor” does not check "
    "out). Showing the newest changes instead."
)


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    """A position in the log: rows recorded before (OLDER) or after (NEWER) this one."""

    recorded_at: datetime
    change_id: int
    direction: str

    def dumps(self) -> str:
        payload = [self.recorded_at.isoformat(), self.change_id, self.direction]
        return signing.Signer(salt=CURSOR_SALT).sign_object(payload, compress=True)

    @classmethod
    def loads(cls, text: str) -> "Cursor":
        try:
            signer = signing.Signer(salt=CURSOR_SALT)
            when, change_id, direction = signer.unsign_object(text[:500])
            cursor = cls(datetime.fromisoformat(when), int(change_id), str(direction))
        except (signing.BadSignature, ValueError, TypeError):
            raise BadCursor(text) from None
        if cursor.direction not in (OLDER, NEWER) or cursor.recorded_at.tzinfo is None:
            raise BadCursor(text)
        return cursor

    @classmethod
    def after(cls, change: StateChange, direction: str) -> "Cursor":
        return cls(change.recorded_at, change.pk, direction)

    def select(self, changes: StateChangeQuerySet) -> StateChangeQuerySet:
        """The rows past this position, nearest first: a row-value comparison,
        (recorded_at, id) < (t, i), which the database answers as a range of
        change_log_idx starting at the cursor (an OR of the two columns it would not)."""
        position = Tuple(F("recorded_at"), F("id"))
        value = (self.recorded_at, self.change_id)
        if self.direction == OLDER:
            return changes.filter(TupleLessThan(position, value))
        return changes.filter(TupleGreaterThan(position, value)).order_by("recorded_at", "id")


@dataclass(frozen=True)
class Page:
    changes: list[StateChange]
    older: str  # the cursor of the next older page, "" if none
    newer: str  # the cursor of the next newer page, "" if this is the newest

    @property
    def first(self) -> bool:
        return not self.newer


def read_page(changes: StateChangeQuerySet, cursor: Cursor | None) -> Page:
    """One page of `changes` (in log order) from `cursor` (None: the newest page). One query
    for the rows, one for their evidence."""
    if cursor is None or cursor.direction == OLDER:
        rows = list((cursor.select(changes) if cursor else changes)[: PAGE_SIZE + 1])
        shown, has_older, has_newer = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE, cursor is not None
    else:
        rows = list(cursor.select(changes)[: PAGE_SIZE + 1])
        if len(rows) <= PAGE_SIZE:  # back at the top: the newest page, full
            return read_page(changes, None)
        shown, has_older, has_newer = rows[:PAGE_SIZE][::-1], True, True
    older = Cursor.after(shown[-1], OLDER).dumps() if has_older and shown else ""
    newer = Cursor.after(shown[0], NEWER).dumps() if has_newer and shown else ""
    return Page(shown, older, newer)


def read_cursor(raw: str) -> tuple[Cursor | None, str | None]:
    if not raw:
        return None, None
    try:
        return Cursor.loads(raw), None
    except BadCursor:
        return None, BAD_CURSOR


def changes_context(filters: ChangeFilters, cursor: Cursor | None) -> dict[str, Any]:
    changes = StateChange.objects.filter(filters.q).for_log()
    page = read_page(changes, cursor)
    params = filters.params()
    here = reverse("changes")
    return {
        "filters": filters,
        "page": page,
        "total": StateChange.objects.active().filter(filters.q).count(),
        "on_page": cursor is not None,
        "newest_url": url_with(here, params),
        "older_url": url_with(here, {**params, "cursor": page.older}) if page.older else "",
        "newer_url": url_with(here, {**params, "cursor": page.newer}) if page.newer else "",
        "feed_url": url_with(reverse("feed-changes"), params),
        "csv_url": url_with(reverse("api:export-changes-csv"), params),
        "country_options": country_options(Channel.objects.country_codes()),
        "kinds": Kind.choices,
        "states": [(s.value, s.label) for s in ASSESSED_STATES],
        "origins": Origin.choices,
    }


def changes_log(request: HttpRequest) -> HttpResponse:
    filters, form, errors = read_change_filters(request.GET, also=("cursor",))
    cursor, cursor_error = read_cursor(request.GET.get("cursor", ""))
    if cursor_error:
        errors.append(cursor_error)
    raw_cursor = request.GET.get("cursor", "") if cursor else ""
    canonical = {**filters.params(), **({"cursor": raw_cursor} if raw_cursor else {})}
    tidy = None if errors else canonical_redirect(request, canonical, (*FILTER_NAMES, "cursor"))
    if tidy:
        return tidy
    context = {**changes_context(filters, cursor), "form": form, "errors": errors}
    return render(request, "channels/changes.html", context, status=400 if errors else 200)
