"""The OpenAPI document at /api/schema/ and the docs at /api/docs/: a valid OpenAPI 3
document in which every operation has request and response examples and documents the
common error format; docs served without a CDN; the README links them."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.test import Client
from drf_spectacular.validation import validate_schema

from channels_app.api.filters import MAX_DATE, MIN_DATE

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
# The other engineer's export documents its own; these are ours.
OURS = (
    "/api/v1/channels",
    "/api/v1/changes",
    "/api/v1/countries",
    "/api/v1/summary",
    "/api/v1/feeds",
    "/api/v1/articles",
    "/api/v1/proposals",
    "/api/v1/webhooks",
    "/api/v1/subscription",
    "/api/v1/subscribers",
    "/api/v1/",
)


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def operations(schema):
    for path, item in schema["paths"].items():
        if not path.startswith(OURS) or path.startswith("/api/v1/export"):
            continue
        for method, operation in item.items():
            yield path, method, operation


def test_it_is_a_valid_openapi_3_document(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_every_operation_has_a_summary_and_response_examples(schema):
    missing = []
    for path, method, operation in operations(schema):
        if method == "delete":  # 204, no body
            assert operation.get("summary") and "204" in operation["responses"], path
            continue
        ok = [r for code, r in operation["responses"].items() if code in ("200", "201")]
        if (
            not operation.get("summary")
            or not ok
            or not ok[0]["content"]["application/json"].get("examples")
        ):
            missing.append(f"{method.upper()} {path}")
    assert missing == []


def test_every_request_body_has_an_example(schema):
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(schema)
        if "requestBody" in operation
        and not operation["requestBody"]["content"]["application/json"].get("examples")
    ]
    assert missing == []
    # With /integrations/: its create and test POSTs, its PUT and PATCH.
    assert len([1 for _, m, _ in operations(schema) if m == "post"]) == 10
    assert len([1 for _, m, _ in operations(schema) if m in ("put", "patch")]) == 5


def test_every_operation_documents_its_errors_in_the_common_format(schema):
    for path, method, operation in operations(schema):
        for code in ("400", "401", "403", "404", "429"):
            content = operation["responses"][code]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (path, code)
            assert content["examples"], (path, method, code)


def test_public_reads_need_no_credentials_and_writes_a_token(schema):
    channels = schema["paths"]["/api/v1/channels/"]["get"]
    assert {} in channels["security"]
    create = schema["paths"]["/api/v1/changes/"]["post"]
    assert {} not in create["security"] and {"bearerToken": []} in create["security"]
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


def test_the_docs_are_served_without_a_cdn():
    page = Client().get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn.jsdelivr.net" not in page and "unpkg.com" not in page
    assert "/static/drf_spectacular_sidecar/" in page


def test_the_readme_links_the_schema_and_the_docs():
    readme = (ROOT / "README.md").read_text()
    assert "/api/docs/" in readme and "/api/schema/" in readme
    assert "curl" in readme[readme.index("## API") : readme.index("## Configuration")]


def test_the_webhook_secret_is_documented_only_where_it_is_returned(schema):
    def response_schema(path: str, method: str, code: str) -> str:
        op = schema["paths"][path][method]
        return op["responses"][code]["content"]["application/json"]["schema"]["$ref"]

    with_secret = "#/components/schemas/WebhookWithSecret"
    assert response_schema("/api/v1/webhooks/", "post", "201") == with_secret
    assert response_schema("/api/v1/webhooks/{id}/rotate-secret/", "post", "200") == with_secret
    assert response_schema("/api/v1/webhooks/{id}/", "get", "200") == "#/components/schemas/Webhook"
    assert "secret" not in schema["components"]["schemas"]["Webhook"]["properties"]


def test_the_subscription_docs_say_a_token_cannot_skip_double_opt_in(schema):
    post = schema["paths"]["/api/v1/subscription/"]["post"]
    assert "202" in post["responses"] and "confirm" in post["description"]


def test_the_schema_is_json_when_asked_with_format_json():
    response = Client().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    assert json.loads(response.content)["openapi"].startswith("3.")


def test_the_schema_is_json_when_asked_with_accept():
    response = Client().get("/api/schema/", headers={"Accept": "application/json"})

    assert json.loads(response.content)["openapi"].startswith("3.")


def parameter(schema, path: str, name: str) -> dict:
    (found,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
    return found["schema"]


def test_pages_and_feed_ids_start_at_1_in_the_schema(schema):
    assert parameter(schema, "/api/v1/changes/", "page")["minimum"] == 1
    assert parameter(schema, "/api/v1/articles/", "feed")["minimum"] == 1


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/channels/", "at"),
        ("/api/v1/summary.json", "at"),
        ("/api/v1/changes/", "since"),
        ("/api/v1/changes/", "updated_since"),
    ],
)
def test_dates_carry_the_accepted_years_in_the_schema(schema, path, name):
    pattern = re.compile(parameter(schema, path, name)["pattern"])
    first, last = MIN_DATE.isoformat(), MAX_DATE.isoformat()
    before, after = (MIN_DATE - timedelta(days=1)).isoformat(), "3000-01-01"

    assert pattern.search(first) and pattern.search(last)
    assert not any(pattern.search(day) for day in (before, after, "0109-10-31"))


def test_request_dates_carry_the_accepted_years_in_the_schema(schema):
    field = schema["components"]["schemas"]["RecordChangeRequest"]["properties"]["effective_at"]
    assert not re.search(field["pattern"], "0109-10-31T00:00:00Z")
    assert re.search(field["pattern"], "2022-08-05T12:00:00Z")
