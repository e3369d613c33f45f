"""The server-side SVG charts: every bar and point carries its number, and nothing needs a style attribute."""

import re

import pytest

from dashboards.charts import bar_chart, line_chart


def values(svg: str, element: str) -> list[tuple[str, str, str]]:
    pattern = rf'<{element} [^>]*data-series="([^"]*)" data-label="([^"]*)" data-value="([^"]*)"'
    return re.findall(pattern, svg)


def test_bar_chart_draws_one_bar_per_value_with_its_number():
    svg = bar_chart(title="Kết quả", labels=["2023", "2024"], series=[("3 sao", [5, 0]), ("4 sao", [2, 7])])
    assert values(svg, "rect") == [
        ("3 sao", "2023", "5"),
        ("3 sao", "2024", "0"),
        ("4 sao", "2023", "2"),
        ("4 sao", "2024", "7"),
    ]
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "style=" not in svg


def test_bar_heights_are_proportional_to_the_values():
    svg = bar_chart(title="T", labels=["a", "b"], series=[("s", [10, 5])])
    heights = [float(h) for h in re.findall(r'<rect class="chart-bar[^"]*" [^>]*height="([\d.]+)"', svg)]
    assert heights[0] == pytest.approx(2 * heights[1], abs=0.1)


def test_line_chart_puts_a_point_per_year():
    svg = line_chart(title="Xu hướng", labels=["2022", "2023", "2024"], series=[("3 sao trở lên", [1, 4, 9])])
    assert values(svg, "circle") == [
        ("3 sao trở lên", "2022", "1"),
        ("3 sao trở lên", "2023", "4"),
        ("3 sao trở lên", "2024", "9"),
    ]
    assert svg.count("<polyline") == 1
    assert "style=" not in svg


def test_chart_text_is_escaped():
    svg = bar_chart(title="<b>", labels=["<script>"], series=[("a&b", [1])])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a&amp;b" in svg


def test_empty_chart_is_still_a_drawing():
    svg = bar_chart(title="Không có số liệu", labels=[], series=[])
    assert values(svg, "rect") == [] and svg.endswith("</svg>")


def test_map_draws_each_unit_at_its_place_sized_by_its_value_and_linked():
    from dashboards.charts import Place, map_chart

    svg = map_chart(
        title="Bản đồ",
        places=[
            Place("Hà Nội", 21.0, 105.7, 8, "/bao-cao/?area=a"),
            Place("Ninh Bình", 20.2, 105.9, 2, "/bao-cao/?area=b"),
            Place("Lai Châu", 22.3, 103.2, 0, "/bao-cao/?area=c"),
        ],
    )
    circles = re.findall(
        r'<circle class="map-unit (\w[\w-]*)" cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" '
        r'data-label="([^"]*)" data-value="(\d+)"',
        svg,
    )
    by_label = {c[4]: c for c in circles}
    assert [(c[4], c[5], c[0]) for c in circles] == [
        ("Hà Nội", "8", "map-many"),
        ("Ninh Bình", "2", "map-some"),
        ("Lai Châu", "0", "map-none"),
    ]
    # North is up, west is left; a larger value is a larger circle.
    assert float(by_label["Lai Châu"][2]) < float(by_label["Hà Nội"][2]) < float(by_label["Ninh Bình"][2])
    assert float(by_label["Lai Châu"][1]) < float(by_label["Hà Nội"][1])
    assert float(by_label["Hà Nội"][3]) > float(by_label["Ninh Bình"][3]) > float(by_label["Lai Châu"][3])
    # Links, each named, in a group (not an image, whose parts assistive technology never reaches).
    assert 'role="group" aria-label="Bản đồ"' in svg
    assert '<a href="/bao-cao/?area=a" aria-label="Hà Nội: 8"><circle' in svg
    assert "style=" not in svg


def test_axis_steps_are_whole_round_numbers_reaching_the_largest_value():
    def axis(peak):
        svg = bar_chart(title="T", labels=["a"], series=[("s", [peak])])
        return re.findall(r'<text class="chart-axis"[^>]*>([^<]*)</text>', svg)

    assert axis(7) == ["0", "2", "4", "6", "8"]
    assert axis(316) == ["0", "80", "160", "240", "320"]
    assert axis(0) == ["0", "1", "2", "3", "4"]
