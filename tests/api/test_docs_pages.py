"""The API docs pages (Swagger UI at /api/docs/, Redoc at /api/redoc/): a way back to the
site, the visitor's colour scheme, nothing from a CDN, and "Try it out" that does not travel
to a past date by itself (issue #12, item 10)."""

from pathlib import Path

import pytest
import yaml
from django.test import Client

pytestmark = pytest.mark.django_db
DOCS = ["/api/docs/", "/api/redoc/"]


@pytest.mark.parametrize("path", DOCS)
def test_the_docs_link_back_to_the_site(path):
    page = Client().get(path).content.decode()
    assert '<a class="docs-bar__brand" href="/">' in page
    assert 'href="/about/"' in page
    assert 'href="/api/docs/"' in page and 'href="/api/redoc/"' in page


@pytest.mark.parametrize("path", DOCS)
def test_the_docs_follow_the_visitors_colour_scheme(path):
    page = Client().get(path).content.decode()
    assert '<meta name="color-scheme" content="light dark">' in page
    assert "/static/css/api_docs.css" in page
    assert "/static/js/api_docs.js" in page


def test_the_redoc_page_loads_no_web_font_from_a_cdn():
    page = Client().get("/api/redoc/").content.decode()
    assert "fonts.googleapis.com" not in page and "fonts.gstatic.com" not in page
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in page
    assert 'data-spec-url="/api/schema/"' in page


def test_the_colour_scheme_script_sets_swagger_uis_dark_mode_class():
    from django.contrib.staticfiles import finders

    script = Path(finders.find("js/api_docs.js")).read_text(encoding="utf-8")
    assert "prefers-color-scheme: dark" in script
    assert 'classList.toggle("dark-mode"' in script


def _date_parameters(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if parameter["schema"].get("format") in ("date", "date-time"):
                    yield path, method, parameter


def test_no_date_parameter_is_pre_filled_in_try_it_out():
    """Swagger UI fills a query parameter with its (first) example: an `at=` example made
    every "Try it out" answer with the states of 2022."""
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    found = list(_date_parameters(schema))
    assert any(p["name"] == "at" for _, _, p in found)
    filled = [
        (path, method, p["name"])
        for path, method, p in found
        if "example" in p or "examples" in p or "default" in p["schema"] or "example" in p["schema"]
    ]
    assert filled == []
