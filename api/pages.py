"""The account pages for API tokens: a user's own tokens, and a province's service accounts and their tokens.
A new token's secret is shown on the page that created it, once; nothing can show it again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_domain_errors

from . import tokens
from .forms import ServiceAccountForm, TokenForm
from .models import ApiToken, ServiceAccount


def _token_page(request, *, owner, account: ServiceAccount | None):
    form = TokenForm(request.POST or None, read_only=account is not None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = tokens.create_token(
                user=owner,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
                scopes=form.cleaned_data.get("scopes", []),
                by=request.user,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            form = TokenForm(read_only=account is not None)
    listed = ApiToken.objects.visible_to(request.user).filter(user=owner).select_related("revoked_by")
    context = {"form": form, "tokens": listed, "secret": secret, "account": account, "owner": owner}
    return render(request, "api/tokens.html", context)


@login_required
def own_tokens(request):
    if tokens.is_service_account(request.user):
        raise Http404
    return _token_page(request, owner=request.user, account=None)


@login_required
@require_POST
def revoke(request, prefix: str):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user).select_related("user"), prefix=prefix)
    try:
        token = tokens.revoke_token(token=token, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    if request.htmx:
        return render(request, "api/tokens.html#row", {"token": token})
    messages.success(request, _("Đã thu hồi mã truy cập %(name)s.") % {"name": token.name})
    if token.user_id != request.user.pk:
        return redirect("tokens:service_account", username=token.user.username)
    return redirect("tokens:own")


@login_required
def service_accounts(request):
    if not tokens.can_create_service_account(request.user):
        raise Http404
    form = ServiceAccountForm(request.POST or None, choose_province=request.user.area_id is None)
    if request.method == "POST" and form.is_valid():
        try:
            account = tokens.create_service_account(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã tạo tài khoản tích hợp %(name)s.") % {"name": account.user.username})
            return redirect("tokens:service_account", username=account.user.username)
    accounts = ServiceAccount.objects.visible_to(request.user).select_related("user__area")
    return render(request, "api/service_accounts.html", {"form": form, "accounts": accounts})


@login_required
def service_account(request, username: str):
    account = get_object_or_404(
        ServiceAccount.objects.visible_to(request.user).select_related("user"), user__username=username
    )
    if not tokens.can_manage_service_account(request.user, account):
        raise Http404
    return _token_page(request, owner=account.user, account=account)


app_name = "tokens"
urlpatterns = [
    path("", own_tokens, name="own"),
    path("tich-hop/", service_accounts, name="service_accounts"),
    path("tich-hop/<str:username>/", service_account, name="service_account"),
    path("<str:prefix>/thu-hoi/", revoke, name="revoke"),
]
