"""The history workbook's format, declared once: its four sheets (Chủ thể, Sản phẩm, Kết quả đánh giá, Giấy
chứng nhận), their columns, the words allowed in the enumerated ones. The template, the reader, the checker and
the export all read it.

Sheet titles and headings are part of the file format, so they stay Vietnamese in every UI language; they are
matched ignoring case and diacritics, in any column order. Help texts are translated."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.text import fold

# The file's words for the enumerations, each with the value it stands for. Any word of a list is accepted
# (folded); the first one is what the template offers and the export writes.
PRODUCER_KINDS = {
    "cooperative": ("Hợp tác xã", "HTX"),
    "cooperative_group": ("Tổ hợp tác", "THT"),
    "enterprise": ("Doanh nghiệp", "Doanh nghiệp nhỏ và vừa", "Công ty"),
    "farm": ("Trang trại",),
    "household": ("Hộ kinh doanh", "Hộ sản xuất", "Hộ sản xuất kinh doanh", "Cơ sở sản xuất", "Hộ gia đình"),
    "association": ("Hiệp hội", "Hội"),
    "operating_centre": ("Trung tâm điều hành",),
}
GENDERS = {"female": ("Nữ",), "male": ("Nam",)}
LEVELS = {
    "district": ("Cấp huyện", "Huyện"),
    "province": ("Cấp tỉnh", "Tỉnh"),
    "central": ("Cấp trung ương", "Trung ương", "Quốc gia"),
}
RESULTS = {
    "1": ("1 sao",),
    "2": ("2 sao",),
    "3": ("3 sao",),
    "4": ("4 sao",),
    "5": ("5 sao",),
    "potential_5": ("Tiềm năng 5 sao",),
    "not_ranked": ("Không đạt",),
}
CERTIFICATE_STARS = {"3": ("3",), "4": ("4",), "5": ("5",)}
AREA_ERAS = {"2019": ("2019", "Cũ", "Trước 2025"), "2025": ("2025", "Hiện nay", "Mới")}


_WORDS: dict[int, dict[str, str]] = {}


def choice_words(choices: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Folded word → value, for reading a cell (made once per list)."""
    words = _WORDS.get(id(choices))
    if words is None:
        words = _WORDS[id(choices)] = {fold(w): value for value, ws in choices.items() for w in (value, *ws)}
    return words


def written(choices: dict[str, tuple[str, ...]], value: str) -> str:
    """The word the file uses for `value`."""
    return choices[value][0]


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool = False
    help: Any = ""
    choices: dict[str, tuple[str, ...]] | None = None
    kind: str = "text"  # text, date, number: how the template formats the cells
    aliases: tuple[str, ...] = ()  # other headings read as this column (the certificate workbook of before)

    @property
    def offered(self) -> list[str]:
        """The words the template's drop-down list offers."""
        return [words[0] for words in (self.choices or {}).values()]


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    help: Any
    columns: tuple[Column, ...]
    example: dict[str, Any] = field(default_factory=dict)

    def heading(self, key: str) -> str:
        return self.column(key).heading

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def match(self, headings) -> dict[str, int]:
        """Column key → position, for a header row (headings folded, any order; unknown headings ignored)."""
        by_heading = {fold(h): c.key for c in self.columns for h in (c.heading, *c.aliases)}
        positions: dict[str, int] = {}
        for index, heading in enumerate(headings):
            # The template stars the required headings.
            key = by_heading.get(fold(str(heading).replace("*", ""))) if heading not in (None, "") else None
            if key and key not in positions:
                positions[key] = index
        return positions


ERA_HELP = _("2019 (trước 01/07/2025: 63 tỉnh, có cấp huyện) hoặc 2025 (hiện nay). Để trống: theo năm.")
AREA_HELP = _(
    "Mã đơn vị hành chính (xã 5 số, huyện 3 số, tỉnh 2 số) của thời kỳ đó; hoặc để trống và ghi tên xã cùng "
    "huyện, tỉnh. Xã đã sáp nhập trước năm 2025 được ghi như đơn vị cũ nếu quản trị viên đã thêm."
)


def _area_columns(*, code_heading: str = "Mã địa bàn", code_aliases: tuple[str, ...] = ()) -> tuple[Column, ...]:
    return (
        Column("area_code", code_heading, help=AREA_HELP, aliases=code_aliases),
        Column("area_name", "Xã/phường", help=_("Tên xã (hoặc huyện) khi không ghi mã, vd. Xã Phú Nghĩa.")),
        Column("area_district", "Quận/huyện", help=_("Huyện của thời kỳ 2019, giúp phân biệt xã trùng tên.")),
        Column("area_province", "Tỉnh/thành phố", help=_("Tên tỉnh của thời kỳ đó.")),
        Column("area_era", "Thời kỳ địa bàn", help=ERA_HELP, choices=AREA_ERAS),
    )


PRODUCT_CODE_HELP = _("Mã sản phẩm chính thức, vd. 01-10030-3-2026. Để trống thì ghi chủ thể và tên sản phẩm.")
PRODUCER_REFERENCE = (
    Column("producer_tax_code", "Mã số thuế chủ thể", help=_("Chủ thể của sản phẩm, theo mã số thuế.")),
    Column(
        "producer_name",
        "Tên chủ thể",
        help=_("Khi chủ thể (hộ) không có mã số thuế: đúng tên ghi ở trang Chủ thể."),
    ),
)
PRODUCT_REFERENCE = (
    Column("official_code", "Mã sản phẩm", help=PRODUCT_CODE_HELP),
    Column("tax_code", "Mã số thuế chủ thể", help=_("Dùng khi không có mã sản phẩm.")),
    Column("producer_name", "Tên chủ thể", help=_("Khi chủ thể không có mã số thuế.")),
    Column("product_name", "Tên sản phẩm", help=_("Dùng khi không có mã sản phẩm; đúng tên đã ghi.")),
)
VERSION_HELP = _("Mã văn bản: QD1048_2019, QD148_2023, QD148_1489_2025, QD26_2026.")

PRODUCERS = Sheet(
    "producers",
    "Chủ thể",
    _(
        "Mỗi dòng một chủ thể OCOP. Chủ thể được nhận ra theo mã số thuế; hộ không có mã số thuế theo tên và xã. "
        "Chủ thể nhập vào là hồ sơ đã xác minh, không tạo tài khoản."
    ),
    (
        Column(
            "tax_code",
            "Mã số thuế",
            help=_("10 chữ số, 0101234567-001 hoặc 12 chữ số định danh; hộ có thể để trống."),
        ),
        Column("name", "Tên chủ thể", True, _("Tên đầy đủ, vd. Hợp tác xã Nông sản Phú Nghĩa.")),
        Column("kind", "Loại hình", True, _("Chọn trong danh sách."), choices=PRODUCER_KINDS),
        *_area_columns(),
        Column("street_address", "Địa chỉ", help=_("Số nhà, thôn, xóm.")),
        Column("representative_name", "Người đại diện"),
        Column("representative_gender", "Giới tính", help=_("Nam hoặc Nữ."), choices=GENDERS),
        Column("phone", "Điện thoại"),
    ),
    {
        "tax_code": "0100107518",
        "name": "Hợp tác xã Nông sản Phú Nghĩa",
        "kind": "Hợp tác xã",
        "area_name": "Xã Phú Nghĩa",
        "area_district": "Huyện Chương Mỹ",
        "area_province": "Thành phố Hà Nội",
        "area_era": "2019",
        "street_address": "Thôn Đông",
        "representative_name": "Nguyễn Thị Hoa",
        "representative_gender": "Nữ",
        "phone": "0912345678",
    },
)

PRODUCTS = Sheet(
    "products",
    "Sản phẩm",
    _("Mỗi dòng một sản phẩm, theo mã sản phẩm, hoặc theo chủ thể và tên sản phẩm."),
    (
        Column("official_code", "Mã sản phẩm", help=PRODUCT_CODE_HELP),
        *PRODUCER_REFERENCE,
        Column("name", "Tên sản phẩm", True),
        Column("criteria_set", "Bộ sản phẩm", True, _("Số bộ sản phẩm 1–26 theo QĐ 26/2026 Phụ lục I."), kind="number"),
        Column("specification", "Quy cách", help=_("Khối lượng, thể tích, đóng gói…")),
    ),
    {
        "producer_tax_code": "0100107518",
        "name": "Mứt gừng Phú Nghĩa",
        "criteria_set": 7,
        "specification": "Hộp 250 g",
    },
)

RESULTS_SHEET = Sheet(
    "results",
    "Kết quả đánh giá",
    _(
        "Mỗi dòng một kết quả đánh giá của một sản phẩm trong một năm, ở một cấp hội đồng, kể cả dưới 3 sao và "
        "“tiềm năng 5 sao”. 5 sao chỉ do cấp trung ương công nhận; cấp huyện chỉ đến 3 sao và chỉ trước QĐ 1489."
    ),
    (
        *PRODUCT_REFERENCE,
        Column("year", "Năm", True, _("Năm đánh giá, vd. 2021."), kind="number"),
        Column("legal_version", "Văn bản áp dụng", True, VERSION_HELP),
        Column("level", "Cấp hội đồng", True, _("Cấp huyện, cấp tỉnh hoặc cấp trung ương."), choices=LEVELS),
        Column("score", "Điểm", help=_("Điểm trung bình 0–100, nếu có."), kind="number"),
        Column("result", "Kết quả", True, _("1–5 sao, Tiềm năng 5 sao, hoặc Không đạt."), choices=RESULTS),
        Column("decision_number", "Số quyết định", help=_("Quyết định công nhận (3–5 sao), vd. 1520/QĐ-UBND.")),
        Column("decision_date", "Ngày quyết định", help=_("dd/mm/yyyy hoặc ô kiểu ngày."), kind="date"),
        *_area_columns(),
    ),
    {
        "tax_code": "0100107518",
        "product_name": "Mứt gừng Phú Nghĩa",
        "year": 2021,
        "legal_version": "QD1048_2019",
        "level": "Cấp tỉnh",
        "score": 72.5,
        "result": "4 sao",
        "decision_number": "1520/QĐ-UBND",
        "decision_date": "14/09/2021",
    },
)

CERTIFICATES = Sheet(
    "certificates",
    "Giấy chứng nhận",
    _(
        "Mỗi dòng một giấy chứng nhận theo một quyết định công nhận (3–5 sao). Hiệu lực 36 tháng từ ngày cấp. "
        "Tệp nhập giấy chứng nhận cũ (một trang) vẫn dùng được làm trang này."
    ),
    (
        *PRODUCT_REFERENCE,
        Column("decision_number", "Số quyết định", True, _("Số quyết định công nhận, vd. 1234/QĐ-UBND.")),
        Column("decision_date", "Ngày quyết định", True, _("dd/mm/yyyy hoặc ô kiểu ngày."), kind="date"),
        Column("stars", "Hạng sao", True, _("3, 4 hoặc 5."), choices=CERTIFICATE_STARS),
        Column("legal_version", "Văn bản áp dụng", True, VERSION_HELP),
        Column("number", "Số giấy chứng nhận", help=_("Số in trên giấy; để trống thì nền tảng cấp số.")),
        Column("issued_on", "Ngày cấp", help=_("dd/mm/yyyy; để trống thì bằng ngày quyết định."), kind="date"),
        *_area_columns(code_heading="Mã địa bàn khi cấp", code_aliases=("Mã địa bàn",)),
    ),
    {
        "tax_code": "0100107518",
        "product_name": "Mứt gừng Phú Nghĩa",
        "decision_number": "1520/QĐ-UBND",
        "decision_date": "14/09/2021",
        "stars": "4",
        "legal_version": "QD1048_2019",
        "number": "152/GCN-UBND",
    },
)

SHEETS = (PRODUCERS, PRODUCTS, RESULTS_SHEET, CERTIFICATES)
BY_KEY = {s.key: s for s in SHEETS}
GUIDE_TITLE = "Hướng dẫn"
