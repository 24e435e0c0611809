from datetime import UTC, datetime

from django.template import Context, Template
from django.utils import formats


def test_times_are_24_hour_in_every_default_format():
    moment = datetime(2026, 3, 4, 17, 5, tzinfo=UTC)
    assert formats.date_format(moment, "DATETIME_FORMAT") == "4 Mar 2026, 17:05"
    assert formats.time_format(moment, "TIME_FORMAT") == "17:05"
    rendered = Template("{{ moment }}|{{ moment|time }}").render(Context({"moment": moment}))
    assert rendered == "4 Mar 2026, 17:05|17:05"
