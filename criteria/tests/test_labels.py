"""How a sheet's lines are titled on the pages."""

from decimal import Decimal

import pytest

from criteria.models import SheetNode, line_label


@pytest.mark.parametrize(
    ("code", "printed", "maximum", "shown"),
    [
        (
            "A",
            "Phần A: / SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 Điểm)",
            40,
            "Phần A: SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 điểm)",
        ),
        ("C", "Phần C / CHẤT LƯỢNG SẢN PHẨM (35 Điểm)", 35, "Phần C: CHẤT LƯỢNG SẢN PHẨM (35 điểm)"),
        ("C", "PHẦN C / CHẤT LƯỢNG SẢN PHẨM (35 Điểm)", 35, "Phần C: CHẤT LƯỢNG SẢN PHẨM (35 điểm)"),
        ("B", "Phần B: / KHẢ NĂNG TIẾP THỊ (25 điểm)", 25, "Phần B: KHẢ NĂNG TIẾP THỊ (25 điểm)"),
    ],
)
def test_part_label_drops_the_printed_line_break(code, printed, maximum, shown):
    assert line_label(SheetNode.Kind.PART, code, printed, Decimal(maximum)) == shown


def test_part_label_states_the_parts_real_maximum():
    # Set 26 prints "(35 Điểm)" for a part worth 40 points.
    label = "Phần A / SẢN PHẨM VÀ SỨC MẠNH CỘNG ĐỒNG (35 Điểm)"
    assert line_label(SheetNode.Kind.PART, "A", label, Decimal("40.00")) == (
        "Phần A: SẢN PHẨM VÀ SỨC MẠNH CỘNG ĐỒNG (40 điểm)"
    )


def test_other_lines_keep_their_printed_label():
    assert line_label(SheetNode.Kind.CRITERION, "1.1", "Nguồn nguyên liệu", Decimal(3)) == "Nguồn nguyên liệu"
