import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.domain import history
from core.forms import add_domain_errors
from core.pagination import paginate
from core.text import word_search
from signing.errors import SigningError

from . import domain, pdf
from .forms import CertificateFilterForm, WithdrawalForm
from .models import NO_REEVALUATION, SHOWS_STAR, Certificate
from .queries import status_q
from .rules import can_extend, can_import, can_withdraw
from .transparency import transparency_for
from .validity import filing_window, grace_limit

PUBLIC_MAX_AGE = 600  # seconds; a status can change at midnight or with a withdrawal, so keep it short


def _scoped(user):
    return Certificate.objects.visible_to(user).select_related(
        "product__producer__area__parent__parent",
        "product__criteria_set",
        "province",
        "area_at_issue__parent__parent",
        "legal_version",
        "recognition__evaluation",
        "superseded_by",
    )


def _visible(request, number: str) -> Certificate:
    return get_object_or_404(_scoped(request.user), number=number)


@login_required
def certificate_list(request):
    """Certificates in the user's scope (a producer's own), filtered by status and stars."""
    filters = CertificateFilterForm(request.GET)
    today = timezone.localdate()
    certificates = Certificate.objects.visible_to(request.user).select_related("product__producer", "province")
    if filters.is_valid():
        text = filters.cleaned_data["q"].strip()
        if text:
            # A product's search key holds its name and its producer's; numbers match from their start.
            certificates = certificates.filter(
                word_search("product__search_key", text)
                | Q(number__istartswith=text)
                | Q(decision_number__istartswith=text)
            )
        if filters.cleaned_data["status"]:
            certificates = certificates.filter(status_q(filters.cleaned_data["status"], today))
        if filters.cleaned_data["stars"]:
            certificates = certificates.filter(stars=int(filters.cleaned_data["stars"]))
    page = paginate(request, certificates)
    template = "certificates/list.html#results" if request.htmx else "certificates/list.html"
    return render(
        request,
        template,
        {"page": page, "filters": filters, "today": today, "can_import": can_import(request.user)},
    )


def certificate_detail(request, number: str):
    """The certificate's page. Anyone may open it (the QR code on the printed certificate points here): they
    see the public facts, cacheable. A signed-in user whose scope covers the certificate sees the full page:
    decisions, history, the council's result, and the actions their role allows."""
    # Only a request that carries a session can be signed in; the others never touch the session, so the
    # public page stays the same for every anonymous visitor.
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
        certificate = _scoped(request.user).filter(number=number).first()
        if certificate is not None:
            return _full_detail(request, certificate)
    return _public_detail(request, number)


def _public_detail(request, number: str):
    certificate = (
        Certificate.objects.select_related(
            "product__producer", "province", "legal_version", "recognition", "withdrawal", "superseded_by"
        )
        .filter(number=number)
        .first()
    )
    if certificate is None:
        raise Http404
    today = timezone.localdate()
    status = certificate.status_on(today)
    state = f"{certificate.pk}:{certificate.withdrawn_on}:{certificate.superseded_by_id}:{certificate.extended_until}"
    etag = hashlib.sha256(f"{state}:{status}:{today}:{get_language()}".encode()).hexdigest()[:32]
    response = get_conditional_response(request, etag=f'"{etag}"')
    if response is None:
        html = render_to_string(
            "certificates/public.html",
            {
                "certificate": certificate,
                "status": status,
                "shows_star": status in SHOWS_STAR,
                "withdrawal": getattr(certificate, "withdrawal", None),
                "today": today,
            },
        )
        response = HttpResponse(html)
        response["ETag"] = f'"{etag}"'
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def _full_detail(request, certificate: Certificate):
    user = request.user
    today = timezone.localdate()
    status = certificate.status_on(today)
    opens, closes = filing_window(certificate.expires_on)
    chain = (
        Certificate.objects.visible_to(user)
        .filter(product_id=certificate.product_id)
        .exclude(pk=certificate.pk)
        .select_related("superseded_by")
        .order_by("-issued_on", "-id")
    )
    return render(
        request,
        "certificates/detail.html",
        {
            "certificate": certificate,
            "product": certificate.product,
            "status": status,
            "shows_star": status in SHOWS_STAR,
            "recognition": certificate.recognition,
            "withdrawal": getattr(certificate, "withdrawal", None),
            "window_opens": opens,
            "window_closes": closes,
            "grace_limit": grace_limit(certificate.expires_on),
            "chain": chain,
            "transparency": transparency_for(certificate),
            "can_withdraw": can_withdraw(user, certificate) and not certificate.withdrawn_on,
            "reevaluation": status not in NO_REEVALUATION,
            "can_extend": can_extend(user, certificate)
            and domain.extension_applies(certificate=certificate, today=today),
            "history": history(certificate)[:50] if user.is_officer else None,
            "today": today,
        },
    )


@login_required
@require_GET
def certificate_pdf(request, number: str):
    """The printable certificate, signed when its province has configured a key for certificates; a key that
    cannot sign (missing file, expired) says why on the certificate's page instead."""
    certificate = _visible(request, number)
    today = timezone.localdate()
    if pdf.is_signed_on_print(certificate):
        try:
            data = pdf.signed(certificate, today=today)
        except SigningError as error:
            messages.error(request, _("Không ký số được bản in: %(reason)s") % {"reason": error.message})
            return redirect(certificate.get_absolute_url())
    else:
        data = pdf.render(certificate, today=today)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    patch_cache_control(response, private=True, no_cache=True)
    return response


@login_required
def certificate_withdraw(request, number: str):
    certificate = _visible(request, number)
    if not can_withdraw(request.user, certificate):
        raise PermissionDenied
    # An inspection's withdrawal proposal links here with its ground, conclusion and date filled in.
    prefill = {key: request.GET[key] for key in ("ground", "conclusion", "concluded_on") if key in request.GET}
    form = WithdrawalForm(request.POST or None, initial=prefill)
    if request.method == "POST" and form.is_valid():
        try:
            domain.withdraw(certificate=certificate, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã ghi quyết định thu hồi giấy chứng nhận %(number)s.") % {"number": number})
            return redirect(certificate)
    return render(request, "certificates/withdraw.html", {"certificate": certificate, "form": form})


@login_required
@require_POST
def certificate_extend(request, number: str):
    certificate = _visible(request, number)
    if not can_extend(request.user, certificate):
        raise PermissionDenied
    try:
        domain.extend_for_late_filing(certificate=certificate, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Giấy chứng nhận được giữ hiệu lực đến khi có quyết định, chậm nhất đến ngày %(date)s.")
            % {"date": f"{certificate.extended_until:%d/%m/%Y}"},
        )
    return redirect(certificate)
