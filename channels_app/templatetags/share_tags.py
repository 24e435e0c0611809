"""The snippets a channel page offers to copy: the widget as an <iframe>, or as the badge
that static/js/embed.js turns into the widget (the badge stays where JavaScript is off), the
badge in Markdown (for places that allow neither) and a citation with a dated permalink."""

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from ..models import Channel

register = template.Library()
WIDGET_WIDTH, WIDGET_HEIGHT = 400, 180
EMBED_SCRIPT = "js/embed.js"


@register.simple_tag(takes_context=True)
def share_snippets(context: dict[str, Any], channel: Channel) -> dict[str, str]:
    request = context["request"]
    args = [channel.pair, channel.kind]
    page = request.build_absolute_uri(reverse("channel-detail", args=args))
    widget = request.build_absolute_uri(reverse("channel-widget", args=args))
    badge = request.build_absolute_uri(reverse("badge-svg", args=args))
    # Unhashed: a snippet pasted on another site must outlive the release that served it.
    embed_script = request.build_absolute_uri(settings.STATIC_URL + EMBED_SCRIPT)
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
        "script": str(
            format_html(
                '<a data-channel-tracker-widget href="{}"><img src="{}" alt="{}"></a>\n'
                '<script async src="{}"></script>',
                page,
                badge,
                alt,
                embed_script,
            )
        ),
        "badge_markdown": f"[![{alt}]({badge})]({page})",
        "cite": f"Channel Tracker, “{channel.name}”, {page}?at={today:%Y-%m-%d} "
        f"(retrieved {today.day} {today:%B %Y}).",
    }
