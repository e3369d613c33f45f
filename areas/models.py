from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import search_key, word_search


class AreaQuerySet(models.QuerySet):
    def current(self):
        return self.filter(era=Area.Era.CURRENT)

    def search(self, text: str):
        """Match names without regard to diacritics or case: "chuong my" finds "Chương Mỹ"."""
        return self.filter(word_search("search_key", text))


class Area(models.Model):
    """An administrative unit, of today's two-tier structure or of the three-tier one before 1 July 2025.

    Every unit keeps its own code, name and parent; `current_province` and `successor` point at the
    units of today that it rolls up to, so a record made in a 2019 district still counts for its province."""

    class Era(models.TextChoices):
        CURRENT = "2025", _("Từ 01/07/2025 (34 tỉnh, 2 cấp)")
        LEGACY = "2019", _("Trước 01/07/2025 (63 tỉnh, 3 cấp)")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh/thành phố")
        DISTRICT = "district", _("Quận/huyện")
        COMMUNE = "commune", _("Xã/phường/đặc khu")

    era = models.CharField(_("thời kỳ"), max_length=4, choices=Era.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    code = models.CharField(_("mã"), max_length=5, help_text=_("Mã đơn vị hành chính theo danh mục chính thức"))
    name = models.CharField(_("tên"), max_length=120)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    unit_type = models.CharField(_("loại đơn vị"), max_length=30)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    current_province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh hiện nay"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("xã hiện nay"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị cấp xã hiện nay mà đơn vị cũ chủ yếu được sáp nhập vào"),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
        help_text=_("Với xã cũ đã sáp nhập trước năm 2025: đơn vị (thời kỳ 2019) đã nhận nó"),
    )
    merger_resolution = models.CharField(
        _("nghị quyết sáp nhập"), max_length=100, blank=True, help_text=_("Số nghị quyết, vd. 1045/NQ-UBTVQH14")
    )
    merger_date = models.DateField(_("ngày nghị quyết sáp nhập"), null=True, blank=True)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["era", "code"]
        constraints = [models.UniqueConstraint(fields=["era", "level", "code"], name="area_unique_code")]

    def __str__(self) -> str:
        if self.parent_id and self.level != self.Level.PROVINCE:
            return f"{self.name}, {self.parent.full_name}"
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("areas:detail", args=[self.era, self.level, self.code])

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def is_former(self) -> bool:
        """A commune merged before 2025 that the official data set no longer lists, added by an administrator."""
        return self.merged_into_id is not None

    @property
    def is_current(self) -> bool:
        return self.era == self.Era.CURRENT

    def current_commune(self):
        """Today's commune for this unit: itself, its successor, or None for a province or district."""
        if self.level != self.Level.COMMUNE:
            return None
        return self if self.is_current else self.successor


class AreaMapping(models.Model):
    """One line of the official old→new mapping: a unit before 1 July 2025 and a unit of today that took it
    over (in whole or in part). A divided commune has several lines; one of them is the default."""

    old = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="mapped_to")
    new = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="mapped_from")
    is_default = models.BooleanField(_("mặc định"), default=True)

    class Meta:
        verbose_name = _("chuyển đổi đơn vị hành chính")
        verbose_name_plural = _("chuyển đổi đơn vị hành chính")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="area_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class FormerUnitManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(merged_into__isnull=False)


class FormerUnit(Area):
    """A commune merged between 2019 and 2024, added by an administrator (see `areas.domain.add_former_unit`)."""

    objects = FormerUnitManager()

    class Meta:
        proxy = True
        verbose_name = _("xã cũ đã sáp nhập")
        verbose_name_plural = _("xã cũ đã sáp nhập")
