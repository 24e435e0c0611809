"""Discord webhooks: one embed (title, description with each change, the channel page as
its link, a colour by the worst new state, which the text also says). Mentions are off, so
a note cannot ping anyone. The webhook URL is the credential.

Limits (Discord's documentation): content 2,000 characters; an embed's title 256,
description 4,096, footer 2,048; all embeds of a message 6,000 characters together."""

import json

from ..models import Webhook
from ..services import endpoints
from ..services.webhooks import iso
from .chat import ChatTransport, Text, chat_row
from .slack import _json

MAX_CONTENT = 2000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_EMBEDS_TOTAL = 6000
FOOTER = "Channel Tracker"
COLOURS = {0: 0x1A7F37, 1: 0x9A6700, 2: 0xBC4C00, 3: 0xCF222E}


class Discord(ChatTransport):
    name = "discord"
    label = "Discord"
    secret_url = True
    url_label = "Webhook URL"
    url_help = "https://discord.com/api/webhooks/…; write-only: the URL is the credential"
    note_limit = 1500

    def request(self, hook: Webhook, text: Text, key: str) -> endpoints.Request:
        embed = {
            "title": text.title[:MAX_TITLE],
            "url": text.url,
            "description": text.body("md"),
            "color": COLOURS.get(text.severity, 0x59636E),
            "footer": {"text": FOOTER},
        }
        if text.effective:
            embed["timestamp"] = iso(text.effective)
        body = {
            "content": text.title[:MAX_CONTENT],
            "embeds": [embed],
            "allowed_mentions": {"parse": []},
        }
        return endpoints.Request(hook.url, _json(body), {"Content-Type": "application/json"})

    def fits(self, request: endpoints.Request) -> bool:
        body = json.loads(request.content)
        embeds = body["embeds"]
        total = sum(
            len(e["title"]) + len(e["description"]) + len(e["footer"]["text"]) for e in embeds
        )
        return (
            len(body["content"]) <= MAX_CONTENT
            and all(len(e["description"]) <= MAX_DESCRIPTION for e in embeds)
            and total <= MAX_EMBEDS_TOTAL
        )


TRANSPORT = Discord()
ROW = chat_row(TRANSPORT, pace=0.5)  # Discord: 5 requests per 2 s per webhook
