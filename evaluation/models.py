from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import NATIONAL, PROVINCE_SCOPED, Role
from core.codes import random_code


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


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or user.role == Role.PRODUCER:
            return self.none()
        if user.role in NATIONAL:
            return self
        if user.area_id and (user.role in PROVINCE_SCOPED or user.role == Role.COMMUNE_OFFICER):
            province_id = user.area_id if user.role in PROVINCE_SCOPED else user.area.parent_id
            return self.filter(province_id=province_id)
        return self.none()


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

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-evaluate_by", "-id"]

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


class Evaluation(models.Model):
    """One dossier's evaluation in a round: the members' sheets and, once the chair closes it, the result
    computed with the sheet of the dossier's legal version (kept as computed; never recomputed)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang chấm")
        CLOSED = "closed", _("Đã kết thúc")

    code = models.CharField(max_length=10, unique=True, default=random_code, editable=False)
    application = models.ForeignKey("dossiers.Application", on_delete=models.PROTECT, related_name="evaluations")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="evaluations")
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    legal_version = models.ForeignKey("criteria.LegalVersion", on_delete=models.PROTECT, related_name="+")
    criteria_set = models.ForeignKey("criteria.CriteriaSet", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # The result, written once when the chair closes the session.
    rankable = models.BooleanField(null=True)
    reason = models.TextField(_("lý do không đạt"), blank=True)
    mean_total = models.DecimalField(_("điểm trung bình"), max_digits=9, decimal_places=6, null=True)
    parts = models.JSONField(default=dict, blank=True)
    member_totals = models.JSONField(default=dict, blank=True)
    criterion_means = models.JSONField(default=dict, blank=True)
    band = models.PositiveSmallIntegerField(null=True)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True)
    failed_minimums = models.JSONField(default=list, blank=True)
    divergence_flag = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên đánh giá")
        verbose_name_plural = _("phiên đánh giá")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["application", "round"], name="evaluation_unique")]

    def __str__(self) -> str:
        return f"{self.application} — {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:evaluation", args=[self.code])


class MemberSheet(models.Model):
    """One council member's score sheet for one evaluation. Others cannot see it until they submit theirs."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField(default=dict, blank=True)
    knockouts = models.JSONField(default=list, blank=True)
    stops = models.JSONField(default=list, blank=True)
    comment = models.TextField(_("ý kiến của người đánh giá"), blank=True)
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

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
