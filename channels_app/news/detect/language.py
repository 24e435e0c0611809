"""A language's vocabulary for the detector: the files of `lang/<code>/`, read into one bundle.

    lang = load_language("en")
    detect(title, summary, language=lang)

Everything the detector knows about a language is in its folder (`lang/en/README.md` says
what each file holds); the reading code receives the bundle and holds no words of its own.
A second language is a new folder. Files are read and their patterns compiled once per
process; a file that is missing or says something unusable raises `LanguageError` naming the
file and the key.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .calibrate import CALIBRATION_FILE, Calibration, read_calibration
from .kinds import KindWords, read_kinds
from .lexicon import Cues, read_cues
from .markers import Markers, read_markers
from .patterns import LanguageError, Table
from .text import Clauses, Splitter, read_clauses, read_splitter

LANG_ROOT = Path(__file__).resolve().parent / "lang"
_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

__all__ = ["ArticleWords", "Language", "LanguageError", "load_language"]


@dataclass(frozen=True, eq=False)
class ArticleWords:
    """What is read from an article as a whole: whether it is about the Koreas (then "the
    North" is a side), about broadcasting (then every "channel" is a TV channel), or looks
    back (an anniversary piece, a timeline: nothing in it is news)."""

    korea: re.Pattern[str]
    broadcasting: re.Pattern[str]
    looks_back: re.Pattern[str]


@dataclass(frozen=True, eq=False)
class Language:
    code: str
    cues: Cues
    markers: Markers
    kinds: KindWords
    clauses: Clauses
    splitter: Splitter
    articles: ArticleWords
    calibration: Calibration | None = None  # calibration.json: None, and the rules' scores


def load_language(code: str = "en", root: Path = LANG_ROOT) -> Language:
    """The bundle of `root/<code>/`, read once per process."""
    if code == "en" and root is LANG_ROOT:
        return _english()  # detect()'s default, asked once per article: no key to hash
    return _load(code, root)


@functools.cache
def _english() -> Language:
    return _load("en", LANG_ROOT)


@functools.cache  # keyed on both arguments however they were passed
def _load(code: str, root: Path) -> Language:
    if not _CODE.fullmatch(code):
        raise LanguageError(f"{code!r} is not a language code (such as 'en' or 'pt-BR')")
    folder = root / code
    if not folder.is_dir():
        raise LanguageError(f"no folder {folder} for language {code!r}")
    articles = _read(folder, "articles.toml")
    return Language(
        code=code,
        cues=read_cues(_read(folder, "cues.toml")),
        markers=read_markers(_read(folder, "markers.toml")),
        kinds=read_kinds(_read(folder, "kinds.toml")),
        clauses=read_clauses(_read(folder, "clauses.toml")),
        splitter=read_splitter(_read(folder, "text.toml")),
        articles=ArticleWords(
            korea=articles.pattern("korea"),
            broadcasting=articles.pattern("broadcasting"),
            looks_back=articles.pattern("looks_back"),
        ),
        calibration=read_calibration(folder / CALIBRATION_FILE),
    )


def _read(folder: Path, name: str) -> Table:
    path = folder / name
    label = f"{folder.name}/{name}"
    try:
        with path.open("rb") as handle:
            return Table(label, "", tomllib.load(handle))
    except FileNotFoundError as exc:
        raise LanguageError(f"{label}: missing") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LanguageError(f"{label}: not valid TOML: {exc}") from exc
