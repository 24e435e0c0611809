"""The world map's shapes (world-110m.json, built by tools/build_world_map.mjs; README.md
says where they come from), keyed by the ISO 3166-1 alpha-2 codes the app stores.

Read once per process: the file is part of the release, like a template.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django_countries import countries

ASSET = Path(__file__).with_name("world-110m.json")
# The smallest view a country's map is cropped to, and its widest aspect ratio.
MIN_VIEW_WIDTH = 260.0
VIEW_ASPECT = 2.0
VIEW_PAD = 0.12


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def union(self, other: "Box") -> "Box":
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Shape:
    """One country as drawn: an outline (`d`), or, too small for the map's scale, a point."""

    code: str  # alpha-2; "" for the few areas without an ISO code (Kosovo, N. Cyprus, ...)
    name: str  # Natural Earth's short name, for the areas the app has no name for
    box: Box
    d: str = ""

    @property
    def is_point(self) -> bool:
        return not self.d

    @property
    def centre(self) -> tuple[float, float]:
        return self.box.centre


@dataclass(frozen=True)
class World:
    width: int
    height: int
    shapes: tuple[Shape, ...]

    @property
    def frame(self) -> Box:
        return Box(0.0, 0.0, float(self.width), float(self.height))

    def by_code(self) -> dict[str, Shape]:
        return _by_code(self)

    def view_around(self, codes: list[str]) -> Box:
        """A view of the map centred on the shapes of `codes` (the first one first: a country
        and its partners), padded, at least MIN_VIEW_WIDTH wide and no wider than
        VIEW_ASPECT times its height, kept inside the map where it can be."""
        found = [self.by_code()[c].box for c in codes if c in self.by_code()]
        if not found:
            return self.frame
        box = found[0]
        for other in found[1:]:
            box = box.union(other)
        width = max(box.width * (1 + 2 * VIEW_PAD), MIN_VIEW_WIDTH)
        height = max(box.height * (1 + 2 * VIEW_PAD), width / VIEW_ASPECT)
        width = max(width, height * 1.4)
        width, height = min(width, self.width), min(height, self.height)
        cx, cy = box.centre
        x0 = min(max(cx - width / 2, 0.0), self.width - width)
        y0 = min(max(cy - height / 2, 0.0), self.height - height)
        return Box(round(x0, 1), round(y0, 1), round(x0 + width, 1), round(y0 + height, 1))


def _code(numeric: str | None) -> str:
    return (countries.alpha2(numeric) or "") if numeric else ""


POINT_BOX = 3.0  # half the side of a point's box, in map units


def _tenths(value: int) -> str:
    """A number of tenths as SVG writes it shortest: 21 -> "2.1", -3 -> "-.3", 10 -> "1"."""
    whole, tenth = divmod(abs(value), 10)
    text = (str(whole) if whole or not tenth else "") + (f".{tenth}" if tenth else "")
    return ("-" if value < 0 else "") + text


def relative_path(d: str) -> str:
    """The same outline in relative moves ("l-.3 1.2 ..."): the map's paths, absolute
    M/L/Z to a tenth, come out about 40% shorter, which every response of a map pays."""
    out: list[str] = []
    x = y = start_x = start_y = 0
    last = ""  # the command letter in force: a run of lines needs its "l" once
    for command, numbers in re.findall(r"([MLZ])([^MLZ]*)", d):
        if command == "Z":
            out.append("z")
            x, y, last = start_x, start_y, "z"
            continue
        values = [round(float(v) * 10) for v in re.findall(r"-?[\d.]+", numbers)]
        for i in range(0, len(values), 2):
            nx, ny = values[i], values[i + 1]
            if command == "M" and not out:
                out.append(f"M{_tenths(nx)} {_tenths(ny)}")
                last = "M"  # numbers after it would be absolute lines: the next one says "l"
            else:
                wanted = "m" if command == "M" and i == 0 else "l"
                letter = "" if wanted == last else wanted
                last = wanted
                dy = _tenths(ny - y)
                sep = "" if dy.startswith("-") else " "
                dx = _tenths(nx - x)
                lead = "" if letter or dx.startswith("-") else " "
                out.append(f"{letter}{lead}{dx}{sep}{dy}")
            x, y = nx, ny
            if command == "M":
                start_x, start_y = nx, ny
    return "".join(out)


@cache
def world() -> World:
    data = json.loads(ASSET.read_text(encoding="utf-8"))
    shapes = [
        Shape(_code(s["id"]), s["name"], Box(*s["box"]), relative_path(s["d"]))
        for s in data["shapes"]
    ] + [
        Shape(
            _code(p["id"]),
            p["name"],
            Box(p["x"] - POINT_BOX, p["y"] - POINT_BOX, p["x"] + POINT_BOX, p["y"] + POINT_BOX),
        )
        for p in data["points"]
    ]
    return World(data["width"], data["height"], tuple(shapes))


@cache
def _by_code(world: World) -> dict[str, Shape]:
    return {s.code: s for s in world.shapes if s.code}
