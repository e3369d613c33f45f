from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, ScopedQuerySet
from core.codes import random_code

# Past results (engine, i9-engine) come first; the import job's models (i9-jobs) follow below.


class CouncilLevel(models.TextChoices):
    """Who evaluated: districts did until QĐ 1489/2025 moved 3★ to the province."""

    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Cấp trung ương")


class ResultKind(models.TextChoices):
    ONE = "1", _("1 sao")
    TWO = "2", _("2 sao")
    THREE = "3", _("3 sao")
    FOUR = "4", _("4 sao")
    FIVE = "5", _("5 sao")
    POTENTIAL_FIVE = "potential_5", _("Tiềm năng 5 sao")
    NOT_RANKED = "not_ranked", _("Không đạt")


class PastResult(models.Model):
    """An evaluation result from before the platform (or kept outside it): a product's result in one year at
    one council level, under the legal version of the time, on the unit of the time. Reports count these with
    the platform's own results: `stars` is the star rank (None for "potential 5★" and "not ranked")."""

    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="past_results"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    legal_version = models.ForeignKey(
        "criteria.LegalVersion", verbose_name=_("văn bản áp dụng"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("cấp hội đồng"), max_length=10, choices=CouncilLevel.choices)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    result = models.CharField(_("kết quả"), max_length=12, choices=ResultKind.choices)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True, editable=False)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("địa bàn khi đánh giá"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị hành chính lúc đó (có thể là đơn vị cũ trước 01/07/2025)"),
    )
    current_commune = models.ForeignKey(
        "areas.Area", verbose_name=_("xã hiện nay"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current_province = models.ForeignKey(
        "areas.Area", verbose_name=_("tỉnh hiện nay"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(producer="product__producer_id", commune="current_commune_id", province="current_province_id")

    class Meta:
        verbose_name = _("kết quả đánh giá trước đây")
        verbose_name_plural = _("kết quả đánh giá trước đây")
        ordering = ["product", "year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year", "level"], name="past_result_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="past_result_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.year} ({self.get_level_display()}): {self.get_result_display()}"


# --- the import job (i9-jobs) ---------------------------------------------------------------------


def import_file_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"history/imports/{instance.code}/{instance.sha256}.{extension}"


class ImportJob(models.Model):
    """One upload of a history workbook and its run in the background: read, checked (a dry run, every
    problem listed), then, on the user's word, imported in one transaction (see `history.jobs`)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Đã tải lên, chờ kiểm tra")
        CHECKING = "checking", _("Đang kiểm tra")
        CHECKED = "checked", _("Đã kiểm tra")
        IMPORTING = "importing", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Lỗi")

    class Phase(models.TextChoices):
        READING = "reading", _("Đọc tệp")
        CHECKING = "checking", _("Kiểm tra từng dòng")
        WRITING = "writing", _("Ghi vào cơ sở dữ liệu")

    code = models.CharField(max_length=10, unique=True, default=random_code, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        "areas.Area",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tỉnh của người tải lên; để trống khi quản trị hệ thống nhập."),
    )
    file = models.FileField(_("tệp"), upload_to=import_file_path)
    filename = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    phase = models.CharField(_("bước"), max_length=10, choices=Phase.choices, blank=True)
    progress_done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    progress_total = models.PositiveIntegerField(_("tổng số"), default=0)
    attempt = models.PositiveIntegerField(
        _("lần chạy"), default=0, help_text=_("Tăng mỗi lần việc được chạy lại; một lần chạy cũ không ghi đè lần mới.")
    )
    heartbeat_at = models.DateTimeField(
        _("lần cuối báo tiến độ"),
        null=True,
        blank=True,
        help_text=_("Việc im lặng quá lâu (HISTORY_IMPORT_STALE_MINUTES) là đã ngừng: cho chạy lại."),
    )
    problems = models.JSONField(_("lỗi"), default=list, blank=True)
    summary = models.JSONField(_("kết quả"), default=dict, blank=True)
    error = models.TextField(_("lỗi hệ thống"), blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    checked_at = models.DateTimeField(_("kiểm tra xong lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("nhập xong lúc"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    # A job holds a whole province's workbook: its province's OCOP officers open it, and the national roles
    # (an administrator's own jobs belong to no province).
    scope = Scope(organiser="province_id")

    class Meta:
        verbose_name = _("lần nhập dữ liệu lịch sử")
        verbose_name_plural = _("lần nhập dữ liệu lịch sử")
        ordering = ["-created_at", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "created_at", "id"], name="importjob_province_list"),
            models.Index(fields=["created_at", "id"], name="importjob_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("history:job", args=[self.code])

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def is_clean(self) -> bool:
        """Checked without a single problem: ready to import."""
        return self.status == self.Status.CHECKED and not self.problems
