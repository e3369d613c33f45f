"""The OCOP programme as officials run it: annual plans (targets per area, year and indicator), the support
given to producers (funding, consultants) and the training courses and conferences held, with their attendees.

Every record carries today's commune and province it belongs to (`commune`, `province`, derived from its area or
producer when written), so that the scope rule and the reports read one column whatever era the area is of."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, ScopedQuerySet
from core.codes import random_code


class InTodaysUnits(models.Model):
    """The units of today a programme record rolls up to (its commune, none for a province's or a district's own,
    and its province), set by `programme.domain` from its area or producer when it is written; scope reads them."""

    commune = models.ForeignKey(
        "areas.Area",
        verbose_name=_("xã hiện nay"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    province = models.ForeignKey(
        "areas.Area", verbose_name=_("tỉnh hiện nay"), on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        abstract = True


class Indicator(models.TextChoices):
    """What a plan sets a target for. The star indicators count products reaching that rank in the year;
    `STARS_3_PLUS` is the overall "3★ or more" target, which need not equal the sum of the three."""

    DOSSIERS = "dossiers", _("Hồ sơ tiếp nhận")
    EVALUATED = "evaluated", _("Sản phẩm đánh giá, phân hạng")
    STARS_3_PLUS = "stars_3_plus", _("Sản phẩm đạt 3 sao trở lên")
    STARS_3 = "stars_3", _("Sản phẩm đạt 3 sao")
    STARS_4 = "stars_4", _("Sản phẩm đạt 4 sao")
    STARS_5 = "stars_5", _("Sản phẩm đạt 5 sao (tiềm năng 5 sao)")
    NEW_PRODUCERS = "new_producers", _("Chủ thể mới")
    TRAININGS = "trainings", _("Lớp tập huấn")
    EVENTS = "events", _("Hội nghị, sự kiện")
    TRADE_AGREEMENTS = "trade_agreements", _("Thỏa thuận, hợp đồng thương mại")


class Plan(InTodaysUnits):
    """One target of an annual plan: for `area` (a province or commune of today, or a district of before
    1 July 2025 for history), `year` and `indicator`. A province's plan is split over its communes by giving each
    commune its own Plan row for the same year and indicator (see `programme.plans`)."""

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="programme_plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator = models.CharField(_("chỉ tiêu"), max_length=20, choices=Indicator.choices)
    target = models.PositiveIntegerField(_("kế hoạch"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(commune="commune_id", office="province_id")

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("kế hoạch năm")
        ordering = ["-year", "area__code", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "indicator"], name="programme_plan_unique"),
            models.CheckConstraint(condition=Q(year__gte=2018, year__lte=2100), name="programme_plan_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.area.name} {self.year}: {self.get_indicator_display()} {self.target}"


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("Ngân sách trung ương")
    PROVINCIAL = "provincial", _("Ngân sách tỉnh")
    COMMUNE = "commune", _("Ngân sách xã")
    OTHER = "other", _("Nguồn khác, xã hội hóa")


class Funding(InTodaysUnits):
    """Money given to a producer, for one of its dossiers or for the producer as a whole."""

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="fundings"
    )
    application = models.ForeignKey(
        "dossiers.Application",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fundings",
    )
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    source = models.CharField(_("nguồn kinh phí"), max_length=20, choices=FundingSource.choices)
    purpose = models.CharField(_("nội dung hỗ trợ"), max_length=500)
    granted_on = models.DateField(_("ngày hỗ trợ"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(producer="producer_id", commune="commune_id", office="province_id")

    class Meta:
        verbose_name = _("kinh phí hỗ trợ")
        verbose_name_plural = _("kinh phí hỗ trợ")
        ordering = ["-granted_on", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "granted_on", "id"], name="funding_province_list"),
            models.Index(fields=["commune", "granted_on", "id"], name="funding_commune_list"),
            models.Index(fields=["granted_on", "id"], name="funding_list_order"),
        ]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="programme_funding_amount_positive")]

    def __str__(self) -> str:
        return f"{self.producer.name}: {self.amount:,} đ ({self.get_source_display()})".replace(",", ".")


class Consultant(models.Model):
    """A consultant a province works with: a person or a consulting firm."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Cá nhân")
        FIRM = "firm", _("Đơn vị tư vấn")

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=255)
    organisation = models.CharField(_("cơ quan, đơn vị"), max_length=255, blank=True)
    expertise = models.CharField(_("lĩnh vực tư vấn"), max_length=500, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    province = models.ForeignKey(
        "areas.Area", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="programme_consultants"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    # Commune officers of the province see its consultants, to know who advises their producers.
    scope = Scope(commune="province__children__id", office="province_id")

    class Meta:
        verbose_name = _("tư vấn viên")
        verbose_name_plural = _("tư vấn viên, đơn vị tư vấn")
        ordering = ["name", "id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "name", "id"], name="consultant_province_list"),
            models.Index(fields=["name", "id"], name="consultant_list_order"),
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(InTodaysUnits):
    """A consultant advising one producer, or every producer of an area (a firm can advise a whole district's,
    a commune's or a province's producers), from `starts_on` to `ends_on`."""

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    consultant = models.ForeignKey(
        Consultant, verbose_name=_("tư vấn"), on_delete=models.CASCADE, related_name="assignments"
    )
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultant_assignments",
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultant_assignments",
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("nội dung tư vấn"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(producer="producer_id", commune="commune_id", office="province_id")

    class Meta:
        verbose_name = _("phân công tư vấn")
        verbose_name_plural = _("phân công tư vấn")
        ordering = ["-starts_on", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "starts_on", "id"], name="assignment_province_list"),
            models.Index(fields=["starts_on", "id"], name="assignment_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(producer__isnull=False, area__isnull=True) | Q(producer__isnull=True, area__isnull=False),
                name="programme_assignment_producer_or_area",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="programme_assignment_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultant} → {self.producer or self.area}"


class EventKind(models.TextChoices):
    TRAINING = "training", _("Lớp tập huấn, đào tạo")
    CONFERENCE = "conference", _("Hội nghị, hội thảo")
    STUDY_TOUR = "study_tour", _("Tham quan, học tập kinh nghiệm")
    FAIR = "fair", _("Hội chợ, triển lãm, xúc tiến thương mại")
    PRODUCT_WEEK = "product_week", _("Tuần hàng OCOP")
    LIVESTREAM = "livestream", _("Phiên livestream bán hàng")
    ONLINE_FORUM = "online_forum", _("Diễn đàn kết nối cung cầu trực tuyến")
    INTERNATIONAL_FORUM = "international_forum", _("Diễn đàn, hội chợ quốc tế")
    OTHER = "other", _("Sự kiện khác")


# The kinds that connect producers with buyers: shown on the public calendar (`market`).
TRADE_KINDS = (
    EventKind.FAIR,
    EventKind.PRODUCT_WEEK,
    EventKind.LIVESTREAM,
    EventKind.ONLINE_FORUM,
    EventKind.INTERNATIONAL_FORUM,
)


class Event(InTodaysUnits):
    """A training course, conference, study tour, fair… held for the programme, in `area`: at a `place`, or
    online at a `link` (a livestream, an online forum). A trade event may be aimed at sectors and areas, hold
    `capacity` producers and let producers apply (their applications and outcomes are the `market` app's)."""

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    kind = models.CharField(_("loại"), max_length=20, choices=EventKind.choices)
    topic = models.CharField(_("chủ đề"), max_length=300)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    link = models.URLField(_("đường dẫn trực tuyến"), max_length=500, blank=True)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="programme_events"
    )
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=300)
    trainers = models.CharField(_("giảng viên, báo cáo viên"), max_length=500, blank=True)
    sectors = models.ManyToManyField(
        "criteria.Sector", verbose_name=_("ngành hướng tới"), blank=True, related_name="programme_events"
    )
    target_areas = models.ManyToManyField(
        "areas.Area", verbose_name=_("địa bàn hướng tới"), blank=True, related_name="targeted_events"
    )
    capacity = models.PositiveIntegerField(
        _("số chủ thể tối đa"), null=True, blank=True, help_text=_("Để trống nếu không giới hạn")
    )
    accepts_applications = models.BooleanField(_("chủ thể được đăng ký tham gia"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(commune="commune_id", office="province_id")

    class Meta:
        verbose_name = _("lớp tập huấn, hội nghị")
        verbose_name_plural = _("tập huấn, hội nghị")
        ordering = ["-starts_on", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "starts_on", "id"], name="event_province_list"),
            models.Index(fields=["commune", "starts_on", "id"], name="event_commune_list"),
            models.Index(fields=["starts_on", "id"], name="event_list_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="programme_event_dates")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic} ({self.starts_on:%d/%m/%Y})"

    def clean(self):
        if not (self.place.strip() or self.link):
            raise ValidationError({"place": _("Ghi địa điểm, hoặc đường dẫn khi tổ chức trực tuyến.")})


class Attendee(models.Model):
    """Someone who attended an event: an official (by level) or a producer's person (linked to the producer
    when known). Reached only through its event, which carries the scope. `key` makes an attendance sheet
    imported twice add nobody twice."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Cán bộ")
        PRODUCER = "producer", _("Chủ thể")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã")
        OTHER = "other", _("Khác")

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    event = models.ForeignKey(Event, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField(_("đối tượng"), max_length=10, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, blank=True)
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_attendances",
    )
    name = models.CharField(_("họ và tên"), max_length=150)
    organisation = models.CharField(_("đơn vị, chủ thể (khi chưa có trên nền tảng)"), max_length=255, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    key = models.CharField(max_length=200, editable=False)

    class Meta:
        verbose_name = _("người tham dự")
        verbose_name_plural = _("người tham dự")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="programme_attendee_once"),
            models.CheckConstraint(
                condition=Q(kind="official", producer__isnull=True) | Q(kind="producer", level=""),
                name="programme_attendee_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name
