"""Retry timing shared by the feed poller and the webhook sender: Retry-After and max-age
read safely, backoff growing and bounded, delays clamped."""

from datetime import timedelta

from django.utils import timezone

from channels_app.net.retry import HINT_CAP, backoff, clamp, max_age, retry_after

LOW, HIGH = timedelta(minutes=5), timedelta(hours=24)


def test_retry_after_reads_an_http_date():
    now = timezone.now().replace(microsecond=0)
    later = now + timedelta(hours=3)
    headers = {"retry-after": later.strftime("%a, %d %b %Y %H:%M:%S GMT")}

    assert retry_after(headers, now) == timedelta(hours=3)


def test_retry_after_ignores_garbage():
    assert retry_after({"retry-after": "soon"}, timezone.now()) is None


def test_retry_after_reads_seconds_capped():
    assert retry_after({"retry-after": "120"}, timezone.now()) == timedelta(seconds=120)
    assert retry_after({"retry-after": "9" * 40}, timezone.now()) == HINT_CAP


def test_max_age_is_read_from_cache_control_and_capped():
    assert max_age({"cache-control": "public, max-age=600"}) == timedelta(minutes=10)
    assert max_age({"cache-control": "max-age=" + "9" * 40}) == HINT_CAP
    assert max_age({"cache-control": "no-cache"}) is None


def test_clamp_keeps_a_delay_within_its_bounds():
    assert clamp(timedelta(seconds=1), low=LOW, high=HIGH) == LOW
    assert clamp(timedelta(days=9), low=LOW, high=HIGH) == HIGH
    assert clamp(timedelta(hours=1), low=LOW, high=HIGH) == timedelta(hours=1)


def test_backoff_doubles_per_failure_within_the_jitter():
    third = backoff(timedelta(minutes=10), 3, low=LOW, high=HIGH)

    assert timedelta(minutes=32) <= third <= timedelta(minutes=48)


def test_backoff_stops_growing_at_its_ceiling():
    assert backoff(timedelta(minutes=30), 40, low=LOW, high=HIGH) == HIGH
