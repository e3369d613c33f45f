from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import scoped
from certificates.rules import can_import
from core.codes import random_code


def import_file_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"history/imports/{instance.code}/{instance.sha256}.{extension}"


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Jobs a user may open: a province's jobs to its OCOP officers, every job to an administrator. A job
        holds a whole province's workbook, so nobody else (`can_import` leaves only those two roles)."""
        if not can_import(user):
            return self.none()
        return scoped(self, user, commune="province_id", province="province_id", producer="province_id")


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

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần nhập dữ liệu lịch sử")
        verbose_name_plural = _("lần nhập dữ liệu lịch sử")
        ordering = ["-created_at", "-id"]

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
