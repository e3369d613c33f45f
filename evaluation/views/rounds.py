import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from audit.domain import history
from core.forms import add_domain_errors
from core.pagination import count_of, paginate

from .. import calendar, domain
from ..domain._common import regulation_for, regulation_of
from ..forms import AssignForm, MemberForm, RegulationForm, RoundForm
from ..models import CouncilMembership, Evaluation, Level, Round
from ..rules import can_manage_round, can_organise, is_scoring_member, organiser_level
from ._common import visible_round


@login_required
def round_list(request):
    rounds = (
        Round.objects.visible_to(request.user)
        .select_related("province")
        .annotate(dossier_count=count_of(Evaluation.objects.all(), "round"))
        .order_by("-evaluate_by", "-id")
    )
    if request.user.role in (Role.PRODUCER, Role.COMMUNE_OFFICER):
        raise Http404
    organiser = organiser_level(request.user)
    year_warning = ""
    if organiser:
        level, province_id = organiser
        year = timezone.localdate().year
        planned = Round.objects.filter(level=level, province_id=province_id, evaluate_by__year=year).count()
        year_warning = calendar.year_warning(level=level, year=year, count=planned)
    return render(
        request,
        "evaluation/round_list.html",
        {
            "page": paginate(request, rounds),
            "organiser_level": organiser[0] if organiser else None,
            "year_warning": year_warning,
        },
    )


def _presets(level: str) -> list[dict]:
    year = timezone.localdate().year
    return [*calendar.default_rounds(level=level, year=year), *calendar.default_rounds(level=level, year=year + 1)]


@login_required
def round_create(request):
    organiser = organiser_level(request.user)
    if organiser is None:
        raise Http404
    level, province_id = organiser
    presets = _presets(level)
    initial = {}
    preset = request.GET.get("preset", "")
    if preset.isdigit() and int(preset) < len(presets):
        initial = presets[int(preset)]
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = domain.create_round(
                by=request.user,
                level=level,
                province=request.user.area if level == Level.PROVINCE else None,
                **form.domain_fields(),
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã tạo %(name)s.") % {"name": round_.name})
            for warning in calendar.date_warnings(
                level=level, proposal_cutoff=round_.proposal_cutoff, evaluate_by=round_.evaluate_by
            ):
                messages.warning(request, warning)
            return redirect(round_)
    return render(
        request,
        "evaluation/round_form.html",
        {"form": form, "round": None, "presets": presets, "level": level, "province_id": province_id},
    )


@login_required
def round_edit(request, code: str):
    round_ = visible_round(request, code)
    if not can_manage_round(request.user, round_):
        raise PermissionDenied
    form = RoundForm(request.POST or None, instance=Round.objects.get(pk=round_.pk))
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_round(round_=round_, by=request.user, **form.domain_fields())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            for warning in calendar.date_warnings(
                level=round_.level, proposal_cutoff=round_.proposal_cutoff, evaluate_by=round_.evaluate_by
            ):
                messages.warning(request, warning)
            return redirect(round_)
    return render(request, "evaluation/round_form.html", {"form": form, "round": round_, "presets": []})


@login_required
def round_detail(request, code: str):
    round_ = visible_round(request, code)
    # A council member sees only the sessions that still need them (`Evaluation.objects.visible_to`).
    evaluations = (
        Evaluation.objects.visible_to(request.user)
        .filter(round=round_)
        .select_related("application__product__producer", "application__commune")
        .annotate(submitted=Count("sheets", filter=Q(sheets__submitted_at__isnull=False)))
        .order_by("created_at", "id")
    )
    memberships = list(round_.memberships.all())
    can_manage = can_manage_round(request.user, round_)
    regulation = regulation_for(round_)
    scoring_count = sum(1 for m in memberships if m.scores)
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": round_,
            "evaluations": evaluations,
            "memberships": memberships,
            "scoring_count": scoring_count,
            "regulation": regulation,
            "quorum_unreachable": scoring_count < regulation.quorum,
            "can_manage": can_manage,
            "is_member": is_scoring_member(request.user, round_),
            "date_warnings": calendar.date_warnings(
                level=round_.level, proposal_cutoff=round_.proposal_cutoff, evaluate_by=round_.evaluate_by
            ),
            "next_statuses": _next_statuses(round_, evaluations) if can_manage else [],
            "Status": Round.Status,
            "history": history(round_)[:50] if can_manage else None,
        },
    )


def _next_statuses(round_: Round, evaluations) -> list[str]:
    """The steps to offer: closing the round only once every session in it is closed."""
    steps = set(domain.rounds.ROUND_STEPS[round_.status])
    if any(evaluation.status == Evaluation.Status.OPEN for evaluation in evaluations):
        steps.discard(Round.Status.CLOSED)
    return sorted(steps)


@login_required
@require_POST
def round_status(request, code: str):
    round_ = visible_round(request, code)
    try:
        domain.set_round_status(round_=round_, status=request.POST.get("status", ""), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã cập nhật trạng thái đợt đánh giá."))
    return redirect(round_)


@login_required
def council(request, code: str):
    round_ = visible_round(request, code)
    if not can_manage_round(request.user, round_):
        raise PermissionDenied
    seat = request.POST.get("role") or request.GET.get("role") or CouncilMembership.Role.MEMBER
    if seat not in CouncilMembership.Role.values:
        seat = CouncilMembership.Role.MEMBER
    accounts = domain.eligible_accounts(round_, seat=seat)
    form = MemberForm(
        request.POST or None,
        accounts=accounts,
        initial={"role": seat},
        reload_url=reverse("evaluation:council", args=[round_.code]),
    )
    context = {"round": round_, "form": form, "seat": seat, "seats": CouncilMembership.Role.choices}
    if request.htmx and request.method == "GET":
        # The role list changed: the accounts for that seat, and the seat links to match.
        return render(request, "evaluation/council.html#seat-accounts", context)
    if request.method == "POST" and form.is_valid():
        try:
            domain.add_member(round_=round_, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã thêm %(user)s vào hội đồng.") % {"user": form.cleaned_data["user"]})
            return redirect("evaluation:council", code=round_.code)
    return render(request, "evaluation/council.html", {**context, "memberships": round_.memberships.all()})


@login_required
@require_POST
def member_remove(request, code: str, membership_id: int):
    round_ = visible_round(request, code)
    membership = get_object_or_404(round_.memberships.select_related("user"), pk=membership_id)
    try:
        domain.remove_member(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã rút %(user)s khỏi hội đồng.") % {"user": membership.user})
    return redirect("evaluation:council", code=round_.code)


@login_required
def assign(request, code: str):
    round_ = visible_round(request, code)
    if not can_manage_round(request.user, round_):
        raise PermissionDenied
    applications = domain.assignable_applications(round_).order_by("received_at", "id")
    form = AssignForm(request.POST or None, applications=applications)
    if request.method == "POST" and form.is_valid():
        assigned, refused = 0, []
        for application in form.cleaned_data["applications"]:
            try:
                domain.assign_to_round(round_=round_, application=application, by=request.user)
            except ValidationError as error:
                refused.append(f"{application.product.name}: {' '.join(error.messages)}")
            else:
                assigned += 1
        if assigned:
            messages.success(request, _("Đã đưa %(count)d hồ sơ vào đợt.") % {"count": assigned})
        for message in refused:
            messages.error(request, message)
        return redirect(round_)
    cutoff = datetime.datetime.combine(
        round_.proposal_cutoff, datetime.time.max, tzinfo=timezone.get_current_timezone()
    )
    return render(
        request,
        "evaluation/assign.html",
        {"round": round_, "form": form, "applications": applications, "cutoff": cutoff},
    )


@login_required
def regulation(request):
    """The council regulation of the user's province (province officer) or of the central council."""
    organiser = organiser_level(request.user)
    if organiser is None:
        raise Http404
    level, province_id = organiser
    if not can_organise(request.user, level=level, province_id=province_id):
        raise Http404
    current = regulation_of(province_id)
    form = RegulationForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            domain.set_regulation(
                province=request.user.area if level == Level.PROVINCE else None,
                by=request.user,
                quorum=form.cleaned_data["quorum"],
                max_gap=form.cleaned_data["max_gap"],
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu quy chế hội đồng."))
            return redirect("evaluation:regulation")
    return render(
        request,
        "evaluation/regulation.html",
        {
            "form": form,
            "level": level,
            "province": request.user.area if level == Level.PROVINCE else None,
            "history": history(current)[:20] if current.pk else None,
        },
    )
