"""Template helpers for the public pages."""

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def http_url(value: str) -> str:
    """The URL if it is http(s), else "": a stored link never becomes a javascript: href."""
    return value if urlsplit(str(value)).scheme.lower() in ("http", "https") else ""


@register.filter
def pct(value: float) -> str:
    """A percentage for an SVG attribute, never localised ("12.500%", not "12,500%")."""
    return f"{value:.3f}%"
