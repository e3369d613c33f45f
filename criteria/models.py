import re
from decimal import Decimal

from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.formatting import points

# A part's printed label: "Phần A: / SẢN PHẨM … (40 Điểm)", the slash standing for the printed line break.
PRINTED_PART = re.compile(r"^\s*phần\s+\w+\s*:?\s*/?\s*(?P<title>.*?)\s*(?:\(\s*[\d.,]+\s*điểm\s*\))?\s*$", re.I)


class LocalizedName:
    """A classification row's name in the active language: the official Vietnamese `name`, or `name_en` on an
    English page when the row has one. `__str__` uses it, so every page, form and list follows the language;
    the audit log keeps Vietnamese (`audit.domain`)."""

    @property
    def localized_name(self) -> str:
        if (get_language() or "").split("-")[0] == "en" and self.name_en:
            return self.name_en
        return self.name


class LegalVersion(models.Model):
    """A decision that fixes the OCOP criteria and procedure. Sheets, evaluations and certificates keep the
    version they were made under: results are never recomputed with a newer one."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("văn bản"), max_length=200)
    signed_on = models.DateField(_("ngày ký"))
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản quy định")
        verbose_name_plural = _("văn bản quy định")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name


class Sector(LocalizedName, models.Model):
    """Ngành (Phụ lục I): six sectors under QĐ 26/2026."""

    legal_version = models.ForeignKey(LegalVersion, on_delete=models.PROTECT, related_name="sectors")
    numeral = models.CharField(_("số hiệu"), max_length=5)
    name = models.CharField(_("ngành"), max_length=255)
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=255,
        blank=True,
        help_text=_("Bản dịch để hiển thị; tên chính thức là tên tiếng Việt"),
    )

    class Meta:
        verbose_name = _("ngành")
        verbose_name_plural = _("ngành")
        ordering = ["legal_version", "id"]
        constraints = [models.UniqueConstraint(fields=["legal_version", "numeral"], name="sector_unique")]

    def __str__(self) -> str:
        return f"{self.numeral}. {self.localized_name}"


class ProductGroup(LocalizedName, models.Model):
    """Nhóm (Phụ lục I): seventeen groups under QĐ 26/2026."""

    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="groups")
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("nhóm"), max_length=255)
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=255,
        blank=True,
        help_text=_("Bản dịch để hiển thị; tên chính thức là tên tiếng Việt"),
    )

    class Meta:
        verbose_name = _("nhóm sản phẩm")
        verbose_name_plural = _("nhóm sản phẩm")
        ordering = ["sector", "id"]
        constraints = [models.UniqueConstraint(fields=["sector", "code"], name="product_group_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.localized_name}"


class CriteriaSet(LocalizedName, models.Model):
    """Bộ sản phẩm: one of the 26 score sheets of QĐ 26/2026 (Phụ lục II), which a product is scored on."""

    legal_version = models.ForeignKey(LegalVersion, on_delete=models.PROTECT, related_name="criteria_sets")
    group = models.ForeignKey(ProductGroup, on_delete=models.PROTECT, related_name="criteria_sets")
    number = models.PositiveSmallIntegerField(_("số bộ"))
    code = models.CharField(_("mã phân loại"), max_length=10, help_text=_("Theo đánh số của Phụ lục I, vd. I.3.c"))
    name = models.CharField(_("bộ sản phẩm"), max_length=255)
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=255,
        blank=True,
        help_text=_("Bản dịch để hiển thị; tên chính thức là tên tiếng Việt"),
    )
    managing_agency = models.CharField(_("cơ quan chủ trì quản lý"), max_length=255)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["legal_version", "number"]
        constraints = [models.UniqueConstraint(fields=["legal_version", "number"], name="criteria_set_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.localized_name}"

    @property
    def sector(self) -> Sector:
        return self.group.sector


class SheetNode(models.Model):
    """One line of a score sheet (Phụ lục II): a part (A/B/C), a group (1…17), a criterion (x.y) or a
    sub-criterion (x.y.z). A node without children is a leaf that each evaluator marks: by ticking one of
    its options, or, when it has none, as a yes/no item worth its maximum."""

    class Kind(models.TextChoices):
        PART = "part", _("Phần")
        GROUP = "group", _("Nhóm tiêu chí")
        CRITERION = "criterion", _("Tiêu chí")
        SUB_CRITERION = "sub", _("Tiêu chí con")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    code = models.CharField(_("mã"), max_length=10)
    label = models.TextField(_("nội dung"))
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField()
    notes = models.JSONField(_("ghi chú"), default=list, blank=True)
    stop_rule = models.BooleanField(
        _("có điều kiện dừng"),
        default=False,
        help_text=_("Ghi chú “không đánh giá các bước tiếp theo” hoặc “bị loại nếu …” gắn với tiêu chí này"),
    )
    stop_on_zero = models.BooleanField(
        _("dừng khi 0 điểm"),
        default=False,
        help_text=_("Dừng đánh giá khi một chỉ tiêu của mục này được 0 điểm (vd. nước khoáng 6.4)"),
    )
    cases = models.JSONField(
        _("các trường hợp"),
        default=list,
        blank=True,
        help_text=_("Với mục “lựa chọn một trong hai trường hợp”: tên từng trường hợp, theo thứ tự phương án"),
    )
    requirement = models.TextField(
        _("yêu cầu bắt buộc"),
        blank=True,
        help_text=_(
            "Ghi chú “Yêu cầu: …” mà không phương án in nào ghi nhận được khi không đạt (vd. 1.1 “100% sản phẩm "
            "được trồng trên địa bàn cấp tỉnh”): phiếu có thêm lựa chọn “không đáp ứng yêu cầu”"
        ),
    )

    class Meta:
        verbose_name = _("dòng phiếu đánh giá")
        verbose_name_plural = _("dòng phiếu đánh giá")
        ordering = ["criteria_set", "position"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "kind", "code"], name="sheet_node_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.label[:60]}"

    @property
    def display_label(self) -> str:
        return line_label(self.kind, self.code, self.label, self.max_points)


def line_label(kind: str, code: str, label: str, max_points: Decimal) -> str:
    """A sheet line's label as the pages show it. A part reads "Phần A: SẢN PHẨM … (40 điểm)": without the
    printed line break, and with the part's maximum (set 26 prints 35 for a part worth 40)."""
    if kind != SheetNode.Kind.PART:
        return label
    match = PRINTED_PART.match(label)
    title = match["title"] if match else label
    return gettext("Phần %(code)s: %(title)s (%(points)s điểm)") % {
        "code": code,
        "title": title,
        "points": points(max_points, trim=True),
    }


class Option(models.Model):
    """A tick box (□) of a leaf, with its points and, where the sheet marks it, the star level for which
    it is the minimum (*** / **** / *****)."""

    node = models.ForeignKey(SheetNode, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("thứ tự"), help_text=_("Thứ tự in trên phiếu, từ 1"))
    label = models.TextField(_("nội dung"))
    points = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)
    min_star = models.PositiveSmallIntegerField(_("yêu cầu tối thiểu cho hạng sao"), null=True, blank=True)
    case = models.CharField(_("trường hợp"), max_length=2, blank=True)
    corrected_from_print = models.BooleanField(default=False)
    raw_points = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("phương án")
        verbose_name_plural = _("phương án")
        ordering = ["node", "position"]
        constraints = [models.UniqueConstraint(fields=["node", "position"], name="option_unique")]

    def __str__(self) -> str:
        return f"{self.points:g} — {self.label[:60]}"


class KnockOutRule(models.Model):
    """A line “Hồ sơ bị loại khi …” of a sheet, numbered from 0 in print order."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="knockouts")
    index = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["criteria_set", "index"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "index"], name="knockout_unique")]

    def __str__(self) -> str:
        return self.text[:80]
