"""The share card of a channel: a 1200 by 630 PNG (the size Open Graph and Twitter's large card
expect) with the kind, the pair, the channel's name and its state as a word, an icon of the
state's own shape and the badge's colour (views.badges.COLOURS: white text on it reads at
4.5:1), drawn with Pillow in DejaVu Sans, shipped in fonts/ (Pillow's own font has no
accented letters: "Türkiye", "Côte d'Ivoire"; a system font may be missing in production)."""

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..models import State
from .badges import COLOURS

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
PAGE, TEXT, MUTED, RULE = "#ffffff", "#1f2328", "#59636e", "#d1d9e0"
FONTS = Path(__file__).resolve().parent / "fonts"
Font = ImageFont.FreeTypeFont


@dataclass(frozen=True)
class Card:
    kind: str  # "Military"
    pair: str  # the two countries' names
    name: str
    state: str
    when: tuple[str, ...]  # ("since 1 November 2025",), ("on 1 January 2023", "since ...")
    address: str  # "tracker.example.org/channels/cn-us/military/"


@functools.cache
def font(size: int, bold: bool = False) -> Font:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(FONTS / name, size)


def _wrap(text: str, face: Font, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _fit(text: str, face: Font, width: float) -> str:
    """`text` cut with an ellipsis to fit on one line of `width`."""
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _title_lines(name: str, width: float) -> tuple[Font, list[str]]:
    """The name in the largest size that fits in two lines (the last one cut if need be)."""
    for size in (60, 52, 46):
        face = font(size, bold=True)
        lines = _wrap(name, face, width)
        if len(lines) <= 2:
            return face, lines
    return face, [lines[0], _fit(" ".join(lines[1:]), face, width)]


# --- the state icons: the shapes of templates/channels/_state_icon.html, on a 16-unit grid ---


def _open(draw: ImageDraw.ImageDraw, x: float, y: float, u: float) -> None:
    draw.ellipse((x + 2 * u, y + 2 * u, x + 14 * u, y + 14 * u), fill="#fff")


def _limited(draw: ImageDraw.ImageDraw, x: float, y: float, u: float) -> None:
    box = (x + 2.75 * u, y + 2.75 * u, x + 13.25 * u, y + 13.25 * u)
    draw.ellipse(box, outline="#fff", width=round(1.5 * u))
    draw.pieslice(box, -90, 90, fill="#fff")


def _suspended(draw: ImageDraw.ImageDraw, x: float, y: float, u: float) -> None:
    for left in (3, 9.5):
        box = (x + left * u, y + 2.5 * u, x + (left + 3.5) * u, y + 13.5 * u)
        draw.rounded_rectangle(box, radius=u, fill="#fff")


def _severed(draw: ImageDraw.ImageDraw, x: float, y: float, u: float) -> None:
    width = round(2.75 * u)
    draw.line((x + 3.5 * u, y + 3.5 * u, x + 12.5 * u, y + 12.5 * u), fill="#fff", width=width)
    draw.line((x + 12.5 * u, y + 3.5 * u, x + 3.5 * u, y + 12.5 * u), fill="#fff", width=width)


def _unknown(draw: ImageDraw.ImageDraw, x: float, y: float, u: float) -> None:
    box = (x + 2.75 * u, y + 2.75 * u, x + 13.25 * u, y + 13.25 * u)
    for start in range(0, 360, 45):  # a dashed ring
        draw.arc(box, start, start + 25, fill="#fff", width=round(1.5 * u))


ICONS: dict[str, Callable[[ImageDraw.ImageDraw, float, float, float], None]] = {
    State.OPEN: _open,
    State.LIMITED: _limited,
    State.SUSPENDED: _suspended,
    State.SEVERED: _severed,
    State.UNKNOWN: _unknown,
}


def _brand(draw: ImageDraw.ImageDraw, y: float) -> None:
    green = COLOURS[State.OPEN]
    draw.ellipse((MARGIN, y + 6, MARGIN + 22, y + 28), fill=green)
    draw.ellipse((MARGIN + 50, y + 6, MARGIN + 72, y + 28), fill=green)
    draw.line((MARGIN + 22, y + 17, MARGIN + 50, y + 17), fill=green, width=5)
    draw.text((MARGIN + 90, y), "Channel Tracker", font=font(30, bold=True), fill=MUTED)


def _state_pill(draw: ImageDraw.ImageDraw, card: Card, y: float) -> float:
    """The state as a coloured pill with its icon and its name; returns its right edge."""
    face, label = font(52, bold=True), State(card.state).label
    icon = 60
    width = MARGIN + 28 + icon + 18 + face.getlength(label) + 36
    draw.rounded_rectangle((MARGIN, y, width, y + 100), radius=18, fill=COLOURS[State(card.state)])
    ICONS[card.state](draw, MARGIN + 28, y + 20, icon / 16)
    draw.text((MARGIN + 28 + icon + 18, y + 50), label, font=face, fill="#fff", anchor="lm")
    return width


def render_card(card: Card) -> bytes:
    """The PNG of `card`."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAGE)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    _brand(draw, 56)
    overline = _fit(f"{card.kind.upper()}  ·  {card.pair}", font(30), inner)
    draw.text((MARGIN, 136), overline, font=font(30), fill=MUTED)
    face, lines = _title_lines(card.name, inner)
    for index, line in enumerate(lines):
        draw.text((MARGIN, 190 + index * face.size * 1.2), line, font=face, fill=TEXT)
    right = _state_pill(draw, card, 390)
    room = WIDTH - MARGIN - right - 32
    for index, line in enumerate(card.when[:2]):
        middle = 440 + (index - (len(card.when[:2]) - 1) / 2) * 46
        draw.text(
            (right + 32, middle), _fit(line, font(34), room), font=font(34), fill=TEXT, anchor="lm"
        )
    draw.line((MARGIN, 540, WIDTH - MARGIN, 540), fill=RULE, width=2)
    draw.text((MARGIN, 560), _fit(card.address, font(26), inner), font=font(26), fill=MUTED)
    draw.rectangle((0, HEIGHT - 14, WIDTH, HEIGHT), fill=COLOURS[State(card.state)])
    out = io.BytesIO()
    # Pillow's default compression: optimize=True made a card 4 times slower for 5% fewer bytes.
    image.save(out, format="PNG")
    return out.getvalue()
