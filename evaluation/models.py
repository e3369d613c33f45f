from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import Reach, Scope, ScopedQuerySet
from core.codes import random_code
from dossiers.models import ApplicationKind, ApplicationStatus


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Cấp trung ương")


class CouncilRegulation(models.Model):
    """A council's operating regulation (Quy chế), as data: each province sets its own; the row without a
    province is the central council's."""

    province = models.OneToOneField(
        "areas.Area", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    quorum = models.PositiveSmallIntegerField(_("số thành viên tối thiểu chấm điểm"), default=5)
    max_gap = models.DecimalField(
        _("chênh lệch tối đa giữa các thành viên (điểm)"), max_digits=5, decimal_places=2, default=10
    )

    class Meta:
        verbose_name = _("quy chế hội đồng")
        verbose_name_plural = _("quy chế hội đồng")

    def __str__(self) -> str:
        return str(self.province or _("Hội đồng trung ương"))


class Round(models.Model):
    """An evaluation round (đợt đánh giá) with its council. Provinces hold at least two a year (dossiers
    proposed by 30/4 evaluated by 30/6, by 30/10 by 30/12); the ministry likewise (30/7 → 30/9, 30/1 → 30/3)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang tiếp nhận")
        SCORING = "scoring", _("Đang chấm điểm")
        CLOSED = "closed", _("Đã kết thúc")

    code = models.CharField(max_length=10, unique=True, default=random_code, editable=False)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        "areas.Area", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên đợt"), max_length=200)
    proposal_cutoff = models.DateField(_("hạn đề xuất hồ sơ"))
    evaluate_by = models.DateField(_("hạn hoàn thành đánh giá"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    council_decision = models.CharField(_("quyết định thành lập hội đồng"), max_length=100, blank=True)
    legal_version = models.ForeignKey("criteria.LegalVersion", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    # National roles see every round; a province's OCOP officers and inspectors its provincial rounds; council and
    # advisory members only the rounds they sit on (a council member has no business in another council's
    # dossiers), until the round is closed.
    scope = Scope(
        office=Reach("province_id", when=models.Q(level=Level.PROVINCE)),
        seat=Reach("memberships__user", when=~models.Q(status=Status.CLOSED)),
    )

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-evaluate_by", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "level", "evaluate_by", "id"], name="round_province_list"),
            models.Index(fields=["evaluate_by", "id"], name="round_list_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluation:round", args=[self.code])


class CouncilMembership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch hội đồng")
        MEMBER = "member", _("Thành viên hội đồng")
        ADVISOR = "advisor", _("Thành viên tổ tư vấn")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_memberships")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    agency = models.CharField(_("cơ quan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def scores(self) -> bool:
        return self.role in (self.Role.CHAIR, self.Role.MEMBER)

    @property
    def is_chair(self) -> bool:
        return self.role == self.Role.CHAIR

    @property
    def is_advisor(self) -> bool:
        return self.role == self.Role.ADVISOR


class Evaluation(models.Model):
    """One dossier's evaluation in a round: the members' sheets and, once the chair closes it, the result
    computed with the sheet of the dossier's legal version (kept as computed; never recomputed).

    A re-evaluation at expiry is decided by written opinions (`by_written_opinion`, Điều 7.6.d–e): each
    member's sheet with their opinion; the council meets only when the opinions diverge or the chair finds
    the case complex (`meeting_called_at`, with the reason; the opinions given until then are kept in
    `written_opinions`). Its site is inspected only when flagged (`inspection_ground`, Điều 7.6.c)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang chấm")
        CLOSED = "closed", _("Đã kết thúc")

    class InspectionGround(models.TextChoices):
        LARGE_CHANGES = "large_changes", _("Thay đổi lớn về quy mô sản xuất")
        UNCLEAR_EVIDENCE = "unclear_evidence", _("Hồ sơ minh chứng không rõ ràng")

    code = models.CharField(max_length=10, unique=True, default=random_code, editable=False)
    application = models.ForeignKey(
        "dossiers.Application", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="evaluations"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("đợt đánh giá"), on_delete=models.PROTECT, related_name="evaluations"
    )
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    legal_version = models.ForeignKey(
        "criteria.LegalVersion", verbose_name=_("văn bản áp dụng"), on_delete=models.PROTECT, related_name="+"
    )
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet", verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # The result, written once when the chair closes the session.
    rankable = models.BooleanField(_("được xếp hạng"), null=True)
    reason = models.TextField(_("lý do không đạt"), blank=True)
    mean_total = models.DecimalField(_("điểm trung bình"), max_digits=9, decimal_places=6, null=True)
    parts = models.JSONField(_("điểm trung bình từng phần"), default=dict, blank=True)
    member_totals = models.JSONField(_("tổng điểm của từng thành viên"), default=dict, blank=True)
    criterion_means = models.JSONField(_("điểm trung bình từng tiêu chí"), default=dict, blank=True)
    band = models.PositiveSmallIntegerField(_("khung điểm (sao)"), null=True)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True)
    failed_minimums = models.JSONField(_("tiêu chí chưa đạt yêu cầu tối thiểu"), default=list, blank=True)
    divergence_flag = models.BooleanField(_("chênh lệch quá mức"), default=False)
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kết thúc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting_called_at = models.DateTimeField(_("triệu tập họp lúc"), null=True, blank=True)
    meeting_called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người triệu tập họp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting_reason = models.TextField(_("lý do họp trực tiếp"), blank=True)
    written_opinions = models.JSONField(
        _("ý kiến bằng văn bản"),
        default=dict,
        blank=True,
        help_text=_("Tổng điểm và ý kiến của từng thành viên đã nộp khi hội đồng được triệu tập họp"),
    )
    inspection_ground = models.CharField(
        _("căn cứ kiểm tra thực tế"), max_length=20, choices=InspectionGround.choices, blank=True
    )
    inspection_reason = models.TextField(_("lý do kiểm tra thực tế"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        office=(
            Reach("round__province_id", when=models.Q(round__level=Level.PROVINCE)),
            # The central sessions of the province's own dossiers: the province decides when one is returned to it.
            Reach("application__province_id", when=models.Q(level=Level.CENTRAL)),
        ),
        # Council and advisory members see the sessions that need them, and through them their dossiers: in the
        # rounds where they hold a seat, from the dossier's assignment until the round is closed or the session's
        # result is decided. A closed session whose result waits for the decision still needs them: the chair may
        # reopen it for re-scoring until then (`sessions.reopen_evaluation`); only the dossier's latest session can
        # be waiting (an earlier one was decided, e.g. before a re-evaluation).
        seat=Reach(
            "round__memberships__user",
            when=~models.Q(round__status=Round.Status.CLOSED)
            & (
                models.Q(status=Status.OPEN)
                | (
                    models.Q(status=Status.CLOSED)
                    & (
                        models.Q(level=Level.PROVINCE, application__status=ApplicationStatus.SCORED)
                        | models.Q(level=Level.CENTRAL, application__status=ApplicationStatus.CENTRAL_SCORED)
                    )
                    & ~models.Q(application__evaluations__pk__gt=models.F("pk"))
                )
            ),
        ),
    )

    class Meta:
        verbose_name = _("phiên đánh giá")
        verbose_name_plural = _("phiên đánh giá")
        ordering = ["-created_at", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["created_at", "id"], name="evaluation_list_order"),
        ]
        constraints = [models.UniqueConstraint(fields=["application", "round"], name="evaluation_unique")]

    def __str__(self) -> str:
        return f"{self.application} — {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:evaluation", args=[self.code])

    @property
    def by_written_opinion(self) -> bool:
        """The council decides by written opinions: the dossier is a re-evaluation at expiry (Điều 7.6)."""
        return self.application.kind == ApplicationKind.REEVALUATION

    @property
    def in_written_mode(self) -> bool:
        """Still deciding by written opinions: no meeting has been called."""
        return self.by_written_opinion and self.meeting_called_at is None


class MemberSheet(models.Model):
    """One council member's score sheet for one evaluation. Others cannot see it until they submit theirs."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField(_("phương án đã chọn"), default=dict, blank=True)
    knockouts = models.JSONField(_("điều kiện loại đã đánh dấu"), default=list, blank=True)
    stops = models.JSONField(_("điều kiện dừng đã đánh dấu"), default=list, blank=True)
    comment = models.TextField(_("ý kiến của người đánh giá"), blank=True)
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2, null=True)
    submitted_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    # Sheets a user may read: their own; other members' submitted sheets once their own sheet for the same
    # session is submitted (never before, and never another member's draft); and, once the session is closed, the
    # submitted sheets of the rounds the user organises (the province's OCOP officers for its provincial rounds,
    # national roles for all).
    scope = Scope(
        own=(
            "member",
            Reach(
                "evaluation__sheets__member",
                when=models.Q(submitted_at__isnull=False, evaluation__sheets__submitted_at__isnull=False),
            ),
        ),
        organiser=Reach(
            "evaluation__round__province_id",
            when=models.Q(
                submitted_at__isnull=False,
                evaluation__status=Evaluation.Status.CLOSED,
                evaluation__round__level=Level.PROVINCE,
            ),
        ),
        national=models.Q(submitted_at__isnull=False, evaluation__status=Evaluation.Status.CLOSED),
    )

    class Meta:
        verbose_name = _("phiếu chấm của thành viên")
        verbose_name_plural = _("phiếu chấm của thành viên")
        constraints = [models.UniqueConstraint(fields=["evaluation", "member"], name="member_sheet_unique")]

    def __str__(self) -> str:
        return f"{self.member} — {self.evaluation}"


class SiteVisit(models.Model):
    """What the advisory team did beyond reading the dossier: a visit to the production site or an extra
    quality test it asked for."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Khảo sát thực tế cơ sở")
        TEST = "test", _("Yêu cầu kiểm nghiệm bổ sung")
        DOCUMENTS = "documents", _("Yêu cầu bổ sung tài liệu")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="site_visits")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("ngày"))
    findings = models.TextField(_("kết quả"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("khảo sát, kiểm nghiệm")
        verbose_name_plural = _("khảo sát, kiểm nghiệm")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class ResultDecision(models.Model):
    """A decision on a council's result that issues no certificate (a recognition is a
    `certificates.Recognition`): the provincial Chairman's approval of a result of 90 points or more, which
    proposes the product for 5★ (Điều 7.3.e); a result that is not recognised (1★/2★ or not rankable, or a
    returned central result the province does not recognise); the ministry's return of a central result below
    90 to the province, and the province's choice to evaluate such a dossier again (Điều 7.4)."""

    class Kind(models.TextChoices):
        PROPOSED_5 = "proposed_5", _("Phê duyệt kết quả, đề xuất đánh giá 5 sao")
        NOT_RECOGNISED = "not_recognised", _("Không công nhận")
        RETURNED = "returned", _("Trả về tỉnh công nhận 3, 4 sao")
        REEVALUATE = "reevaluate", _("Đánh giá lại ở cấp tỉnh")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("loại quyết định"), max_length=20, choices=Kind.choices)
    decision_number = models.CharField(_("số quyết định, văn bản"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định về kết quả đánh giá")
        verbose_name_plural = _("quyết định về kết quả đánh giá")
        ordering = ["recorded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "kind"], name="result_decision_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decision_number}".strip()
