"""Bad input anywhere is a 4xx in the common format: unknown parameters, wrong types, dates
out of range, page sizes, unknown paths, methods, rate limits."""

import pytest
from rest_framework.test import APIClient

from tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/channels/", {"colour": "red"}),
        ("/api/v1/channels/", {"format": "xml"}),
        ("/api/v1/changes/", {"channel": "1"}),
        ("/api/v1/countries/", {"state": "open"}),
        ("/api/v1/channels/cn-us/military/", {"state": "open"}),
        ("/api/v1/summary.json", {"page": "2"}),
    ],
)
def test_unknown_query_parameters_are_400_listing_the_allowed_ones(anon, cn_us, path, params):
    found = error(anon.get(path, params), 400)
    assert found["code"] == "unknown_parameter"
    assert found["details"]["unknown"] == list(params)
    assert "Unknown query parameter" in found["message"]


def test_the_allowed_parameters_of_the_channel_list(anon):
    allowed = error(anon.get("/api/v1/channels/", {"x": 1}), 400)["details"]["allowed"]
    assert allowed == [
        "at",
        "country",
        "kind",
        "ordering",
        "page",
        "page_size",
        "pair",
        "search",
        "stale",
        "state",
    ]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/channels/", {"state": "closed"}, "state"),
        ("/api/v1/channels/", {"kind": ""}, None),
        ("/api/v1/channels/", {"stale": "maybe"}, "stale"),
        ("/api/v1/channels/", {"country": "XX"}, "country"),
        ("/api/v1/channels/", {"pair": "cn"}, "pair"),
        ("/api/v1/channels/", {"ordering": "colour"}, "ordering"),
        ("/api/v1/channels/", {"at": "2024-02-30"}, "at"),
        ("/api/v1/channels/", {"at": "1700-01-01"}, "at"),
        ("/api/v1/channels/", {"at": "2999-01-01"}, "at"),
        ("/api/v1/changes/", {"since": "0001-01-01"}, "since"),
        ("/api/v1/changes/", {"until": "9999-12-31"}, "until"),
        ("/api/v1/changes/", {"updated_since": "0001-01-01T00:00:00+05:00"}, "updated_since"),
        ("/api/v1/changes/", {"updated_since": "soon"}, "updated_since"),
        ("/api/v1/changes/", {"origin": "rumour"}, "origin"),
        ("/api/v1/channels/", {"page_size": "ten"}, "page_size"),
        ("/api/v1/channels/", {"page": "first"}, "page"),
        ("/api/v1/channels/", {"page": "0"}, "page"),
    ],
)
def test_wrong_values_are_400_naming_the_parameter(anon, cn_us, path, params, field):
    response = anon.get(path, params)
    if field is None:  # an empty value is no filter
        assert response.status_code == 200
        return
    found = error(response, 400)
    assert found["code"] == "validation_error"
    assert field in found["details"]


@pytest.mark.parametrize(("size", "expected"), [("1", 1), ("0", 1), ("-5", 1), ("1000", 100)])
def test_page_sizes_are_clamped_to_1_to_100(anon, size, expected):
    ChannelFactory.create_batch(101)
    body = anon.get("/api/v1/channels/", {"page_size": size}).json()
    assert len(body["results"]) == expected
    assert body["count"] == 101


def test_a_page_past_the_end_is_404(anon, cn_us):
    assert error(anon.get("/api/v1/channels/", {"page": "9"}), 404)["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "/api/v1/channels/"),
        ("put", "/api/v1/changes/"),
        ("post", "/api/v1/summary.json"),
        ("patch", "/api/v1/channels/cn-us/military/"),
    ],
)
def test_methods_an_endpoint_does_not_take_are_405_for_everyone(client_for, method, path):
    for role in ("anonymous", "editor"):
        found = error(getattr(client_for(role), method)(path), 405)
        assert found["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing/",
        "/api/v2/channels/",
        "/api/",
        "/api/v1/changes/x/",
        "/api/v1/webhooks/%0A/",  # a newline in the path (schemathesis found it)
    ],
)
def test_unknown_api_paths_are_404_in_the_common_format(anon, path):
    assert error(anon.get(path), 404)["code"] == "not_found"


def test_a_known_path_without_its_slash_redirects_get(anon):
    response = anon.get("/api/v1/channels?kind=trade")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/channels/?kind=trade"
    assert error(anon.post("/api/v1/changes", {}), 404)["message"].endswith("/api/v1/changes/?")


def test_anonymous_clients_are_rate_limited(anon, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "100/minute"},
    }
    statuses = [anon.get("/api/v1/channels/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = anon.get("/api/v1/channels/")
    found = error(response, 429)
    assert found["code"] == "throttled"
    assert int(response["Retry-After"]) == found["details"]["retry_after"] > 0


def test_signed_in_clients_have_their_own_limit(client_for, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "5/minute"},
    }
    viewer = client_for("viewer")
    assert [viewer.get("/api/v1/channels/").status_code for _ in range(5)] == [200] * 5
    assert APIClient().get("/api/v1/channels/").status_code == 200
    assert APIClient().get("/api/v1/channels/").status_code == 429


@pytest.mark.parametrize(
    "params", [{"country": "%s"}, {"country": "%(x)s"}, {"pair": "%d-us"}, {"pair": "%s"}]
)
def test_percent_signs_in_values_are_reported_not_a_500(anon, params):
    found = error(anon.get("/api/v1/changes/", params), 400)
    assert next(iter(params)) in found["details"]


@pytest.mark.parametrize("ordering", [",", ",-effective_at", "effective_at,,recorded_at"])
def test_empty_names_in_an_ordering_are_ignored(anon, ordering):
    assert anon.get("/api/v1/changes/", {"ordering": ordering}).status_code == 200
