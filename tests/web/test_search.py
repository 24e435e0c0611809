"""The site search (/search/?q=): countries, channels, and changes by note or source title,
grouped by type; the same results on SQLite (plain word-start match) and PostgreSQL (full
text on the GIN indexes of migration 0011): this module runs on both."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from django.db import connection

from channels_app.models import Channel, Evidence, StateChange
from channels_app.services.changes import EvidenceInput, change_remove, channel_set_state
from channels_app.services.channels import channel_create
from channels_app.text_search import SearchTerms, words_match
from tests.factories import SOURCE, UserFactory

pytestmark = pytest.mark.django_db


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


@pytest.fixture
def world():
    military = channel_create(
        country_a="US",
        country_b="CN",
        kind="military",
        name="US–China military-to-military channels",
        mechanisms="Defense telephone link (hotline)\nMaritime consultations (MMCA)",
    )
    trade = channel_create(country_a="CN", country_b="US", kind="trade", name="US–China trade")
    burma = channel_create(country_a="MM", country_b="TH", kind="diplomatic")
    made = {
        "pelosi": channel_set_state(
            channel=military,
            state="suspended",
            effective_at=day(2022, 8, 5),
            origin="manual",
            note="China cancels theatre-commander talks after Speaker Pelosi's visit.",
            evidence=[
                EvidenceInput(
                    url="https://example.org/a", outlet="AP", title="Beijing halts dialogue"
                )
            ],
        ),
        "busan": channel_set_state(
            channel=trade,
            state="open",
            effective_at=day(2025, 10, 30),
            origin="manual",
            note="One-year trade deal sealed in Busan.",
            evidence=SOURCE,
        ),
        "coup": channel_set_state(
            channel=burma,
            state="limited",
            effective_at=day(2021, 2, 1),
            origin="manual",
            note="Envoys recalled after the coup; talks suspended.",
            evidence=SOURCE,
        ),
    }
    return {"military": military, "trade": trade, "burma": burma, **made}


def groups(response) -> dict[str, str]:
    """The HTML of each result group, by its heading's first word."""
    html = unescape(response.content.decode())
    found = {}
    for name in ("Countries", "Channels", "Changes"):
        start = html.find(f">{name} <span")
        found[name] = html[start : html.find("</section>", start)] if start >= 0 else ""
    return found


def links(fragment: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', fragment)


def search(client, q: str):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("china", "cn"),
        ("CN", "cn"),
        ("chn", "cn"),
        ("Chinese", "cn"),
        ("burma", "mm"),  # a former name, from the detector's actor file
        ("myanmar", "mm"),
        ("american", "us"),  # a demonym
        ("USA", "us"),
        ("united states", "us"),
    ],
)
def test_a_country_is_found_by_name_code_former_name_or_demonym(client, world, query, code):
    found = groups(search(client, query))["Countries"]
    assert f"/countries/{code}/" in links(found)


def test_a_country_without_channels_is_named_without_a_link(client, world):
    found = groups(search(client, "france"))["Countries"]
    assert "France" in found and "no channel tracked" in found and links(found) == []


def test_channels_are_found_by_their_words_and_by_a_country_the_query_names(client, world):
    by_word = links(groups(search(client, "hotline"))["Channels"])
    assert by_word == [world["military"].get_absolute_url()]
    by_prefix = links(groups(search(client, "maritime consult"))["Channels"])
    assert by_prefix == [world["military"].get_absolute_url()]
    by_country = links(groups(search(client, "burma"))["Channels"])
    assert by_country == [world["burma"].get_absolute_url()]
    both = links(groups(search(client, "american"))["Channels"])
    assert sorted(both) == sorted(world[k].get_absolute_url() for k in ("military", "trade"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pelosi", ["pelosi"]),
        ("Pelosi's", ["pelosi"]),  # the 's is its own word, and a short one
        ("talks", ["coup", "pelosi"]),
        ("talk", ["coup", "pelosi"]),  # a word's start finds the whole word
        ("suspend", ["coup"]),
        ("alks", []),  # but not the middle of one
        ("halts dialogue", ["pelosi"]),  # a source's title
        ("beijing", ["pelosi"]),
        ("trade deal busan", ["busan"]),
        ("busan pelosi", []),  # every word, in one change
        ("BUSAN", ["busan"]),
    ],
)
def test_changes_are_found_by_note_and_source_title(client, world, query, expected):
    found = links(groups(search(client, query))["Changes"])
    assert sorted(found) == sorted(
        f"{world[k].channel.get_absolute_url()}#change-{world[k].pk}" for k in expected
    )


def test_a_removed_change_is_not_found(client, world):
    change_remove(change=world["busan"], actor=UserFactory(is_staff=True), reason="duplicate")
    assert links(groups(search(client, "busan"))["Changes"]) == []


def test_results_come_grouped_by_type_as_plain_links(client, world):
    html = search(client, "china").content.decode()
    positions = [html.index(f'id="found-{g}"') for g in ("countries", "channels", "changes")]
    assert positions == sorted(positions)
    assert "<script" not in html.split("</main>")[0].split('<main id="content"')[1]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NEAR",
        "'",
        "NEAR(talks busan)",
        '"talks" AND busan*',
        "talks' OR 1=1 --",
        "%_\\",
        "a:* & !b | (c)",
        "\x00",
        "x" * 10_000,
        "talks " * 2_000,
    ],
)
def test_search_syntax_and_huge_queries_never_fail(client, world, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<h1" in response.content.decode()


def test_a_long_query_is_cut_with_a_message(client, world):
    html = unescape(search(client, "x" * 10_000).content.decode())
    assert "only its beginning was searched" in html
    assert "x" * 201 not in html


def test_words_beyond_the_limit_are_left_out_with_a_message(client, world):
    html = unescape(
        search(client, "one two three four five six seven eight nine ten").content.decode()
    )
    assert "Only the first 8 words were searched; 2 more were left out." in html


def test_signs_alone_are_explained(client, world):
    html = unescape(search(client, "\" * '").content.decode())
    assert "quotes, <code>*</code> and other signs are ignored" in html


def test_near_is_a_word_not_an_operator(client, world):
    channel_set_state(
        channel=world["burma"],
        state="open",
        effective_at=day(2024, 1, 1),
        origin="manual",
        note="Talks held near the border.",
        evidence=SOURCE,
    )
    found = links(groups(search(client, "NEAR border"))["Changes"])
    assert len(found) == 1


def test_an_empty_query_shows_the_form_only(client, world):
    html = client.get("/search/").content.decode()
    assert 'id="search-q"' in html and 'id="found-countries"' not in html


@pytest.mark.parametrize("path", ["/", "/countries/", "/changes/", "/channels/cn-us/military/"])
def test_every_page_has_the_search_box_in_its_header(client, world, path):
    html = client.get(path).content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert 'action="/search/"' in header and 'name="q"' in header and 'role="search"' in header


def test_the_query_helpers_agree_on_what_a_word_is():
    terms = SearchTerms.parse('  "Pelosi\'s"  NEAR*  visit  ')
    assert terms.terms == ("pelosi", "near", "visit")
    assert SearchTerms.parse("ab " * 20).terms == ("ab",)


@pytest.mark.postgres
def test_postgres_answers_from_the_gin_indexes(world):
    assert connection.vendor == "postgresql"
    cases = [
        (StateChange.objects.filter(words_match(["note"], ("talks",))), "change_note_search_idx"),
        (
            Evidence.objects.filter(words_match(["title"], ("beijing",))),
            "evidence_title_search_idx",
        ),
        (
            Channel.objects.filter(words_match(["name", "description", "mechanisms"], ("hot",))),
            "channel_text_search_idx",
        ),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            for queryset, index in cases:
                assert index in queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")


def test_a_common_word_shows_the_newest_matches_and_a_bounded_count(client, world, monkeypatch):
    monkeypatch.setattr("channels_app.views.search.SHOWN", 2)
    monkeypatch.setattr("channels_app.views.search.COUNTED", 2)
    for year in (2015, 2016, 2017):
        channel_set_state(
            channel=world["trade"],
            state="suspended" if year % 2 else "limited",
            effective_at=day(year, 1, 1),
            origin="manual",
            note=f"Talks in {year}.",
            evidence=SOURCE,
        )
    found = groups(search(client, "talks"))["Changes"]
    assert "(2+)" in found and len(links(found)) == 3  # two changes and the log
