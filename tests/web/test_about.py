"""/about/ (issue #13, item 5): the methodology in plain words, with the states' and kinds'
meanings from models.choices and the auto-apply rules from the settings in force."""

import re
from html import unescape

import pytest
from django.test import Client
from django.utils.html import escape
from django.utils.text import capfirst

from channels_app.models import Kind, State
from channels_app.services.channels import channel_create

pytestmark = pytest.mark.django_db


def page(client=None) -> str:
    response = (client or Client()).get("/about/")
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_it_defines_every_state_and_kind_in_the_words_of_the_code():
    html = text(page())
    for state in State:
        assert capfirst(state.meaning) + "." in html
    for kind in Kind:
        assert capfirst(kind.meaning) + "." in html


def test_each_state_has_an_example_from_the_seed_story():
    html = text(page())
    assert "Kuala Lumpur" in html and "Woodside" in html and "Pelosi" in html
    assert "abolished its agencies for dialogue" in html


@pytest.mark.parametrize(
    "section",
    ["channels", "states", "news", "auto-apply", "corrections", "sources", "cite", "embed"],
)
def test_it_has_each_section_of_the_methodology(section):
    assert f'id="{section}"' in page()


def test_the_auto_apply_rules_are_the_settings_in_force(settings):
    settings.NEWS_AUTO_APPLY_MIN_CONFIDENCE = 0.75
    html = text(page())
    assert "confidence of at least 75%" in html
    assert "within the channel's window (48 hours unless the editor chose another)" in html
    assert "Today no tracked channel applies proposals by itself" in html


def test_it_says_how_many_channels_apply_proposals_by_themselves():
    first = channel_create(country_a="US", country_b="CN", kind="military")
    channel_create(country_a="US", country_b="CN", kind="trade")
    first.auto_apply_sources = 3
    first.save(update_fields=["auto_apply_sources"])
    html = text(page())
    assert "Today 1 of the 2 tracked channels applies proposals by itself." in html
    assert "no channel asks for fewer than 3" in html


def test_it_states_the_detectors_propose_threshold():
    from channels_app.views.about import propose_threshold

    threshold = propose_threshold()
    assert threshold is not None
    assert f"below {round(threshold * 100)}% it proposes nothing" in text(page())


def test_it_offers_a_citation_and_the_export_links_which_answer():
    client = Client()
    html = page(client)
    assert "Channel Tracker, “US–China military-to-military channels”, http://testserver/" in html
    links = ["/api/v1/export/changes.csv", "/api/v1/export/changes.json", "/api/v1/summary.json"]
    for link in links:
        assert f'href="{link}"' in html
        assert client.get(link).status_code == 200


def test_it_names_the_contact_address_when_one_is_set(settings):
    assert "mailto:" not in page()
    settings.SITE_CONTACT_EMAIL = "corrections@tracker.example"
    from django.core.cache import cache

    cache.clear()
    assert 'href="mailto:corrections@tracker.example"' in page()


def test_the_legend_uses_the_same_meanings(client):
    channel_create(country_a="US", country_b="CN", kind="military")
    html = client.get("/").content.decode()
    for state in State:
        assert f'<span class="legend__meaning">{escape(state.meaning)}</span>' in html
