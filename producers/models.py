from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, ScopedQuerySet
from areas.domain import public_place
from core.codes import random_code
from core.text import word_search

from .validators import validate_tax_code


class ProducerKind(models.TextChoices):
    """Who may register a product (QĐ 26/2026 Điều 2.3)."""

    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
    ENTERPRISE = "enterprise", _("Doanh nghiệp nhỏ và vừa")
    FARM = "farm", _("Trang trại")
    HOUSEHOLD = "household", _("Hộ sản xuất, kinh doanh có đăng ký")
    ASSOCIATION = "association", _("Hội, hiệp hội (du lịch)")
    OPERATING_CENTRE = "operating_centre", _("Trung tâm điều hành, tổ chức tương đương (du lịch)")


TOURISM_ONLY_KINDS = {ProducerKind.ASSOCIATION, ProducerKind.OPERATING_CENTRE}


class EnterpriseForm(models.TextChoices):
    """Legal form of an enterprise: criterion 3.1 scores it with the local-community capital share."""

    LLC = "llc", _("Công ty TNHH")
    PRIVATE = "private", _("Doanh nghiệp tư nhân")
    JOINT_STOCK = "joint_stock", _("Công ty cổ phần")


class Gender(models.TextChoices):
    FEMALE = "female", _("Nữ")
    MALE = "male", _("Nam")


class ProducerQuerySet(ScopedQuerySet):
    def search(self, text: str):
        """Whole-word, diacritic-insensitive search on the name (see `core.text.word_search`), or a code."""
        text = text.strip()
        return self.filter(word_search("search_key", text) | Q(tax_code__startswith=text))


class Producer(models.Model):
    """An OCOP producer (chủ thể OCOP), as declared in Mẫu 01/02, and verified by its commune."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xã xác minh")
        VERIFIED = "verified", _("Đã xác minh")
        REJECTED = "rejected", _("Không xác minh được")

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    name = models.CharField(_("tên chủ thể"), max_length=255)
    kind = models.CharField(_("loại hình"), max_length=30, choices=ProducerKind.choices)
    enterprise_form = models.CharField(
        _("loại hình doanh nghiệp"), max_length=20, choices=EnterpriseForm.choices, blank=True
    )
    tax_code = models.CharField(
        _("mã số thuế / số định danh"),
        max_length=14,
        unique=True,
        # Households brought in from the records of before may have none (None, so that several can).
        null=True,
        blank=True,
        validators=[validate_tax_code],
        error_messages={"unique": _("Đã có chủ thể đăng ký với mã số thuế này. Mỗi mã số thuế chỉ đăng ký một lần.")},
        help_text=_("10 chữ số (doanh nghiệp, HTX), 0101234567-001 (chi nhánh) hoặc 12 chữ số định danh cá nhân"),
    )
    founded_on = models.DateField(_("ngày thành lập / đăng ký"), null=True, blank=True)
    representative_name = models.CharField(_("người đại diện theo pháp luật"), max_length=150)
    representative_position = models.CharField(_("chức vụ"), max_length=100, blank=True)
    representative_gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    representative_ethnicity = models.CharField(_("dân tộc"), max_length=50, default="Kinh")
    representative_has_disability = models.BooleanField(_("người khuyết tật"), default=False)
    street_address = models.CharField(_("địa chỉ (số nhà, thôn, xóm)"), max_length=255)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị hành chính tại thời điểm đăng ký (có thể là đơn vị cũ trước 01/07/2025)"),
    )
    current_commune = models.ForeignKey(
        "areas.Area",
        verbose_name=_("xã hiện nay"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    current_province = models.ForeignKey(
        "areas.Area",
        verbose_name=_("tỉnh hiện nay"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    phone = models.CharField(_("điện thoại"), max_length=20)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang web"), blank=True)
    local_capital_percent = models.DecimalField(
        _("tỷ lệ vốn góp của cộng đồng địa phương (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING)
    status_note = models.CharField(_("ghi chú xác minh"), max_length=500, blank=True)
    verified_at = models.DateTimeField(_("ngày xác minh"), null=True, blank=True)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProducerQuerySet.as_manager()
    scope = Scope(producer="pk", commune="current_commune_id", province="current_province_id")

    class Meta:
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")
        ordering = ["name", "id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["current_province", "name", "id"], name="producer_province_list"),
            models.Index(fields=["current_commune", "name", "id"], name="producer_commune_list"),
            models.Index(fields=["name", "id"], name="producer_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(local_capital_percent__isnull=True)
                | Q(local_capital_percent__gte=0, local_capital_percent__lte=100),
                name="producer_local_capital_percent_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("producers:detail", args=[self.code])

    @property
    def full_address(self) -> str:
        return f"{self.street_address}, {self.area}"

    @property
    def public_address(self) -> str:
        """The address on public pages: today's commune and province, the former units in brackets (load
        `area__parent__parent`, `current_commune` and `current_province` with the producer)."""
        place = public_place(self.area, commune=self.current_commune, province=self.current_province)
        return f"{self.street_address}, {place}"
