"""The daily summary behind the trends: how many channels of each kind moved from one state
to another on each day. Maintained by services.changes in the transaction of every write
(services.trend_days), so that the trends read rows bounded by days and moves, not by
changes; `ChannelQuerySet.transitions_by_day()` computes the same from the history and is
the reference the tests hold it to."""

from datetime import date

from django.db import models
from django.db.models import Case, Count, DateField, Q, Sum, Value, When
from django.db.models.functions import Cast, TruncMonth

from .channel import Channel
from .choices import Kind, State

Row = tuple[date | None, str, str, int]
MONTHS, DAYS = 1, 2  # which part of by_month's one query a row comes from
ALL_KINDS = ""  # the rows of every kind summed (one row per day and move, read as is)


class TrendDayQuerySet(models.QuerySet["TrendDay"]):
    def transitions_by_day(self, kind: str = ALL_KINDS) -> list[Row]:
        """What `Channel.objects.matching(kind=kind).transitions_by_day()` returns, read from
        the summary and the number of channels in one query: (day, before, after, channels)
        by day, then `(None, "", "unknown", n)` for the channels never assessed."""
        moves = self.filter(kind=kind).order_by().values_list("day", "before", "after", "channels")
        channels = Channel.objects.matching(kind=kind).order_by()
        total = channels.values_list(
            Value(None, output_field=DateField()),
            Value(""),
            Value(State.UNKNOWN.value),
        ).annotate(n=Count("id"))
        return _with_unassessed(list(moves.union(total, all=True)))

    def by_month(
        self, kind: str, since: date, busiest: int
    ) -> tuple[list[Row], list[tuple[date, str, str, int]]]:
        """The same moves summed by month from the month of `since` on, every earlier move
        counted in that first month (then the channels never assessed, as
        transitions_by_day() gives them); and the moves of the `busiest` days from `since` on
        when the most channels changed state (first assessments left out; ties to the earlier
        day). One query, and at most about twenty rows a month whatever the history's size."""
        first = since.replace(day=1)
        # A date on both databases (PostgreSQL's date_trunc returns a timestamp).
        month = Cast(
            Case(When(day__lt=first, then=Value(first)), default=TruncMonth("day")), DateField()
        )
        moves = (
            self.filter(kind=kind)
            .order_by()
            .annotate(part=Value(MONTHS), month=month)
            .values_list("part", "month", "before", "after")
            .annotate(n=Sum("channels"))
        )
        channels = Channel.objects.matching(kind=kind).order_by()
        total = channels.values_list(
            Value(MONTHS), Value(None, output_field=DateField()), Value(""), Value(State.UNKNOWN)
        ).annotate(n=Count("id"))
        days = (
            self.filter(kind=kind, day__gte=since)
            .exclude(before="")
            .order_by()
            .values("day")
            .annotate(changed=Sum("channels"))
            .order_by("-changed", "day")
            .values("day")[:busiest]
        )
        notable = (
            self.filter(Q(kind=kind) & Q(day__in=days))
            .order_by()
            .annotate(part=Value(DAYS))
            .values_list("part", "day", "before", "after", "channels")
        )
        rows = list(moves.union(total, notable, all=True))
        by_day = [tuple(r[1:]) for r in rows if r[0] == DAYS]
        return _with_unassessed([tuple(r[1:]) for r in rows if r[0] == MONTHS]), sorted(by_day)


def _with_unassessed(rows: list[Row]) -> list[Row]:
    """Moves by day, then the channels never assessed: all channels (the row with no day)
    less those whose first assessment is counted."""
    counted = sorted((r for r in rows if r[0] is not None), key=lambda r: (r[0], r[1], r[2]))
    firsts = sum(n for _, before, _, n in counted if not before)
    unassessed = sum(n for day, _, _, n in rows if day is None) - firsts
    return counted + ([(None, "", State.UNKNOWN.value, unassessed)] if unassessed else [])


class TrendDay(models.Model):
    """`channels` channels of `kind` (ALL_KINDS: any) moved from `before` ("": never assessed)
    to `after` on `day` (UTC). Rows whose count falls to zero are deleted."""

    kind = models.CharField(max_length=16, blank=True, choices=[("", "All"), *Kind.choices])
    day = models.DateField()
    before = models.CharField(max_length=16, blank=True, choices=State.choices)
    after = models.CharField(max_length=16, choices=State.choices)
    channels = models.IntegerField()

    objects = TrendDayQuerySet.as_manager()

    class Meta:
        constraints = [
            # The writers' upsert key, and the trends' read: WHERE kind = X.
            models.UniqueConstraint(
                fields=["kind", "day", "before", "after"], name="trend_day_unique_move"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind or 'all'}: {self.channels} {self.before}→{self.after}"
