"""The daily summary behind the trends: how many channels of each kind moved from one state
to another on each day. Maintained by services.changes in the transaction of every write
(services.trend_days), so that the trends read rows bounded by days and moves, not by
changes; `ChannelQuerySet.transitions_by_day()` computes the same from the history and is
the reference the tests hold it to."""

from datetime import date

from django.db import models
from django.db.models import Count, DateField, Value

from .channel import Channel
from .choices import Kind, State

ALL_KINDS = ""  # the rows of every kind summed (one row per day and move, read as is)


class TrendDayQuerySet(models.QuerySet["TrendDay"]):
    def transitions_by_day(self, kind: str = ALL_KINDS) -> list[tuple[date | None, str, str, int]]:
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
        rows = list(moves.union(total, all=True))
        counted = [r for r in rows if r[0] is not None]
        counted.sort(key=lambda r: (r[0], r[1], r[2]))
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
