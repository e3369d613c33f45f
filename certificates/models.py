import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, ScopedQuerySet

VALIDITY_MONTHS = 36
RENEWAL_WINDOW_OPENS_DAYS = 180  # a re-evaluation dossier is filed no earlier than 180 days before expiry
RENEWAL_WINDOW_CLOSES_DAYS = 120  # and no later than 120 days before it
LATE_FILER_GRACE_DAYS = 180  # a late filer's certificate holds until the decision, at most 180 days past expiry
WITHDRAWAL_DECISION_DAYS = 15


def withdrawal_deadline(concluded_on: datetime.date) -> datetime.date:
    """The last day for the withdrawal decision: 15 (calendar) days after the conclusion, its day not counted."""
    return concluded_on + datetime.timedelta(days=WITHDRAWAL_DECISION_DAYS)


class Recognition(models.Model):
    """The decision recognising a dossier's result: the provincial Chairman's for 3★/4★, the Minister's
    for 5★. A ≥ 90 provincial result is first "approved and proposed for 5★" (no recognition yet)."""

    class Authority(models.TextChoices):
        PROVINCE = "province", _("Chủ tịch UBND tỉnh")
        MINISTRY = "ministry", _("Bộ trưởng Bộ Nông nghiệp và Môi trường")

    application = models.OneToOneField("dossiers.Application", on_delete=models.PROTECT, related_name="recognition")
    evaluation = models.ForeignKey("evaluation.Evaluation", on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(_("cấp công nhận"), max_length=10, choices=Authority.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=150)
    stars = models.PositiveSmallIntegerField(_("hạng sao"))
    legal_version = models.ForeignKey("criteria.LegalVersion", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.decision_date:%d/%m/%Y})"


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("Còn hiệu lực")
    DUE_FOR_RENEWAL = "due_for_renewal", _("Đến hạn đánh giá lại")
    EXTENDED = "extended", _("Gia hạn chờ kết quả đánh giá lại")
    EXPIRED = "expired", _("Hết hiệu lực")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã thay thế bằng giấy mới")


SHOWS_STAR = {CertificateStatus.ACTIVE, CertificateStatus.DUE_FOR_RENEWAL, CertificateStatus.EXTENDED}
# Nothing is filed for a withdrawn certificate (the product starts again) or a superseded one (its successor is
# the one re-evaluated).
NO_REEVALUATION = {CertificateStatus.WITHDRAWN, CertificateStatus.SUPERSEDED}


class Certificate(models.Model):
    """Giấy chứng nhận sản phẩm OCOP: valid 36 months from issue. Its status is computed at read time from
    the dates, the withdrawal and any newer certificate, so a star disappears the day it should."""

    number = models.CharField(_("số giấy chứng nhận"), max_length=40, unique=True)
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="certificates"
    )
    application = models.OneToOneField(
        "dossiers.Application",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    recognition = models.OneToOneField(
        Recognition,
        verbose_name=_("quyết định công nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    stars = models.PositiveSmallIntegerField(_("hạng sao"))
    legal_version = models.ForeignKey(
        "criteria.LegalVersion", verbose_name=_("văn bản áp dụng"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey("areas.Area", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    area_at_issue = models.ForeignKey(
        "areas.Area",
        verbose_name=_("địa bàn khi cấp"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị hành chính ghi trên quyết định"),
    )
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    issued_on = models.DateField(_("ngày cấp"))
    expires_on = models.DateField(_("ngày hết hạn"))
    extended_until = models.DateField(_("gia hạn đến"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("thay bằng giấy chứng nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    withdrawn_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    imported = models.BooleanField(_("nhập từ dữ liệu cũ"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    # The province is the certificate's own: the one whose Chairman recognised it.
    scope = Scope(
        producer="product__producer_id", commune="product__producer__current_commune_id", province="province_id"
    )

    class Meta:
        verbose_name = _("giấy chứng nhận OCOP")
        verbose_name_plural = _("giấy chứng nhận OCOP")
        ordering = ["-issued_on", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "issued_on", "id"], name="certificate_province_list"),
            models.Index(fields=["issued_on", "id"], name="certificate_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.product} ({self.stars}★)"

    def get_absolute_url(self) -> str:
        return reverse("certificates:detail", args=[self.number])

    def status_on(self, day: datetime.date) -> CertificateStatus:
        if self.withdrawn_on and self.withdrawn_on <= day:
            return CertificateStatus.WITHDRAWN
        if self.superseded_by_id:
            return CertificateStatus.SUPERSEDED
        if day > self.expires_on:
            if self.extended_until and day <= self.extended_until:
                return CertificateStatus.EXTENDED
            return CertificateStatus.EXPIRED
        if day >= self.expires_on - datetime.timedelta(days=RENEWAL_WINDOW_OPENS_DAYS):
            return CertificateStatus.DUE_FOR_RENEWAL
        return CertificateStatus.ACTIVE

    @property
    def status(self) -> CertificateStatus:
        return self.status_on(timezone.localdate())

    @property
    def shows_star(self) -> bool:
        return self.status in SHOWS_STAR

    @property
    def authority_title(self) -> str:
        """Who recognised it, as the certificate prints it: the Minister for 5★, otherwise the Chairman of the
        province's People's Committee, named with the province's own type ("Chủ tịch UBND Thành phố Hà Nội")."""
        if self.stars >= 5:
            return gettext("Bộ trưởng Bộ Nông nghiệp và Môi trường")
        return gettext("Chủ tịch UBND %(province)s") % {"province": self.province.name}


class WithdrawalGround(models.TextChoices):
    """The six grounds of QĐ 26/2026 Điều 8."""

    FALSE_INFORMATION = "a", _("a) Thông tin không trung thực, giả mạo hồ sơ")
    CRITERIA_NOT_MET = "b", _("b) Sản phẩm không còn đáp ứng tiêu chí theo kết luận kiểm tra")
    LAW_VIOLATION = "c", _("c) Vi phạm pháp luật về chất lượng, an toàn thực phẩm, môi trường, sở hữu trí tuệ, nhãn")
    MARK_MISUSE = "d", _("d) Sử dụng nhãn hiệu OCOP sai mục đích, gây nhầm lẫn")
    STOPPED_PRODUCING = "dd", _("đ) Chủ thể không còn sản xuất sản phẩm")
    OTHER = "e", _("e) Trường hợp khác theo kết luận của cơ quan có thẩm quyền")


class Withdrawal(models.Model):
    """The decision withdrawing a certificate. It is due within 15 days of the conclusion that grounds it; the
    limit binds the officials, so a decision taken later is still recorded, marked late with the reason."""

    certificate = models.OneToOneField(
        Certificate, verbose_name=_("giấy chứng nhận"), on_delete=models.PROTECT, related_name="withdrawal"
    )
    ground = models.CharField(_("căn cứ thu hồi"), max_length=2, choices=WithdrawalGround.choices)
    conclusion = models.TextField(_("kết luận làm căn cứ"))
    concluded_on = models.DateField(_("ngày có kết luận"))
    decision_number = models.CharField(_("số quyết định thu hồi"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=150)
    late = models.BooleanField(_("quyết định muộn"), default=False)
    late_reason = models.TextField(_("lý do quyết định muộn"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định thu hồi")
        verbose_name_plural = _("quyết định thu hồi")

    def __str__(self) -> str:
        return f"{self.decision_number}: {self.certificate.number}"

    @property
    def deadline(self) -> datetime.date:
        return withdrawal_deadline(self.concluded_on)


class RenewalReminder(models.Model):
    """A reminder sent about a certificate's renewal; one per (certificate, kind), so reminders are safe to
    re-run."""

    class Kind(models.TextChoices):
        WINDOW_OPEN = "window_open", _("Mở thời hạn nộp hồ sơ đánh giá lại")
        WINDOW_CLOSING = "window_closing", _("Sắp hết thời hạn nộp hồ sơ")
        EXPIRED = "expired", _("Giấy chứng nhận đã hết hiệu lực")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["certificate", "kind"], name="reminder_unique")]

    def __str__(self) -> str:
        return f"{self.certificate.number}: {self.get_kind_display()}"


def signed_decision_path(instance, filename: str) -> str:
    return f"signed-decisions/{instance.signed_at:%Y}/{instance.sha256}.pdf"


class SignedDecision(models.Model):
    """A decision (recognition or withdrawal) as the official signed it on the platform: the signed PDF is
    stored once and every download serves these bytes, never a new signature. A decision is the set of
    recognitions (or withdrawals) one authority recorded under one number (one decision lists several
    products); `key` names that set, so a decision is signed only once."""

    class Kind(models.TextChoices):
        # The values are signing.kinds.DocumentKind's.
        RECOGNITION = "recognition_decision", _("Quyết định công nhận")
        WITHDRAWAL = "withdrawal_decision", _("Quyết định thu hồi")

    key = models.CharField(_("khóa quyết định"), max_length=120, unique=True, editable=False)
    kind = models.CharField(_("loại quyết định"), max_length=30, choices=Kind.choices)
    authority = models.CharField(_("cấp quyết định"), max_length=10, choices=Recognition.Authority.choices)
    province = models.ForeignKey(
        "areas.Area", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("số quyết định"), max_length=50)
    file = models.FileField(_("tệp đã ký"), upload_to=signed_decision_path)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    signed_at = models.DateTimeField(_("thời điểm ký"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ký số"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("quyết định đã ký số")
        verbose_name_plural = _("quyết định đã ký số")
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
