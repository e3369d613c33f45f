from django.contrib import admin
from django.db import transaction

from audit import domain as audit
from audit.models import AuditEntry

from .models import PublicHoliday

FIELDS = ["date", "name", "kind"]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    """The days off and make-up working days the government announces; every working-day deadline reads
    them (`dossiers.workdays`). Edits are audited like any other change."""

    list_display = FIELDS
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(PublicHoliday.objects.get(pk=obj.pk), FIELDS) if change else None
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            obj=obj,
            before=before,
            after=audit.snapshot(obj, FIELDS),
        )

    def delete_model(self, request, obj):
        audit.record(actor=request.user, action=AuditEntry.Action.DELETE, obj=obj, before=audit.snapshot(obj, FIELDS))
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
