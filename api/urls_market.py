"""The market's part of /api/v1/ (issue 13): producers at trade events under the event's code, buyers, demands and
their conversations, trade agreements, a product's marketplace listings. Included by `api.urls`."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views.agreements import AgreementViewSet, ListingViewSet
from .views.demands import BuyerViewSet, ConversationViewSet, DemandViewSet
from .views.market import OutcomeViewSet, ParticipationViewSet

router = SimpleRouter()
router.register("buyers", BuyerViewSet, basename="buyer")
router.register("demands", DemandViewSet, basename="demand")
router.register("agreements", AgreementViewSet, basename="agreement")

participations = "events/<str:event>/participations/"
conversations = "demands/<str:demand>/conversations/"
listings = "products/<str:product>/listings/"

urlpatterns = [
    path(participations, ParticipationViewSet.as_view({"get": "list"}), name="participation-list"),
    path(f"{participations}apply/", ParticipationViewSet.as_view({"post": "apply"}), name="participation-apply"),
    path(f"{participations}invite/", ParticipationViewSet.as_view({"post": "invite"}), name="participation-invite"),
    path(
        f"{participations}<str:code>/", ParticipationViewSet.as_view({"get": "retrieve"}), name="participation-detail"
    ),
    path(
        f"{participations}<str:code>/answer/",
        ParticipationViewSet.as_view({"post": "answer"}),
        name="participation-answer",
    ),
    path(
        f"{participations}<str:code>/decide/",
        ParticipationViewSet.as_view({"post": "decide"}),
        name="participation-decide",
    ),
    path(
        "events/<str:event>/outcome/",
        OutcomeViewSet.as_view({"get": "retrieve", "put": "update"}),
        name="event-outcome",
    ),
    path(conversations, ConversationViewSet.as_view({"get": "list", "post": "create"}), name="conversation-list"),
    path(f"{conversations}<str:code>/", ConversationViewSet.as_view({"get": "retrieve"}), name="conversation-detail"),
    path(
        f"{conversations}<str:code>/messages/",
        ConversationViewSet.as_view({"get": "messages", "post": "messages"}),
        name="conversation-messages",
    ),
    path(listings, ListingViewSet.as_view({"get": "list", "post": "create"}), name="listing-list"),
    path(f"{listings}<str:code>/", ListingViewSet.as_view({"delete": "destroy"}), name="listing-detail"),
    *router.urls,
]
