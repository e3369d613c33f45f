from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts import scope
from areas.forms import CommuneChoiceField
from areas.models import Area
from certificates.models import Certificate
from certificates.queries import showing_star
from core.forms import DateInput
from criteria.models import CriteriaSet, ProductGroup, Sector
from producers.forms import AccountFields
from producers.models import Producer
from producers.validators import normalise_tax_code, validate_tax_code
from products.models import Product
from programme.models import Event

from . import rules
from .domain.buyers import BUYER_FIELDS
from .domain.demands import DEMAND_FIELDS
from .models import (
    Buyer,
    Certification,
    Conversation,
    CounterpartKind,
    Demand,
    Marketplace,
    Participation,
    SalesPoint,
    TradeAgreement,
)


def certified(products):
    return products.filter(Exists(Certificate.objects.filter(product=OuterRef("pk")))).order_by("name", "id")


class ApplyForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        label=_("Sản phẩm tham gia"), queryset=Product.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = certified(Product.objects.filter(producer=producer))


class InviteForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Chủ thể được mời"), queryset=Producer.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = Producer.objects.visible_to(user).order_by("name")


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Chấp nhận")), ("0", _("Không chấp nhận"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False)


class OutcomeForm(forms.Form):
    visitors = forms.IntegerField(label=_("Lượt khách tham quan"), min_value=0, required=False)
    sales = forms.IntegerField(label=_("Doanh thu bán hàng (đồng)"), min_value=0, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SalesPointForm(forms.ModelForm):
    area = forms.ModelChoiceField(label=_("Xã, phường"), queryset=Area.objects.none())

    class Meta:
        model = SalesPoint
        fields = [
            "name",
            "operator",
            "address",
            "area",
            "opening_hours",
            "phone",
            "email",
            "decision_number",
            "decision_date",
            "latitude",
            "longitude",
            "is_open",
        ]
        widgets = {"decision_date": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The operator changes only its own fields; the officers of the area every one (market.rules).
            allowed = set(rules.sales_point_fields_for(user, self.instance, self._meta.fields))
            for name in [name for name in self.fields if name not in allowed]:
                del self.fields[name]
        if "area" in self.fields:
            communes = Area.objects.current().filter(level=Area.Level.COMMUNE)
            picked = scope.in_area(user, communes, "pk") | scope.in_area(user, communes, "parent_id")
            self.fields["area"].queryset = picked.order_by("name")


class ShelfAddForm(forms.Form):
    """A product to put on a sales point's shelf: any product of the country whose current certificate shows a star
    today (the domain checks it again), not one it carries already. Offered in the list: those matching `search`
    (name, producer or code), or without a search the sales point's own province's, at most OFFERED of them; any
    product showing a star may be posted."""

    OFFERED = 50

    product = forms.ModelChoiceField(label=_("Thêm sản phẩm OCOP"), queryset=Product.objects.none())

    def __init__(self, *args, sales_point, today, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        products = showing_star(Product.objects.exclude(sales_points=sales_point), day=today)
        products = products.select_related("producer").order_by("name", "id")
        if not self.is_bound:
            search = search.strip()
            if search:
                products = products.filter(
                    Q(name__icontains=search) | Q(producer__name__icontains=search) | Q(code__iexact=search)
                )
            else:
                products = products.filter(producer__current_province_id=sales_point.province_id)
            products = products[: self.OFFERED]
        self.fields["product"].queryset = products
        self.fields["product"].label_from_instance = lambda p: f"{p.name} — {p.producer.name}"


class OperatorAccessForm(forms.Form):
    email = forms.EmailField(
        label=_("Thư điện tử của người vận hành"),
        help_text=_("Hệ thống tạo tài khoản và gửi đường dẫn đặt mật khẩu đến địa chỉ này."),
    )


class ListingForm(forms.Form):
    marketplace = forms.ChoiceField(label=_("Sàn, cửa hàng"), choices=Marketplace.choices)
    url = forms.CharField(label=_("Đường dẫn đến sản phẩm"), max_length=500)


class AgreementForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Chủ thể"), queryset=Producer.objects.none())
    kind = forms.ChoiceField(label=_("Loại"), choices=TradeAgreement.Kind.choices)
    demand = forms.ModelChoiceField(
        label=_("Từ nhu cầu mua trên hệ thống"),
        queryset=Demand.objects.none(),
        required=False,
        help_text=_("Bên mua của nhu cầu là bên ký; không cần ghi tên bên mua."),
    )
    counterpart_name = forms.CharField(label=_("Bên mua, phân phối"), max_length=255, required=False)
    counterpart_kind = forms.ChoiceField(
        label=_("Loại bên mua"), choices=[("", "—"), *CounterpartKind.choices], required=False
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Sản phẩm"), queryset=Product.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DateInput())
    value = forms.IntegerField(label=_("Giá trị (đồng), nếu có"), min_value=0, required=False)
    event = forms.ModelChoiceField(label=_("Ký tại sự kiện"), queryset=None, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args, user, event=None, demand=None, **kwargs):
        super().__init__(*args, **kwargs)
        producers = Producer.objects.visible_to(user).order_by("name")
        self.fields["producer"].queryset = producers
        self.fields["products"].queryset = Product.objects.filter(producer__in=producers).select_related("producer")
        self.fields["products"].label_from_instance = lambda p: f"{p.name} — {p.producer.name}"
        accepted = Participation.objects.visible_to(user).filter(status=Participation.Status.ACCEPTED)
        self.fields["event"].queryset = Event.objects.filter(pk__in=accepted.values("event_id")).order_by("-starts_on")
        if event is not None:
            self.initial["event"] = event.pk
        talked = Conversation.objects.visible_to(user).values("demand_id")
        self.fields["demand"].queryset = (
            Demand.objects.visible_to(user).filter(pk__in=talked).select_related("buyer").order_by("-created_at")
        )
        self.fields["demand"].label_from_instance = lambda d: f"{d.title} — {d.buyer.name}"
        self.fields["demand"].to_field_name = "code"
        if demand is not None:
            self.initial["demand"] = demand


class CalendarFilterForm(forms.Form):
    tinh = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=Area.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("Cả nước"),
    )
    nganh = forms.ModelChoiceField(
        label=_("Ngành"), queryset=Sector.objects.none(), required=False, empty_label=_("Mọi ngành")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tinh"].queryset = Area.objects.current().filter(level=Area.Level.PROVINCE).order_by("name")
        self.fields["nganh"].queryset = Sector.objects.filter(legal_version__effective_to__isnull=True).order_by(
            "numeral"
        )


class NearForm(forms.Form):
    """A shopper's shared location (two decimals of a degree, about 1 km, as the browser sends it)."""

    lat = forms.DecimalField(min_value=-90, max_value=90, max_digits=5, decimal_places=2)
    lon = forms.DecimalField(min_value=-180, max_value=180, max_digits=5, decimal_places=2)

    def position(self) -> tuple[float, float] | None:
        if not self.is_valid():
            return None
        return float(self.cleaned_data["lat"]), float(self.cleaned_data["lon"])


# Buyers, demands and conversations ---------------------------------------------------------------------------


class BuyerRegistrationForm(AccountFields, forms.ModelForm):
    """A buyer's sign-up: the account and the buyer on one page; the province verifies it later."""

    area = CommuneChoiceField(label=_("Xã/phường nơi đặt trụ sở"))
    field_order = ["username", "email", "password1", "password2"]

    class Meta:
        model = Buyer
        fields = BUYER_FIELDS

    def clean_tax_code(self):
        value = normalise_tax_code(self.cleaned_data["tax_code"])
        validate_tax_code(value)
        if Buyer.objects.filter(tax_code=value).exists():
            raise forms.ValidationError(Buyer._meta.get_field("tax_code").error_messages["unique"])
        return value

    def _post_clean(self):
        # The model's checks run in the domain function, with the computed province.
        pass

    def buyer_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in BUYER_FIELDS}


class BuyerVerifyForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Kết quả xác minh"),
        choices=[("1", _("Xác minh")), ("0", _("Không xác minh"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Lý do (bắt buộc khi không xác minh)"), max_length=500, required=False)


class DemandForm(forms.ModelForm):
    group = forms.ModelChoiceField(label=_("Nhóm sản phẩm"), queryset=ProductGroup.objects.none(), required=False)
    criteria_set = forms.ModelChoiceField(label=_("Bộ sản phẩm"), queryset=CriteriaSet.objects.none(), required=False)
    min_stars = forms.TypedChoiceField(
        label=_("Hạng sao tối thiểu"), choices=[(n, f"{n}★") for n in (3, 4, 5)], coerce=int, initial=3
    )
    certifications = forms.MultipleChoiceField(
        label=_("Chứng nhận yêu cầu"),
        choices=Certification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    delivery_area = CommuneChoiceField(
        label=_("Nơi giao hàng"),
        required=False,
        help_text=_("Chọn tỉnh/thành phố; chọn thêm xã/phường khi giao đến một xã/phường."),
    )

    class Meta:
        model = Demand
        fields = DEMAND_FIELDS
        widgets = {
            "period_from": DateInput(),
            "period_to": DateInput(),
            "deadline": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Products are scored on the sets of the criteria in force (the only ones loaded).
        self.fields["group"].queryset = ProductGroup.objects.select_related("sector")
        self.fields["criteria_set"].queryset = CriteriaSet.objects.all()
        area = self.instance.delivery_area if self.instance.delivery_area_id else None
        if area is not None and area.level == Area.Level.PROVINCE:
            self.initial["delivery_area"] = [area.pk, None]

    def clean_delivery_area(self):
        area = self.cleaned_data["delivery_area"]
        if area is not None:
            return area
        province = Area.objects.current().filter(
            level=Area.Level.PROVINCE, pk=self.data.get(f"{self.add_prefix('delivery_area')}_province") or None
        )
        if not province.exists():
            raise forms.ValidationError(_("Hãy chọn tỉnh/thành phố nơi giao hàng."))
        return province.get()

    def _post_clean(self):
        pass

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in DEMAND_FIELDS}


class EndDemandForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(Demand.Status.CLOSED, _("Đóng")), (Demand.Status.WITHDRAWN, _("Rút nhu cầu"))],
    )


class AnswerForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        label=_("Sản phẩm chào hàng"), queryset=Product.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    offered_quantity = forms.CharField(label=_("Số lượng có thể cung cấp"), max_length=100, required=False)
    offered_price = forms.CharField(label=_("Giá chào"), max_length=100, required=False)
    message = forms.CharField(label=_("Lời chào hàng"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = Product.objects.filter(pk__in=[p.pk for p in products])


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Tin nhắn"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class ProductCertificationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Chứng nhận"), choices=Certification.choices)
    number = forms.CharField(label=_("Số giấy chứng nhận"), max_length=100)
    valid_until = forms.DateField(label=_("Hiệu lực đến"), required=False, widget=DateInput())
