"""Which key signs which kind of document for which province (None: the central level, the ministry's).

The configuration names the key, never holds it: a PKCS#12 file under settings.SIGNING_DIR with its password in
an environment variable or a file there, or an official's token reached through a PKCS#11 module from
settings.SIGNING_PKCS11_MODULES, whose PIN the official types when signing."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .kinds import DocumentKind


class SigningSetup(models.Model):
    class Method(models.TextChoices):
        PKCS12 = "pkcs12", _("Chứng thư số của cơ quan (tệp PKCS#12 trên máy chủ, ký tự động)")
        PKCS11 = "pkcs11", _("Thẻ ký số của người có thẩm quyền (PKCS#11, nhập mã PIN khi ký)")

    province = models.ForeignKey(
        "areas.Area",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: cấp trung ương (Bộ Nông nghiệp và Môi trường)"),
    )
    kind = models.CharField(_("loại văn bản"), max_length=30, choices=DocumentKind.choices)
    method = models.CharField(_("cách ký"), max_length=10, choices=Method.choices)
    key_file = models.CharField(
        _("tệp PKCS#12"), max_length=255, blank=True, help_text=_("Đường dẫn trong thư mục khóa ký số của máy chủ")
    )
    password_file = models.CharField(
        _("tệp mật khẩu"), max_length=255, blank=True, help_text=_("Đường dẫn trong thư mục khóa ký số của máy chủ")
    )
    password_env = models.CharField(
        _("biến môi trường chứa mật khẩu"), max_length=100, blank=True, help_text=_("Tên bắt đầu bằng SIGNING_")
    )
    module_path = models.CharField(_("thư viện PKCS#11"), max_length=255, blank=True)
    token_label = models.CharField(_("nhãn thẻ ký số"), max_length=100, blank=True)
    key_label = models.CharField(_("nhãn khóa trên thẻ"), max_length=100, blank=True)
    is_test = models.BooleanField(
        _("khóa thử nghiệm"), default=False, help_text=_("Do lệnh signing_test_ca tạo; không dùng khi vận hành thật")
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cấu hình ký số")
        verbose_name_plural = _("cấu hình ký số")
        ordering = ["province__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "kind"], condition=Q(province__isnull=False), name="one_setup_per_province_kind"
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(province__isnull=True), name="one_central_setup_per_kind"
            ),
        ]

    def __str__(self) -> str:
        where = self.province.name if self.province_id else _("Trung ương")
        return f"{self.get_kind_display()} — {where}"
