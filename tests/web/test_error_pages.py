"""Site-styled error pages."""

from django.template.loader import render_to_string


def test_the_500_page_renders_without_a_request_or_database():
    # Django renders 500.html with an empty context when everything else may be broken.
    html = render_to_string("500.html")
    assert "Something went wrong" in html and 'class="site-header"' in html


def test_the_404_page_points_back_to_the_dashboard():
    html = render_to_string("404.html")
    assert 'href="/"' in html and "Page not found" in html


def test_a_404_explains_what_was_not_found(client, db):
    response = client.get("/channels/cn-us/naval/")
    assert response.status_code == 404
    html = response.content.decode()
    assert (
        '<p class="error-page__reason">No such kind of channel: kinds are military, trade and'
        in html
    )
    assert 'href="/countries/"' in html


def test_a_404_for_an_unknown_address_shows_no_internal_detail(client, db):
    html = client.get("/no/such/page/").content.decode()
    assert "Page not found" in html
    assert "error-page__reason" not in html and "Resolver404" not in html
