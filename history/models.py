from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, ScopedQuerySet

# Past results (engine, i9-engine) come first; the import job's models (i9-jobs) follow below.


class CouncilLevel(models.TextChoices):
    """Who evaluated: districts did until QĐ 1489/2025 moved 3★ to the province."""

    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Cấp trung ương")


class ResultKind(models.TextChoices):
    ONE = "1", _("1 sao")
    TWO = "2", _("2 sao")
    THREE = "3", _("3 sao")
    FOUR = "4", _("4 sao")
    FIVE = "5", _("5 sao")
    POTENTIAL_FIVE = "potential_5", _("Tiềm năng 5 sao")
    NOT_RANKED = "not_ranked", _("Không đạt")


class PastResult(models.Model):
    """An evaluation result from before the platform (or kept outside it): a product's result in one year at
    one council level, under the legal version of the time, on the unit of the time. Reports count these with
    the platform's own results: `stars` is the star rank (None for "potential 5★" and "not ranked")."""

    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="past_results"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    legal_version = models.ForeignKey(
        "criteria.LegalVersion", verbose_name=_("văn bản áp dụng"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("cấp hội đồng"), max_length=10, choices=CouncilLevel.choices)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    result = models.CharField(_("kết quả"), max_length=12, choices=ResultKind.choices)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True, editable=False)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("địa bàn khi đánh giá"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị hành chính lúc đó (có thể là đơn vị cũ trước 01/07/2025)"),
    )
    current_commune = models.ForeignKey(
        "areas.Area", verbose_name=_("xã hiện nay"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current_province = models.ForeignKey(
        "areas.Area", verbose_name=_("tỉnh hiện nay"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(producer="product__producer_id", commune="current_commune_id", province="current_province_id")

    class Meta:
        verbose_name = _("kết quả đánh giá trước đây")
        verbose_name_plural = _("kết quả đánh giá trước đây")
        ordering = ["product", "year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year", "level"], name="past_result_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="past_result_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.year} ({self.get_level_display()}): {self.get_result_display()}"
