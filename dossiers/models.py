from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import Reach, Scope, ScopedQuerySet, Via
from core.codes import random_code


class ApplicationKind(models.TextChoices):
    FIRST = "first", _("Đánh giá lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    REEVALUATION = "reevaluation", _("Đánh giá, phân hạng lại")


class ApplicationStatus(models.TextChoices):
    """The life of a dossier (QĐ 26/2026 Điều 5–7). Only `dossiers.domain` and `evaluation.domain` move it."""

    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp cho xã")
    RETURNED = "returned", _("Trả lại để bổ sung")
    COMMUNE_REVIEWED = "commune_reviewed", _("Xã đã đánh giá, chuyển tỉnh")
    RECEIVED = "received", _("Tỉnh đã tiếp nhận")
    IN_ROUND = "in_round", _("Đang đánh giá trong đợt")
    SCORED = "scored", _("Hội đồng tỉnh đã chấm")
    RECOGNISED = "recognised", _("Đã công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không đạt")
    PROPOSED_5 = "proposed_5", _("Đề xuất đánh giá 5 sao")
    CENTRAL_SCORED = "central_scored", _("Hội đồng trung ương đã chấm")
    RETURNED_TO_PROVINCE = "returned_to_province", _("Trung ương trả về tỉnh công nhận")


FINAL_STATUSES = (ApplicationStatus.RECOGNISED, ApplicationStatus.NOT_RECOGNISED)
# While the province re-evaluates (from its reception of the complete dossier to its decision), the 45 days run.
REEVALUATION_CLOCK = (ApplicationStatus.RECEIVED, ApplicationStatus.IN_ROUND, ApplicationStatus.SCORED)


class Application(models.Model):
    """A product dossier (hồ sơ sản phẩm): Mẫu 01 registration + Mẫu 02 self-assessment with evidence,
    for a first evaluation, an upgrade or a re-evaluation, under the legal version in force when filed."""

    code = models.CharField(_("mã hồ sơ"), max_length=10, unique=True, default=random_code, editable=False)
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(
        _("loại đăng ký"), max_length=20, choices=ApplicationKind.choices, default=ApplicationKind.FIRST
    )
    legal_version = models.ForeignKey(
        "criteria.LegalVersion", verbose_name=_("văn bản áp dụng"), on_delete=models.PROTECT, related_name="+"
    )
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet", verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    commune = models.ForeignKey(
        "areas.Area", verbose_name=_("xã tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey("areas.Area", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    previous_certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("giấy chứng nhận hiện có"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_applications",
        help_text=_("Với hồ sơ nâng hạng hoặc đánh giá lại"),
    )
    # Mẫu 01
    sample_count = models.PositiveSmallIntegerField(_("số mẫu sản phẩm"), default=5)
    commitment = models.BooleanField(_("cam kết thông tin trung thực"), default=False)
    # Mẫu 02
    history = models.TextField(_("lịch sử hình thành"), blank=True)
    business_results = models.TextField(_("kết quả sản xuất, kinh doanh"), blank=True)
    business_plan = models.TextField(_("kế hoạch sản xuất, kinh doanh"), blank=True)
    changes_since_recognition = models.TextField(_("thay đổi so với sản phẩm đã công nhận"), blank=True)
    self_choices = models.JSONField(
        _("tự chấm điểm"), default=dict, blank=True, help_text=_("Mã tiêu chí → vị trí phương án (1, 2, …)")
    )
    self_notes = models.JSONField(_("thuyết minh theo tiêu chí"), default=dict, blank=True)
    # Carried over from the product's last dossier (upgrade, re-evaluation) and not yet reviewed.
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("lập từ hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Hồ sơ trước của sản phẩm mà nội dung được chuyển sang hồ sơ này"),
    )
    review_forms = models.BooleanField(
        _("Mẫu 01, 02 chờ xem lại"), default=False, help_text=_("Chuyển từ hồ sơ trước; xoá khi chủ thể lưu lại")
    )
    review_lines = models.JSONField(
        _("tiêu chí tự chấm chờ xem lại"),
        default=list,
        blank=True,
        help_text=_("Mã các tiêu chí chuyển từ hồ sơ trước; xoá khi chủ thể lưu bảng tự chấm điểm"),
    )
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    commune_deadline = models.DateField(_("hạn xã đánh giá"), null=True, blank=True)
    received_at = models.DateTimeField(_("ngày tỉnh tiếp nhận"), null=True, blank=True)
    evaluation_deadline = models.DateField(
        _("hạn đánh giá, phân hạng lại"),
        null=True,
        blank=True,
        help_text=_("45 ngày kể từ ngày tỉnh nhận đủ hồ sơ đề nghị của xã (hồ sơ đánh giá, phân hạng lại)"),
    )
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        producer="product__producer_id",
        commune="commune_id",
        # The province's officers and inspectors see a dossier once it is filed, never a draft.
        office=Reach("province_id", when=~Q(status=ApplicationStatus.DRAFT)),
        # Council and advisory members: while a session of a round they sit on needs them (`Evaluation.scope`).
        seat=Via("evaluations"),
    )

    class Meta:
        verbose_name = _("hồ sơ sản phẩm")
        verbose_name_plural = _("hồ sơ sản phẩm")
        ordering = ["-created_at", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "created_at", "id"], name="application_province_list"),
            models.Index(fields=["commune", "created_at", "id"], name="application_commune_list"),
            models.Index(fields=["created_at", "id"], name="application_list_order"),
        ]
        constraints = [
            # One dossier in progress per product at a time.
            models.UniqueConstraint(
                fields=["product"],
                condition=~Q(status__in=[s.value for s in FINAL_STATUSES]),
                name="application_one_open_per_product",
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("dossiers:detail", args=[self.code])

    @property
    def current_deadline(self):
        """The legal limit of the step the dossier is in (`dossiers.deadlines`): the commune's 15 working days
        while it waits for the commune; for a re-evaluation, the 45 days from the province's reception until
        the province decides. None when no limit runs."""
        if self.status == ApplicationStatus.SUBMITTED:
            return self.commune_deadline
        if self.kind == ApplicationKind.REEVALUATION and self.status in REEVALUATION_CLOCK:
            return self.evaluation_deadline
        return None

    @property
    def is_overdue(self) -> bool:
        """The step the dossier is in has passed its legal limit."""
        deadline = self.current_deadline
        return deadline is not None and deadline < timezone.localdate()


class DocumentKind(models.TextChoices):
    """Evidence types listed in Mẫu 02, part III."""

    BUSINESS_REGISTRATION = "business_registration", _("Đăng ký kinh doanh")
    PRODUCTION_CONDITIONS = "production_conditions", _("Giấy chứng nhận đủ điều kiện sản xuất")
    RAW_MATERIAL = "raw_material", _("Nguồn gốc nguyên liệu, hợp đồng liên kết, hoá đơn")
    ENVIRONMENT = "environment", _("Hồ sơ môi trường, công nghệ bền vững")
    LABOUR = "labour", _("Danh sách lao động có bảo hiểm")
    FINANCIAL = "financial", _("Xếp loại HTX / báo cáo tài chính 2 năm")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Văn bằng sở hữu trí tuệ")
    DISTRIBUTION = "distribution", _("Hợp đồng phân phối, xuất khẩu, xúc tiến thương mại")
    PROMOTION = "promotion", _("Trang web, tài liệu quảng bá")
    STORY = "story", _("Câu chuyện sản phẩm (tờ rơi, ảnh, phim)")
    QUALITY_DECLARATION = "quality_declaration", _("Bản công bố chất lượng")
    TEST_REPORT = "test_report", _("Phiếu kết quả kiểm nghiệm")
    TRACEABILITY = "traceability", _("Mã số mã vạch, tem truy xuất nguồn gốc")
    QUALITY_SYSTEM = "quality_system", _("Chứng nhận hệ thống quản lý chất lượng")
    AWARD = "award", _("Giải thưởng")
    OTHER = "other", _("Khác")


def document_path(instance, filename: str) -> str:
    return f"documents/{instance.producer.code}/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


# A document is seen by whoever sees a dossier it is attached to.
ATTACHED = Via("uses__application")


class Document(models.Model):
    """An evidence file a producer owns. It is kept and reused in later upgrades and re-evaluations instead
    of being uploaded again; identical content is stored once (same checksum)."""

    code = models.CharField(max_length=10, unique=True, default=random_code, editable=False)
    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("loại tài liệu"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=document_path)
    content_type = models.CharField(_("định dạng"), max_length=100, editable=False)
    extension = models.CharField(max_length=8, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), editable=False)
    sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64, editable=False)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    # Its producer's users see the whole library; everyone else only the documents attached to a dossier they see.
    scope = Scope(producer="producer_id", commune=ATTACHED, office=ATTACHED, seat=ATTACHED, national=ATTACHED)

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["-uploaded_at", "-id"]
        # The document library (a producer's) and the API's list in their default order.
        indexes = [
            models.Index(fields=["producer", "uploaded_at", "id"], name="document_producer_list"),
            models.Index(fields=["uploaded_at", "id"], name="document_list_order"),
        ]
        constraints = [models.UniqueConstraint(fields=["producer", "sha256"], name="document_unique_content")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dossiers:document_file", args=[self.code])

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()


class Evidence(models.Model):
    """A document attached to a dossier, for the whole dossier or for one criterion of the sheet."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="uses")
    criterion_code = models.CharField(_("tiêu chí"), max_length=10, blank=True)
    carried_over = models.BooleanField(
        _("chuyển từ hồ sơ trước, chờ xem lại"), default=False, help_text=_("Xoá khi chủ thể xác nhận minh chứng")
    )

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        constraints = [
            models.UniqueConstraint(fields=["application", "document", "criterion_code"], name="evidence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_code or '—'}: {self.document}"


class CommuneReview(models.Model):
    """Mẫu 03: the commune's report on completeness and its four assessments, and its proposal."""

    class Decision(models.TextChoices):
        FORWARD = "forward", _("Đề nghị tỉnh đánh giá")
        RETURN = "return", _("Trả lại chủ thể bổ sung")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="commune_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    complete = models.BooleanField(_("hồ sơ đầy đủ"))
    local_raw_materials = models.TextField(_("sử dụng nguyên liệu địa phương"))
    local_labour = models.TextField(_("sử dụng lao động địa phương"))
    idea_origin = models.TextField(_("nguồn gốc ý tưởng sản phẩm"))
    local_identity = models.TextField(_("bản sắc, trí tuệ địa phương"))
    decision = models.CharField(_("đề xuất"), max_length=10, choices=Decision.choices)
    report = models.TextField(_("ý kiến, kiến nghị"), blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo đánh giá của xã (Mẫu 03)")
        verbose_name_plural = _("báo cáo đánh giá của xã (Mẫu 03)")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_decision_display()}"


class PublicHoliday(models.Model):
    """A day the government announces on top of the statutory calendar: an extra day off (e.g. a swapped
    day), which working-day deadlines skip, or a make-up working day (usually a Saturday worked in exchange
    for a bridge day off), which they count. Statutory holidays come from the `holidays` package."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=200)
    kind = models.CharField(
        _("loại ngày"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.DAY_OFF,
        help_text=_("Ngày làm việc bù (thường là thứ Bảy) được tính là ngày làm việc trong các thời hạn."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name} ({self.get_kind_display()})"
