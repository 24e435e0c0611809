"""Keys: an entry's inside its feed (guid, link, content) and a story's across feeds."""

import pytest

from channels_app.news.dedup import canonical_link, content_hash, entry_keys, story_key

from .feeds import entry


@pytest.mark.parametrize(
    "variant",
    [
        "http://a.example/story",
        "https://www.a.example/story/",
        "https://a.example/story#comments",
        "https://a.example/story?utm_source=rss&utm_medium=feed",
        "https://A.EXAMPLE/story?fbclid=xyz",
    ],
)
def test_scheme_www_tracking_fragment_and_trailing_slash_make_no_other_link(variant):
    assert canonical_link(variant) == canonical_link("https://a.example/story")


def test_a_meaningful_query_makes_another_link():
    assert canonical_link("https://a.example/s?id=1") != canonical_link("https://a.example/s?id=2")


def test_query_order_makes_no_other_link():
    assert canonical_link("https://a.example/s?a=1&b=2") == canonical_link(
        "https://a.example/s?b=2&a=1"
    )


def test_a_malformed_link_is_compared_as_written():
    assert canonical_link("http://[::1/story") == "http://[::1/story"


def test_an_entry_with_a_guid_is_keyed_by_it_whatever_its_link():
    first, second = entry_keys([entry("A", guid="g1", link="https://a.example/1")]) + entry_keys(
        [entry("A", guid="g1", link="https://a.example/2")]
    )

    assert first == second


def test_a_guid_repeated_inside_a_document_is_keyed_with_the_link():
    keys = entry_keys(
        [
            entry("A", guid="g", link="https://a.example/1"),
            entry("B", guid="g", link="https://a.example/2"),
        ]
    )

    assert len(set(keys)) == 2


def test_a_guid_known_to_repeat_is_keyed_with_the_link_when_alone():
    alone = entry_keys([entry("B", guid="g", link="https://a.example/2")], repeating={"g"})
    together = entry_keys(
        [
            entry("A", guid="g", link="https://a.example/1"),
            entry("B", guid="g", link="https://a.example/2"),
        ]
    )

    assert alone[0] == together[1]


def test_an_entry_without_guid_is_keyed_by_its_canonical_link():
    assert entry_keys([entry("A", link="https://www.a.example/1/")]) == entry_keys(
        [entry("Other title", link="http://a.example/1")]
    )


def test_an_entry_without_guid_or_link_is_keyed_by_its_content():
    assert entry_keys([entry("Hotline cut!", summary="Both  sides.")]) == entry_keys(
        [entry("hotline CUT", summary="both sides")]
    )


def test_a_guid_and_a_link_of_the_same_text_make_different_keys():
    assert entry_keys([entry("A", guid="https://a.example/1")]) != entry_keys(
        [entry("A", link="https://a.example/1")]
    )


def test_content_hash_ignores_case_punctuation_and_spacing():
    assert content_hash("Talks, resumed!", "A  B") == content_hash("talks resumed", "a b")


def test_the_story_key_is_the_canonical_link():
    assert story_key("https://www.a.example/1?utm_campaign=x", "One") == story_key(
        "http://a.example/1", "Another title"
    )


def test_without_a_link_the_story_key_is_the_normalised_title():
    assert story_key(None, "China suspends hotline!") == story_key("", "china SUSPENDS hotline")
