"""Matrix: the client-server API's `PUT /_matrix/client/v3/rooms/{room}/send/m.room.message/
{txnId}` with an access token; the txnId is the message's idempotency key (the delivery's,
or one derived from the deliveries merged), so a resend is dropped by the homeserver. A
room alias (#room:server) is resolved to its id when the integration is saved.

Limit: an event at most 65,536 bytes (the spec); the message stays well under it."""

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError

from ...net import http
from ..models import Webhook
from ..services import endpoints
from .chat import ChatTransport, Text, chat_row
from .slack import _json
from .telegram import _answer

MAX_EVENT_BYTES = 60_000  # the spec's 65,536 less the homeserver's envelope
ROOM = re.compile(r"[!#][^:\s]+:[A-Za-z0-9.\-\[\]]+(:[0-9]+)?")


class Matrix(ChatTransport):
    name = "matrix"
    label = "Matrix"
    url_label = "Homeserver URL"
    url_help = "Like https://matrix.example.org"
    token_label = "Access token"
    token_required = True
    token_help = "The bot account's access token; write-only"
    target_label = "Room"
    target_help = "A room id (!abc:example.org) or alias (#news:example.org)"
    note_limit = 4000

    def clean(self, *, url: str, secret: str, target: str) -> dict[str, str]:
        values = super().clean(url=url, secret=secret, target=target)
        if not ROOM.fullmatch(values["target"]):
            message = (
                "A Matrix room is an id (!abc:example.org) or an alias (#news:example.org): "
                "it starts with ! or #."
            )
            raise ValidationError({"target": ValidationError(message, code="bad_target")})
        if values["target"].startswith("#"):
            values["target"] = resolve_alias(values["url"], values["target"])
        return values

    def request(self, hook: Webhook, text: Text, key: str) -> endpoints.Request:
        html = text.body("html").replace("\n", "<br>")
        body = {
            "msgtype": "m.text",
            "body": f"{text.title}\n\n{text.body('txt')}" if not text.test else text.title,
            "format": "org.matrix.custom.html",
            "formatted_body": html,
        }
        room = quote(hook.target, safe="")
        url = (
            f"{hook.url.rstrip('/')}/_matrix/client/v3/rooms/{room}/send/m.room.message/"
            f"{quote(key, safe='')}"
        )
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {hook.secret}"}
        return endpoints.Request(url, _json(body), headers, method="PUT")

    def fits(self, request: endpoints.Request) -> bool:
        return len(request.content) <= MAX_EVENT_BYTES


def resolve_alias(homeserver: str, alias: str) -> str:
    """The room id of `alias` (GET /directory/room/{alias}), or a ValidationError saying why
    not."""
    url = f"{homeserver.rstrip('/')}/_matrix/client/v3/directory/room/{quote(alias, safe='')}"
    try:
        result = http.fetch(url, timeout=5, deadline=10, max_redirects=0, max_bytes=65536)
    except http.FetchError as exc:
        message = f"Could not resolve {alias}: {exc.kind}."
        raise ValidationError({"target": ValidationError(message, code="bad_target")}) from None
    room = _answer(result.body).get("room_id")
    if result.status != 200 or not isinstance(room, str) or not room.startswith("!"):
        message = f"The homeserver does not know {alias} (HTTP {result.status})."
        raise ValidationError({"target": ValidationError(message, code="bad_target")})
    return room


TRANSPORT = Matrix()
ROW = chat_row(TRANSPORT)
