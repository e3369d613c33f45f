import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.codes import random_code


class EventType(models.TextChoices):
    CERTIFICATE_ISSUED = "certificate.issued", _("Cấp giấy chứng nhận")
    CERTIFICATE_EXPIRED = "certificate.expired", _("Giấy chứng nhận hết hạn")
    CERTIFICATE_WITHDRAWN = "certificate.withdrawn", _("Thu hồi giấy chứng nhận")
    STAMP_BATCH_ISSUED = "stamp_batch.issued", _("Phát hành lô tem")
    DOSSIER_STATE_CHANGED = "dossier.state_changed", _("Hồ sơ chuyển trạng thái")


class Subscription(models.Model):
    """An integration's endpoint and the events it wants. It receives an event only about a record its owner
    sees (`visible_to`), signed with `secret` (shown once, when the subscription is made)."""

    code = models.CharField(max_length=10, unique=True, default=random_code, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chủ sở hữu"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("tên"), max_length=100)
    url = models.URLField(_("địa chỉ nhận (URL)"), max_length=500)
    events = models.JSONField(_("sự kiện"), default=list)
    secret = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký webhook")
        verbose_name_plural = _("đăng ký webhook")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    def get_absolute_url(self) -> str:
        return reverse("webhooks:detail", args=[self.code])

    @property
    def event_labels(self) -> list[str]:
        return [str(EventType(e).label) for e in self.events if e in EventType.values]


class Event(models.Model):
    """One event in the outbox, written in the transaction of the change it reports. `key`, when set, makes an
    event that a job finds (a certificate's expiry) unique, so finding it twice emits it once."""

    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=40, choices=EventType.choices)
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class Delivery(models.Model):
    """One event to one subscription. A sender claims it (`claimed_at`, `claim`) before it posts; a claim older
    than WEBHOOKS_CLAIM_TIMEOUT_SECONDS belongs to a sender that died, and the delivery is due again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ gửi")
        DELIVERED = "delivered", _("Đã gửi")
        GIVEN_UP = "given_up", _("Ngừng gửi")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["subscription", "event"], name="one_delivery_per_event")]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id}"


class Attempt(models.Model):
    """The delivery log: one line per POST tried."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="log")
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.status_code or self.error}"


class Cursor(models.Model):
    """Where a job that finds events stopped: `day`, the first day it has not looked at yet."""

    name = models.CharField(max_length=50, unique=True)
    day = models.DateField()

    def __str__(self) -> str:
        return f"{self.name}: {self.day}"
