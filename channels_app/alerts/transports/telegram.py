"""Telegram bots: `sendMessage` with HTML parse mode to one chat. The bot token is the
credential (write-only; it is in the request's path, redacted from every error). Telegram
answers JSON `{"ok": true, ...}`; `ok: false` is an error whatever the status.

Limit: a message's text at most 4,096 characters."""

import json
import re

from django.core.exceptions import ValidationError
from django.utils.html import escape

from ...net import http
from ..models import Webhook
from ..services import endpoints
from .chat import ChatTransport, Text, chat_row
from .slack import _json

MAX_TEXT = 4096
API = "https://api.telegram.org"
TOKEN = re.compile(r"[0-9]{3,20}:[A-Za-z0-9_-]{20,100}")
CHAT_ID = re.compile(r"-?[0-9]{1,20}")


class Telegram(ChatTransport):
    name = "telegram"
    label = "Telegram"
    url_label = "Bot API URL"
    url_help = f"Leave empty for {API}"
    default_url = API
    token_label = "Bot token"
    token_required = True
    token_help = "From @BotFather, like 123456:ABC-…; write-only"
    target_label = "Chat id"
    target_help = "A number, like -1001234567890 for a channel (the bot must be in it)"
    note_limit = 1000

    def clean(self, *, url: str, secret: str, target: str) -> dict[str, str]:
        values = super().clean(url=url, secret=secret, target=target)
        errors = {}
        if not TOKEN.fullmatch(values["secret"]):
            errors["secret"] = ValidationError(
                "A bot token looks like 123456789:AAE…, as @BotFather gives it.", code="bad_token"
            )
        if not CHAT_ID.fullmatch(values["target"]):
            errors["target"] = ValidationError(
                "A Telegram chat id is a number, like -1001234567890 (not a @name or a link).",
                code="bad_target",
            )
        if errors:
            raise ValidationError(errors)
        return values

    def request(self, hook: Webhook, text: Text, key: str) -> endpoints.Request:
        body = {
            "chat_id": int(hook.target),
            "text": "\n\n".join(filter(None, [_bold(text.heading), text.body("html")])),
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True},
        }
        url = f"{hook.url.rstrip('/')}/bot{hook.secret}/sendMessage"
        return endpoints.Request(url, _json(body), {"Content-Type": "application/json"})

    def fits(self, request: endpoints.Request) -> bool:
        return len(json.loads(request.content)["text"]) <= MAX_TEXT

    def judge(self, result: http.FetchResult, duration_ms: int) -> endpoints.Outcome:
        answer = _answer(result.body)
        if 200 <= result.status < 300 and answer.get("ok") is True:
            return endpoints.Outcome(True, result.status, duration_ms)
        detail = str(answer.get("description") or "no ok in the answer")[:300]
        if 200 <= result.status < 300:
            return endpoints.Outcome(False, result.status, duration_ms, f"Telegram: {detail}")
        return endpoints.failed_status(result, duration_ms, detail)


def _bold(heading: str) -> str:
    return f"<b>{escape(heading)}</b>" if heading else ""


def _answer(body: bytes) -> dict[str, object]:
    try:
        answer = json.loads(body)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


TRANSPORT = Telegram()
ROW = chat_row(TRANSPORT, pace=1.0)  # Telegram: about one message a second per chat
