"""Training courses and conferences, their attendees and the attendance import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.domain import history
from core.forms import add_domain_errors
from core.pagination import paginate

from .. import attendance, domain, rules
from ..forms import (
    AttendanceImportForm,
    AttendeeForm,
    EventFilterForm,
    EventForm,
)
from ..models import Attendee, Event
from .access import XLSX, _officer_only


@login_required
def event_list(request):
    _officer_only(request)
    filters = EventFilterForm(request.GET)
    events = Event.objects.visible_to(request.user).select_related("area__parent")
    if filters.is_valid():
        if filters.cleaned_data["kind"]:
            events = events.filter(kind=filters.cleaned_data["kind"])
        if filters.cleaned_data["year"]:
            events = events.filter(starts_on__year=filters.cleaned_data["year"])
    return render(
        request,
        "programme/events.html",
        {"page": paginate(request, events), "filters": filters, "can_create": rules.can_hold_events(request.user)},
    )


def _visible_event(request, code: str) -> Event:
    return get_object_or_404(Event.objects.visible_to(request.user).select_related("area__parent"), code=code)


def _aims(form) -> dict:
    return {"sectors": form.cleaned_data["sectors"], "target_areas": form.cleaned_data["target_areas"]}


@login_required
def event_create(request):
    if not rules.can_hold_events(request.user):
        raise Http404
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = domain.save_event(event=form.save(commit=False), by=request.user, **_aims(form))
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã thêm %(event)s.") % {"event": event.get_kind_display().lower()})
            return redirect("programme:event", code=event.code)
    return render(request, "programme/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request, code: str):
    event = _visible_event(request, code)
    if not rules.can_edit_event(request.user, event):
        raise PermissionDenied
    form = EventForm(request.POST or None, user=request.user, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        try:
            domain.save_event(event=form.save(commit=False), by=request.user, **_aims(form))
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("programme:event", code=event.code)
    return render(request, "programme/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_delete(request, code: str):
    event = _visible_event(request, code)
    if not rules.can_edit_event(request.user, event):
        raise PermissionDenied
    domain.delete_event(event=event, by=request.user)
    messages.success(request, _("Đã xoá."))
    return redirect("programme:events")


def _event_page(request, event: Event, *, form=None, status: int = 200):
    can_edit = rules.can_edit_event(request.user, event)
    attendees = event.attendees.select_related("producer")
    return render(
        request,
        "programme/event_detail.html",
        {
            "event": event,
            "attendees": attendees,
            "officials": sum(1 for a in attendees if a.kind == Attendee.Kind.OFFICIAL),
            "levels": ", ".join(
                f"{str(label).lower()}: {count}"
                for level, label in Attendee.Level.choices
                if (count := sum(1 for a in attendees if a.kind == Attendee.Kind.OFFICIAL and a.level == level))
            ),
            "can_edit": can_edit,
            "form": form or (AttendeeForm(user=request.user) if can_edit else None),
            "history": history(event)[:20],
        },
        status=status,
    )


@login_required
def event_detail(request, code: str):
    return _event_page(request, _visible_event(request, code))


@login_required
@require_POST
def attendee_add(request, code: str):
    event = _visible_event(request, code)
    if not rules.can_edit_event(request.user, event):
        raise PermissionDenied
    form = AttendeeForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            attendee = domain.add_attendee(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": attendee.name})
            return redirect("programme:event", code=event.code)
    return _event_page(request, event, form=form, status=400)


@login_required
@require_POST
def attendee_remove(request, code: str, attendee: str):
    event = _visible_event(request, code)
    attendee = get_object_or_404(event.attendees, code=attendee)
    if not rules.can_edit_event(request.user, event):
        raise PermissionDenied
    domain.remove_attendee(attendee=attendee, by=request.user)
    messages.success(request, _("Đã bỏ %(name)s khỏi danh sách.") % {"name": attendee.name})
    return redirect("programme:event", code=event.code)


@login_required
def attendance_import(request, code: str):
    event = _visible_event(request, code)
    if not rules.can_edit_event(request.user, event):
        raise PermissionDenied
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["sheet"]
        try:
            report = attendance.import_attendance(
                event=event, file=upload, name=upload.name, by=request.user, dry_run=form.cleaned_data["dry_run"]
            )
        except ValidationError as error:
            form.add_error("sheet", error)
        else:
            if report.ok and not report.dry_run:
                messages.success(
                    request,
                    _("Đã nhập %(added)s người tham dự; %(already)s người đã có trong danh sách.")
                    % {"added": report.added, "already": report.already},
                )
                return redirect("programme:event", code=event.code)
    return render(request, "programme/attendance_import.html", {"event": event, "form": form, "report": report})


@login_required
@require_GET
def attendance_template(request):
    if not rules.can_hold_events(request.user):
        raise Http404
    response = HttpResponse(attendance.template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-diem-danh.xlsx"'
    return response
