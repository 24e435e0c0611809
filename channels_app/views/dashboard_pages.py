"""How much of the dashboard one page holds. Up to TRACKER_DASHBOARD_ONE_PAGE_MAX channels
(after the filters) every channel is on the page, as a matrix or a list; above it the page
holds a summary and one page of TRACKER_DASHBOARD_PAGE_SIZE channels, the most severe and
most recently changed first, with links to the other pages. Either way the page costs the
same number of queries whatever the number of channels, and a bounded size above the
threshold (bench/dashboard.py)."""

from dataclasses import dataclass

from django.http import QueryDict

from ..models import State

MAX_PAGE = 1_000_000


def read_page(query: QueryDict) -> tuple[int, str | None]:
    """The page `?page=` asks for (1 when absent), or 1 with a message saying why not."""
    raw = query.get("page", "").strip()
    if not raw:
        return 1, None
    if raw.isdigit() and 1 <= int(raw) <= MAX_PAGE:
        return int(raw), None
    return 1, f"“{raw[:40]}” is not a page number: pages are numbered from 1."


@dataclass(frozen=True)
class Totals:
    """Channels by state (as_of()'s, on the date shown) and how many of them are stale."""

    by_state: dict[str, tuple[int, int]]

    @property
    def total(self) -> int:
        return sum(count for count, _ in self.by_state.values())

    @property
    def stale(self) -> int:
        return sum(stale for _, stale in self.by_state.values())

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(state, label, channels) in severity order, states with none left out."""
        found = [(s.value, s.label, self.by_state.get(s.value, (0, 0))[0]) for s in State]
        return [row for row in found if row[2]]


@dataclass(frozen=True)
class Paging:
    """Page `number` of `pages`, `size` channels a page, out of `total`."""

    number: int
    total: int
    size: int

    @classmethod
    def of(cls, asked: int, total: int, size: int) -> tuple["Paging", bool]:
        """The page to show and whether it is the one asked for (past the last: the last)."""
        pages = max(1, -(-total // size))
        return cls(min(asked, pages), total, size), asked <= pages

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first_index(self) -> int:
        return self.offset + 1

    @property
    def last_index(self) -> int:
        return min(self.offset + self.size, self.total)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    def around(self, spread: int = 2) -> list[int | None]:
        """The page numbers to link: the first, the last and `spread` either side of this
        one, with None where numbers are skipped (shown as an ellipsis)."""
        wanted = {1, self.pages, *range(self.number - spread, self.number + spread + 1)}
        shown: list[int | None] = []
        for n in sorted(n for n in wanted if 1 <= n <= self.pages):
            if shown and shown[-1] is not None and n - shown[-1] > 1:
                shown.append(None)
            shown.append(n)
        return shown
