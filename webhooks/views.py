from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.pagination import paginate

from . import domain
from .forms import SubscriptionForm
from .models import Attempt, Subscription
from .rules import can_subscribe
from .sending import EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER


def _own(request, code: str) -> Subscription:
    # A subscription is its owner's alone: anyone else's is a 404.
    return get_object_or_404(Subscription, code=code, owner=request.user)


@login_required
def subscriptions(request):
    if not can_subscribe(request.user):
        raise PermissionDenied
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription = domain.subscribe(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The secret is shown in this answer only; it is never printed again.
            return render(request, "webhooks/created.html", {"subscription": subscription})
    own = Subscription.objects.filter(owner=request.user)
    return render(request, "webhooks/list.html", {"form": form, "subscriptions": own})


@login_required
def detail(request, code: str):
    subscription = _own(request, code)
    log = Attempt.objects.filter(subscription=subscription).select_related("delivery__event")
    return render(
        request,
        "webhooks/detail.html",
        {
            "subscription": subscription,
            "page": paginate(request, log, per_page=50),
            "headers": {"signature": SIGNATURE_HEADER, "timestamp": TIMESTAMP_HEADER, "event_id": EVENT_ID_HEADER},
        },
    )


@login_required
@require_POST
def toggle(request, code: str):
    subscription = _own(request, code)
    domain.set_active(subscription=subscription, active=request.POST.get("active") == "1", by=request.user)
    return redirect(subscription)
