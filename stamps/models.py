from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, ScopedQuerySet, through
from core.codes import random_code
from products.models import Product


class RevokeReason(models.TextChoices):
    LOST = "lost", _("Bị mất")
    STOLEN = "stolen", _("Bị đánh cắp")
    MISPRINTED = "misprinted", _("In hỏng")


class StampBatch(models.Model):
    """An order of traceability stamps for one lot of a certified product."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ phát hành")
        ISSUING = "issuing", _("Đang phát hành")
        ISSUED = "issued", _("Đã phát hành")
        FAILED = "failed", _("Phát hành lỗi")

    code = models.CharField(max_length=10, unique=True, default=random_code, editable=False)
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="stamp_batches"
    )
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("giấy chứng nhận"),
        on_delete=models.PROTECT,
        related_name="stamp_batches",
    )
    # Today's province of the product's producer, kept on the batch so that a province's list reads its first
    # page from an index (`stampbatch_province_list`) instead of joining two tables and sorting. Set when the batch
    # is ordered; follows the producer when it moves (`stamps.domain.following`).
    province = models.ForeignKey(
        "areas.Area",
        verbose_name=_("tỉnh hiện nay"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    quantity = models.PositiveIntegerField(_("số lượng tem"))
    lot = models.CharField(_("số lô"), max_length=20)
    production_date = models.DateField(_("ngày sản xuất"))
    expiry_date = models.DateField(_("hạn sử dụng"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField(_("đã tạo"), default=0)
    heartbeat_at = models.DateTimeField(
        _("lần cuối việc phát hành báo tiến độ"),
        null=True,
        blank=True,
        help_text=_("Việc phát hành im lặng quá lâu (STAMP_ISSUING_STALE_MINUTES) là đã ngừng: cho phát hành lại."),
    )
    error = models.TextField(blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoke_reason = models.CharField(_("lý do thu hồi"), max_length=200, blank=True, choices=RevokeReason.choices)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = through("product", Product.scope, province="province_id")

    class Meta:
        verbose_name = _("lô tem")
        verbose_name_plural = _("lô tem")
        ordering = ["-created_at", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "created_at", "id"], name="stampbatch_province_list"),
            models.Index(fields=["created_at", "id"], name="stampbatch_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {_('lô')} {self.lot} ({self.quantity})"

    def get_absolute_url(self) -> str:
        return reverse("stamps:batch", args=[self.code])

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.FAILED)

    @property
    def is_writing(self) -> bool:
        """Issuing, past generating: every serial is made and the single insert is running."""
        return self.status == self.Status.ISSUING and self.progress >= self.quantity


class Stamp(models.Model):
    """One printed stamp. Its serial is random (80 bits, Crockford base32, with a check character), never
    sequential; the row stays narrow because provinces hold tens of millions of them."""

    serial = models.CharField(max_length=20, unique=True)
    batch = models.ForeignKey(StampBatch, on_delete=models.PROTECT, related_name="stamps")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=200, blank=True, choices=RevokeReason.choices)

    class Meta:
        verbose_name = _("tem")
        verbose_name_plural = _("tem")

    def __str__(self) -> str:
        return self.serial


class ScanCounter(models.Model):
    """How often a stamp has been checked and when first, beside the stamps table rather than in it: a check
    writes this narrow row (a few hundred fit a page, and only stamps ever checked have one), never the wide
    stamps table of tens of millions of rows. Written by the same statement that records the check
    (`stamps.scanning.record_scan`); a stamp without a row was never checked. Everything a check needs of the
    stamp's history is here: how often, since when, and whether it was caught travelling too fast."""

    # No foreign key constraint in the database (as for ScanEvent.stamp, see there).
    stamp = models.OneToOneField(
        Stamp, primary_key=True, on_delete=models.PROTECT, related_name="counter", db_constraint=False
    )
    count = models.PositiveIntegerField()
    first_scanned_at = models.DateTimeField()
    # Set once a located check of the stamp was judged suspicious (`stamps.scanning.locate_scan`): every later
    # check is suspicious too. Kept here so a check reads it with the count, not by searching the scan log.
    flagged = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("số lượt kiểm tra tem")
        verbose_name_plural = _("số lượt kiểm tra tem")

    def __str__(self) -> str:
        return f"{self.stamp_id}: {self.count}"


class StampSize(models.TextChoices):
    """Label sizes (width × height) that printers sell die-cut on A4 sheets; each has its own layout in
    `stamps.pdf.GEOMETRY`."""

    SMALL = "20x30", _("20 × 30 mm — gói, lọ nhỏ")
    MEDIUM = "30x40", _("30 × 40 mm — tem thường dùng")
    LARGE = "40x50", _("40 × 50 mm — hộp, chai")


def sheet_path(instance, filename: str) -> str:
    # A random name: the file holds printable genuine stamps, so its address must not be guessable.
    return f"stamps/{instance.batch.code}/{random_code(16)}.pdf"


class StampSheet(models.Model):
    """A printable PDF (A4 sheets) of a range of a batch's stamps, in the stamp size the user chose (the grid
    and QR size follow from it and are kept with it); rendered by a background job that reports its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ tạo")
        RENDERING = "rendering", _("Đang tạo")
        READY = "ready", _("Sẵn sàng tải về")
        FAILED = "failed", _("Tạo lỗi")

    code = models.CharField(max_length=10, unique=True, default=random_code, editable=False)
    batch = models.ForeignKey(StampBatch, on_delete=models.CASCADE, related_name="sheets")
    first = models.PositiveIntegerField(_("từ tem thứ"), default=1)
    count = models.PositiveIntegerField(_("số tem"))
    columns = models.PositiveSmallIntegerField(_("số cột"))
    rows = models.PositiveSmallIntegerField(_("số hàng"))
    margin_mm = models.DecimalField(_("lề trang (mm)"), max_digits=4, decimal_places=1)
    qr_size_mm = models.DecimalField(_("cỡ mã QR (mm)"), max_digits=4, decimal_places=1)
    stamp_size = models.CharField(_("cỡ tem"), max_length=10, choices=StampSize.choices, default=StampSize.MEDIUM)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField(_("đã vẽ"), default=0)
    # The job's last sign of life (it starts drawing, each page drawn): a sheet queued or rendering whose job has
    # been silent too long is stalled (`stamps.domain.is_sheet_stalled`) and may be queued again.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    file = models.FileField(upload_to=sheet_path, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tệp in tem")
        verbose_name_plural = _("tệp in tem")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.batch.code}: {self.first}–{self.first + self.count - 1}"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)


class Verdict(models.TextChoices):
    GENUINE = "genuine", _("Sản phẩm OCOP chính hãng")
    EXTENDED = "extended", _("Sản phẩm OCOP, giấy chứng nhận đang được gia hạn")
    EXPIRED = "expired", _("Giấy chứng nhận đã hết hiệu lực")
    WITHDRAWN = "withdrawn", _("Giấy chứng nhận đã bị thu hồi")
    REVOKED = "revoked", _("Tem đã bị thu hồi")
    UNKNOWN = "unknown", _("Mã không tồn tại")
    SUSPICIOUS = "suspicious", _("Nghi vấn tem bị sao chép")


class ScanEvent(models.Model):
    """One look-up of a stamp code on the public verification page. Append-only. On PostgreSQL partitioned by
    month of `scanned_at`, with (id, scanned_at) as its primary key (`stamps.partitions`)."""

    # No index of its own: the (stamp, scanned_at) index below serves look-ups by stamp, one index less per check.
    # No constraint in the database either: PostgreSQL checks one by locking the stamp's row (FOR KEY SHARE),
    # which writes that row's page of the wide stamps table on every check, the very write the counter's own
    # table avoids. The stamp id written is the one the check has just read, and stamps are never deleted (every
    # reference to a stamp PROTECTs it; a wrong one is revoked), so no check can name a stamp that is not there.
    stamp = models.ForeignKey(
        Stamp,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scans",
        db_index=False,
        db_constraint=False,
    )
    serial = models.CharField(max_length=40)
    scanned_at = models.DateTimeField(db_index=True)
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    latitude = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    longitude = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("lượt quét")
        verbose_name_plural = _("lượt quét")
        indexes = [models.Index(fields=["stamp", "scanned_at"])]

    def __str__(self) -> str:
        return f"{self.serial} {self.scanned_at:%d/%m/%Y %H:%M} {self.verdict}"


class FakeReport(models.Model):
    """A consumer's report of a suspected fake, as they filed it; the province's inspectors triage it as an item
    of their inbox (`monitoring.Signal`, with the same reference number), which holds its status."""

    code = models.CharField(max_length=10, unique=True, default=random_code, editable=False)
    serial = models.CharField(_("mã trên tem"), max_length=40, blank=True)
    stamp = models.ForeignKey(Stamp, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(
        "areas.Area", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what = models.TextField(_("sự việc"))
    where = models.CharField(_("nơi mua / nơi phát hiện"), max_length=300)
    photo = models.ImageField(_("ảnh"), upload_to="reports/", blank=True)
    contact = models.CharField(_("liên hệ (không bắt buộc)"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    # Handled by the inspectors and OCOP officers of the province it went to (`public.reports`).
    scope = Scope(office="province_id")

    class Meta:
        verbose_name = _("phản ánh hàng giả")
        verbose_name_plural = _("phản ánh hàng giả")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.code}: {self.where}"
