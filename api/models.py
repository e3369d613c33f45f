"""Personal API tokens and the service accounts that integrations sign in with.

A token is the user's own: its rights are its user's (the scope rule, `accounts.scope`), narrowed by its scopes
(`api.tokens.WriteScope`): a read-only token cannot write whatever its user could. Its secret is shown once; only
a keyed hash is kept (`api.tokens.digest`), found again by the token's public prefix."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import Reach, Scope, ScopedQuerySet


class ServiceAccount(models.Model):
    """An account for an integration of one province: a `User` that cannot sign in with a password, with the
    inspector's role and the province as its area, so that it reads what the province's inspectors read (its
    producers, products, dossiers, certificates, stamps, the office's records) through the scope rule, unchanged.
    Its tokens are read-only (`api.tokens.create_token`): an integration acts through no one's name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_account", primary_key=True
    )
    purpose = models.CharField(_("mục đích tích hợp"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    # The province's OCOP officers run its accounts (as for `accounts.User`); the national roles see them all.
    scope = Scope(organiser="user__area_id")

    class Meta:
        verbose_name = _("tài khoản tích hợp")
        verbose_name_plural = _("tài khoản tích hợp")
        ordering = ["user__username"]

    def __str__(self) -> str:
        return self.user.username


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("quyền ghi"), default=list, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    last_used_from = models.GenericIPAddressField(_("dùng lần cuối từ"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    # A user's own tokens; a service account's tokens also reach its province's OCOP officers and the national
    # roles (who manage or oversee integrations), never another person's own tokens.
    scope = Scope(
        own="user_id",
        organiser=Reach("user__area_id", when=Q(user__service_account__isnull=False)),
        national=Q(user__service_account__isnull=False),
    )

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_read_only(self) -> bool:
        return not self.scopes

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
