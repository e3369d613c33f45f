"""The programme's events (training courses, conferences, fairs…) and their attendees. An event is seen as the
pages show it: the public calendar's events (`market.calendar.public_events`) by everyone, every event of their
scope by the officers it reaches. Attendees are read and written only within that scope. The market side of an
event (applications, participants, outcome) is `events/<code>/participations/…` and `events/<code>/outcome/`."""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from market.calendar import public_events
from programme import attendance, domain, events, rules
from programme.forms import AttendanceImportForm
from programme.models import Event, EventKind

from .. import filtering, params
from ..errors import domain_errors
from ..permissions import TokenScopes
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.programme import (
    EVENT_RELATED,
    EVENT_WRITE_FIELDS,
    AttendeeSerializer,
    AttendeeWriteSerializer,
    EventSerializer,
    EventWriteSerializer,
)
from ..tokens import WriteScope
from .writes import DomainWrites

WHEN = [("upcoming", "upcoming"), ("past", "past")]


def _when(queryset, value: str):
    # As the public calendar: an event is upcoming until its last day has passed.
    today = timezone.localdate()
    return queryset.filter(ends_on__gte=today) if value == "upcoming" else queryset.filter(ends_on__lt=today)


EVENT_LIST = filtering.ListQuery(
    filters=(
        filtering.choice("kind", "kind", EventKind.choices, "Training course, conference, fair…"),
        filtering.area_q(
            "area",
            lambda area: events.in_areas([area]),
            "Where it was held, as the reports count it (a unit of today holds what rolls up to it): "
            + filtering.AREA_DESCRIPTION,
        ),
        filtering.Filter(
            name="sector",
            description="A sector it is aimed at, by its numeral in the classification in force (e.g. `I`).",
            type=OpenApiTypes.STR,
            read=params.text,
            apply=lambda queryset, numeral: queryset.filter(
                Exists(
                    Event.sectors.through.objects.filter(
                        event_id=OuterRef("pk"),
                        sector__numeral=numeral,
                        sector__legal_version__effective_to__isnull=True,
                    )
                )
            ),
        ),
        filtering.date("from", "ends_on__gte", "Events still running on or after this day (YYYY-MM-DD)."),
        filtering.date("to", "starts_on__lte", "Events that start on or before this day (YYYY-MM-DD)."),
        filtering.Filter(
            name="when",
            description="`upcoming`: not over yet (its last day is today or later); `past`: over.",
            type=OpenApiTypes.STR,
            read=lambda request, name: params.choice(request, name, WHEN),
            apply=_when,
            enum=("upcoming", "past"),
        ),
    ),
    ordering={"start": "starts_on", "end": "ends_on", "created": "created_at"},
    default=("-start",),
)
SCOPE = (
    "Everyone (signed in or not) sees the events of the public calendar (the trade kinds, and any event that takes "
    "producers' applications); officers see every event of their scope. Another event answers 404. `note` is given "
    "only to officers whose scope holds the event."
)
WHO = "By the officers of the area it is held in (commune or province) and administrators."
IMPORT_REPORT = inline_serializer(
    "AttendanceImport",
    {
        "rows": serializers.IntegerField(),
        "added": serializers.IntegerField(),
        "already": serializers.IntegerField(help_text="Rows naming someone already on the list: skipped."),
        "dry_run": serializers.BooleanField(),
    },
)


class AttendanceUploadSerializer(serializers.Serializer):
    """Documents the multipart upload; the import page's own form reads it."""

    sheet = serializers.FileField(help_text="The attendance sheet, .xlsx or .csv, at most 5 MB, as the template.")
    dry_run = serializers.BooleanField(required=False, help_text="Only check, add nobody.")


@extend_schema(tags=["events"])
@extend_schema_view(
    list=extend_schema(summary="List events", description=SCOPE, parameters=EVENT_LIST.parameters()),
    retrieve=extend_schema(summary="Get an event", description=SCOPE, responses={200: EventSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        summary="Add an event",
        description="A training course, conference, fair… held in an area: at a `place`, or online at a `link`. " + WHO,
        request=EventWriteSerializer,
        responses={201: EventSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
    partial_update=extend_schema(
        summary="Change an event",
        description="`sectors` and `target_areas`, when given, replace what it is aimed at. " + WHO,
        request=EventWriteSerializer,
        responses={200: EventSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Delete an event", description=WHO, responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND}
    ),
)
class EventViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
    DomainWrites,
):
    # Reading is open as the public calendar is; writing needs a signed-in officer (and a token's write right).
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, TokenScopes]
    serializer_class = EventSerializer
    lookup_field = "code"
    token_scope = WriteScope.PROGRAMME
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _office(self):
        return Event.objects.visible_to(self.request.user)

    def get_queryset(self):
        office = self._office()
        queryset = (
            Event.objects.filter(Q(pk__in=public_events().values("pk")) | Q(pk__in=office.values("pk")))
            .annotate(office=Exists(office.filter(pk=OuterRef("pk"))))
            .select_related(*EVENT_RELATED)
            .prefetch_related("sectors", "target_areas__parent")
        )
        return EVENT_LIST.apply(self.request, queryset) if self.action == "list" else queryset

    def _office_event(self) -> Event:
        """The event for a change or its attendees: only within the caller's scope (a public one is a 404)."""
        return get_object_or_404(self._office().select_related(*EVENT_RELATED), code=self.kwargs["code"])

    def _save(self, event: Event, values: dict) -> Event:
        for name in EVENT_WRITE_FIELDS:
            if name in values:
                setattr(event, name, values[name])
        with domain_errors():
            return domain.save_event(
                event=event,
                by=self.request.user,
                sectors=values.get("sectors"),
                target_areas=values.get("target_areas"),
            )

    def create(self, request, *args, **kwargs):
        if not rules.can_hold_events(request.user):
            raise exceptions.PermissionDenied
        values = self._read(EventWriteSerializer)
        return self._respond(self._save(Event(), values), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        event = self._office_event()
        if not rules.can_edit_event(request.user, event):
            raise exceptions.PermissionDenied
        values = self._read(EventWriteSerializer, partial=True)
        return self._respond(self._save(Event.objects.get(pk=event.pk), values))

    def destroy(self, request, *args, **kwargs):
        event = self._office_event()
        domain.delete_event(event=event, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["GET"],
        summary="List an event's attendees",
        description="Officials by level and producers' people, for the officers whose scope holds the event.",
        responses={200: AttendeeSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Add an attendee",
        description="An official (with a `level`) or a producer's person (a `producer` the caller sees, or its "
        "name in `organisation`). The same person twice is a 400. " + WHO,
        request=AttendeeWriteSerializer,
        responses={201: AttendeeSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"])
    def attendees(self, request, *args, **kwargs):
        event = self._office_event()
        if request.method == "GET":
            rows = event.attendees.select_related("producer")
            page = self.paginate_queryset(rows)
            data = AttendeeSerializer(page, many=True, context=self.get_serializer_context()).data
            return self.get_paginated_response(data)
        if not rules.can_edit_event(request.user, event):
            raise exceptions.PermissionDenied
        values = self._read(AttendeeWriteSerializer)
        with domain_errors():
            attendee = domain.add_attendee(event=event, by=request.user, **values)
        return Response(
            AttendeeSerializer(attendee, context=self.get_serializer_context()).data, status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Import an attendance sheet",
        description="An .xlsx or .csv as the page's template (`/chuong-trinh/su-kien/mau-diem-danh.xlsx`). Every row "
        "is checked first: if any is wrong, nobody is added and the 400 lists each problem by row and column; a person "
        "already on the list is skipped, so the same sheet twice adds nobody. " + WHO,
        request={"multipart/form-data": AttendanceUploadSerializer},
        responses={200: IMPORT_REPORT, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="attendees/import", parser_classes=[MultiPartParser, FormParser])
    def attendance_import(self, request, *args, **kwargs):
        event = self._office_event()
        if not rules.can_edit_event(request.user, event):
            raise exceptions.PermissionDenied
        form = AttendanceImportForm(request.data, request.FILES)
        if not form.is_valid():
            raise serializers.ValidationError({field: list(messages) for field, messages in form.errors.items()})
        upload = form.cleaned_data["sheet"]
        with domain_errors(file="sheet"):
            report = attendance.import_attendance(
                event=event, file=upload, name=upload.name, by=request.user, dry_run=form.cleaned_data["dry_run"]
            )
        if not report.ok:
            raise serializers.ValidationError(
                {"sheet": [f"{error.row}, {error.column}: {error.message}" for error in report.errors]}
            )
        return Response(
            {"rows": report.rows, "added": report.added, "already": report.already, "dry_run": report.dry_run}
        )

    @extend_schema(
        summary="Remove an attendee",
        description=WHO,
        parameters=[OpenApiParameter("attendee", OpenApiTypes.STR, OpenApiParameter.PATH, description="Its `code`.")],
        responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["delete"], url_path=r"attendees/(?P<attendee>[^/.]+)")
    def attendee_remove(self, request, *args, **kwargs):
        event = self._office_event()
        attendee = get_object_or_404(event.attendees, code=kwargs["attendee"])
        domain.remove_attendee(attendee=attendee, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
