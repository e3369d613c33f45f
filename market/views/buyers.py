"""Buyers and their demands: a buyer's sign-up, the province's verification, demands with their matches, producers'
answers, and the conversations between a buyer and a producer about a demand."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_domain_errors
from core.pagination import paginate
from producers.models import Producer

from .. import matching, rules
from ..domain import buyers as buyers_domain
from ..domain import demands as demands_domain
from ..forms import AnswerForm, BuyerRegistrationForm, BuyerVerifyForm, DemandForm, EndDemandForm, MessageForm
from ..models import Buyer, Conversation, Demand

# Buyers ------------------------------------------------------------------------------------------------------


def register(request):
    """A buyer opens an account and declares its organisation; the province verifies it later."""
    if request.user.is_authenticated:
        return redirect("dashboards:home")
    form = BuyerRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = buyers_domain.register_buyer_account(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                email=form.cleaned_data["email"],
                buyer_fields=form.buyer_fields(),
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Đã tạo tài khoản. Bên mua đang chờ cán bộ OCOP cấp tỉnh xác minh."))
            return redirect(user.buyer)
    return render(request, "market/buyer_register.html", {"form": form})


@login_required
def buyer_list(request):
    if not rules.can_list_buyers(request.user):
        raise Http404
    buyers = Buyer.objects.visible_to(request.user).select_related("area", "province")
    status = request.GET.get("status", "")
    if status in Buyer.Status.values:
        buyers = buyers.filter(status=status)
    return render(
        request,
        "market/buyers.html",
        {
            "page": paginate(request, buyers.order_by("status", "-created_at", "-id")),
            "status": status,
            "statuses": Buyer.Status,
        },
    )


@login_required
def buyer_detail(request, code: str):
    buyer = get_object_or_404(Buyer.objects.visible_to(request.user).select_related("area", "province"), code=code)
    can_verify = rules.can_verify_buyer(request.user, buyer)
    return render(
        request,
        "market/buyer.html",
        {
            "buyer": buyer,
            "form": BuyerVerifyForm() if can_verify else None,
            "demands": buyer.demands.all(),
        },
    )


@login_required
@require_POST
def buyer_verify(request, code: str):
    buyer = get_object_or_404(Buyer.objects.visible_to(request.user), code=code)
    form = BuyerVerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn kết quả xác minh."))
        return redirect(buyer)
    try:
        buyers_domain.verify_buyer(buyer=buyer, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ghi kết quả xác minh."))
    return redirect(buyer)


# Demands -----------------------------------------------------------------------------------------------------


def _demand_for(request, code: str) -> Demand:
    demand = matching.demand_for(request.user, code, day=timezone.localdate())
    if demand is None:
        raise Http404
    return demand


def _matches_of(user, demand):
    producer = rules.producer_of(user)
    if producer is None:
        return []
    return matching.rank(demand, day=timezone.localdate(), products=producer.products.all())


@login_required
def demand_list(request):
    if not rules.can_see_demands(request.user) and not rules.can_list_buyers(request.user):
        raise Http404
    producer = rules.producer_of(request.user)
    fitting = matching.demands_for(producer, day=timezone.localdate()) if producer else None
    demands = Demand.objects.visible_to(request.user).select_related("buyer", "delivery_area")
    return render(
        request,
        "market/demands.html",
        {
            "fitting": fitting,
            "page": paginate(request, demands),
            "can_post": rules.can_post_demand(request.user),
            "buyer": rules.buyer_of(request.user),
        },
    )


@login_required
def demand_form(request, code: str | None = None):
    demand = _demand_for(request, code) if code else None
    if demand is None and not rules.can_post_demand(request.user):
        buyer = rules.buyer_of(request.user)
        if buyer is None:
            raise Http404
        messages.error(request, _("Bên mua cần được tỉnh xác minh trước khi đăng nhu cầu mua."))
        return redirect(buyer)
    if demand is not None and not rules.can_edit_demand(request.user, demand):
        raise PermissionDenied
    form = DemandForm(request.POST or None, instance=demand)
    if request.method == "POST" and form.is_valid():
        try:
            if demand is None:
                demand = demands_domain.post_demand(by=request.user, **form.domain_fields())
            else:
                demand = demands_domain.update_demand(demand=demand, by=request.user, **form.domain_fields())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã lưu nhu cầu mua."))
            return redirect(demand)
    return render(request, "market/demand_form.html", {"form": form, "demand": demand})


@login_required
@require_POST
def demand_end(request, code: str):
    demand = _demand_for(request, code)
    form = EndDemandForm(request.POST)
    if form.is_valid():
        try:
            demands_domain.end_demand(demand=demand, by=request.user, status=form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã cập nhật tình trạng nhu cầu."))
    return redirect(demand)


@login_required
def demand_detail(request, code: str):
    demand = _demand_for(request, code)
    user = request.user
    context = {"demand": demand, "can_edit": rules.can_edit_demand(user, demand), "end_form": EndDemandForm()}
    buyer = rules.buyer_of(user)
    if (buyer is not None and buyer.pk == demand.buyer_id) or rules.can_list_buyers(user):
        matches = matching.rank(demand, day=timezone.localdate())
        talks = {c.producer_id: c for c in demand.conversations.all()}
        context.update(
            {
                "matches": [(m, talks.get(m.product.producer_id)) for m in matches],
                "conversations": demand.conversations.select_related("producer").prefetch_related("products"),
                "is_buyer": buyer is not None,
            }
        )
    elif rules.producer_of(user) is not None:
        mine = _matches_of(user, demand)
        conversation = demand.conversations.filter(producer_id=user.producer_id).first()
        context.update(
            {
                "mine": mine,
                "conversation": conversation,
                "answer_form": AnswerForm(products=[m.product for m in mine]) if mine else None,
            }
        )
    return render(request, "market/demand.html", context)


@login_required
@require_POST
def demand_answer(request, code: str):
    demand = _demand_for(request, code)
    producer = rules.producer_of(request.user)
    if producer is None:
        raise Http404
    mine = _matches_of(request.user, demand)
    form = AnswerForm(request.POST, products=[m.product for m in mine])
    if form.is_valid():
        try:
            conversation = demands_domain.answer_demand(
                demand=demand, producer=producer, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Đã gửi chào hàng đến bên mua."))
            return redirect(conversation)
    conversation = demand.conversations.filter(producer=producer).first()
    context = {"demand": demand, "mine": mine, "conversation": conversation, "answer_form": form}
    return render(request, "market/demand.html", context, status=400)


@login_required
@require_POST
def contact(request, code: str, producer: str):
    """The demand's buyer writes to a producer whose products match it (starting their conversation)."""
    demand = _demand_for(request, code)
    buyer = rules.buyer_of(request.user)
    if buyer is None or buyer.pk != demand.buyer_id:
        raise Http404
    producer = get_object_or_404(Producer, code=producer)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy viết nội dung tin nhắn."))
        return redirect(demand)
    try:
        message = demands_domain.write(
            demand=demand, producer=producer, body=form.cleaned_data["body"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(demand)
    messages.success(request, _("Đã gửi tin nhắn."))
    return redirect(message.conversation)


@login_required
def conversation(request, code: str, conversation: str):
    found = get_object_or_404(
        Conversation.objects.visible_to(request.user).select_related("demand__buyer", "producer"),
        code=conversation,
        demand__code=code,
    )
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if not rules.can_talk(request.user, found):
            raise PermissionDenied
        if form.is_valid():
            try:
                demands_domain.write(
                    demand=found.demand, producer=found.producer, body=form.cleaned_data["body"], by=request.user
                )
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                if request.htmx:
                    form = MessageForm()
                else:
                    messages.success(request, _("Đã gửi tin nhắn."))
                    return redirect(found)
    context = {
        "conversation": found,
        "demand": found.demand,
        "thread": found.messages.select_related("author"),
        "form": form if rules.can_talk(request.user, found) else None,
        "can_record": rules.can_record_agreement_for(request.user, found.producer),
    }
    template = "market/conversation.html#thread" if request.htmx else "market/conversation.html"
    return render(request, template, context)
