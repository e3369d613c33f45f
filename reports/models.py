"""Rollup tables: the figures of every report, computed from the platform's records and the imported past
results by `reports.rollups` (on change and nightly), never at request time.

`ProductDay` holds one row per product and day on which something happened to it: the dossiers filed, forwarded,
received that day, a result (with its round), the time spent at each step, and every dimension a report groups by
(today's province and commune, the unit of the time and its pre-2025 district, legal version, council level,
producer kind, sector, group, criteria set). Counts of dossiers are summed; products and producers are counted
distinct, so rows per product keep those counts exact over any period. `CertificateFigure` is one row per
certificate; `StampDay` the stamps issued and the scans of one product (or of unknown codes) on one day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, ScopedQuerySet


class Rank(models.IntegerChoices):
    """A result, ordered so that the best of a period is the greatest. "Potential 5★" (QĐ 1048/2019, the
    province's rank) and "proposed for 5★" (a province's 5★ waiting for the central council) sit between 4★ and 5★."""

    NOT_RANKED = 0, _("Không đạt")
    ONE = 10, _("1 sao")
    TWO = 20, _("2 sao")
    THREE = 30, _("3 sao")
    FOUR = 40, _("4 sao")
    POTENTIAL_FIVE = 45, _("Tiềm năng 5 sao")
    PROPOSED_FIVE = 46, _("Đề xuất 5 sao")
    FIVE = 50, _("5 sao")


RECOGNISED = Rank.THREE  # 3★ or more: an OCOP product


class Dimensions(models.Model):
    """The columns every rollup is grouped and scoped by."""

    product = models.ForeignKey("products.Product", null=True, on_delete=models.CASCADE, related_name="+")
    producer = models.ForeignKey("producers.Producer", null=True, on_delete=models.CASCADE, related_name="+")
    current_province = models.ForeignKey("areas.Area", null=True, on_delete=models.PROTECT, related_name="+")
    current_commune = models.ForeignKey("areas.Area", null=True, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        "areas.Area", null=True, on_delete=models.PROTECT, related_name="+", help_text=_("Đơn vị hành chính lúc đó")
    )
    district = models.ForeignKey(
        "areas.Area", null=True, on_delete=models.PROTECT, related_name="+", help_text=_("Huyện lúc đó (trước 2025)")
    )
    producer_kind = models.CharField(max_length=30, blank=True)
    sector = models.ForeignKey("criteria.Sector", null=True, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey("criteria.ProductGroup", null=True, on_delete=models.PROTECT, related_name="+")
    criteria_set = models.ForeignKey("criteria.CriteriaSet", null=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope = Scope(producer="producer_id", commune="current_commune_id", province="current_province_id")

    class Meta:
        abstract = True


class ProductDay(Dimensions):
    """What happened to one product on one day: the dossiers filed, forwarded by the commune, received by the
    province, the step times finished that day, and at most one result (a session closed, or a past result placed on
    its decision date or 31/12 of its year). A report of any period (years, a date range, a round) reads the rows of
    its days; `final` marks the product's final result of the calendar year (the highest council level's, the
    latest), `order` a result's place among the product's results of that year, so that a period cutting a year
    finds the final result within it."""

    day = models.DateField()
    year = models.PositiveSmallIntegerField()
    round = models.ForeignKey("evaluation.Round", null=True, on_delete=models.SET_NULL, related_name="+")
    legal_version = models.ForeignKey("criteria.LegalVersion", null=True, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10, blank=True, help_text=_("Cấp hội đồng của kết quả"))
    rank = models.PositiveSmallIntegerField(choices=Rank.choices, null=True)
    final = models.BooleanField(default=False, help_text=_("Kết quả cuối cùng của sản phẩm trong năm"))
    order = models.PositiveSmallIntegerField(default=0, help_text=_("Thứ tự của kết quả trong năm (1 = đầu tiên)"))
    # Of a year's final result, among the product's final results of other years: the first later year as good or
    # better (9999: none) and the last earlier year better (0: none). It is the best of years first–last exactly
    # when first <= year <= last, next_match_year > last and prev_better_year < first.
    next_match_year = models.PositiveSmallIntegerField(default=9999)
    prev_better_year = models.PositiveSmallIntegerField(default=0)
    imported = models.BooleanField(default=False)
    # Dossiers: filed, forwarded by the commune, received by the province that day; results of sessions closed that day.
    received = models.PositiveIntegerField(default=0)
    forwarded = models.PositiveIntegerField(default=0)
    received_province = models.PositiveIntegerField(default=0)
    evaluated_district = models.PositiveIntegerField(default=0)
    evaluated_province = models.PositiveIntegerField(default=0)
    evaluated_central = models.PositiveIntegerField(default=0)
    # Steps finished that day, against their deadline (calendar days; late = finished after the deadline).
    commune_done = models.PositiveIntegerField(default=0)
    commune_days = models.PositiveIntegerField(default=0)
    commune_late = models.PositiveIntegerField(default=0)
    province_done = models.PositiveIntegerField(default=0)
    province_days = models.PositiveIntegerField(default=0)
    province_late = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu sản phẩm theo ngày")
        verbose_name_plural = _("số liệu sản phẩm theo ngày")
        indexes = [
            models.Index(fields=["current_province", "day"]),
            models.Index(fields=["current_commune", "day"]),
            models.Index(fields=["district", "day"]),
            models.Index(fields=["day"]),
            models.Index(fields=["year"]),
            models.Index(fields=["round"]),
            models.Index(fields=["product", "year"]),
            # The final results of whole years, read without the table (national figures read every product).
            models.Index(
                fields=["year", "rank"],
                include=[
                    "product",
                    "producer",
                    "producer_kind",
                    "current_province",
                    "current_commune",
                    "next_match_year",
                    "prev_better_year",
                ],
                condition=models.Q(final=True),
                name="productday_final_year",
            ),
            models.Index(
                fields=["product", "year"],
                include=["rank"],
                condition=models.Q(final=True),
                name="productday_final_product",
            ),
            # ... and of a province or a commune of today.
            models.Index(
                fields=["current_province", "year", "rank"],
                include=[
                    "product",
                    "producer",
                    "producer_kind",
                    "current_commune",
                    "next_match_year",
                    "prev_better_year",
                ],
                condition=models.Q(final=True),
                name="productday_final_province",
            ),
            models.Index(
                fields=["current_commune", "year", "rank"],
                include=["product", "producer", "producer_kind", "next_match_year", "prev_better_year"],
                condition=models.Q(final=True),
                name="productday_final_commune",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.day:%d/%m/%Y}"


class AreaMonth(models.Model):
    """The dossier counts of `ProductDay` added up per month, per today's commune and per today's province
    (`level`): a report of whole months for the country, a province or a commune of today reads as many rows as there
    are areas and months, whatever the number of products. Rebuilt from `ProductDay` with it (`rollups`)."""

    class Level(models.TextChoices):
        COMMUNE = "commune", _("Xã")
        PROVINCE = "province", _("Tỉnh")

    level = models.CharField(max_length=10, choices=Level.choices)
    current_province = models.ForeignKey("areas.Area", null=True, on_delete=models.PROTECT, related_name="+")
    current_commune = models.ForeignKey("areas.Area", null=True, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text=_("Ngày đầu tháng"))
    received = models.PositiveIntegerField(default=0)
    forwarded = models.PositiveIntegerField(default=0)
    received_province = models.PositiveIntegerField(default=0)
    evaluated_district = models.PositiveIntegerField(default=0)
    evaluated_province = models.PositiveIntegerField(default=0)
    evaluated_central = models.PositiveIntegerField(default=0)
    commune_done = models.PositiveIntegerField(default=0)
    commune_days = models.PositiveIntegerField(default=0)
    commune_late = models.PositiveIntegerField(default=0)
    province_done = models.PositiveIntegerField(default=0)
    province_days = models.PositiveIntegerField(default=0)
    province_late = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(commune="current_commune_id", province="current_province_id")

    class Meta:
        verbose_name = _("số liệu hồ sơ theo tháng")
        verbose_name_plural = _("số liệu hồ sơ theo tháng")
        indexes = [
            models.Index(fields=["level", "current_province", "month"]),
            models.Index(fields=["level", "current_commune", "month"]),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.month:%m/%Y}"


class CertificateFigure(Dimensions):
    certificate = models.OneToOneField("certificates.Certificate", on_delete=models.CASCADE, related_name="+")
    number = models.CharField(max_length=40)
    product_name = models.CharField(max_length=255)
    producer_name = models.CharField(max_length=255)
    stars = models.PositiveSmallIntegerField()
    legal_version = models.ForeignKey("criteria.LegalVersion", null=True, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField()
    expires_on = models.DateField(db_index=True)
    in_force_until = models.DateField(
        null=True, help_text=_("Ngày cuối còn hiệu lực (hết hạn, gia hạn, thu hồi hoặc thay thế)")
    )

    class Meta:
        verbose_name = _("số liệu giấy chứng nhận")
        verbose_name_plural = _("số liệu giấy chứng nhận")
        indexes = [models.Index(fields=["current_province", "expires_on"])]

    def __str__(self) -> str:
        return self.number


class StampDay(Dimensions):
    """A day's stamps and scans, per product and added up per commune and per province, so a report reads as many
    rows as there are areas and days whatever the number of scans."""

    class Level(models.TextChoices):
        PRODUCT = "product", _("Sản phẩm")
        COMMUNE = "commune", _("Xã")
        PROVINCE = "province", _("Tỉnh")
        UNKNOWN = "unknown", _("Mã không tồn tại")

    level = models.CharField(max_length=10, choices=Level.choices, default=Level.PRODUCT)
    day = models.DateField(db_index=True)
    stamps_issued = models.PositiveIntegerField(default=0)
    scans = models.PositiveIntegerField(default=0)
    suspicious = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu tem theo ngày")
        verbose_name_plural = _("số liệu tem theo ngày")
        indexes = [
            models.Index(fields=["level", "current_province", "day"]),
            models.Index(fields=["level", "current_commune", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.day}"


class RefreshState(models.Model):
    """Where the last refresh of a rollup got to (the scan log is read from there on)."""

    name = models.CharField(max_length=40, unique=True)
    refreshed_at = models.DateTimeField()
    watermark = models.DateField(null=True)

    def __str__(self) -> str:
        return f"{self.name} {self.refreshed_at:%d/%m/%Y %H:%M}"
