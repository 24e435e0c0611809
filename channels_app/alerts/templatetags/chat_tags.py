"""Escaping for the chat transports' message templates (templates/alerts/chat/): Markdown
(Discord, Teams) and Slack's mrkdwn, so a note or a headline cannot format or mention."""

import re

from django import template

register = template.Library()
_MD_SPECIAL = re.compile(r"([\\`*_~|>\[\]()#@<])")


@register.filter
def md(value: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(value))


@register.filter
def mdurl(value: object) -> str:
    return str(value).replace("(", "%28").replace(")", "%29").replace(" ", "%20")


@register.filter
def slack(value: object) -> str:
    """Slack's three control characters (its documented escaping)."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@register.filter
def slackurl(value: object) -> str:
    return slack(value).replace("|", "%7C")
