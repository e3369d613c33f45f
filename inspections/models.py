"""Post-recognition inspection (kiểm tra sau công nhận, QĐ 26/2026 Điều 9): a province's yearly plans, the
inspections (periodic, from a plan, or ad hoc, from a trigger), their visits with the checklist's findings and
evidence, and the outcome for each product inspected: compliant, advice given, remediation required by a deadline,
or a proposal to withdraw its certificate (which the competent authority then decides through
`certificates.domain.withdrawal`).

An inspection belongs to today's province of the producers it covers (`province`); its inspectors and OCOP
officers see and act on it, the ministry reads all (`accounts.scope`). A producer sees the outcomes of its own
products, so that it knows what it must fix and by when."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, ScopedQuerySet
from certificates.models import WithdrawalGround
from core.codes import random_code

from . import checklist


class InspectionPlan(models.Model):
    """A province's plan of periodic inspections for a year."""

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    province = models.ForeignKey(
        "areas.Area", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="inspection_plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    note = models.TextField(_("nội dung, phạm vi"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(office="province_id")

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "title", "id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "-year", "title", "id"], name="inspectionplan_province_list"),
            models.Index(fields=["-year", "title", "id"], name="inspectionplan_list_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2018, year__lte=2100), name="inspection_plan_year_range")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("inspections:plan", args=[self.code])


class Kind(models.TextChoices):
    PERIODIC = "periodic", _("Định kỳ")
    AD_HOC = "ad_hoc", _("Đột xuất")


class Trigger(models.TextChoices):
    """What opened an inspection; the inbox (`monitoring`) passes one of these when it triages an item."""

    PLAN = "plan", _("Kế hoạch kiểm tra định kỳ")
    FAKE_REPORT = "fake_report", _("Phản ánh tem giả của người tiêu dùng")
    SUSPICIOUS_STAMP = "suspicious_stamp", _("Cảnh báo tem đáng ngờ")
    COMPLAINT = "complaint", _("Đơn thư, phản ánh")
    CERTIFICATE_EXPIRING = "certificate_expiring", _("Giấy chứng nhận sắp hết hiệu lực")
    CERTIFICATE_EXPIRED = "certificate_expired", _("Giấy chứng nhận đã hết hiệu lực")
    POST_EXPIRY_SCANS = "post_expiry_scans", _("Tem vẫn được quét sau khi hết hiệu lực, bị thu hồi")


class Status(models.TextChoices):
    PLANNED = "planned", _("Đã lập")
    IN_PROGRESS = "in_progress", _("Đang kiểm tra")
    CONCLUDED = "concluded", _("Đã kết luận")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN = (Status.PLANNED, Status.IN_PROGRESS)


class Inspection(models.Model):
    """One inspection of one or more producers of a province and their products, by a team of its inspectors."""

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices)
    trigger = models.CharField(_("căn cứ kiểm tra"), max_length=30, choices=Trigger.choices)
    trigger_note = models.CharField(_("chi tiết căn cứ"), max_length=500, blank=True)
    province = models.ForeignKey(
        "areas.Area", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    producers = models.ManyToManyField("producers.Producer", verbose_name=_("chủ thể"), related_name="inspections")
    products = models.ManyToManyField("products.Product", verbose_name=_("sản phẩm"), related_name="inspections")
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("đoàn kiểm tra"), related_name="+")
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    scope_note = models.TextField(_("phạm vi, nội dung kiểm tra"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    conclusion = models.TextField(_("kết luận"), blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(office="province_id")

    class Meta:
        verbose_name = _("đợt kiểm tra")
        verbose_name_plural = _("đợt kiểm tra")
        ordering = ["-starts_on", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "starts_on", "id"], name="inspection_province_list"),
            models.Index(fields=["starts_on", "id"], name="inspection_list_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="inspection_dates"),
            models.CheckConstraint(
                condition=Q(kind="periodic", trigger="plan") | (Q(kind="ad_hoc") & ~Q(trigger="plan")),
                name="inspection_kind_trigger",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%d/%m/%Y} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.code])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class Visit(models.Model):
    """A visit to a producer's establishment for one product of the inspection, with one finding per checklist
    item. A follow-up visit (`follows`) checks a remediation again and may close it."""

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("đợt kiểm tra"), on_delete=models.CASCADE, related_name="visits"
    )
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("ngày kiểm tra"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    follows = models.ForeignKey(
        "Outcome",
        verbose_name=_("kiểm tra lại yêu cầu khắc phục"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(office="inspection__province_id")

    class Meta:
        verbose_name = _("lần kiểm tra thực tế")
        verbose_name_plural = _("lần kiểm tra thực tế")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.product} {self.visited_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:visit", args=[self.code])


class Result(models.TextChoices):
    MET = "met", _("Đạt")
    NOT_MET = "not_met", _("Không đạt")
    NOT_APPLICABLE = "na", _("Không áp dụng")


class Finding(models.Model):
    """The result of one checklist item (`inspections.checklist`) at a visit."""

    visit = models.ForeignKey(Visit, verbose_name=_("lần kiểm tra"), on_delete=models.CASCADE, related_name="findings")
    item = models.CharField(_("nội dung kiểm tra"), max_length=30, choices=checklist.CHOICES)
    result = models.CharField(_("kết quả"), max_length=10, choices=Result.choices)
    note = models.CharField(_("ghi chú"), max_length=1000, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(office="visit__inspection__province_id")

    class Meta:
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = _("kết quả kiểm tra")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="inspection_finding_once")]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.get_result_display()}"


def evidence_path(instance, filename: str) -> str:
    return f"inspections/{instance.visit.inspection.code}/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class Evidence(models.Model):
    """A photo or a PDF taken at a visit, for one of its findings or for the visit as a whole. Its content was
    checked (`dossiers.files.check_upload`); it is served only to those who see the visit."""

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    visit = models.ForeignKey(Visit, verbose_name=_("lần kiểm tra"), on_delete=models.CASCADE, related_name="evidence")
    finding = models.ForeignKey(
        Finding, verbose_name=_("nội dung"), null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path)
    title = models.CharField(_("mô tả"), max_length=200, blank=True)
    content_type = models.CharField(max_length=50, editable=False)
    extension = models.CharField(max_length=5, editable=False)
    size = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(office="visit__inspection__province_id")

    class Meta:
        verbose_name = _("ảnh, tài liệu kiểm tra")
        verbose_name_plural = _("ảnh, tài liệu kiểm tra")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title or self.code

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class OutcomeKind(models.TextChoices):
    COMPLIANT = "compliant", _("Đạt yêu cầu")
    ADVICE = "advice", _("Đã hướng dẫn, tư vấn")
    REMEDIATION = "remediation", _("Yêu cầu khắc phục")
    WITHDRAWAL = "withdrawal", _("Đề xuất thu hồi giấy chứng nhận")


class RemediationStatus(models.TextChoices):
    OPEN = "open", _("Đang khắc phục")
    CLOSED = "closed", _("Đã khắc phục")
    ESCALATED = "escalated", _("Không khắc phục: đã đề xuất thu hồi")


class OutcomeQuerySet(ScopedQuerySet):
    def open_remediations(self):
        return self.filter(kind=OutcomeKind.REMEDIATION, remediation_status=RemediationStatus.OPEN)

    def overdue(self, today: datetime.date):
        return self.open_remediations().filter(deadline__lt=today)


class Outcome(models.Model):
    """The conclusion of an inspection for one of its products (one each, but a remediation left undone may be
    followed by a withdrawal proposal). A remediation carries a deadline and stays open until a follow-up visit
    closes it; a withdrawal proposal names the Điều 8 ground and the certificate, which the
    authority (province for 3★/4★, ministry for 5★) then withdraws, or not, through its own procedure."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("đợt kiểm tra"), on_delete=models.CASCADE, related_name="outcomes"
    )
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="inspection_outcomes"
    )
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể"),
        on_delete=models.PROTECT,
        related_name="inspection_outcomes",
        editable=False,
    )
    kind = models.CharField(_("kết quả"), max_length=20, choices=OutcomeKind.choices)
    note = models.TextField(_("nội dung kết luận, yêu cầu"), blank=True)
    concluded_on = models.DateField(_("ngày kết luận"))
    deadline = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    remediation_status = models.CharField(
        _("tình trạng khắc phục"), max_length=10, choices=RemediationStatus.choices, blank=True
    )
    closed_on = models.DateField(_("ngày hoàn thành khắc phục"), null=True, blank=True)
    closed_by = models.ForeignKey(
        Visit, verbose_name=_("kiểm tra lại"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The reminders already sent (`inspections.domain.reminders`): each at most once.
    reminded_before = models.BooleanField(default=False, editable=False)
    reminded_due = models.BooleanField(default=False, editable=False)
    ground = models.CharField(_("căn cứ thu hồi (Điều 8)"), max_length=2, choices=WithdrawalGround.choices, blank=True)
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("giấy chứng nhận đề xuất thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_proposals",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutcomeQuerySet.as_manager()
    scope = Scope(producer="producer_id", office="inspection__province_id")

    class Meta:
        verbose_name = _("kết luận kiểm tra")
        verbose_name_plural = _("kết luận kiểm tra")
        ordering = ["-concluded_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="remediation", deadline__isnull=False) & ~Q(remediation_status=""))
                | (~Q(kind="remediation") & Q(deadline__isnull=True, remediation_status="")),
                name="inspection_outcome_remediation",
            ),
            models.CheckConstraint(
                condition=(Q(kind="withdrawal", certificate__isnull=False) & ~Q(ground=""))
                | (~Q(kind="withdrawal") & Q(certificate__isnull=True, ground="")),
                name="inspection_outcome_withdrawal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.inspection.code]) + f"#outcome-{self.pk}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.remediation_status == RemediationStatus.OPEN and self.deadline is not None and self.deadline < today
