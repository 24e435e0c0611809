"""The world map's shapes (world-110m.json, built by tools/build_world_map.mjs; README.md
says where they come from), keyed by the ISO 3166-1 alpha-2 codes the app stores.

Read once per process: the file is part of the release, like a template.
"""

import json
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


@cache
def world() -> World:
    data = json.loads(ASSET.read_text(encoding="utf-8"))
    shapes = [Shape(_code(s["id"]), s["name"], Box(*s["box"]), s["d"]) for s in data["shapes"]] + [
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
