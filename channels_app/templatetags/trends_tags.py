"""The dashboard's trends panel as a tag, so that the dashboard's view needs no change to
show it: `{% load trends_tags %}{% trends_panel filters.kind %}` (one query). It shows the
last ten years by month."""

from typing import Any

from django import template

from ..views.trends import trends_panel_context

register = template.Library()


@register.inclusion_tag("channels/_trends_panel.html")
def trends_panel(kind: str = "") -> dict[str, Any]:
    return trends_panel_context(kind)
