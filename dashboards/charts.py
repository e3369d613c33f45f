"""Charts drawn on the server as SVG markup, from numbers: no script, no CDN, and no style attribute (the CSP allows
styles from our own stylesheet only), so colours are classes (`chart-series-N` in dashboards.css) and geometry is
plain SVG attributes. Every bar and point carries its value (`data-value` and a `<title>`), and the page prints the
same numbers in a table next to the chart."""

import html
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 64
SERIES_CLASSES = 6


def escape(text) -> str:
    """The text (a label, possibly a lazy translation) escaped for markup and attributes, as Django's `escape`
    does, without its lazy-string and SafeString wrapping: a map escapes hundreds of labels."""
    return html.escape(str(text))


def _number(value) -> float:
    return float(value or 0)


def _shown(value) -> str:
    if isinstance(value, Decimal | float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value or 0)


ROUND_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8)


def _scale_top(values: list[float]) -> float:
    """The top of the axis: the smallest four grid steps that reach the largest value, a step being a whole round
    number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 times a power of ten): 7 → 8, 30 → 32, 316 → 320."""
    peak = max(values, default=0)
    power = 1
    while True:
        for multiple in ROUND_STEPS:
            step = multiple * power
            if step == int(step) and 4 * step >= peak:
                return 4 * int(step)
        power *= 10


def _frame(title: str, top: float, body: list[str], labels: list[str], slot: float, legend: list[str]) -> SafeString:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i in range(5):  # grid lines and axis values at 0, ¼, ½, ¾ and the top
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="chart-axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_shown(value)}</text>'
        )
    parts.extend(body)
    for i, label in enumerate(labels):
        x = LEFT + slot * (i + 0.5)
        parts.append(
            f'<text class="chart-label" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    for i, name in enumerate(legend):
        x = LEFT + i * (WIDTH - LEFT - RIGHT) / len(legend)
        y = HEIGHT - 18
        parts.append(
            f'<rect class="chart-series-{i % SERIES_CLASSES}" x="{x:.1f}" y="{y - 9}" width="10" height="10"/>'
        )
        parts.append(f'<text class="chart-legend" x="{x + 14:.1f}" y="{y}">{escape(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def bar_chart(*, title: str, labels: list[str], series: list[tuple[str, list]]) -> SafeString:
    """Grouped bars: one group per label, one bar per series (name, values in the order of `labels`)."""
    top = _scale_top([_number(v) for _name, values in series for v in values])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    bar_w = slot * 0.8 / max(len(series), 1)
    body = []
    for s, (name, values) in enumerate(series):
        for i, value in enumerate(values):
            h = plot_h * _number(value) / top
            x = LEFT + slot * i + slot * 0.1 + bar_w * s
            y = TOP + plot_h - h
            body.append(
                f'<rect class="chart-bar chart-series-{s % SERIES_CLASSES}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}" data-series="{escape(name)}" data-label="{escape(labels[i])}" '
                f'data-value="{_shown(value)}">'
                f"<title>{escape(labels[i])} — {escape(name)}: {_shown(value)}</title></rect>"
            )
    return _frame(title, top, body, labels, slot, [name for name, _values in series] if len(series) > 1 else [])


def line_chart(*, title: str, labels: list[str], series: list[tuple[str, list]]) -> SafeString:
    """One line per series across `labels` (e.g. years), a dot with its value at each point."""
    top = _scale_top([_number(v) for _name, values in series for v in values])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    body = []
    for s, (name, values) in enumerate(series):
        points = [(LEFT + slot * (i + 0.5), TOP + plot_h - plot_h * _number(v) / top, v) for i, v in enumerate(values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
        body.append(f'<polyline class="chart-line chart-series-{s % SERIES_CLASSES}" points="{path}"/>')
        for i, (x, y, value) in enumerate(points):
            body.append(
                f'<circle class="chart-dot chart-series-{s % SERIES_CLASSES}" cx="{x:.1f}" cy="{y:.1f}" r="4" '
                f'data-series="{escape(name)}" data-label="{escape(labels[i])}" data-value="{_shown(value)}">'
                f"<title>{escape(labels[i])} — {escape(name)}: {_shown(value)}</title></circle>"
            )
    return _frame(title, top, body, labels, slot, [name for name, _values in series] if len(series) > 1 else [])


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    value: int
    url: str = ""


MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN, MAX_RADIUS = 420, 560, 24, 18
# Circles are coloured by tiers of the value: none, some, and at least half of the largest.
MAP_TIERS = ("map-none", "map-some", "map-many")


def map_chart(*, title: str, places: list[Place]) -> SafeString:
    """Units drawn at their centroids (equirectangular, longitude scaled by the cosine of the mean latitude), each a
    circle whose area grows with its value, linked to `url` when it has one. No tiles, no script."""
    if not places:
        return mark_safe(  # noqa: S308 (the title is escaped)
            f'<svg class="chart map" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="img" aria-label="{escape(title)}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title></svg>'
        )
    lats = [p.latitude for p in places]
    lons = [p.longitude for p in places]
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * squeeze, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    inner_w, inner_h = MAP_WIDTH - 2 * MAP_MARGIN, MAP_HEIGHT - 2 * MAP_MARGIN
    unit = min(inner_w / span_x, inner_h / span_y)
    west, north = min(lons), max(lats)
    peak = max((p.value for p in places), default=0) or 1
    # An image's parts are not for assistive technology, so a map whose units are links is a group of links
    # (links inside role="img" would be interactive controls nested in a non-interactive one: axe's rule).
    role = "group" if any(p.url for p in places) else "img"
    parts = [
        f'<svg class="chart map" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="{role}" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    # Largest circles first, so a small unit next to a large one stays clickable.
    for place in sorted(places, key=lambda p: -p.value):
        x = MAP_MARGIN + (place.longitude - west) * squeeze * unit + (inner_w - span_x * unit) / 2
        y = MAP_MARGIN + (north - place.latitude) * unit + (inner_h - span_y * unit) / 2
        radius = 2 + MAX_RADIUS * math.sqrt(place.value / peak)
        tier = MAP_TIERS[0 if not place.value else 2 if place.value * 2 >= peak else 1]
        label = escape(place.label)
        circle = (
            f'<circle class="map-unit {tier}" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
            f'data-label="{label}" data-value="{place.value}">'
            f"<title>{label}: {place.value}</title></circle>"
        )
        link = f'<a href="{escape(place.url)}" aria-label="{label}: {place.value}">{circle}</a>'
        parts.append(link if place.url else circle)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
