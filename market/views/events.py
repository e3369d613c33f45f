"""A trade event's market side, behind the login: producers apply or answer invitations, the organisers invite,
accept or decline, and record the outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from core.forms import add_domain_errors
from programme.models import Event

from .. import rules
from ..calendar import reachable_event
from ..domain import participation as domain
from ..figures import event_memoranda
from ..forms import ApplyForm, DecisionForm, InviteForm, OutcomeForm
from ..models import Outcome, Participation


def visible_event(request, code: str) -> Event:
    """The event as the reader may reach it (`market.calendar.reachable_event`); anything else is a 404."""
    event = reachable_event(request.user, code)
    if event is None:
        raise Http404
    return event


def _page(request, event: Event, *, forms: dict | None = None, status: int = 200):
    user = request.user
    organiser = rules.can_organise(user, event)
    participations = Participation.objects.visible_to(user).filter(event=event)
    participations = participations.select_related("producer").prefetch_related("products")
    own = None
    if user.producer_id:
        own = next((p for p in participations if p.producer_id == user.producer_id), None)
    producer = user.producer if user.producer_id and scope.owns(user, user.producer) else None
    forms = forms or {}
    context = {
        "event": event,
        "participations": participations,
        "accepted": domain.accepted_count(event),
        "organiser": organiser,
        "own": own,
        "outcome": Outcome.objects.filter(event=event).first(),
        "memoranda": event_memoranda(event),
        "apply_form": forms.get("apply")
        or (ApplyForm(producer=producer) if producer and own is None and event.accepts_applications else None),
        "answer_form": forms.get("answer")
        or (ApplyForm(producer=producer) if own and own.status == Participation.Status.INVITED else None),
        "invite_form": forms.get("invite") or (InviteForm(user=user) if organiser else None),
        "decision_form": forms.get("decision") or DecisionForm(auto_id=False),
        "outcome_form": forms.get("outcome") or (_outcome_form(event) if organiser else None),
    }
    return render(request, "market/event.html", context, status=status)


def _outcome_form(event: Event) -> OutcomeForm:
    outcome = Outcome.objects.filter(event=event).first()
    initial = {"visitors": outcome.visitors, "sales": outcome.sales, "note": outcome.note} if outcome else {}
    return OutcomeForm(initial=initial)


@login_required
def event(request, code: str):
    return _page(request, visible_event(request, code))


def _done(request, event: Event, message: str):
    messages.success(request, message)
    return redirect("market:event", code=event.code)


@login_required
@require_POST
def apply(request, code: str):
    event = visible_event(request, code)
    producer = request.user.producer
    if producer is None or not rules.can_apply(request.user, producer):
        raise PermissionDenied
    form = ApplyForm(request.POST, producer=producer)
    if form.is_valid():
        try:
            domain.apply(event=event, producer=producer, products=form.cleaned_data["products"], by=request.user)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            return _done(request, event, _("Đã gửi đăng ký tham gia."))
    return _page(request, event, forms={"apply": form}, status=400)


@login_required
@require_POST
def invite(request, code: str):
    event = visible_event(request, code)
    if not rules.can_organise(request.user, event):
        raise PermissionDenied
    form = InviteForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            domain.invite(event=event, producer=form.cleaned_data["producer"], by=request.user)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            return _done(request, event, _("Đã gửi lời mời."))
    return _page(request, event, forms={"invite": form}, status=400)


def _participation(request, event: Event, participation_code: str) -> Participation:
    return get_object_or_404(
        Participation.objects.visible_to(request.user).select_related("event", "producer"),
        event=event,
        code=participation_code,
    )


@login_required
@require_POST
def decide(request, code: str, participation: str):
    event = visible_event(request, code)
    record = _participation(request, event, participation)
    if not rules.can_decide(request.user, record):
        raise PermissionDenied
    form = DecisionForm(request.POST, auto_id=False)
    if form.is_valid():
        try:
            domain.decide(
                participation=record,
                accept=form.cleaned_data["accept"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            return _done(request, event, _("Đã ghi quyết định."))
    return _page(request, event, forms={"decision": form}, status=400)


@login_required
@require_POST
def answer(request, code: str, participation: str):
    event = visible_event(request, code)
    record = _participation(request, event, participation)
    if not rules.can_answer(request.user, record):
        raise PermissionDenied
    accept = request.POST.get("accept") == "1"
    form = ApplyForm(request.POST, producer=record.producer)
    if accept and not form.is_valid():
        return _page(request, event, forms={"answer": form}, status=400)
    try:
        domain.answer(
            participation=record,
            accept=accept,
            products=form.cleaned_data.get("products", []) if accept else [],
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except ValidationError as error:
        form = ApplyForm(request.POST, producer=record.producer)
        form.is_valid()
        add_domain_errors(form, error)
        return _page(request, event, forms={"answer": form}, status=400)
    return _done(request, event, _("Đã trả lời lời mời."))


@login_required
@require_POST
def outcome(request, code: str):
    event = visible_event(request, code)
    if not rules.can_organise(request.user, event):
        raise PermissionDenied
    form = OutcomeForm(request.POST)
    if form.is_valid():
        domain.record_outcome(event=event, by=request.user, **form.cleaned_data)
        return _done(request, event, _("Đã lưu kết quả sự kiện."))
    return _page(request, event, forms={"outcome": form}, status=400)
