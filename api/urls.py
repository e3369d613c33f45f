"""The REST API. Versions live side by side under /api/v<n>/; the schema and its browsers describe them all."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import urls_market
from .statistics import StatisticsReportView, StatisticsTableView
from .views.areas import AreaViewSet
from .views.certificates import CertificateViewSet
from .views.criteria import CriteriaSetViewSet
from .views.docs import SwaggerView, redoc
from .views.documents import DocumentViewSet
from .views.dossiers import DossierViewSet
from .views.evaluation import EvaluationViewSet
from .views.events import EventViewSet
from .views.inspections import InspectionPlanViewSet, InspectionViewSet
from .views.me import MeView
from .views.open_data import OpenDataIndexView, OpenDataListView
from .views.plans import PlanViewSet
from .views.producers import ProducerViewSet
from .views.products import ProductViewSet
from .views.programme import AssignmentViewSet, ConsultantViewSet, FundingViewSet
from .views.rounds import RegulationView, RoundViewSet
from .views.sales_points import SalesPointViewSet
from .views.scoring import RankView
from .views.signed_files import SignedFileCheckView
from .views.stamps import StampBatchViewSet, StampCheckView
from .views.validity import ValidityView

router = SimpleRouter()
router.register("criteria-sets", CriteriaSetViewSet, basename="criteriaset")
router.register("producers", ProducerViewSet, basename="producer")
router.register("products", ProductViewSet, basename="product")
# The spine: dossiers → rounds and evaluations → certificates → stamp batches, each by its own code.
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("documents", DocumentViewSet, basename="document")
router.register("rounds", RoundViewSet, basename="round")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("stamp-batches", StampBatchViewSet, basename="stampbatch")
# Inspections (inspections): plans, inspections with their visits and outcomes; a certificate's withdrawal below.
router.register("inspection-plans", InspectionPlanViewSet, basename="inspectionplan")
router.register("inspections", InspectionViewSet, basename="inspection")
# Programme (programme): plans, support given (funding, consultants), events and their attendees.
router.register("plans", PlanViewSet, basename="plan")
router.register("fundings", FundingViewSet, basename="funding")
router.register("consultants", ConsultantViewSet, basename="consultant")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("events", EventViewSet, basename="event")
# The market: the OCOP sales points and what they carry.
router.register("sales-points", SalesPointViewSet, basename="salespoint")

v1 = [
    # An administrative unit is known by its era, level and official code, never by a database id.
    path("areas/", AreaViewSet.as_view({"get": "list"}), name="area-list"),
    path("areas/<str:era>/<str:level>/<str:code>/", AreaViewSet.as_view({"get": "retrieve"}), name="area-detail"),
    path("me/", MeView.as_view(), name="me"),
    path("council-regulation/", RegulationView.as_view(), name="council-regulation"),
    path("scoring/rank", RankView.as_view(), name="scoring-rank"),
    path("statistics/", StatisticsReportView.as_view(), name="statistics"),
    path("statistics/<str:table>/", StatisticsTableView.as_view(), name="statistics-table"),
    path("validity/", ValidityView.as_view(), name="validity"),
    path("signed-files/check/", SignedFileCheckView.as_view(), name="signed-file-check"),
    # The public check of one stamp: the verification page's verdict, for apps.
    path("stamps/<str:serial>/", StampCheckView.as_view(), name="stamp-check"),
    # Inspections (inspections): the withdrawal of a certificate, before the router's certificate routes, whose
    # number (it may hold a slash) would take in "…/withdraw".
    path(
        "certificates/<path:number>/withdraw/",
        CertificateViewSet.as_view({"post": "withdraw"}),
        name="certificate-withdraw",
    ),
    path(
        "certificates/<path:number>/decisions/<str:kind>/",
        CertificateViewSet.as_view({"get": "decision"}),
        name="certificate-decision",
    ),
    *router.urls,
    # Market (market)
    path("", include(urls_market)),
    # Open data (opendata): public lists, the same rows as the files of /du-lieu-mo/.
    path("open/", OpenDataIndexView.as_view(), name="open-data-index"),
    path("open/<str:dataset>/", OpenDataListView.as_view(), name="open-data-list"),
]

app_name = "api"
urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(), name="docs"),
    path("redoc/", redoc, name="redoc"),
]
