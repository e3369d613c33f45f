"""The roles an account holds, and the groups the rules read them by."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    PRODUCER = "producer", pgettext_lazy("role", "Chủ thể OCOP")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ cấp xã")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ OCOP cấp tỉnh")
    COUNCIL_MEMBER = "council_member", _("Thành viên hội đồng")
    ADVISORY_MEMBER = "advisory_member", _("Thành viên tổ tư vấn")
    MINISTRY_OFFICER = "ministry_officer", _("Cán bộ Bộ NN&MT")
    INSPECTOR = "inspector", _("Thanh tra, kiểm tra")
    SYSADMIN = "sysadmin", _("Quản trị hệ thống")
    BUYER = "buyer", _("Bên mua")
    # The operator of an OCOP introduction and sales point: its account keeps the point's shelf (`market`).
    SALES_POINT = "sales_point", _("Điểm bán OCOP")


# Roles whose scope is the province of their area; the national ones see everything.
PROVINCE_SCOPED = {Role.PROVINCE_OFFICER, Role.COUNCIL_MEMBER, Role.ADVISORY_MEMBER, Role.INSPECTOR}
NATIONAL = {Role.MINISTRY_OFFICER, Role.SYSADMIN}
OFFICER_ROLES = {Role.COMMUNE_OFFICER, *PROVINCE_SCOPED, *NATIONAL}
# Roles that read the OCOP office's own records (the programme: plans, support, events), as `accounts.scope` gives
# them the `commune`, `office` or `national` relation.
OFFICE_READERS = {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.INSPECTOR, *NATIONAL}
