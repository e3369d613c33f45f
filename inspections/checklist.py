"""The visit checklist, drawn from QĐ 26/2026 Điều 9 (content of post-recognition inspection): the criteria as
evaluated are still met, the OCOP mark and stars are used correctly, and the product keeps its labels, stamps,
intellectual-property titles, environmental and food-safety conditions. Declared once, here: the visit form, the
finding's choices, the report and the demo all read `ITEMS`."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    key: str
    section: Promise
    label: Promise
    hint: Promise


CRITERIA = _("Tiêu chí như hồ sơ đã đánh giá")
MARK = _("Sử dụng nhãn hiệu OCOP")
LAW = _("Quy định pháp luật liên quan")

ITEMS: tuple[Item, ...] = (
    Item("raw_materials", CRITERIA, _("Nguyên liệu"), _("Nguồn gốc, vùng nguyên liệu như hồ sơ đã đánh giá")),
    Item("process", CRITERIA, _("Quy trình sản xuất"), _("Cơ sở, quy trình sản xuất, chế biến")),
    Item("packaging", CRITERIA, _("Bao bì, đóng gói"), _("Bao bì, quy cách đóng gói như hồ sơ")),
    Item("labels", CRITERIA, _("Nhãn sản phẩm"), _("Nhãn hàng hóa đúng nội dung bắt buộc")),
    Item(
        "quality_declaration", CRITERIA, _("Công bố chất lượng"), _("Bản tự công bố, tiêu chuẩn áp dụng còn hiệu lực")
    ),
    Item("periodic_tests", CRITERIA, _("Kiểm nghiệm định kỳ"), _("Phiếu kiểm nghiệm định kỳ theo tiêu chuẩn công bố")),
    Item("ocop_mark", MARK, _("Biểu trưng OCOP và hạng sao"), _("Dùng đúng biểu trưng, đúng hạng sao, đúng sản phẩm")),
    Item(
        "traceability", MARK, _("Nhãn và tem truy xuất nguồn gốc"), _("Tem OCOP, mã truy xuất đúng lô, đúng sản phẩm")
    ),
    Item("intellectual_property", LAW, _("Văn bằng sở hữu trí tuệ"), _("Nhãn hiệu, chỉ dẫn địa lý còn hiệu lực")),
    Item("environment", LAW, _("Môi trường"), _("Hồ sơ, điều kiện bảo vệ môi trường")),
    Item("food_safety", LAW, _("An toàn thực phẩm"), _("Giấy chứng nhận cơ sở đủ điều kiện ATTP, điều kiện thực tế")),
)

BY_KEY = {item.key: item for item in ITEMS}
CHOICES = [(item.key, item.label) for item in ITEMS]
