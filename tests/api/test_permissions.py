"""The permission matrix: every role by every endpoint by every method, with the status
each one gets. A refused write leaves nothing behind."""

from unittest import mock

import pytest

from channels_app.models import Feed, Proposal, StateChange
from channels_app.net import http
from tests.factories import StateChangeFactory

from .conftest import EVIDENCE, ROLES, at, make_feed, make_proposal

pytestmark = pytest.mark.django_db
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Expected status per role: anonymous, viewer, editor, admin.
PUBLIC = (200, 200, 200, 200)
EDITORS = (401, 403, 200, 200)
CREATE = (401, 403, 201, 201)
ACTION = (401, 403, 200, 200)

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
    }


def written(objects) -> tuple:
    return (
        StateChange.objects.count(),
        Feed.objects.count(),
        Proposal.objects.get(pk=objects["proposal"]).status,
    )


@pytest.mark.parametrize(("role", "method", "path", "status"), matrix())
def test_permission_matrix(client_for, objects, role, method, path, status):
    client = client_for(role)
    before = written(objects)
    with mock.patch.object(http, "resolve_checked", return_value=[]):
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
    routes.discard("api/^(?P<path>.*)$")
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
    assert covered == listed
