from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from producers.models import Producer
from products.models import Product


def home(request):
    """Anonymous visitors see what the platform is; signed-in users see the numbers in their scope."""
    context = {}
    if request.user.is_authenticated:
        producers = Producer.objects.visible_to(request.user)
        context = {
            "producer_count": producers.count(),
            "pending_count": producers.filter(status=Producer.Status.PENDING).count(),
            "product_count": Product.objects.visible_to(request.user).count(),
        }
    return render(request, "core/home.html", context)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico before reading the page's icon links."""
    return redirect(static("brand/favicon.ico"))


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
