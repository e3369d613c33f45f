from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import NATIONAL, OFFICER_ROLES, PROVINCE_SCOPED, Role
from .scope import Scope, ScopedQuerySet


class OcopUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in, with one role and the area that bounds what they see and change."""

    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices, default=Role.PRODUCER)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Xã của cán bộ cấp xã; tỉnh của cán bộ cấp tỉnh, hội đồng, thanh tra"),
    )
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    sales_point = models.ForeignKey(
        "market.SalesPoint",
        verbose_name=_("điểm bán"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
        help_text=_("Điểm giới thiệu và bán sản phẩm OCOP mà tài khoản vận hành"),
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    objects = OcopUserManager()
    # Administrators see every account; a province's OCOP officers the accounts of its communes, its own and its
    # producers' users; everyone else only themselves.
    scope = Scope(own="pk", organiser=("area__current_province_id", "area_id", "producer__current_province_id"))

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES

    @property
    def is_national(self) -> bool:
        return self.role in NATIONAL

    @property
    def is_province_scoped(self) -> bool:
        return self.role in PROVINCE_SCOPED
