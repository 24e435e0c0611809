"""Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is
received"): an Adaptive Card (1.4) in a message attachment, a TextBlock per change and an
action to the channel page. The workflow URL carries its signature: it is the credential.

Limit: the card's payload under 28 KB (Teams' documented message size)."""

from ..models import Webhook
from ..services import endpoints
from .chat import ChatTransport, Text, chat_row
from .slack import _json

MAX_BYTES = 28 * 1024


class Teams(ChatTransport):
    name = "teams"
    label = "Microsoft Teams"
    secret_url = True
    url_label = "Workflow webhook URL"
    url_help = "The URL of a Teams workflow; write-only: its signature is the credential"
    note_limit = 2000

    def request(self, hook: Webhook, text: Text, key: str) -> endpoints.Request:
        body: list[dict[str, object]] = [
            {"type": "TextBlock", "text": text.title, "weight": "Bolder", "size": "Medium",
             "wrap": True},
        ]  # fmt: skip
        body += [
            {"type": "TextBlock", "text": part, "wrap": True, "separator": True}
            for part in text.parts("md")
        ]
        if text.more:
            body.append({"type": "TextBlock", "text": text.more_line("md"), "wrap": True})
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": body,
            "actions": [{"type": "Action.OpenUrl", "title": "Open in Channel Tracker",
                         "url": text.url}],
        }  # fmt: skip
        message = {
            "type": "message",
            "attachments": [
                {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
                 "content": card}
            ],
        }  # fmt: skip
        return endpoints.Request(hook.url, _json(message), {"Content-Type": "application/json"})

    def fits(self, request: endpoints.Request) -> bool:
        return len(request.content) <= MAX_BYTES


TRANSPORT = Teams()
ROW = chat_row(TRANSPORT, pace=0.25)
