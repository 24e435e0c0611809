"""The permission matrix: every role by every endpoint by every method, with the status
each one gets. A refused write leaves nothing behind. The matrix's webhook was added in the
admin (no owner): only admins reach it, anyone else gets a 404 as for any webhook not
theirs."""

from unittest import mock

import pytest

from channels_app.alerts.models import Subscriber, Webhook
from channels_app.alerts.services import endpoints
from channels_app.models import Feed, Proposal, StateChange
from channels_app.net import http
from tests.alerts.factories import WebhookFactory
from tests.factories import StateChangeFactory

from .conftest import EVIDENCE, ROLES, at, make_feed, make_proposal

pytestmark = pytest.mark.django_db
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Expected status per role: anonymous, viewer, editor, admin.
PUBLIC = (200, 200, 200, 200)
EDITORS = (401, 403, 200, 200)
CREATE = (401, 403, 201, 201)
ACTION = (401, 403, 200, 200)
SIGNED_IN = (401, 200, 200, 200)
SIGNED_IN_CREATE = (401, 201, 201, 201)
ADMINS = (401, 403, 403, 200)
NOT_THEIRS = (401, 404, 404, 200)

ENDPOINTS = {
    "/api/v1/": {"GET": PUBLIC},
    "/api/v1/channels/": {"GET": PUBLIC},
    "/api/v1/channels/cn-us/military/": {"GET": PUBLIC},
    "/api/v1/changes/": {"GET": PUBLIC, "POST": CREATE},
    "/api/v1/changes/{change}/": {"GET": PUBLIC},
    "/api/v1/countries/": {"GET": PUBLIC},
    "/api/v1/countries/cn/": {"GET": PUBLIC},
    "/api/v1/summary.json": {"GET": PUBLIC},
    "/api/v1/export/changes.csv": {"GET": PUBLIC},
    "/api/v1/export/changes.json": {"GET": PUBLIC},
    "/api/v1/feeds/": {"GET": EDITORS, "POST": CREATE},
    "/api/v1/feeds/{feed}/": {"GET": EDITORS},
    "/api/v1/articles/": {"GET": EDITORS},
    "/api/v1/articles/{article}/": {"GET": EDITORS},
    "/api/v1/proposals/": {"GET": EDITORS},
    "/api/v1/proposals/{proposal}/": {"GET": EDITORS},
    "/api/v1/proposals/{proposal}/accept/": {"POST": ACTION},
    "/api/v1/proposals/{proposal}/reject/": {"POST": ACTION},
    "/api/v1/webhooks/": {"GET": SIGNED_IN, "POST": SIGNED_IN_CREATE},
    "/api/v1/webhooks/{webhook}/": {
        "GET": NOT_THEIRS,
        "PUT": NOT_THEIRS,
        "PATCH": NOT_THEIRS,
        "DELETE": (401, 404, 404, 204),
    },
    "/api/v1/webhooks/{webhook}/test/": {"POST": NOT_THEIRS},
    "/api/v1/webhooks/{webhook}/attempts/": {"GET": NOT_THEIRS},
    "/api/v1/webhooks/{webhook}/rotate-secret/": {"POST": NOT_THEIRS},
    "/api/v1/integrations/": {"GET": SIGNED_IN, "POST": SIGNED_IN_CREATE},
    "/api/v1/integrations/{integration}/": {
        "GET": NOT_THEIRS,
        "PUT": NOT_THEIRS,
        "PATCH": NOT_THEIRS,
        "DELETE": (401, 404, 404, 204),
    },
    "/api/v1/integrations/{integration}/test/": {"POST": NOT_THEIRS},
    "/api/v1/integrations/{integration}/attempts/": {"GET": NOT_THEIRS},
    # Each role's user has an address and no subscription: POST emails a confirmation
    # (202), PATCH finds nothing to change (404), DELETE has nothing to stop (204).
    "/api/v1/subscription/": {
        "GET": SIGNED_IN,
        "POST": (401, 202, 202, 202),
        "PATCH": (401, 404, 404, 404),
        "DELETE": (401, 204, 204, 204),
    },
    "/api/v1/subscribers/": {"GET": ADMINS},
    "/api/schema/": {"GET": PUBLIC},
    "/api/docs/": {"GET": PUBLIC},
    "/api/redoc/": {"GET": PUBLIC},
}
BODIES = {
    "/api/v1/changes/": {
        "pair": "cn-us",
        "kind": "military",
        "state": "suspended",
        "effective_at": "2024-01-01T00:00:00Z",
        "evidence": EVIDENCE,
    },
    "/api/v1/feeds/": {"url": "https://wire.example.org/rss"},
    "/api/v1/proposals/{proposal}/reject/": {"reason": "Not an act"},
    "/api/v1/webhooks/": {"name": "Wire", "url": "https://hooks.example.net/", "scopes": ["all"]},
    "/api/v1/webhooks/{webhook}/": {
        "name": "Wire",
        "url": "https://hooks.example.net/",
        "scopes": ["all"],
    },
    "/api/v1/subscription/": {"scopes": ["all"], "mode": "digest"},
    "/api/v1/integrations/": {
        "name": "Desk",
        "transport": "ntfy",
        "url": "https://ntfy.example.net/desk",
        "scopes": ["all"],
    },
    "/api/v1/integrations/{integration}/": {
        "name": "Desk",
        "transport": "ntfy",
        "url": "https://ntfy.example.net/desk",
        "scopes": ["all"],
    },
}


def matrix():
    for path, allowed in ENDPOINTS.items():
        for method in METHODS:
            expected = allowed.get(method, (405,) * len(ROLES))
            for role, status in zip(ROLES, expected, strict=True):
                yield pytest.param(role, method, path, status, id=f"{role}-{method}-{path}")


@pytest.fixture
def objects(cn_us):
    StateChangeFactory(channel=cn_us, state="open", effective_at=at("2020-01-01"))
    proposal = make_proposal(cn_us, n=1)
    return {
        "change": StateChange.objects.get().pk,
        "feed": make_feed(2).pk,
        "article": proposal.detections.get().article_id,
        "proposal": proposal.pk,
        "webhook": WebhookFactory().pk,
        "integration": WebhookFactory(transport="ntfy", url="https://ntfy.example.net/t").pk,
    }


def written(objects) -> tuple:
    return (
        StateChange.objects.count(),
        Feed.objects.count(),
        Proposal.objects.get(pk=objects["proposal"]).status,
        list(Webhook.objects.order_by("id").values()),
        list(Subscriber.objects.values_list("email", "mode", "unsubscribed_at")),
    )


@pytest.mark.parametrize(("role", "method", "path", "status"), matrix())
def test_permission_matrix(client_for, objects, role, method, path, status):
    client = client_for(role)
    before = written(objects)
    sent = endpoints.Outcome(ok=True, status=204, duration_ms=1)
    with (
        mock.patch.object(http, "resolve_checked", return_value=[]),
        mock.patch.object(endpoints, "post", return_value=sent),
    ):
        send = getattr(client, method.lower())
        if method == "GET":
            response = send(path.format(**objects))
        else:
            response = send(path.format(**objects), BODIES.get(path, {}), format="json")
    assert response.status_code == status, response.content[:300]
    if status >= 400 and path.startswith("/api/v1/"):
        assert set(response.json()["error"]) == {"code", "message", "details"}
        assert written(objects) == before


def test_the_matrix_covers_every_api_route():
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    routes = {r for r in walk(get_resolver().url_patterns) if r.startswith("api/")}
    routes.discard(r"api/^(?P<path>[\s\S]*)$")
    normalise = {
        "<str:pair>/<str:kind>": "cn-us/military",
        "<str:code>": "cn",
        "<int:pk>": "{x}",
    }
    covered = set()
    for route in routes:
        for pattern, example in normalise.items():
            route = route.replace(pattern, example)
        covered.add(route)
    listed = {p.lstrip("/").replace("{change}", "{x}").replace("{feed}", "{x}") for p in ENDPOINTS}
    listed = {p.replace("{article}", "{x}").replace("{proposal}", "{x}") for p in listed}
    listed = {p.replace("{webhook}", "{x}").replace("{integration}", "{x}") for p in listed}
    assert covered == listed
