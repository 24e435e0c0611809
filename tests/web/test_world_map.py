"""The world map (/map/ and on each country page): every country shaded by the most severe
state of its channels on the date shown, or a selected country's partners by the state of
their channels with it; the shapes keyed by the app's alpha-2 codes; bad input refused with
a message, never a 500; a number of queries that does not grow with the history."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels_app.geo.world import world
from channels_app.services.changes import channel_set_state
from channels_app.services.channels import channel_create
from tests.factories import SOURCE

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def record(channel, state, when):
    channel_set_state(
        channel=channel, state=state, effective_at=when, origin="manual", evidence=SOURCE
    )


@pytest.fixture
def history():
    military = channel_create(country_a="US", country_b="CN", kind="military")
    for state, when in [
        ("open", day(2020, 1, 1)),
        ("suspended", day(2022, 8, 5)),
        ("limited", day(2023, 11, 15)),
        ("open", day(2025, 11, 1)),
    ]:
        record(military, state, when)
    trade = channel_create(country_a="US", country_b="CN", kind="trade")
    record(trade, "severed", day(2022, 1, 1))
    record(trade, "open", day(2025, 10, 30))
    korea = channel_create(country_a="KP", country_b="KR", kind="military")
    record(korea, "severed", day(2023, 11, 23))
    japan = channel_create(country_a="CN", country_b="JP", kind="diplomatic")
    record(japan, "open", day(2014, 11, 10))
    channel_create(country_a="CN", country_b="IN", kind="trade")


def states(client, query: str, status: int = 200) -> dict[str, str]:
    response = client.get(f"/map/{query}")
    assert response.status_code == status
    return {s.country.code: s.state for s in response.context["map"].standings}


def test_each_country_takes_the_most_severe_state_of_its_channels_on_the_date(client, history):
    assert states(client, "?at=2023-01-01") == {
        "US": "severed",  # trade severed, military suspended
        "CN": "severed",
        "JP": "open",
        "IN": "unknown",
        "KP": "unknown",  # their line was cut on 2023-11-23, after this date
        "KR": "unknown",
    }
    assert states(client, "") == {
        "US": "open",
        "CN": "open",  # open with the US and Japan; India never assessed does not count
        "JP": "open",
        "IN": "unknown",
        "KP": "severed",
        "KR": "severed",
    }


def test_the_kind_filter_keeps_one_kind(client, history):
    assert states(client, "?kind=military&at=2023-01-01") == {
        "US": "suspended",
        "CN": "suspended",
        "KP": "unknown",
        "KR": "unknown",
    }


def test_a_selected_country_shows_its_partners_by_the_state_of_their_channels_with_it(
    client, history
):
    assert states(client, "?country=cn&at=2023-01-01") == {
        "US": "severed",
        "JP": "open",
        "IN": "unknown",
    }
    assert states(client, "?country=us&kind=military&at=2024-01-01") == {"CN": "limited"}
    response = client.get("/map/?country=cn")
    selected = [s for s in response.context["map"].spots if s.selected]
    assert [s.shape.code for s in selected] == ["CN"]


def test_shaded_countries_link_to_their_page_on_the_date_and_say_their_state(client, history):
    html = client.get("/map/?at=2023-01-01").content.decode()
    assert (
        '<a id="wm-us" class="wm-link" href="/countries/us/?at=2023-01-01" '
        'aria-label="United States: severed · 1 severed, 1 suspended"'
    ) in html
    assert 'class="wm-shape wm-shape--severed"' in html
    assert "<title>Brazil: no channel tracked</title>" in html
    assert 'id="wm-tip-us"' in html and "#wm-us:hover" in html  # the CSS-only tooltip


def test_the_table_lists_every_shaded_country_with_its_state_in_words(client, history):
    html = client.get("/map/?at=2023-01-01").content.decode()
    table = html[html.index('class="list wm-table"') :]
    assert "6 countries with tracked channels, on 1 January 2023." in table
    assert table.count('<tr class="list__row') == 6
    assert "2 channels: 1 severed, 1 suspended" in table


def test_a_country_too_small_for_the_map_is_a_point(client):
    channel = channel_create(country_a="SG", country_b="MY", kind="trade")
    record(channel, "open", day(2024, 1, 1))
    html = client.get("/map/").content.decode()
    start = html.index('id="wm-sg"')
    assert "<circle" in html[start : start + 300]


def test_the_shapes_are_keyed_by_alpha_2_codes():
    shapes = world().by_code()
    assert {"CN", "US", "FR", "NO", "IN", "KP", "KR", "RU", "BR"} <= set(shapes)
    assert not shapes["CN"].is_point and shapes["SG"].is_point and shapes["BH"].is_point
    assert len(shapes) > 220
    assert all(len(code) == 2 and code.isupper() for code in shapes)


def test_the_country_page_shows_the_map_around_the_country_and_its_partners(client, history):
    response = client.get("/countries/jp/")
    world_map = response.context["map"]
    assert world_map.focus.code == "JP"
    assert {s.country.code: s.state for s in world_map.standings} == {"CN": "open"}
    assert world_map.view.width < world().width  # cropped around Japan and China
    japan = world().by_code()["JP"].box
    assert world_map.view.x0 <= japan.x0 and japan.x1 <= world_map.view.x1
    assert 'class="wm-shape wm-shape--selected"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kind=naval", "Unknown kind “naval”"),
        ("?country=zz", "“ZZ” is not a country code"),
        ("?at=2023-02-30", "is not a date"),
        ("?country=" + "x" * 10_000, "is not a country code"),
        ("?kind=%22%20OR%201%3D1--&at=NEAR*", "Unknown kind"),
    ],
)
def test_bad_input_is_a_400_with_a_message_and_the_map_still_shows(client, history, query, message):
    response = client.get(f"/map/{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="worldmap__svg"' in html


def test_a_country_with_no_channel_is_said_so(client, history):
    response = client.get("/map/?country=fr")
    assert response.status_code == 200
    assert "No channel of France is tracked." in response.content.decode()


def test_the_map_costs_the_same_queries_whatever_the_history(client, history):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/map/?at=2024-06-01").status_code == 200
        return len(queries)

    small = count()
    for n, code in enumerate(["DE", "FR", "GB", "IT", "ES", "PL"]):
        channel = channel_create(country_a="RU", country_b=code, kind="diplomatic")
        for year in range(2000, 2010):
            record(channel, "open" if (year + n) % 2 else "limited", day(year, 3, 1))
    from django.core.cache import cache

    cache.clear()
    assert count() == small


@pytest.mark.parametrize("path", ["/map/", "/map/?country=cn&at=2023-01-01", "/trends/"])
def test_the_pages_are_cached_with_an_etag_like_the_other_public_pages(client, history, path):
    first = client.get(path)
    assert first.status_code == 200 and first["Cache-Control"] == "public, no-cache"
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def _points(d: str, relative: bool) -> list[tuple[str, int, int]]:
    """The outline's points in tenths of a unit, absolute, whichever way it is written."""
    import re

    points, x, y, start, command = [], 0, 0, (0, 0), ""
    tokens = re.findall(r"[MmLlZz]|-?(?:\d+\.?\d*|\.\d+)", d)
    i = 0
    while i < len(tokens):
        if tokens[i] in "MmLlZz":
            command = tokens[i]
            i += 1
            if command in "Zz":
                points.append(("Z", 0, 0))
                x, y = start
            continue
        a, b = round(float(tokens[i]) * 10), round(float(tokens[i + 1]) * 10)
        i += 2
        moved = command.isupper() or not relative
        x, y = (a, b) if moved else (x + a, y + b)
        points.append(("M" if command in "Mm" else "L", x, y))
        if command in "Mm":
            start = (x, y)
            command = "L" if command == "M" else "l"
    return points


def test_the_shapes_are_drawn_in_relative_moves_through_the_same_points():
    import json

    from channels_app.geo.world import ASSET, relative_path

    data = json.loads(ASSET.read_text(encoding="utf-8"))
    for shape in data["shapes"]:
        drawn = relative_path(shape["d"])
        assert _points(drawn, relative=True) == _points(shape["d"], relative=False), shape["name"]
    total = sum(len(s["d"]) for s in data["shapes"])
    assert sum(len(relative_path(s["d"])) for s in data["shapes"]) < 0.7 * total
