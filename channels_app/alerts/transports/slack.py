"""Slack incoming webhooks: a Block Kit message (a header, a section per change, a context
line for what did not fit). The webhook URL is the credential. Slack answers 200 `ok`; any
other body is an error even under 200 (`invalid_token`, `no_service`, ...).

Limits (Slack's documentation): 50 blocks a message, 3,000 characters a section's text,
150 a header's; the top-level `text` is the notification's fallback."""

import json

from ...net import http
from ..models import Webhook
from ..services import endpoints
from .chat import ChatTransport, Text, chat_row

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_TEXT = 3000


class Slack(ChatTransport):
    name = "slack"
    label = "Slack"
    secret_url = True
    url_label = "Incoming webhook URL"
    url_help = "https://hooks.slack.com/services/…; write-only: the URL is the credential"
    note_limit = 1500

    def request(self, hook: Webhook, text: Text, key: str) -> endpoints.Request:
        blocks: list[dict[str, object]] = [
            {"type": "header", "text": {"type": "plain_text", "text": text.title[:MAX_HEADER]}}
        ]
        blocks += [
            {"type": "section", "text": {"type": "mrkdwn", "text": part}}
            for part in text.parts("slack")
        ]
        if text.more:
            more = text.more_line("slack")
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
        body = {"text": text.title[:MAX_TEXT], "blocks": blocks, "unfurl_links": False}
        return endpoints.Request(hook.url, _json(body), {"Content-Type": "application/json"})

    def fits(self, request: endpoints.Request) -> bool:
        blocks = json.loads(request.content)["blocks"]
        return len(blocks) <= MAX_BLOCKS and all(
            len(b["text"]["text"]) <= MAX_SECTION for b in blocks if b["type"] == "section"
        )

    def judge(self, result: http.FetchResult, duration_ms: int) -> endpoints.Outcome:
        answer = result.body[:200].decode("utf-8", "replace").strip()
        if 200 <= result.status < 300 and answer in ("ok", ""):
            return endpoints.Outcome(True, result.status, duration_ms)
        if 200 <= result.status < 300:
            return endpoints.Outcome(False, result.status, duration_ms, f"Slack: {answer}")
        return endpoints.failed_status(result, duration_ms, answer)


def _json(body: object) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


TRANSPORT = Slack()
ROW = chat_row(TRANSPORT, pace=1.0)  # Slack: about one message a second per webhook
