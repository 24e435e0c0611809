"""Schemathesis against the live OpenAPI document, through the WSGI app on PostgreSQL:
every operation, valid and invalid input, anonymous and with an editor's read-write token
(and an admin's for the admins-only subscriber list).
No 5xx, no response outside the documented status codes, content types and schemas, and
nothing half-written."""

from collections import Counter
from contextlib import contextmanager
from unittest import mock

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.db.models import OuterRef, Subquery
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from channels_app.alerts.models import WebhookAttempt
from channels_app.alerts.services import endpoints
from channels_app.api.tokens import token_create
from channels_app.models import Channel, StateChange
from channels_app.net import http
from channels_app.services.changes import EvidenceInput, channel_set_state
from tests.alerts.factories import SubscriberFactory, WebhookFactory
from tests.factories import ChannelFactory, UserFactory, editor

from .conftest import at, make_feed, make_proposal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 25
# Anonymous callers only ever get a 401 there.
SIGNED_IN_ONLY = (
    "/api/v1/feeds/",
    "/api/v1/articles/",
    "/api/v1/proposals/",
    "/api/v1/webhooks/",
    "/api/v1/integrations/",
    "/api/v1/subscription/",
    "/api/v1/subscribers/",
)
ADMINS_ONLY = ("/api/v1/subscribers/",)
WEBHOOK_ACTIONS = ("", "test/", "attempts/", "rotate-secret/")
INTEGRATION_ACTIONS = ("", "test/", "attempts/")


@contextmanager
def connections_kept_open():
    """Requests run in this thread on the test's connection: Django's handlers would close
    it at each request's end (its own test client disconnects them the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def seed(owner) -> dict[str, dict[str, object]]:
    """A few channels with history, a proposal with its article and feed, a webhook of
    `owner` with an attempt, subscribers; returns the path parameters of real objects, per
    path."""
    cn_us = ChannelFactory(country_a="CN", country_b="US", kind="military")
    for day, state in (("2020-01-01", "open"), ("2022-08-05", "severed")):
        channel_set_state(
            channel=cn_us,
            state=state,
            effective_at=at(day),
            origin="import",
            evidence=[EvidenceInput(url=f"https://news.example/{day}", outlet="Wire")],
        )
    ChannelFactory(country_a="IN", country_b="PK", kind="diplomatic")
    proposal = make_proposal(cn_us, state="limited", n=1)
    make_feed(2)
    hook = WebhookFactory(owner=owner)
    WebhookAttempt.objects.create(webhook=hook, ok=True, status_code=204, is_test=True)
    chat = WebhookFactory(owner=owner, transport="ntfy", url="https://ntfy.example.net/desk")
    WebhookAttempt.objects.create(webhook=chat, ok=False, error="HTTP 500", is_test=True)
    SubscriberFactory(email=owner.email, scopes=["pair:CN-US"])
    SubscriberFactory(confirmed_at=None)
    ids = {
        "/api/v1/changes/{id}/": StateChange.objects.first().pk,
        "/api/v1/feeds/{id}/": proposal.detections.get().article.feed_id,
        "/api/v1/articles/{id}/": proposal.detections.get().article_id,
        "/api/v1/proposals/{id}/": proposal.pk,
        "/api/v1/proposals/{id}/accept/": proposal.pk,
        "/api/v1/proposals/{id}/reject/": proposal.pk,
        **{f"/api/v1/webhooks/{{id}}/{action}": hook.pk for action in WEBHOOK_ACTIONS},
        **{f"/api/v1/integrations/{{id}}/{a}": chat.pk for a in INTEGRATION_ACTIONS},
    }
    known = {path: {"id": pk} for path, pk in ids.items()}
    known["/api/v1/channels/{pair}/{kind}/"] = {"pair": "cn-us", "kind": "military"}
    known["/api/v1/countries/{code}/"] = {"code": "cn"}
    return known


class Run:
    """Calls one operation's generated cases and tallies what came back."""

    def __init__(self, headers: dict[str, str]):
        self.headers = headers
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []

    def operation(
        self, operation, mode: GenerationMode, path_parameters=None, examples=MAX_EXAMPLES
    ) -> None:
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

        @given(case=strategy)
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            response = case.call(headers=self.headers)
            self.statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS, headers=self.headers)

        try:
            call()
        except Unsatisfiable:
            assert mode == GenerationMode.NEGATIVE  # nothing can be invalid: no parameters
        except (Exception, FailureGroup) as exc:  # one report per operation, then go on
            self.failures.append(f"{mode} {operation.label}: {exc}")


def consistent() -> bool:
    """Each channel's state is its latest change's (nothing half-written)."""
    latest = StateChange.objects.active().filter(channel=OuterRef("pk"))
    latest = latest.order_by("-effective_at", "-recorded_at", "-id").values("new_state")[:1]
    rows = Channel.objects.annotate(latest=Subquery(latest)).values_list("state", "latest")
    return all(state == (last or "unknown") for state, last in rows)


def test_schemathesis_finds_no_server_error_and_no_schema_violation(settings, capsys):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100000/minute",
            "user": "100000/minute",
            "webhook_test": "100000/minute",
        },
    }
    user = editor()
    known = seed(user)
    _, secret = token_create(user=user, name="schemathesis", scope="read-write")
    admin = UserFactory(is_staff=True, is_superuser=True)  # groups may be flushed by now
    _, admin_secret = token_create(user=admin, name="admin", scope="read-write")
    from django.core.handlers.wsgi import WSGIHandler

    runs = {
        "anonymous": Run({}),
        "editor": Run({"Authorization": f"Bearer {secret}"}),
        "admin": Run({"Authorization": f"Bearer {admin_secret}"}),
    }
    # Test events go nowhere: the DNS answer is mocked, so there is no address to reach.
    sent = endpoints.Outcome(ok=True, status=204, duration_ms=1)
    with (
        connections_kept_open(),
        mock.patch.object(http, "resolve_checked", return_value=[]),
        mock.patch.object(endpoints, "post", return_value=sent),
    ):
        schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())
        operations = [result.ok() for result in schema.get_all_operations()]
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                runs["editor"].operation(operation, mode)
                if not operation.path.startswith(SIGNED_IN_ONLY):
                    runs["anonymous"].operation(operation, mode)
                if operation.path.startswith(ADMINS_ONLY):
                    runs["admin"].operation(operation, mode)
            # A few examples show the 401 is documented.
            if operation.path.startswith(SIGNED_IN_ONLY):
                runs["anonymous"].operation(operation, GenerationMode.POSITIVE, examples=5)
            if operation.path in known:  # real objects, so that success paths run too
                runs["editor"].operation(
                    operation, GenerationMode.POSITIVE, known[operation.path], examples=15
                )

    with capsys.disabled():
        for role, run in runs.items():
            total = sum(run.statuses.values())
            print(
                f"\nschemathesis {role}: {len(operations)} operations, {total} requests, "
                f"statuses {dict(sorted(run.statuses.items()))}, {len(run.failures)} failures"
            )
    failures = [f for run in runs.values() for f in run.failures]
    assert not failures, "\n\n".join(failures)
    assert not any(status >= 500 for run in runs.values() for status in run.statuses)
    assert runs["editor"].statuses[201] + runs["editor"].statuses[200] > 0
    assert consistent()
    assert all(c.evidence.exists() for c in StateChange.objects.filter(origin="api"))
