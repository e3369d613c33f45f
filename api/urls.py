"""The REST API. Versions live side by side under /api/v<n>/; the schema and its browsers describe them all."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from .statistics import StatisticsReportView, StatisticsTableView
from .views.areas import AreaViewSet
from .views.certificates import CertificateViewSet
from .views.criteria import CriteriaSetViewSet
from .views.docs import SwaggerView, redoc
from .views.dossiers import DossierViewSet
from .views.evaluation import EvaluationViewSet
from .views.me import MeView
from .views.open_data import OpenDataIndexView, OpenDataListView
from .views.producers import ProducerViewSet
from .views.products import ProductViewSet
from .views.rounds import RegulationView, RoundViewSet
from .views.scoring import RankView
from .views.stamps import StampBatchViewSet, StampCheckView
from .views.validity import ValidityView

router = SimpleRouter()
router.register("criteria-sets", CriteriaSetViewSet, basename="criteriaset")
router.register("producers", ProducerViewSet, basename="producer")
router.register("products", ProductViewSet, basename="product")
# The spine: dossiers → rounds and evaluations → certificates → stamp batches, each by its own code.
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("rounds", RoundViewSet, basename="round")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("stamp-batches", StampBatchViewSet, basename="stampbatch")

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
    # The public check of one stamp: the verification page's verdict, for apps.
    path("stamps/<str:serial>/", StampCheckView.as_view(), name="stamp-check"),
    *router.urls,
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
