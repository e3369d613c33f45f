from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, ScopedQuerySet
from core.codes import random_code
from core.text import word_search


class ProductQuerySet(ScopedQuerySet):
    def search(self, text: str):
        """Whole-word, diacritic-insensitive search on the name (see `core.text.word_search`), or a code."""
        text = text.strip()
        return self.filter(word_search("search_key", text) | Q(official_code__startswith=text.upper()))


class Product(models.Model):
    """A product or service that a producer registers for OCOP evaluation."""

    code = models.CharField(_("mã tra cứu"), max_length=10, unique=True, default=random_code, editable=False)
    official_code = models.CharField(
        _("mã sản phẩm"),
        max_length=40,
        unique=True,
        editable=False,
        help_text=_("(Mã tỉnh)-(Mã xã)-(Số thứ tự)-(Năm) theo QĐ 26/2026 và QĐ 19/2025"),
    )
    commune_serial = models.PositiveIntegerField(_("số thứ tự trong xã"), editable=False)
    serial_area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("xã cấp số thứ tự"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("Xã hiện nay cấp số thứ tự cho sản phẩm"),
    )
    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products"
    )
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet", verbose_name=_("bộ sản phẩm"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    specification = models.CharField(
        _("quy cách"), max_length=255, blank=True, help_text=_("Khối lượng, thể tích, đóng gói…")
    )
    standard = models.CharField(_("tiêu chuẩn công bố"), max_length=255, blank=True)
    gtin = models.CharField(
        _("mã GTIN (mã vạch)"), max_length=14, blank=True, help_text=_("GTIN-8, 12, 13 hoặc 14; lưu dạng GTIN-14")
    )
    story = models.TextField(_("câu chuyện sản phẩm"), blank=True)
    quality_declaration = models.CharField(_("bản tự công bố / công bố chất lượng"), max_length=255, blank=True)
    food_safety_certificate = models.CharField(_("giấy chứng nhận cơ sở đủ điều kiện ATTP"), max_length=100, blank=True)
    food_safety_certificate_expires_on = models.DateField(_("ngày hết hạn giấy chứng nhận ATTP"), null=True, blank=True)
    raw_material_area = models.CharField(_("vùng nguyên liệu"), max_length=255, blank=True)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()
    scope = Scope(
        producer="producer_id", commune="producer__current_commune_id", province="producer__current_province_id"
    )

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["name", "id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["name", "id"], name="product_list_order"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["serial_area", "commune_serial"], name="product_serial_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("products:detail", args=[self.code])


class IntellectualProperty(models.Model):
    """An intellectual-property title a product uses (criterion on IP in Part A of every sheet)."""

    class Kind(models.TextChoices):
        TRADEMARK = "trademark", _("Nhãn hiệu")
        GEOGRAPHICAL_INDICATION = "gi", _("Chỉ dẫn địa lý")
        COLLECTIVE_MARK = "collective", _("Nhãn hiệu tập thể")
        CERTIFICATION_MARK = "certification", _("Nhãn hiệu chứng nhận")
        INDUSTRIAL_DESIGN = "design", _("Kiểu dáng công nghiệp")
        PATENT = "patent", _("Sáng chế / giải pháp hữu ích")
        COPYRIGHT = "copyright", _("Quyền tác giả")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Đã nộp đơn")
        GRANTED = "granted", _("Đã cấp văn bằng / được quyền sử dụng")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="ip_titles")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.GRANTED)
    number = models.CharField(_("số đơn / số văn bằng"), max_length=50)
    title = models.CharField(_("tên"), max_length=255)
    issued_on = models.DateField(_("ngày nộp / ngày cấp"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài sản trí tuệ")
        verbose_name_plural = _("tài sản trí tuệ")
        ordering = ["product", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.title}"


def product_image_path(instance, filename: str) -> str:
    return f"products/{instance.product.code}/{random_code(12)}.{instance.image_format}"


def product_thumbnail_path(instance, filename: str) -> str:
    return f"products/{instance.product.code}/thumbs/{random_code(12)}.jpg"


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("ảnh"), upload_to=product_image_path)
    thumbnail = models.ImageField(_("ảnh thu nhỏ"), upload_to=product_thumbnail_path)
    image_format = models.CharField(max_length=5, editable=False)
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["product", "position", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name
