"""Error reporting to Sentry, on only when SENTRY_DSN is set (settings call `init`).

sentry_sdk is imported inside `init`, so without a DSN nothing of it is loaded. Events leave
without personal data: `send_default_pii=False` keeps out what the SDK would add (user
details, cookies, client address), and `scrub_event` removes what the product itself may put
in an event (an address in an exception message, a token in a URL or a local variable, a
webhook secret in a payload).
"""

import re
from typing import Any, cast

FILTERED = "[Filtered]"
# Keys whose value is replaced whole, wherever they appear (headers, bodies, locals, extra).
_SENSITIVE_KEY = re.compile(
    r"authori[sz]ation|cookie|session|csrf|passw|secret|token|signature|api[-_]?key|dsn"
    r"|e-?mail|^ip_address$|^x-forwarded-for$|^remote_addr$",
    re.IGNORECASE,
)
# Values replaced inside any string: addresses, API tokens (ct_...), webhook secrets
# (whsec_...), signed subscriber links (payload:timestamp:signature), bearer credentials.
_SENSITIVE_TEXT = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"\bct_[A-Za-z0-9_-]{8,}"), "[token]"),
    (re.compile(r"\bwhsec_[A-Za-z0-9+/=]{8,}"), "[secret]"),
    (re.compile(r"\.?[A-Za-z0-9_-]{2,}:[A-Za-z0-9_-]{4,}:[A-Za-z0-9_-]{20,}"), "[signed]"),
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"), r"\1 [Filtered]"),
    (re.compile(r"(?i)\b(token|secret|key|password|signature|sig)=[^&\s]+"), r"\1=[Filtered]"),
]
_MAX_DEPTH = 20


def scrub_text(text: str) -> str:
    for pattern, replacement in _SENSITIVE_TEXT:
        text = pattern.sub(replacement, text)
    return text


def scrub(value: Any, depth: int = 0) -> Any:
    """A copy of `value` (dicts, lists, strings) with sensitive keys and text replaced."""
    if depth > _MAX_DEPTH:
        return FILTERED
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {
            key: FILTERED
            if isinstance(key, str) and _SENSITIVE_KEY.search(key)
            else scrub(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        # Sentry sends headers as [name, value] pairs in some places.
        if len(value) == 2 and isinstance(value[0], str) and _SENSITIVE_KEY.search(value[0]):
            return [value[0], FILTERED]
        return [scrub(item, depth + 1) for item in value]
    return value


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """before_send: the event without personal data or credentials. The user is reduced to
    its id."""
    event = scrub(event)
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def init(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=True,
        before_send=cast(Any, scrub_event),  # Event is a TypedDict; we treat it as a dict
        before_send_transaction=cast(Any, scrub_event),
        before_breadcrumb=lambda crumb, hint: scrub(crumb),
        traces_sample_rate=traces_sample_rate,
    )
