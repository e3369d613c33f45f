from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts import scope
from areas.models import Area
from certificates.models import Certificate
from core.forms import DateInput
from criteria.models import Sector
from producers.models import Producer
from products.models import Product
from programme.models import Event

from .models import CounterpartKind, Marketplace, Participation, SalesPoint, TradeAgreement


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
        communes = Area.objects.current().filter(level=Area.Level.COMMUNE)
        picked = scope.in_area(user, communes, "pk") | scope.in_area(user, communes, "parent_id")
        self.fields["area"].queryset = picked.order_by("name")


class SalesPointProductsForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        label=_("Sản phẩm OCOP bày bán"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, sales_point, **kwargs):
        super().__init__(*args, **kwargs)
        # Any certified product of the country may be on its shelves, not only its province's.
        self.fields["products"].queryset = certified(Product.objects.select_related("producer"))
        self.fields["products"].label_from_instance = lambda p: f"{p.name} — {p.producer.name}"
        self.initial.setdefault("products", list(sales_point.products.values_list("pk", flat=True)))


class ListingForm(forms.Form):
    marketplace = forms.ChoiceField(label=_("Sàn, cửa hàng"), choices=Marketplace.choices)
    url = forms.CharField(label=_("Đường dẫn đến sản phẩm"), max_length=500)


class AgreementForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Chủ thể"), queryset=Producer.objects.none())
    kind = forms.ChoiceField(label=_("Loại"), choices=TradeAgreement.Kind.choices)
    counterpart_name = forms.CharField(label=_("Bên mua, phân phối"), max_length=255)
    counterpart_kind = forms.ChoiceField(label=_("Loại bên mua"), choices=CounterpartKind.choices)
    products = forms.ModelMultipleChoiceField(
        label=_("Sản phẩm"), queryset=Product.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DateInput())
    value = forms.IntegerField(label=_("Giá trị (đồng), nếu có"), min_value=0, required=False)
    event = forms.ModelChoiceField(label=_("Ký tại sự kiện"), queryset=None, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args, user, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        producers = Producer.objects.visible_to(user).order_by("name")
        self.fields["producer"].queryset = producers
        self.fields["products"].queryset = Product.objects.filter(producer__in=producers).select_related("producer")
        self.fields["products"].label_from_instance = lambda p: f"{p.name} — {p.producer.name}"
        accepted = Participation.objects.visible_to(user).filter(status=Participation.Status.ACCEPTED)
        self.fields["event"].queryset = Event.objects.filter(pk__in=accepted.values("event_id")).order_by("-starts_on")
        if event is not None:
            self.initial["event"] = event.pk


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
