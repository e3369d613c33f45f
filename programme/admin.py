"""The programme's records, read-only in the admin: every change goes through the pages (`programme.domain`),
which check the area and audit it."""

from django.contrib import admin

from .models import Assignment, Attendee, Consultant, Event, Funding, Plan


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["area", "year", "indicator", "target"]
    list_filter = ["year", "indicator"]


@admin.register(Funding)
class FundingAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["producer", "amount", "source", "granted_on"]
    list_filter = ["source"]


class AssignmentInline(ReadOnly, admin.TabularInline):
    model = Assignment


@admin.register(Consultant)
class ConsultantAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "province"]
    list_filter = ["kind"]
    inlines = [AssignmentInline]


class AttendeeInline(ReadOnly, admin.TabularInline):
    model = Attendee


@admin.register(Event)
class EventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["topic", "kind", "starts_on", "area"]
    list_filter = ["kind"]
    inlines = [AttendeeInline]
