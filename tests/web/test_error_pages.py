"""Site-styled error pages."""

from django.template.loader import render_to_string


def test_the_500_page_renders_without_a_request_or_database():
    # Django renders 500.html with an empty context when everything else may be broken.
    html = render_to_string("500.html")
    assert "Something went wrong" in html and 'class="site-header"' in html


def test_the_404_page_points_back_to_the_dashboard():
    html = render_to_string("404.html")
    assert 'href="/"' in html and "Page not found" in html
