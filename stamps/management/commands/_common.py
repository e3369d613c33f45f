"""What the stamp commands share: who they act as, and dates as operators type them."""

import datetime

from django.core.management.base import CommandError

from accounts.models import Role, User


def acting_user(username: str | None) -> User:
    """`--as USERNAME`, or else the first active administrator: the commands run the same permission checks
    and audit entries as the pages, so they need someone to act as."""
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        return user
    user = User.objects.filter(role=Role.SYSADMIN, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("no active administrator (role sysadmin): pass --as USERNAME")
    return user


def day(text: str) -> datetime.date:
    """A date typed as dd/mm/yyyy."""
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise CommandError(f"{text!r} is not a date dd/mm/yyyy") from None
