"""A certificate's decisions as documents: the recognition decision that issued it and the decision that withdrew
it. The page shows the decision and every product it lists; its authority's officer signs it there (with the
token's PIN when the key is a token); the download serves the signed file as it was stored, or, before it is
signed, the unsigned draft. Reached through the certificate, so whoever does not see the certificate gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.forms import add_domain_errors

from . import decision_pdf
from .decisions import Decision, can_sign, recognition_decision, withdrawal_decision
from .domain.signing import pin_needed, sign_decision
from .forms import SignDecisionForm
from .models import Certificate

# The kinds of decision a certificate page links, by the slug of their address.
KINDS = {"cong-nhan": recognition_decision, "thu-hoi": withdrawal_decision}


def _decision(request, number: str, kind: str) -> tuple[Certificate, Decision]:
    if kind not in KINDS:
        raise Http404
    certificate = get_object_or_404(
        Certificate.objects.visible_to(request.user).select_related("recognition", "province", "product"),
        number=number,
    )
    decision = KINDS[kind](certificate)
    if decision is None:
        raise Http404
    return certificate, decision


@login_required
def decision_detail(request, number: str, kind: str):
    certificate, decision = _decision(request, number, kind)
    signing = decision.signed is None and can_sign(request.user, decision)
    needs_pin = signing and pin_needed(decision)
    # Bound on any POST: with an agency's key the form has no field, so its POST is empty.
    data = request.POST if request.method == "POST" else None
    form = SignDecisionForm(data, pin_needed=needs_pin) if signing else None
    if request.method == "POST":
        if form is None:
            # Signed already, or not this user's to sign.
            messages.error(request, _("Quyết định này đã được ký số hoặc bạn không có quyền ký."))
            return redirect(request.path)
        if form.is_valid():
            try:
                sign_decision(decision=decision, by=request.user, pin=form.cleaned_data.get("pin", ""))
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("Đã ký số %(title)s.") % {"title": decision.title})
                return redirect(request.path)
    return render(
        request,
        "certificates/decision.html",
        {
            "certificate": certificate,
            "decision": decision,
            "kind": kind,
            "signed": decision.signed,
            "form": form,
            "needs_pin": needs_pin,
        },
    )


@login_required
@require_GET
def decision_file(request, number: str, kind: str):
    _certificate, decision = _decision(request, number, kind)
    name = slugify(decision.title) or "quyet-dinh"
    signed = decision.signed
    if signed is not None:
        response = FileResponse(
            signed.file.open("rb"), content_type="application/pdf", filename=f"{name}.pdf", as_attachment=True
        )
    else:
        response = HttpResponse(decision_pdf.render(decision), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}-chua-ky.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_cache=True)
    return response
