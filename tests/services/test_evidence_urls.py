"""Evidence URLs normalised as a browser's address bar does, or refused: what the API then
serves is a valid `format: uri`."""

import pytest

from channels_app.services.evidence_urls import BadEvidenceUrl, normalize_evidence_url


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ('https://a.example/x"<y>', "https://a.example/x%22%3Cy%3E"),
        (' https://a.example/a b?q="1"#f<g> ', "https://a.example/a%20b?q=%221%22#f%3Cg%3E"),
        ("https://a.example/x{1}|\\^`[2]", "https://a.example/x%7B1%7D%7C%5C%5E%60%5B2%5D"),
        (
            "https://bücher.example/straße?ä=ö",
            "https://xn--bcher-kva.example/stra%C3%9Fe?%C3%A4=%C3%B6",
        ),
        ("https://a.example/100%", "https://a.example/100%25"),
        ("https://a.example/\tx\ny", "https://a.example/xy"),
        ("HTTPS://News.Example/A", "https://news.example/A"),
    ],
)
def test_characters_a_url_may_not_hold_are_percent_encoded(given, stored):
    assert normalize_evidence_url(given) == stored


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.org/2024/03/01/talks?id=7&x=a%20b#top",
        "http://[2001:db8::1]:8080/a",
        "https://user:pw@a.example/~x/(1);p=2,3*",
    ],
)
def test_a_valid_url_is_kept_as_it_is(url):
    assert normalize_evidence_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://a.example/x",
        "https://",
        "https://a.example:99999/",
        "https://a.example/\ud800",
        "https://a.example/" + "x" * 2000,
        "not a url",
    ],
)
def test_what_cannot_be_an_http_url_is_refused(url):
    with pytest.raises(BadEvidenceUrl):
        normalize_evidence_url(url)
