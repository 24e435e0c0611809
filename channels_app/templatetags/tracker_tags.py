"""Template helpers for the public pages."""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django_countries.fields import Country

from ..models.choices import State

register = template.Library()
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@register.filter
def http_url(value: str) -> str:
    """The URL if it is http(s), else "": a stored link never becomes a javascript: href."""
    return value if urlsplit(str(value)).scheme.lower() in ("http", "https") else ""


@register.filter
def state_meaning(value: str) -> str:
    """What a state means, in the one wording of models.choices (legends, /about/)."""
    return State(value).meaning if value in State.values else ""


@register.filter
def pct(value: float) -> str:
    """A percentage for an SVG attribute, never localised ("12.500%", not "12,500%")."""
    return f"{value:.3f}%"


@register.filter
def share(value: float) -> str:
    """A fraction as a whole percentage for reading: "62%", "<1%" for a sliver, "—" for none."""
    if not value:
        return "—"
    percent = round(value * 100)
    return "<1%" if percent == 0 else f"{percent}%"


@register.filter
def span(value: timedelta | None) -> str:
    """A length of time for reading: "12 days", "1 year, 3 months"."""
    if value is None:
        return ""
    if value < timedelta(days=60):
        days = value.days
        return f"{days} day{'' if days == 1 else 's'}"
    return timesince(EPOCH, EPOCH + value, depth=2)


@register.filter
def days(value: int | None) -> str:
    return "" if value is None else f"{value} day{'' if value == 1 else 's'}"


@register.simple_tag(takes_context=True)
def absolute(context: dict[str, Any], path: str) -> str:
    """`path` as an absolute URL on the host the page was asked for (social sites and other
    sites' pages need them; the page cache keys on the host, so this is safe to cache)."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag(takes_context=True)
def staff_visitor(context: dict[str, Any]) -> bool:
    """Whether to show staff links. Without a session cookie the session is never read, so
    the page a visitor gets stays the same for everyone (and cacheable)."""
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return bool(getattr(request.user, "is_staff", False))


# Option lists are joined in Python: a template loop over ~250 countries costs three template
# nodes per country, and a dashboard holds three such lists (a third of its cold render).


@register.simple_tag
def country_options(choices: list[tuple[str, str]], selected: str = "") -> str:
    """`<option>`s of (code, name) pairs, the value the lower-case code, `selected` marked."""
    return mark_safe(  # every value is escaped here
        "".join(
            f'<option value="{escape(code.lower())}"{" selected" if code == selected else ""}>'
            f"{escape(name)}</option>"
            for code, name in choices
        )
    )


@register.simple_tag
def datalist_options(choices: list[tuple[str, str]]) -> str:
    """`<option value="name">`s for a `<datalist>` of the names of (code, name) pairs."""
    return mark_safe(  # every value is escaped here
        "".join(f'<option value="{escape(name)}"></option>' for _, name in choices)
    )


@register.simple_tag
def grouped_options(groups: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """`<optgroup>`s of (label, [(value, label)...]) groups."""
    return mark_safe(  # every value is escaped here
        "".join(
            f'<optgroup label="{escape(group)}">'
            + "".join(f'<option value="{escape(k)}">{escape(label)}</option>' for k, label in opts)
            + "</optgroup>"
            for group, opts in groups
        )
    )


# Fragments drawn hundreds of times a page (a state with its icon, a pair of flags and names):
# an {% include %} costs a template render per row, most of a 1,000-channel page's cold render.
# The templates stay the one source of their markup; each distinct fragment is rendered once
# per process and language (a handful of states, a few thousand pairs) and reused. DEBUG
# renders every time, so that an edited template shows at once under runserver.


def _fragment(name: str, **values: str | bool) -> SafeString:
    if settings.DEBUG:
        return _render_fragment(name, get_language(), tuple(values.items()))
    return _memo_fragment(name, get_language(), tuple(values.items()))


def _render_fragment(
    name: str, language: str | None, values: tuple[tuple[str, Any], ...]
) -> SafeString:
    context = dict(values)
    for key in ("a", "b"):  # a pair's countries travel as codes (hashable, one per country)
        if key in context:
            context[key] = Country(context[key])
    return mark_safe(get_template(name).render(context))  # the template escaped every value


_memo_fragment = lru_cache(maxsize=8192)(_render_fragment)


@register.simple_tag
def state_badge(state: str, label: str, big: bool = False) -> SafeString:
    """A state as text with its icon (channels/_state.html): never colour alone."""
    return _fragment("channels/_state.html", state=str(state), label=str(label), big=bool(big))


@register.simple_tag
def state_icon(state: str) -> SafeString:
    """A state's icon alone (channels/_state_icon.html), beside a label said otherwise."""
    return _fragment("channels/_state_icon.html", state=str(state))


@register.simple_tag
def country_pair(a: Country, b: Country) -> SafeString:
    """Two countries' flags and names (channels/_country_pair.html)."""
    return _fragment("channels/_country_pair.html", a=str(a.code), b=str(b.code))


@register.simple_tag
def stale_mark(freshness: Any) -> SafeString:
    """ "stale" with its explanation when a channel has gone unconfirmed (channels/_stale.html),
    else nothing: most rows are fresh, and their mark costs no render."""
    if not freshness.stale:
        return SafeString("")
    return mark_safe(get_template("channels/_stale.html").render({"freshness": freshness}))
