"""Telling people that something waits for them: an in-app notification and an e-mail, sent after the
transaction that caused it commits (a rolled-back change notifies nobody)."""

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction

from core.site import site_url

from .models import Notification


def notify(*, users: Iterable, message: str, url: str = "", addresses: Iterable[str] = ()) -> None:
    """Tell `users` in the platform and by e-mail; `addresses` (of someone outside the platform, e.g. a sales point's
    contact) get the e-mail alone, in a message of their own, so they never see the users' addresses."""
    recipients = [u for u in users if u is not None and u.is_active]
    Notification.objects.bulk_create([Notification(recipient=u, message=message[:500], url=url) for u in recipients])
    link = site_url(url)
    for emails in ([u.email for u in recipients if u.email], [a for a in addresses if a]):
        if emails:
            transaction.on_commit(
                lambda emails=emails: send_mail(
                    "OCOP: " + message[:120], f"{message}\n\n{link}", None, emails, fail_silently=True
                )
            )
