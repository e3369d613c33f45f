"""The public side of trade events: the calendar (upcoming and past, by area and sector), each event's page (its
participants and their products, its outcome) and an iCalendar feed of the same events."""

import datetime

import icalendar
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.site import site_host, site_url
from programme.models import Event

from ..calendar import public_events
from ..figures import event_memoranda
from ..forms import CalendarFilterForm
from ..models import Outcome, Participation

PAST_SHOWN = 30


def _filtered(request):
    form = CalendarFilterForm(request.GET)
    events = public_events()
    if form.is_valid():
        province, sector = form.cleaned_data["tinh"], form.cleaned_data["nganh"]
        if province is not None:
            events = events.filter(Q(province=province) | Q(target_areas=province)).distinct()
        if sector is not None:
            events = events.filter(sectors=sector).distinct()
    return form, events


@require_GET
def calendar(request):
    form, events = _filtered(request)
    today = timezone.localdate()
    upcoming = events.filter(ends_on__gte=today).order_by("starts_on", "id")
    past = events.filter(ends_on__lt=today).order_by("-starts_on", "-id")[:PAST_SHOWN]
    return render(
        request,
        "market/calendar.html",
        {"form": form, "upcoming": upcoming, "past": past, "query": request.GET.urlencode()},
    )


@require_GET
def public_event(request, code: str):
    event = public_events().filter(code=code).prefetch_related("sectors").first()
    if event is None:
        raise Http404
    accepted = (
        Participation.objects.filter(event=event, status=Participation.Status.ACCEPTED)
        .select_related("producer")
        .prefetch_related(Prefetch("products"))
    )
    return render(
        request,
        "market/public_event.html",
        {
            "event": event,
            "participants": accepted,
            "outcome": Outcome.objects.filter(event=event).first(),
            "memoranda": event_memoranda(event),
        },
    )


def _ical_event(event: Event) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", f"{event.code}@{site_host()}")
    entry.add("summary", event.topic)
    entry.add("dtstart", event.starts_on)
    # DTEND of an all-day event is the day after its last (RFC 5545 3.6.1).
    entry.add("dtend", event.ends_on + datetime.timedelta(days=1))
    entry.add("dtstamp", event.updated_at)
    entry.add("location", event.place or event.link)
    entry.add("url", site_url(reverse("events:public_event", args=[event.code])))
    entry.add("description", f"{event.get_kind_display()} — {event.organiser}")
    entry.add("categories", [str(event.get_kind_display())])
    return entry


@require_GET
def feed(request):
    _form, events = _filtered(request)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//OCOP//Su kien xuc tien thuong mai//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Sự kiện xúc tiến thương mại OCOP"))
    for event in events.order_by("starts_on", "id"):
        cal.add_component(_ical_event(event))
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="su-kien-ocop.ics"'
    return response
