"""The admin's fixed-choice filters (`ChoiceFilter`): every option of every list answers and
shows itself selected, and each keeps what it says."""

import pytest
from django.urls import reverse

from channels_app.admin.filters import RemovedFilter, StaleFilter
from channels_app.alerts.admin import ConfirmedFilter
from channels_app.news.admin import CurrentFilter, FailingFilter, VerdictFilter
from channels_app.news.models import Feed

LISTS = [
    ("admin:channels_app_channel_changelist", StaleFilter),
    ("admin:channels_app_statechange_changelist", RemovedFilter),
    ("admin:channels_app_feed_changelist", FailingFilter),
    ("admin:channels_app_detection_changelist", VerdictFilter),
    ("admin:channels_app_actor_changelist", CurrentFilter),
    ("admin:alerts_subscriber_changelist", ConfirmedFilter),
]


@pytest.mark.parametrize(
    ("url", "value", "label"),
    [
        (url, value, label)
        for url, choice in LISTS
        for value, (label, _keep) in choice.options.items()
    ],
)
def test_every_option_answers_and_is_shown_selected(admin_client, url, value, label):
    choice = dict(LISTS)[url]
    page = admin_client.get(reverse(url), {choice.parameter_name: value})
    assert page.status_code == 200
    html = page.content.decode()
    assert f"By {choice.title}" in html
    assert f'<li class="selected">\n    <a href="?{choice.parameter_name}={value}"' in html


def test_an_unknown_value_keeps_everything(db):
    Feed.objects.create(url="https://93.184.215.14/a")
    Feed.objects.create(url="https://93.184.215.14/b", error_count=3)
    params = {"health": ["nonsense"]}
    feeds = FailingFilter(None, params, Feed, None).queryset(None, Feed.objects.all())
    assert feeds.count() == 2


def test_feed_health_keeps_what_each_option_says(db):
    Feed.objects.create(url="https://93.184.215.14/ok")
    Feed.objects.create(url="https://93.184.215.14/failing", error_count=3)
    Feed.objects.create(url="https://93.184.215.14/off", enabled=False)

    def kept(value: str) -> list[str]:
        chosen = FailingFilter(None, {"health": [value]}, Feed, None)
        return sorted(f.url.rsplit("/", 1)[1] for f in chosen.queryset(None, Feed.objects.all()))

    assert kept("healthy") == ["ok"]
    assert kept("failing") == ["failing"]
    assert kept("disabled") == ["off"]
