from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from audit.domain import history
from core.forms import add_domain_errors
from core.pagination import paginate

from . import domain
from .forms import LoginForm, NewUserForm, UserForm
from .models import User
from .rules import can_manage_users

login_view = auth_views.LoginView.as_view(
    template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
)
logout_view = auth_views.LogoutView.as_view()
password_change_view = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html", success_url=reverse_lazy("dashboards:home")
)
# An invited account (`domain.invite_account`) sets its first password from the e-mailed link, then signs in.
set_password_view = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/set_password.html", success_url=reverse_lazy("accounts:set_password_done")
)
set_password_done_view = auth_views.PasswordResetCompleteView.as_view(template_name="accounts/set_password_done.html")


def _require_user_manager(user) -> None:
    if not can_manage_users(user):
        raise Http404


@login_required
def user_list(request):
    _require_user_manager(request.user)
    users = User.objects.visible_to(request.user).select_related("area__parent", "producer")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    return render(request, "accounts/user_list.html", {"page": paginate(request, users), "q": query})


@login_required
def user_create(request):
    _require_user_manager(request.user)
    form = NewUserForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "password"}
        try:
            user = domain.create_user(by=request.user, password=form.cleaned_data["password"], **fields)
        except ValidationError as error:
            add_domain_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("Bạn không được cấp vai trò hoặc địa bàn này."))
        else:
            messages.success(request, _("Đã tạo tài khoản %(name)s.") % {"name": user.username})
            return redirect("accounts:user_edit", username=user.username)
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


@login_required
def user_edit(request, username: str):
    _require_user_manager(request.user)
    account = get_object_or_404(User.objects.visible_to(request.user), username=username)
    form = UserForm(request.POST or None, instance=User.objects.get(pk=account.pk), by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_user(user=account, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("Bạn không được cấp vai trò hoặc địa bàn này."))
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("accounts:user_edit", username=account.username)
    return render(
        request, "accounts/user_form.html", {"form": form, "account": account, "history": history(account)[:50]}
    )
