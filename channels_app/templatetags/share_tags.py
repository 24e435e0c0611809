"""The snippets a channel page offers to copy: the widget's <iframe>, the badge (HTML and
Markdown, for places that allow no frame) and a citation with a dated permalink."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from ..models import Channel

register = template.Library()
WIDGET_WIDTH, WIDGET_HEIGHT = 400, 180


@register.simple_tag(takes_context=True)
def share_snippets(context: dict[str, Any], channel: Channel) -> dict[str, str]:
    request = context["request"]
    args = [channel.pair, channel.kind]
    page = request.build_absolute_uri(reverse("channel-detail", args=args))
    widget = request.build_absolute_uri(reverse("channel-widget", args=args))
    badge = request.build_absolute_uri(reverse("badge-svg", args=args))
    today = timezone.now()
    alt = f"{channel.name}: state (Channel Tracker)"
    return {
        "page": page,
        "widget_url": widget,
        "widget": str(
            format_html(
                '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" '
                'style="border:0;max-width:100%"></iframe>',
                widget,
                f"{channel.name}: live state (Channel Tracker)",
                WIDGET_WIDTH,
                WIDGET_HEIGHT,
            )
        ),
        "badge_html": str(
            format_html('<a href="{}"><img src="{}" alt="{}"></a>', page, badge, alt)
        ),
        "badge_markdown": f"[![{alt}]({badge})]({page})",
        "cite": f"Channel Tracker, “{channel.name}”, {page}?at={today:%Y-%m-%d} "
        f"(retrieved {today.day} {today:%B %Y}).",
    }
