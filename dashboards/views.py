from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from core.databases import on_replica
from market.models import SalesPoint
from market.views.shelf import shelf_page
from producers.models import Producer
from products.models import Product
from reports import rules as report_rules
from reports.filters import ReportForm, read_report, round_options

from . import figures, work


def home(request):
    """Signed-in users see their work first, then the numbers in their scope. (Anonymous visitors at "/" get the
    programme's shop window, `public.views.home`, which hands signed-in users to this view.)"""
    context = {}
    if request.user.is_authenticated and request.user.role == Role.SALES_POINT:
        # A sales point's operator reads nothing but its own sales point: its home is that point's page.
        point = SalesPoint.objects.visible_to(request.user).select_related("area").first()
        if point is not None:
            return shelf_page(request, point)
    if request.user.is_authenticated:
        producers = Producer.objects.visible_to(request.user)
        period, form = _period(request)
        with on_replica():
            key_figures = figures.cached_key_figures(request.user, today=timezone.localdate(), period=period)
        context = {
            "panels": work.panels_for(request.user),
            "period_form": form,
            "figures_period": period,
            "round_options": round_options(request.user) if form is not None else [],
            "figures": key_figures,
            "producer_count": producers.count(),
            "pending_count": producers.filter(status=Producer.Status.PENDING).count(),
            "product_count": Product.objects.visible_to(request.user).count(),
        }
    return render(request, "dashboards/home.html", context)


def _period(request):
    """The period switch of the key figures (the report's own filters): None for the default (every year of the
    scope), or when the switch cannot be read (its form then carries the message)."""
    if not report_rules.can_view_reports(request.user):
        return None, None
    if not any(name in request.GET for name in ("period", "first", "last", "since", "until", "round")):
        return None, ReportForm(user=request.user)
    asked = read_report(request.user, request.GET)
    return (asked.report.period if asked.report else None), asked.form
