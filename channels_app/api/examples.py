"""Request and response examples for the OpenAPI document, from the seed story."""

from drf_spectacular.utils import OpenApiExample

HOST = "https://tracker.example.org"

CHANNEL = {
    "pair": "CN-US",
    "kind": "military",
    "name": "US–China military-to-military channels",
    "url": f"{HOST}/api/v1/channels/cn-us/military/",
    "page_url": f"{HOST}/channels/cn-us/military/",
    "countries": [{"code": "CN", "name": "China"}, {"code": "US", "name": "United States"}],
    "state": "open",
    "since": "2025-11-01T00:00:00Z",
    "stale": False,
    "badge_url": f"{HOST}/badge/cn-us/military.svg",
}
EVIDENCE = {
    "url": "https://www.reuters.com/world/us-china-agree-military-channels-2025-11-01/",
    "outlet": "Reuters",
    "title": "US and China agree to establish military-to-military channels",
    "published_at": "2025-11-01T09:30:00Z",
}
HISTORY_ITEM = {
    "id": 42,
    "old_state": "limited",
    "new_state": "open",
    "effective_at": "2025-11-01T00:00:00Z",
    "recorded_at": "2025-11-01T12:04:10Z",
    "origin": "manual",
    "note": "Hegseth and Dong Jun agree in Kuala Lumpur to establish mil-mil channels.",
    "evidence": [EVIDENCE],
    "corrections": [
        {
            "action": "correct",
            "at": "2025-11-03T08:15:00Z",
            "reason": "The agreement was reached on 1 November, not 31 October.",
        }
    ],
}
CHANNEL_DETAIL = {
    **CHANNEL,
    "description": "Defence ministries, theatre commanders, maritime safety consultations.",
    "mechanisms": "Defense Telephone Link; DPCT; MMCA",
    "stale_after_days": 90,
    "confirmed_at": None,
    "history": [
        HISTORY_ITEM,
        {
            **HISTORY_ITEM,
            "id": 17,
            "old_state": "open",
            "new_state": "severed",
            "effective_at": "2022-08-05T00:00:00Z",
            "recorded_at": "2022-08-05T15:00:00Z",
            "note": "China cancels theatre-commander talks, DPCT and MMCA after the Pelosi visit.",
            "corrections": [],
        },
    ],
}
CHANNEL_REF = {key: CHANNEL[key] for key in ("pair", "kind", "name", "url", "page_url")}
CHANGE = {
    "url": f"{HOST}/api/v1/changes/42/",
    "channel": CHANNEL_REF,
    **HISTORY_ITEM,
    "removed_at": None,
}
RECORD_CHANGE = {
    "pair": "us-cn",
    "kind": "trade",
    "state": "open",
    "effective_at": "2025-10-30T06:00:00Z",
    "note": "Trump and Xi seal a one-year trade deal in Busan.",
    "evidence": [
        {
            "url": "https://apnews.com/article/trump-xi-busan-trade-deal",
            "outlet": "AP",
            "title": "Trump and Xi agree a one-year trade truce in Busan",
            "published_at": "2025-10-30T08:00:00Z",
        }
    ],
}
RECORDED = {
    **CHANGE,
    "url": f"{HOST}/api/v1/changes/43/",
    "channel": {
        "pair": "CN-US",
        "kind": "trade",
        "name": "China–United States trade talks",
        "url": f"{HOST}/api/v1/channels/cn-us/trade/",
        "page_url": f"{HOST}/channels/cn-us/trade/",
    },
    "id": 43,
    "old_state": "suspended",
    "new_state": "open",
    "effective_at": RECORD_CHANGE["effective_at"],
    "recorded_at": "2025-10-30T09:12:00Z",
    "origin": "api",
    "note": RECORD_CHANGE["note"],
    "evidence": RECORD_CHANGE["evidence"],
    "corrections": [],
}
COUNTRY = {
    "code": "CN",
    "name": "China",
    "states": {"open": 2, "limited": 1, "suspended": 0, "severed": 0, "unknown": 0},
    "channels": [
        {
            "pair": "CN-US",
            "kind": "military",
            "name": CHANNEL["name"],
            "state": "open",
            "since": "2025-11-01T00:00:00Z",
            "stale": False,
            "url": CHANNEL["url"],
        }
    ],
}
SUMMARY = {
    "at": None,
    "last_change_at": "2025-11-01T00:00:00Z",
    "last_recorded_at": "2025-11-01T12:04:10Z",
    "states": {"open": 1, "limited": 0, "suspended": 0, "severed": 0, "unknown": 0},
    "channels": [
        {
            "pair": "CN-US",
            "kind": "military",
            "name": CHANNEL["name"],
            "state": "open",
            "since": "2025-11-01T00:00:00Z",
            "stale": False,
            "page_url": CHANNEL["page_url"],
            "badge_url": CHANNEL["badge_url"],
        }
    ],
}
FEED = {
    "id": 3,
    "url": "https://www.reuters.com/world/china/rss",
    "title": "Reuters China",
    "outlet": "Reuters",
    "enabled": True,
    "poll_interval_minutes": 30,
    "next_poll_at": "2025-11-01T12:30:00Z",
    "last_polled_at": "2025-11-01T12:00:00Z",
    "last_success_at": "2025-11-01T12:00:00Z",
    "last_error": "",
    "last_error_at": None,
    "error_count": 0,
    "failing_since": None,
    "disabled_reason": "",
    "created_at": "2025-01-10T08:00:00Z",
}
CREATE_FEED = {
    "url": "https://www.reuters.com/world/china/rss",
    "title": "Reuters China",
    "outlet": "Reuters",
    "poll_interval_minutes": 30,
}
ARTICLE = {
    "id": 812,
    "feed": 3,
    "outlet": "Reuters",
    "title": "US and China agree to establish military-to-military channels",
    "link": EVIDENCE["url"],
    "published_at": "2025-11-01T09:30:00Z",
    "fetched_at": "2025-11-01T09:41:02Z",
}
DETECTION = {
    "id": 5120,
    "pair": "CN-US",
    "kind": "military",
    "state": "open",
    "modality": "intent",
    "confidence": 0.86,
    "evidence": "Both sides agreed to establish military-to-military channels.",
    "proposal": 77,
}
ARTICLE_DETAIL = {
    **ARTICLE,
    "summary": "Defense Secretary Hegseth met ...",
    "detections": [DETECTION],
}
PROPOSAL = {
    "id": 77,
    "channel": CHANNEL_REF,
    "state": "open",
    "status": "pending",
    "source_count": 3,
    "first_seen_at": "2025-11-01T09:41:02Z",
    "last_seen_at": "2025-11-01T11:02:40Z",
    "decided_at": None,
    "reason": "",
    "change": None,
}
PROPOSAL_DETAIL = {
    **PROPOSAL,
    "detections": [
        {
            "id": 5120,
            "modality": "intent",
            "confidence": 0.86,
            "evidence": DETECTION["evidence"],
            "article": ARTICLE,
        }
    ],
}
ACCEPTED = {
    **PROPOSAL_DETAIL,
    "status": "accepted",
    "decided_at": "2025-11-01T12:04:10Z",
    "change": 42,
}
REJECTED = {
    **PROPOSAL_DETAIL,
    "status": "rejected",
    "decided_at": "2025-11-01T12:04:10Z",
    "reason": "The articles report a proposal, not an agreement.",
}
WEBHOOK = {
    "id": 7,
    "name": "Newsroom wire",
    "url": "https://hooks.newsroom.example/channel-tracker",
    "scopes": ["pair:CN-US", "kind:military"],
    "active": True,
    "owner": "ana",
    "owner_email": "ana@newsroom.example",
    "secret_hint": "whsec_…aSw=",
    "created_at": "2025-11-01T08:00:00Z",
    "last_success_at": "2025-11-01T12:04:11Z",
    "last_failure_at": None,
    "last_error": "",
    "consecutive_failures": 0,
    "failing_since": None,
    "disabled_at": None,
    "disabled_reason": "",
}
CREATE_WEBHOOK = {
    "name": "Newsroom wire",
    "url": "https://hooks.newsroom.example/channel-tracker",
    "scopes": ["pair:us-cn", "kind:military"],
}
WEBHOOK_WITH_SECRET = {
    **WEBHOOK,
    "last_success_at": None,
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "secret_hint": "whsec_…LaSw",
}
TEST_EVENT = {"ok": True, "status_code": 204, "duration_ms": 87, "error": ""}
TEST_EVENT_FAILED = {
    "ok": False,
    "status_code": 500,
    "duration_ms": 132,
    "error": "HTTP 500",
}
ATTEMPT = {
    "id": 311,
    "at": "2025-11-01T12:04:11Z",
    "ok": True,
    "status_code": 200,
    "duration_ms": 95,
    "error": "",
    "is_test": False,
    "change": 42,
}
SUBSCRIPTION = {
    "email": "ana@newsroom.example",
    "status": "receiving",
    "mode": "digest",
    "confirmed_at": "2025-11-01T08:10:00Z",
    "unsubscribed_at": None,
    "scopes": [
        {"key": "pair:CN-US", "label": "Every China–United States channel", "confirmed": True}
    ],
}
SUBSCRIPTION_PENDING = {
    **SUBSCRIPTION,
    "status": "pending",
    "confirmed_at": None,
    "scopes": [
        {"key": "pair:CN-US", "label": "Every China–United States channel", "confirmed": False}
    ],
}
NO_SUBSCRIPTION: dict[str, object] = {
    "email": "ana@newsroom.example",
    "status": "none",
    "mode": None,
    "confirmed_at": None,
    "unsubscribed_at": None,
    "scopes": [],
}
SUBSCRIBE = {"scopes": ["pair:cn-us"], "mode": "digest"}
SUBSCRIBER = {
    "id": 12,
    "email": "ana@newsroom.example",
    "status": "receiving",
    "mode": "digest",
    "confirmed_at": "2025-11-01T08:10:00Z",
    "unsubscribed_at": None,
    "created_at": "2025-11-01T08:00:00Z",
    "scopes": [{"key": "pair:CN-US", "confirmed": True}],
}


def response(name: str, value: object, summary: str = "", status: str = "200") -> OpenApiExample:
    return OpenApiExample(
        name, value=value, summary=summary or name, response_only=True, status_codes=[status]
    )


def request(name: str, value: object, summary: str = "") -> OpenApiExample:
    return OpenApiExample(name, value=value, summary=summary or name, request_only=True)


ERRORS = {
    "400": (
        "The request is not valid",
        {
            "code": "validation_error",
            "message": "state: Select a valid choice. closed is not one of the available choices.",
            "details": {
                "state": ["Select a valid choice. closed is not one of the available choices."]
            },
        },
    ),
    "401": (
        "No credentials, or a token that is unknown or revoked",
        {"code": "authentication_failed", "message": "The token has been revoked.", "details": {}},
    ),
    "403": (
        "The role or the token's scope does not allow this",
        {"code": "permission_denied", "message": "This needs the editor role.", "details": {}},
    ),
    "404": (
        "No such object or path",
        {"code": "not_found", "message": "No military channel for CN–US.", "details": {}},
    ),
    "405": (
        "The endpoint does not take this method",
        {"code": "method_not_allowed", "message": 'Method "DELETE" not allowed.', "details": {}},
    ),
    "415": (
        "The body is not JSON",
        {
            "code": "unsupported_media_type",
            "message": 'Unsupported media type "text/plain" in request.',
            "details": {},
        },
    ),
    "429": (
        "Too many requests; retry after the given number of seconds",
        {
            "code": "throttled",
            "message": "Request was throttled. Expected available in 12 seconds.",
            "details": {"retry_after": 12},
        },
    ),
}
INTEGRATION = {
    "id": 9,
    "name": "Newsroom Slack",
    "transport": "slack",
    "url": "https://hooks.slack.com/•••",
    "target": "",
    "token_hint": "",
    "scopes": ["pair:CN-US"],
    "active": True,
    "owner": "ana",
    "owner_email": "ana@newsroom.example",
    "created_at": "2025-11-01T08:00:00Z",
    "last_success_at": "2025-11-01T12:04:11Z",
    "last_failure_at": None,
    "last_error": "",
    "consecutive_failures": 0,
    "failing_since": None,
    "disabled_at": None,
    "disabled_reason": "",
}
CREATE_INTEGRATION = {
    "name": "Newsroom Telegram",
    "transport": "telegram",
    "token": "123456789:AAE-your-bot-token-from-BotFather",
    "target": "-1001234567890",
    "scopes": ["pair:us-cn"],
}
TELEGRAM_INTEGRATION = {
    **INTEGRATION,
    "name": "Newsroom Telegram",
    "transport": "telegram",
    "url": "https://api.telegram.org",
    "target": "-1001234567890",
    "token_hint": "•••ther",
    "last_success_at": None,
}
