"""ntfy: a JSON publish to the server (topic, title, message, priority by the worst new
state's severity, click opening the channel page), with an optional access token.

Limit: a message at most 4,096 bytes (ntfy turns longer ones into attachments)."""

import json
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError

from ..models import Webhook
from ..services import endpoints
from .chat import ChatTransport, Text, chat_row
from .slack import _json

MAX_MESSAGE_BYTES = 4096
PRIORITY = {0: 2, 1: 3, 2: 4, 3: 5}  # open: low .. severed: urgent


class Ntfy(ChatTransport):
    name = "ntfy"
    label = "ntfy"
    url_label = "Topic URL"
    url_help = "Like https://ntfy.sh/my-newsroom-alerts"
    token_label = "Access token"
    token_help = "Optional (tk_…), for a protected topic; write-only"
    note_limit = 1000

    def clean(self, *, url: str, secret: str, target: str) -> dict[str, str]:
        values = super().clean(url=url, secret=secret, target="")
        if not topic_of(values["url"])[1]:
            message = "Give the topic's URL, like https://ntfy.sh/topic."
            raise ValidationError({"url": ValidationError(message, code="bad_url")})
        return values

    def request(self, hook: Webhook, text: Text, key: str) -> endpoints.Request:
        server, topic = topic_of(hook.url)
        body = {
            "topic": topic,
            "title": text.title,
            "message": text.body("txt"),
            "priority": PRIORITY.get(text.severity, 3),
            "click": text.url,
        }
        headers = {"Content-Type": "application/json"}
        if hook.secret:
            headers["Authorization"] = f"Bearer {hook.secret}"
        return endpoints.Request(server, _json(body), headers)

    def fits(self, request: endpoints.Request) -> bool:
        return len(json.loads(request.content)["message"].encode()) <= MAX_MESSAGE_BYTES


def topic_of(url: str) -> tuple[str, str]:
    """(the server's publish URL, the topic) of a topic URL."""
    parts = urlsplit(url)
    base, _, topic = parts.path.rstrip("/").rpartition("/")
    return urlunsplit((parts.scheme, parts.netloc, base + "/", "", "")), topic


TRANSPORT = Ntfy()
ROW = chat_row(TRANSPORT)
