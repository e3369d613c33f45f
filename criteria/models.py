from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalVersion(models.Model):
    """A decision that fixes the OCOP criteria and procedure. Sheets, evaluations and certificates keep the
    version they were made under: results are never recomputed with a newer one."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("văn bản"), max_length=200)
    signed_on = models.DateField(_("ngày ký"))
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản quy định")
        verbose_name_plural = _("văn bản quy định")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    """Ngành (Phụ lục I): six sectors under QĐ 26/2026."""

    legal_version = models.ForeignKey(LegalVersion, on_delete=models.PROTECT, related_name="sectors")
    numeral = models.CharField(_("số hiệu"), max_length=5)
    name = models.CharField(_("ngành"), max_length=255)

    class Meta:
        verbose_name = _("ngành")
        verbose_name_plural = _("ngành")
        ordering = ["legal_version", "id"]
        constraints = [models.UniqueConstraint(fields=["legal_version", "numeral"], name="sector_unique")]

    def __str__(self) -> str:
        return f"{self.numeral}. {self.name}"


class ProductGroup(models.Model):
    """Nhóm (Phụ lục I): seventeen groups under QĐ 26/2026."""

    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="groups")
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("nhóm"), max_length=255)

    class Meta:
        verbose_name = _("nhóm sản phẩm")
        verbose_name_plural = _("nhóm sản phẩm")
        ordering = ["sector", "id"]
        constraints = [models.UniqueConstraint(fields=["sector", "code"], name="product_group_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CriteriaSet(models.Model):
    """Bộ sản phẩm: one of the 26 score sheets of QĐ 26/2026 (Phụ lục II), which a product is scored on."""

    legal_version = models.ForeignKey(LegalVersion, on_delete=models.PROTECT, related_name="criteria_sets")
    group = models.ForeignKey(ProductGroup, on_delete=models.PROTECT, related_name="criteria_sets")
    number = models.PositiveSmallIntegerField(_("số bộ"))
    code = models.CharField(_("mã phân loại"), max_length=10, help_text=_("Theo đánh số của Phụ lục I, vd. I.3.c"))
    name = models.CharField(_("bộ sản phẩm"), max_length=255)
    managing_agency = models.CharField(_("cơ quan chủ trì quản lý"), max_length=255)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["legal_version", "number"]
        constraints = [models.UniqueConstraint(fields=["legal_version", "number"], name="criteria_set_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def sector(self) -> Sector:
        return self.group.sector
