from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhook")

    def ready(self):
        # Every domain change is audited inside its own transaction: the audit entry's creation is where an event
        # joins the outbox, so an event exists exactly when its change commits.
        from django.db.models.signals import post_save

        from audit.models import AuditEntry

        from .outbox import on_audit_entry

        post_save.connect(on_audit_entry, sender=AuditEntry, dispatch_uid="webhooks.outbox")
