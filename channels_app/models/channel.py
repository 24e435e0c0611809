from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import connections, models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Greatest, Lag, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django_countries.fields import Country, CountryField

from ..values import Pair
from .choices import SEVERITY, Kind, State

KIND_ORDER = {kind: index for index, kind in enumerate(Kind.values)}


def default_stale_days() -> int:
    days: int = settings.TRACKER_STALE_DAYS_DEFAULT
    return days


def last_confirmed_expression(
    since: str = "state_since", confirmed: str | models.Expression = "confirmed_at"
) -> Greatest:
    """max(state_since, confirmed_at), NULL only when both are. Coalesce each side because
    GREATEST returns NULL on SQLite (and MySQL) as soon as one argument is NULL."""
    return Greatest(Coalesce(since, confirmed), Coalesce(confirmed, since))


def stale_q(now: datetime) -> Q:
    """Channel.is_stale as SQL over a `last_confirmed_at` annotation: never confirmed, or
    confirmed more than stale_after_days before `now`."""
    # SQLite multiplies durations by IntegerField only, not by PositiveIntegerField.
    days = ExpressionWrapper(F("stale_after_days"), output_field=IntegerField())
    allowance = ExpressionWrapper(days * Value(timedelta(days=1)), output_field=DurationField())
    return Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=Value(now) - allowance)


def _as_date(value: date | str | None) -> date | None:
    """A day as the database returned it (SQLite: text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


class ChannelQuerySet(models.QuerySet["Channel"]):
    def with_staleness(self, now: datetime) -> "ChannelQuerySet":
        """Annotate `last_confirmed_at` and `stale_at` (Channel.is_stale(now), in SQL)."""
        return self.annotate(last_confirmed_at=last_confirmed_expression()).annotate(
            stale_at=ExpressionWrapper(stale_q(now), output_field=BooleanField())
        )

    def stale(self, now: datetime) -> "ChannelQuerySet":
        return self.with_staleness(now).filter(stale_at=True)  # type: ignore[misc]  # an annotation

    def fresh(self, now: datetime) -> "ChannelQuerySet":
        return self.with_staleness(now).filter(stale_at=False)  # type: ignore[misc]  # an annotation

    def as_of(self, at: datetime | None, now: datetime) -> "ChannelQuerySet":
        """Annotate `state_at`, `since_at` and `stale_at`: the state in force at `at` (changes
        effective before it), when it began, and whether it had gone unconfirmed too long
        by then. `at=None` reads the current state from the denormalised columns.

        Only the latest confirmation is kept, so at a past date it counts only if it came
        before that date."""
        if at is None:
            return self.annotate(state_at=F("state"), since_at=F("state_since")).with_staleness(now)
        from .change import StateChange  # change.py imports this module

        latest = (
            StateChange.objects.active()
            .filter(channel=OuterRef("pk"), effective_at__lt=at)
            .order_by("-effective_at", "-recorded_at", "-id")
        )
        confirmed_then = Case(When(confirmed_at__lt=at, then=F("confirmed_at")), default=None)
        return (
            self.annotate(
                state_at=Coalesce(Subquery(latest.values("new_state")[:1]), Value("unknown")),
                since_at=Subquery(latest.values("effective_at")[:1]),
            )
            .annotate(last_confirmed_at=last_confirmed_expression("since_at", confirmed_then))
            .annotate(stale_at=ExpressionWrapper(stale_q(at), output_field=BooleanField()))
        )

    def matching(
        self, *, country: str = "", kind: str = "", state: str = "", stale: bool | None = None
    ) -> "ChannelQuerySet":
        """The public pages' filters. `state` and `stale` read as_of()'s annotations (the
        state in force on the date shown), so call as_of() first when filtering on them."""
        qs = self.for_country(country) if country else self
        if kind:
            qs = qs.filter(kind=kind)
        if state:
            qs = qs.filter(state_at=state)  # type: ignore[misc]  # an annotation
        if stale is not None:
            qs = qs.filter(stale_at=stale)  # type: ignore[misc]  # an annotation
        return qs

    def transitions_by_day(self) -> list[tuple[date | None, str, str, int]]:
        """How many of these channels moved from one state to another on each day (UTC) of
        their history, in one query whatever its length: `(day, before, after, count)`, by
        day. A channel's first change comes `before=""` (it was unknown until then); a
        channel with no change at all comes as `(None, "", "unknown", count)`. Removed
        changes are left out; so are changes that left the state as it was."""
        history = (
            self.order_by()
            .annotate(kept=FilteredRelation("changes", condition=Q(changes__removed_at=None)))
            .annotate(
                day=TruncDate("kept__effective_at", tzinfo=UTC),
                after=Coalesce("kept__new_state", Value(State.UNKNOWN.value)),
                before=Window(
                    Lag("kept__new_state", default=Value("")),  # type: ignore[arg-type]  # stubs: int only
                    partition_by=[F("id")],
                    order_by=[F("kept__effective_at"), F("kept__recorded_at"), F("kept__id")],
                ),
            )
            .values("day", "before", "after")
        )
        sql, params = history.query.sql_with_params()
        # A window's result cannot be grouped in the same SELECT: group the rows outside.
        grouped = (
            f"SELECT day, before, after, COUNT(*) FROM ({sql}) history "
            "WHERE before <> after GROUP BY day, before, after ORDER BY day, before, after"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(grouped, params)
            rows = cursor.fetchall()
        return [(_as_date(day), before, after, count) for day, before, after, count in rows]

    def country_codes(self) -> list[str]:
        """Every country that is a party to one of these channels, in one query that returns
        one row per country (not per pair: there are thousands of pairs for 250 countries)."""
        first = self.order_by().values_list("country_a", flat=True).distinct()
        second = self.order_by().values_list("country_b", flat=True).distinct()
        return sorted(set(first.union(second)))

    def for_dashboard(self) -> "ChannelQuerySet":
        """Every channel in code order, one query (the unique index's order); pages list
        them with in_reading_order()."""
        return self.order_by("country_a", "country_b", "kind")

    def in_reading_order(self) -> list["Channel"]:
        """These channels as pages list them: by the pair's names as read (Qatar, United Arab
        Emirates among the Qs, though stored AE, QA), then by kind in Kind's order. Sorted
        in Python: the names are not in the database, and ordering by a CASE over every
        code costs PostgreSQL about 100 ms on 10,000 channels where this costs a few."""
        return sorted(self, key=Channel.reading_key)

    def state_totals(self) -> dict[str, tuple[int, int]]:
        """{state: (channels, of which stale)} over as_of()'s annotations, in one query: the
        dashboard's summary, whatever the number of channels."""
        rows = (
            self.order_by()
            .values("state_at")  # type: ignore[misc]  # an annotation
            .annotate(channels=Count("id"), stale=Count("id", filter=Q(stale_at=True)))
        )
        return {row["state_at"]: (row["channels"], row["stale"]) for row in rows}

    def most_severe_first(self) -> "ChannelQuerySet":
        """Worst state first (severed ... open, then never assessed), then the state that
        began most recently: the order of the dashboard's pages when there are too many
        channels for one (reads as_of()'s annotations)."""
        severity = Case(
            *(
                When(state_at=state, then=Value(rank))
                for state, rank in SEVERITY.items()
                if rank is not None
            ),
            default=Value(-1),
            output_field=IntegerField(),
        )
        return self.order_by(
            severity.desc(), F("since_at").desc(nulls_last=True), "country_a", "country_b", "kind"
        )

    def for_country(self, code: str) -> "ChannelQuerySet":
        return self.filter(Q(country_a=code) | Q(country_b=code))

    def for_pair(self, a: str, b: str) -> "ChannelQuerySet":
        first, second = sorted((a.upper(), b.upper()))
        return self.filter(country_a=first, country_b=second)


class Channel(models.Model):
    """One line of communication between an unordered pair of countries, of one kind.

    The pair is stored sorted (country_a < country_b). `state` and `state_since` are a
    denormalised copy of the latest change, written only by services.changes.
    """

    country_a = CountryField(help_text="First country of the pair (alphabetically by code)")
    country_b = CountryField(help_text="Second country of the pair (alphabetically by code)")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    mechanisms = models.TextField(blank=True, help_text="Hotlines, dialogues, consultations ...")
    state = models.CharField(max_length=16, choices=State.choices, default=State.UNKNOWN)
    state_since = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="Last time an editor confirmed the state still holds"
    )
    stale_after_days = models.PositiveIntegerField(default=default_stale_days)
    auto_apply_sources = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Apply news proposals without review once this many independent outlets "
        "agree (empty: an editor reviews every proposal)",
    )
    auto_apply_window_hours = models.PositiveSmallIntegerField(
        default=48, help_text="The outlets must agree within this many hours"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["country_a", "country_b", "kind"]
        permissions = [("record_change", "Can record, correct and remove state changes")]
        constraints = [
            # Also the index behind the dashboard's ORDER BY country_a, country_b, kind
            # and the lookup of a pair (the country filter on country_a uses its prefix).
            models.UniqueConstraint(
                fields=["country_a", "country_b", "kind"], name="channel_unique_pair_kind"
            ),
            models.CheckConstraint(
                condition=Q(country_a__lt=models.F("country_b")), name="channel_pair_sorted"
            ),
        ]
        indexes = [
            # Country pages and the country filter: WHERE country_a = X OR country_b = X.
            models.Index(fields=["country_b"], name="channel_country_b_idx"),
            # Dashboard filter by state: WHERE state = X.
            models.Index(fields=["state", "kind"], name="channel_state_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.pair_label} {self.kind}"

    def get_absolute_url(self) -> str:
        return reverse("channel-detail", args=[self.pair, self.kind])

    @property
    def codes(self) -> tuple[str, str]:
        """The two ISO codes as stored (sorted), without the Country objects that reading
        country_a and country_b builds (each a lookup: the world map reads 2,000 of them)."""
        stored = vars(self)
        if "country_a" in stored and "country_b" in stored:
            return str(stored["country_a"]), str(stored["country_b"])
        return self.country_a.code, self.country_b.code  # deferred: loaded by the descriptor

    @property
    def pair(self) -> Pair:
        return Pair(self.country_a.code, self.country_b.code)  # stored sorted and valid

    @property
    def pair_code(self) -> str:
        return f"{self.country_a.code}-{self.country_b.code}"

    @property
    def pair_label(self) -> str:
        return f"{self.country_a.code}–{self.country_b.code}"

    @cached_property
    def countries(self) -> tuple[Country, Country]:
        """The two countries in reading order (values.Pair.in_reading_order)."""
        first, second = self.pair.in_reading_order
        return Country(first), Country(second)

    def reading_key(self) -> tuple[tuple[tuple[str, str], tuple[str, str]], int]:
        """Where the channel is listed: its pair's names as read, then its kind."""
        # The stored codes as loaded: each `country_a` read builds a Country object, which
        # doubled the time to sort 10,000 channels.
        codes = vars(self)
        pair = Pair(str(codes["country_a"]), str(codes["country_b"]))
        return pair.sort_key, KIND_ORDER.get(self.kind, len(KIND_ORDER))

    def last_confirmed(self) -> datetime | None:
        """The latest evidence that the state holds: its change or an editor's confirmation."""
        dates = [d for d in (self.state_since, self.confirmed_at) if d]
        return max(dates) if dates else None

    def is_stale(self, now: datetime | None = None) -> bool:
        confirmed = self.last_confirmed()
        if confirmed is None:
            return True
        now = now or timezone.now()
        return now - confirmed > timedelta(days=self.stale_after_days)
