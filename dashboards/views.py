from django.shortcuts import render
from django.utils import timezone

from producers.models import Producer
from products.models import Product

from . import figures, work


def home(request):
    """Anonymous visitors see what the platform is; signed-in users see their work first, then the numbers in
    their scope."""
    context = {}
    if request.user.is_authenticated:
        producers = Producer.objects.visible_to(request.user)
        context = {
            "panels": work.panels_for(request.user),
            "figures": figures.key_figures(request.user, today=timezone.localdate()),
            "producer_count": producers.count(),
            "pending_count": producers.filter(status=Producer.Status.PENDING).count(),
            "product_count": Product.objects.visible_to(request.user).count(),
        }
    return render(request, "dashboards/home.html", context)
