"""The detector's vocabulary as data: one folder per language, read into a `Language` bundle."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from channels_app.news.detect import detect
from channels_app.news.detect.language import LANG_ROOT, LanguageError, load_language
from channels_app.news.detect.patterns import ONE_WORD, expand


@pytest.fixture
def copy_of_english(tmp_path: Path) -> Path:
    """lang/xx/: the English files, to change in the test."""
    shutil.copytree(LANG_ROOT / "en", tmp_path / "xx")
    return tmp_path


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "xx" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_english_is_read_once_per_process() -> None:
    assert load_language() is load_language("en")


def test_detect_reads_with_the_language_it_is_given(copy_of_english: Path) -> None:
    edit(
        copy_of_english,
        "cues.toml",
        'name = "resume"\nstate = "open"',
        'name = "resume"\nstate = "severed"',
    )
    changed = load_language("xx", copy_of_english)
    title = "Chile and Peru resume diplomatic relations"
    assert [d.state for d in detect(title, "")] == ["open"]
    assert [d.state for d in detect(title, "", language=changed)] == ["severed"]


def test_a_missing_file_is_named(copy_of_english: Path) -> None:
    (copy_of_english / "xx" / "markers.toml").unlink()
    with pytest.raises(LanguageError, match=r"^xx/markers\.toml: missing$"):
        load_language("xx", copy_of_english)


def test_an_unknown_state_names_the_file_and_the_key(copy_of_english: Path) -> None:
    edit(copy_of_english, "cues.toml", 'state = "open"', 'state = "closed"')
    with pytest.raises(LanguageError) as error:
        load_language("xx", copy_of_english)
    assert str(error.value) == (
        "xx/cues.toml: cues[0].state: 'closed' is not one of open, limited, suspended, severed"
    )


def test_an_invalid_pattern_names_the_file_and_the_key(copy_of_english: Path) -> None:
    edit(copy_of_english, "markers.toml", "'ultimatum'", "'ultimatum('")
    with pytest.raises(LanguageError, match=r"^xx/markers\.toml: threat: not a valid pattern"):
        load_language("xx", copy_of_english)


def test_a_backslash_lost_to_a_double_quoted_string_is_refused(copy_of_english: Path) -> None:
    # In TOML's "..." strings "\\b" is a backspace: the pattern could never match.
    edit(copy_of_english, "markers.toml", "'ultimatum'", '"\\bultimatum"')
    with pytest.raises(LanguageError) as error:
        load_language("xx", copy_of_english)
    assert str(error.value).startswith("xx/markers.toml: threat")
    assert "a control character in '\\x08ultimatum'" in str(error.value)


def test_a_reference_to_a_shared_pattern_must_exist(copy_of_english: Path) -> None:
    edit(copy_of_english, "cues.toml", 'when = "envoys"', 'when = "envoy"')
    with pytest.raises(LanguageError, match=r"cues\[\d+\]\.alternatives\[\d+\]\.when: no pattern"):
        load_language("xx", copy_of_english)


def test_a_language_code_is_checked_before_any_path_is_built() -> None:
    with pytest.raises(LanguageError, match="is not a language code"):
        load_language("../en")


def test_a_language_without_a_folder_is_refused() -> None:
    with pytest.raises(LanguageError, match="no folder"):
        load_language("zz")


def test_groups_in_word_forms_do_not_capture() -> None:
    assert expand("resum(e|es|ed)") == "resum(?:e|es|ed)"
    assert re.compile(expand("cut(s|ting)?")).groups == 0


def test_lookarounds_classes_and_escapes_are_kept() -> None:
    assert expand(r"(?<!arms )shipments?(?! of)") == r"(?<!arms )shipments?(?! of)"
    assert expand(r"[;(]|\(x\)") == r"[;(]|\(x\)"


def test_w_stands_for_one_word() -> None:
    assert expand("keep {w}{0,5}?open") == f"keep {ONE_WORD}{{0,5}}?open"
