"""The fragments drawn hundreds of times a page (a state with its icon, a pair, the stale
mark) come from tracker_tags, which renders their templates once per distinct value and
reuses the result: what they show must be what an {% include %} of the same template shows,
escaped, in the active language, and never another value's fragment."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django_countries.fields import Country

from channels_app.models import Channel, State
from channels_app.views.public import Freshness
from tests.factories import ChannelFactory


def render(source: str, **context: object) -> str:
    return Template("{% load tracker_tags %}" + source).render(Context(context))


@pytest.mark.parametrize("debug", [False, True])  # memoised, and rendered every time
@pytest.mark.parametrize("state", [*State.values, "none"])
@pytest.mark.parametrize("big", [False, True])
def test_state_badge_is_the_state_template(state: str, big: bool, debug: bool) -> None:
    include = '{% include "channels/_state.html" with state=s label=l big=b %}'
    with override_settings(DEBUG=debug):
        for _ in range(2):  # the second call is served from the memo
            tag = render("{% state_badge s l b %}", s=state, l="Label", b=big)
            assert tag == render(include, s=state, l="Label", b=big)
    assert f"state--{state}" in tag and ("state--big" in tag) == big
    icons = {render("{% state_icon s %}", s=s) for s in State.values}
    assert len(icons) == len(State.values)  # a shape per state: never colour alone


def test_labels_are_escaped_and_distinct_labels_are_distinct_fragments() -> None:
    first = render("{% state_badge 'open' l %}", l="<b>Open</b>")
    assert "&lt;b&gt;Open&lt;/b&gt;" in first and "<b>" not in first
    assert "Ouvert" in render("{% state_badge 'open' l %}", l="Ouvert")


def test_country_pair_is_the_pair_template() -> None:
    a, b = Country("CN"), Country("US")
    tag = render("{% country_pair a b %}", a=a, b=b)
    assert tag == render('{% include "channels/_country_pair.html" with a=a b=b %}', a=a, b=b)
    assert "China" in tag and "United States" in tag
    swapped = render("{% country_pair b a %}", a=a, b=b)
    assert swapped.index("United States") < swapped.index("China")  # not the memo of (a, b)


def test_stale_mark_only_for_a_stale_channel_with_its_explanation() -> None:
    assert render("{% stale_mark f %}", f=Freshness(False, "Not confirmed in 3 days")) == ""
    stale = render("{% stale_mark f %}", f=Freshness(True, 'Not confirmed in 400 "days"'))
    assert 'title="Not confirmed in 400 &quot;days&quot;"' in stale
    assert stale.endswith("not confirmed in 400 &quot;days&quot;</span></span>")


@pytest.mark.django_db
def test_channel_codes_without_building_countries_even_when_deferred() -> None:
    channel: Channel = ChannelFactory(country_a="US", country_b="CN")
    assert Channel.objects.get(pk=channel.pk).codes == ("CN", "US")
    deferred = Channel.objects.only("kind").get(pk=channel.pk)
    assert deferred.codes == ("CN", "US")
