"""The subscribe form's choices, for the public pages that include alerts/_subscribe_form.html
(their views know nothing of alerts)."""

from typing import Any

from django import template

from ..services import scopes

register = template.Library()
# Pairs the dashboard's select offers at most; above it, the pairs are on the channel pages.
DASHBOARD_MAX_PAIRS = 150


@register.simple_tag
def subscribe_scopes(channel: Any = None, country: Any = None) -> dict[str, Any]:
    """A channel page offers that channel's scopes as checkboxes, a country page that
    country's and its pairs'; the dashboard offers every scope in a grouped select."""
    if channel:
        return {"options": scopes.channel_choices(channel)}
    if country:
        return {"options": scopes.country_choices(country.code)}
    return {"groups": scopes.dashboard_choices(max_pairs=DASHBOARD_MAX_PAIRS)}
