"""A user's notifications: the list, marking read (one, or all), and the unread badge for the header."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.pagination import paginate

from .models import Notification


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = paginate(request, notifications)
    unread = notifications.filter(read_at__isnull=True).count()
    return render(request, "notifications/list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one notification read, then open what it points to (or go back to the list)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if (
        request.POST.get("open")
        and url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and notification.url.startswith("/")
    ):
        return redirect(notification.url)
    if request.htmx:
        return render(request, "notifications/list.html#item", {"notification": notification})
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications:list")


def badge(request):
    """The header's link to the notifications with the unread count; HTMX refreshes it. Signed-out visitors
    get an empty fragment (the header shows nothing)."""
    if not request.user.is_authenticated:
        return HttpResponse("")
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return render(request, "notifications/badge.html", {"unread": unread})
