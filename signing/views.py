"""The signing keys' pages (`/ky-so/`): which key signs each kind of document for a province or the central
level, and a trial signature to prove a setup works. Out of the user's level: 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from areas.models import Area
from core.forms import add_domain_errors

from . import domain
from .checking import check_pdf
from .documents import needs_pin, setup_for, sign_pdf
from .errors import SigningError
from .forms import SetupForm, TrySigningForm
from .kinds import DocumentKind
from .rules import NATIONAL_ROLES, can_configure, can_open_signing
from .sample import trial_document

CENTRAL = "trung-uong"


def _provinces():
    return Area.objects.current().filter(level=Area.Level.PROVINCE).order_by("name")


def _place(request, where: str):
    """(province or None, its name) for the URL's `where`; 404 unless the user configures it."""
    province = None if where == CENTRAL else get_object_or_404(_provinces(), code=where)
    if not can_configure(request.user, province):
        raise Http404
    return province, (province.name if province else _("Cấp trung ương"))


def _kind(kind: str) -> DocumentKind:
    if kind not in DocumentKind.values:
        raise Http404
    return DocumentKind(kind)


@login_required
def setups(request):
    user = request.user
    if not can_open_signing(user):
        raise PermissionDenied
    places = []
    if user.role in NATIONAL_ROLES:
        places.append((CENTRAL, _("Cấp trung ương"), None))
    chosen = None
    if user.role == Role.SYSADMIN:
        chosen = _provinces().filter(code=request.GET.get("tinh", "")).first()
    elif user.role == Role.PROVINCE_OFFICER and user.area_id:
        chosen = user.area
    if chosen is not None:
        places.append((chosen.code, chosen.name, chosen))
    tables = [
        {
            "where": where,
            "name": name,
            "rows": [(kind, setup_for(kind=kind, province=province)) for kind in DocumentKind],
        }
        for where, name, province in places
    ]
    provinces = _provinces() if user.role == Role.SYSADMIN else None
    return render(request, "signing/setups.html", {"tables": tables, "provinces": provinces, "chosen": chosen})


@login_required
def edit(request, where: str, kind: str):
    province, name = _place(request, where)
    kind = _kind(kind)
    setup = setup_for(kind=kind, province=province)
    initial = {field: getattr(setup, field) for field in domain.SETUP_FIELDS} if setup else {}
    form = SetupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            domain.save_setup(by=request.user, province=province, kind=kind, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request, _("Đã lưu cấu hình ký số: %(kind)s — %(where)s.") % {"kind": kind.label, "where": name}
            )
            return redirect(_back(province))
    context = {
        "form": form,
        "setup": setup,
        "kind": kind,
        "where": where,
        "name": name,
        "try_form": TrySigningForm() if setup else None,
        "needs_pin": setup is not None and needs_pin(kind=kind, province=province),
    }
    return render(request, "signing/edit.html", context)


def _back(province) -> str:
    url = reverse("signing:setups")
    return f"{url}?tinh={province.code}" if province is not None else url


@login_required
@require_POST
def try_signing(request, where: str, kind: str):
    """Sign a trial page with the setup and check the result: proof that the file, password or token work."""
    province, name = _place(request, where)
    kind = _kind(kind)
    form = TrySigningForm(request.POST)
    pin = form.cleaned_data["pin"] if form.is_valid() else None
    try:
        signed = sign_pdf(
            trial_document(where=name, kind_label=kind.label), kind=kind, province=province, number="KY-THU", pin=pin
        )
    except SigningError as error:
        messages.error(request, _("Ký thử không được: %(reason)s") % {"reason": error.message})
    else:
        check = check_pdf(signed)
        if check.valid:
            messages.success(
                request,
                _("Ký thử thành công: %(signer)s (%(agency)s), chứng thư số có hiệu lực đến %(date)s.")
                % {"signer": check.signer_name, "agency": check.agency, "date": f"{check.expires_at:%d/%m/%Y}"},
            )
        else:
            messages.error(
                request, _("Đã ký nhưng chữ ký không hợp lệ: %(problems)s") % {"problems": " ".join(check.problems)}
            )
    return redirect("signing:edit", where=where, kind=kind.value)
