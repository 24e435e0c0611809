"""site.css is edited by several branches at once: a merge that drops a closing brace nests
every later rule inside the one left open, and browsers then ignore them all silently (the
about page's table scrolled sideways at 360 px, the dashboard lost its phone layout)."""

import re
from pathlib import Path

import pytest

STYLESHEETS = sorted((Path(__file__).resolve().parents[2] / "static" / "css").glob("*.css"))


def depths(css: str) -> list[int]:
    """The nesting depth after each brace, comments and strings left out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'', '""', css)
    depth, found = 0, []
    for brace in re.findall(r"[{}]", css):
        depth += 1 if brace == "{" else -1
        found.append(depth)
    return found


def test_depths_sees_an_unclosed_rule():
    assert depths(".a { color: red; /* } */\n.b { content: '}'; }")[-1] == 1


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda p: p.name)
def test_every_rule_is_closed(path):
    found = depths(path.read_text())
    assert min(found, default=0) >= 0 and found[-1:] in ([], [0]), f"{path.name}: unbalanced"


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda p: p.name)
def test_no_rule_is_nested_in_a_style_rule(path):
    """Only @media and @supports hold rules here; a selector block inside a selector block is
    a lost brace, not CSS nesting (the stylesheets do not use it)."""
    css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
    stack: list[str] = []
    for match in re.finditer(r"([^{};]*)\{|\}", css):
        if match.group(0) == "}":
            stack.pop()
            continue
        prelude = match.group(1).strip()
        if stack and not stack[-1].startswith("@"):
            pytest.fail(f"{path.name}: {prelude!r} is nested inside {stack[-1]!r}")
        stack.append(prelude)
