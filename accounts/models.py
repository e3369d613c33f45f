from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
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


# Roles whose scope is the province of their area; the national ones see everything.
PROVINCE_SCOPED = {Role.PROVINCE_OFFICER, Role.COUNCIL_MEMBER, Role.ADVISORY_MEMBER, Role.INSPECTOR}
NATIONAL = {Role.MINISTRY_OFFICER, Role.SYSADMIN}
OFFICER_ROLES = {Role.COMMUNE_OFFICER, *PROVINCE_SCOPED, *NATIONAL}


def scoped(queryset, user, *, commune: str, province: str, producer: str):
    """`queryset` cut down to what `user` may see. The keyword arguments are the lookups from its rows to the
    record's commune of today, province of today and producer: the one scope rule, written once."""
    if not user.is_authenticated:
        return queryset.none()
    if user.role in NATIONAL:
        return queryset
    if user.role == Role.COMMUNE_OFFICER and user.area_id:
        return queryset.filter(**{commune: user.area_id})
    if user.role in PROVINCE_SCOPED and user.area_id:
        return queryset.filter(**{province: user.area_id})
    if user.role == Role.PRODUCER and user.producer_id:
        return queryset.filter(**{producer: user.producer_id})
    return queryset.none()


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Accounts a user may see: administrators all, province officers their province's, others themselves."""
        if not user.is_authenticated:
            return self.none()
        if user.role in NATIONAL:
            return self
        if user.role == Role.PROVINCE_OFFICER and user.area_id:
            return self.filter(
                Q(area__current_province_id=user.area_id)
                | Q(area_id=user.area_id)
                | Q(producer__current_province_id=user.area_id)
            )
        return self.filter(pk=user.pk)


class OcopUserManager(UserManager.from_queryset(UserQuerySet)):
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
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    objects = OcopUserManager()

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
