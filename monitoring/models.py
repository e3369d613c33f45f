"""The inspectors' inbox: signals that a product may no longer deserve its OCOP mark (a consumer's fake report,
a stamp the verification page found suspicious, stamps still scanned after their certificate expired or was
withdrawn, a complaint), each triaged into an inspection, a request to the producer, or closed with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import Reach, Scope, ScopedQuerySet
from core.codes import random_code
from stamps.models import Verdict


class Kind(models.TextChoices):
    FAKE_REPORT = "fake_report", _("Phản ánh hàng giả của người tiêu dùng")
    SUSPICIOUS_STAMP = "suspicious", _("Cảnh báo tem nghi bị sao chép")
    AFTER_EXPIRY = "after_expiry", _("Tem vẫn được quét sau khi giấy chứng nhận hết hiệu lực")
    AFTER_WITHDRAWAL = "after_withdrawal", _("Tem vẫn được quét sau khi giấy chứng nhận bị thu hồi")
    COMPLAINT = "complaint", _("Khiếu nại")


# The kinds the scan detection raises, from the verdict the verification page recorded.
SCAN_KINDS = {
    Verdict.SUSPICIOUS: Kind.SUSPICIOUS_STAMP,
    Verdict.EXPIRED: Kind.AFTER_EXPIRY,
    Verdict.WITHDRAWN: Kind.AFTER_WITHDRAWAL,
}


class Status(models.TextChoices):
    OPEN = "open", _("Chờ xử lý")
    ASKED = "asked", _("Đã yêu cầu chủ thể giải trình")
    ANSWERED = "answered", _("Chủ thể đã trả lời")
    INSPECTION = "inspection", _("Đã chuyển kiểm tra")
    CLOSED = "closed", _("Đã đóng")


# An item still in hand: new scans of its stamp or certificate add to it rather than raise another.
LIVE = (Status.OPEN, Status.ASKED, Status.ANSWERED, Status.INSPECTION)


class Signal(models.Model):
    """One item of a province's inbox. It names what it concerns as far as is known (a fake report of an
    unknown code names no stamp; a post-expiry signal names the certificate and the last stamp scanned)."""

    code = models.CharField(_("số tham chiếu"), max_length=10, unique=True, default=random_code, editable=False)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.OPEN)
    report = models.OneToOneField(
        "stamps.FakeReport",
        verbose_name=_("phản ánh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signal",
    )
    stamp = models.ForeignKey(
        "stamps.Stamp", verbose_name=_("tem"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(
        "stamps.StampBatch", verbose_name=_("lô tem"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("giấy chứng nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.CharField(_("kết quả tra cứu tem"), max_length=12, choices=Verdict.choices, blank=True)
    province = models.ForeignKey(
        "areas.Area", verbose_name=_("tỉnh hiện nay"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        "areas.Area", verbose_name=_("xã hiện nay"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("nội dung"), blank=True)
    scans = models.PositiveIntegerField(_("số lượt quét"), default=0)
    first_scan_at = models.DateTimeField(_("lượt quét đầu"), null=True, blank=True)
    last_scan_at = models.DateTimeField(_("lượt quét gần nhất"), null=True, blank=True)
    question = models.TextField(_("yêu cầu gửi chủ thể"), blank=True)
    asked_at = models.DateTimeField(_("yêu cầu lúc"), null=True, blank=True)
    answer = models.TextField(_("trả lời của chủ thể"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("cuộc kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals",
    )
    close_reason = models.TextField(_("lý do đóng"), blank=True)
    public_outcome = models.CharField(
        _("kết quả công bố"),
        max_length=300,
        blank=True,
        help_text=_("Người gửi phản ánh thấy dòng này khi tra cứu số tham chiếu; không ghi thông tin cá nhân."),
    )
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    # The province's inspectors and OCOP officers keep its inbox; the producer sees an item only once it has been
    # asked to answer (never the consumer's report itself: see the views).
    scope = Scope(office="province_id", producer=Reach("producer_id", when=Q(asked_at__isnull=False)))

    class Meta:
        verbose_name = _("tin báo")
        verbose_name_plural = _("tin báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["province", "status"]),
            # The inbox in its default order, a province's and the country's.
            models.Index(fields=["province", "created_at", "id"], name="signal_province_list"),
            models.Index(fields=["created_at", "id"], name="signal_list_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["stamp"],
                condition=Q(kind="suspicious", status__in=LIVE),
                name="monitoring_one_live_suspicious_per_stamp",
            ),
            models.UniqueConstraint(
                fields=["certificate", "kind"],
                condition=Q(kind__in=["after_expiry", "after_withdrawal"], status__in=LIVE),
                name="monitoring_one_live_scan_signal_per_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:detail", args=[self.code])

    @property
    def is_live(self) -> bool:
        return self.status in LIVE


class ScanWatermark(models.Model):
    """How far the scan detection has read the scan log (`ScanEvent.scanned_at`); one row, moved in the same
    transaction as the signals it raised, so a run that is killed leaves it where it was."""

    name = models.CharField(max_length=20, unique=True)
    read_until = models.DateTimeField()

    class Meta:
        verbose_name = _("mốc đọc lượt quét")
        verbose_name_plural = _("mốc đọc lượt quét")

    def __str__(self) -> str:
        return f"{self.name}: {self.read_until:%d/%m/%Y %H:%M}"
