"""The market's records, read-only in the admin: every change goes through the pages (`market.domain`), which
check the area and audit it."""

from django.contrib import admin

from .models import (
    Buyer,
    Conversation,
    Demand,
    Listing,
    Outcome,
    Participation,
    ProductCertification,
    SalesPoint,
    TradeAgreement,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Participation)
class ParticipationAdmin(ReadOnly):
    list_display = ["producer", "event", "status"]
    list_filter = ["status"]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnly):
    list_display = ["event", "visitors", "sales"]


@admin.register(SalesPoint)
class SalesPointAdmin(ReadOnly):
    list_display = ["name", "area", "decision_number", "is_open"]
    search_fields = ["name", "operator"]


@admin.register(Listing)
class ListingAdmin(ReadOnly):
    list_display = ["product", "marketplace", "url"]


@admin.register(TradeAgreement)
class TradeAgreementAdmin(ReadOnly):
    list_display = ["producer", "counterpart_name", "kind", "signed_on", "event"]
    list_filter = ["kind", "counterpart_kind"]


@admin.register(Buyer)
class BuyerAdmin(ReadOnly):
    list_display = ["name", "kind", "province", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "tax_code"]


@admin.register(Demand)
class DemandAdmin(ReadOnly):
    list_display = ["title", "buyer", "status", "deadline"]
    list_filter = ["status"]


@admin.register(Conversation)
class ConversationAdmin(ReadOnly):
    list_display = ["demand", "producer", "answered_at"]


@admin.register(ProductCertification)
class ProductCertificationAdmin(ReadOnly):
    list_display = ["product", "kind", "number", "valid_until"]
