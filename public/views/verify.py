"""The stamp verification page: `/s/<serial>` and the GS1 Digital Link `/01/<gtin>[/10/<lot>]/21/<serial>` serve
the same page with no redirect; a manual entry form for people without a camera; the location beacon."""

import datetime
import functools

from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from stamps import scanning
from stamps.models import Verdict
from stamps.serials import normalise

from ..cache import VERSION_KEY, cached_batch_facts, catalogue_version
from ..catalogue import recognised_products
from ..forms import CheckForm
from ..ratelimit import LOOKUP_WINDOW, allow_lookup, allow_lookup_reading, client_hash, too_many
from ..verify_page import LOCATE_SALT, render_check, render_verdict


def _no_store(response: HttpResponse) -> HttpResponse:
    # Every check is counted: neither a browser nor a proxy may answer one from a cache.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _verify(request, *, serial: str, gtin: str = "", lot: str | None = None):
    # One round trip to the shared cache: count the look-up, and read the catalogue's version (for the batch's
    # facts and the page).
    allowed, stored_version = allow_lookup_reading(request, VERSION_KEY)
    if not allowed:
        return too_many(request, window=LOOKUP_WINDOW)
    version = catalogue_version(stored=stored_version)
    check = scanning.check_stamp(
        serial=serial,
        gtin=gtin,
        lot=lot,
        client_hash=client_hash(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        batch_facts=functools.partial(cached_batch_facts, version=version),
    )
    return _no_store(HttpResponse(render_check(request, check, version=version)))


@require_GET
def stamp(request, serial: str):
    return _verify(request, serial=serial)


@require_GET
def digital_link(request, gtin: str, serial: str, lot: str | None = None):
    """A GS1 Digital Link URI: AI 01 (GTIN), optionally AI 10 (lot), then AI 21 (serial). The GTIN and lot
    must be the stamp's; query parameters (other AIs) are ignored."""
    return _verify(request, serial=serial, gtin=gtin, lot=lot)


@require_GET
def gtin_only(request, gtin: str):
    """A Digital Link with the GTIN alone (no serial) names a product: its catalogue page, if recognised."""
    product = recognised_products().filter(gtin=gtin.zfill(14)).first()
    if product is None:
        raise Http404
    return redirect("public:product", code=product.code)


@require_GET
def check(request):
    """Manual entry of the printed code. A code whose check character fails was mistyped (the database is not
    asked); a well-formed code goes to the verification page."""
    form = CheckForm(request.GET if "ma" in request.GET else None)
    if form.is_valid():
        return redirect("public:stamp", serial=form.cleaned_data["ma"])
    return render(request, "public/check.html", {"form": form})


@csrf_exempt  # the signed token, issued to this client for this check, is what authorises the write
@require_POST
def locate(request, serial: str):
    """The consumer's browser shares the coarse place of the check it just showed (static/public/locate.js).
    200 with the new verdict block when the place makes the stamp suspicious, 204 otherwise."""
    if not allow_lookup(request):
        return too_many(request, window=LOOKUP_WINDOW)
    max_age = scanning.LOCATE_WINDOW.total_seconds()
    try:
        token_serial, at_text = signing.loads(request.POST.get("t", ""), salt=LOCATE_SALT, max_age=max_age)
    except (signing.BadSignature, ValueError):
        return HttpResponse(status=400)
    scanned_at = parse_datetime(at_text) if isinstance(at_text, str) else None
    if token_serial != normalise(serial) or not isinstance(scanned_at, datetime.datetime):
        return HttpResponse(status=400)
    try:
        verdict = scanning.locate_scan(
            serial=token_serial,
            scanned_at=scanned_at,
            client_hash=client_hash(request),
            latitude=request.POST.get("lat", ""),
            longitude=request.POST.get("lon", ""),
        )
    except ValueError:
        return HttpResponse(status=400)
    if verdict != Verdict.SUSPICIOUS:
        return _no_store(HttpResponse(status=204))
    check = scanning.Check(
        serial=token_serial,
        stamp=None,
        verdict=Verdict(verdict),
        scanned_at=scanned_at,
        scan_count=0,
        first_scanned_at=None,
        product=None,
        certificate=None,
    )
    return _no_store(HttpResponse(render_verdict(request, check)))
