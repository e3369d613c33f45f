"""The kinds of document the platform signs: each province configures a key per kind."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Giấy chứng nhận sản phẩm OCOP")
    RECOGNITION = "recognition_decision", _("Quyết định công nhận sản phẩm OCOP")
    WITHDRAWAL = "withdrawal_decision", _("Quyết định thu hồi giấy chứng nhận")
    REPORT = "report", _("Báo cáo")
