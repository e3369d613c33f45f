"""Buyers on the platform and what they ask for: a buyer (a supermarket chain, a distributor, a shop, an exporter)
registers itself and is verified by the OCOP officers of its province; a verified buyer posts demands, which
producers answer; each producer and buyer talk about a demand in one conversation kept with it. A product's
certifications (VietGAP, organic, HACCP...) are declared here too, as the demands require them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import NOBODY, Scope, ScopedQuerySet, through
from core.codes import random_code
from producers.validators import validate_tax_code
from products.models import Product
from programme.models import InTodaysUnits


class CounterpartKind(models.TextChoices):
    SUPERMARKET = "supermarket", _("Siêu thị, chuỗi bán lẻ")
    DISTRIBUTOR = "distributor", _("Nhà phân phối")
    SHOP = "shop", _("Cửa hàng")
    EXPORTER = "exporter", _("Doanh nghiệp xuất khẩu")
    OTHER = "other", _("Khác")


class Certification(models.TextChoices):
    """The certifications a demand may require (a fixed list) and a product may hold."""

    VIETGAP = "vietgap", "VietGAP"
    GLOBALGAP = "globalgap", "GlobalG.A.P."
    ORGANIC = "organic", _("Hữu cơ (TCVN 11041)")
    HACCP = "haccp", "HACCP"
    ISO22000 = "iso22000", "ISO 22000"


class Buyer(InTodaysUnits):
    """An organisation that buys OCOP products, with the account that registered it. It waits for the OCOP officers
    of its province (today's, from its commune) to verify it before it may post demands."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ tỉnh xác minh")
        VERIFIED = "verified", _("Đã xác minh")
        REFUSED = "refused", _("Không xác minh")

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.PROTECT, related_name="buyer"
    )
    name = models.CharField(_("tên tổ chức"), max_length=255)
    kind = models.CharField(_("loại bên mua"), max_length=20, choices=CounterpartKind.choices)
    tax_code = models.CharField(
        _("mã số thuế"),
        max_length=14,
        unique=True,
        validators=[validate_tax_code],
        error_messages={"unique": _("Đã có bên mua đăng ký với mã số thuế này.")},
    )
    street_address = models.CharField(_("địa chỉ"), max_length=300)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="buyers"
    )
    contact_name = models.CharField(_("người liên hệ"), max_length=150)
    phone = models.CharField(_("điện thoại"), max_length=20)
    email = models.EmailField(_("thư điện tử"))
    website = models.URLField(_("trang web"), blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.PENDING)
    status_note = models.CharField(_("lý do"), max_length=500, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(own="account_id", organiser="province_id")

    class Meta:
        verbose_name = _("bên mua")
        verbose_name_plural = _("bên mua")
        ordering = ["name", "id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "status", "-created_at", "-id"], name="buyer_province_list"),
            models.Index(fields=["status", "-created_at", "-id"], name="buyer_list_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="refused") | ~Q(status_note=""), name="market_buyer_refusal")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("market:buyer", args=[self.code])

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class Demand(models.Model):
    """What a buyer wants to buy: products of a group or a criteria set, a quantity over a period, the requirements
    they must meet, where they are delivered, and the day answers close. Producers whose products fit answer it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang nhận chào hàng")
        CLOSED = "closed", _("Đã đóng")
        WITHDRAWN = "withdrawn", _("Đã rút")

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    buyer = models.ForeignKey(Buyer, verbose_name=_("bên mua"), on_delete=models.PROTECT, related_name="demands")
    title = models.CharField(_("tiêu đề"), max_length=255)
    group = models.ForeignKey(
        "criteria.ProductGroup",
        verbose_name=_("nhóm sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet",
        verbose_name=_("bộ sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quantity = models.DecimalField(_("số lượng"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("đơn vị"), max_length=30)
    period_from = models.DateField(_("giao từ ngày"))
    period_to = models.DateField(_("giao đến ngày"))
    min_stars = models.PositiveSmallIntegerField(_("hạng sao tối thiểu"), default=3)
    strict_min_stars = models.BooleanField(
        _("chỉ nhận sản phẩm đạt hạng sao tối thiểu"),
        default=True,
        help_text=_("Bỏ chọn để vẫn thấy sản phẩm thấp hơn, xếp sau"),
    )
    certifications = models.JSONField(_("chứng nhận yêu cầu"), default=list, blank=True)
    needs_gi = models.BooleanField(_("yêu cầu chỉ dẫn địa lý"), default=False)
    packaging = models.CharField(_("yêu cầu bao bì, đóng gói"), max_length=300, blank=True)
    delivery_area = models.ForeignKey(
        "areas.Area", verbose_name=_("nơi giao hàng"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("hạn nhận chào hàng"))
    note = models.TextField(_("mô tả thêm"), blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    # Producers reach a demand they talk about; the open demands that fit their products are `market.matching`'s.
    scope = Scope(own="buyer__account_id", producer="conversations__producer_id", organiser="buyer__province_id")

    class Meta:
        verbose_name = _("nhu cầu mua")
        verbose_name_plural = _("nhu cầu mua")
        ordering = ["-created_at", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["created_at", "id"], name="demand_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=False) | Q(criteria_set__isnull=False), name="market_demand_what"
            ),
            models.CheckConstraint(condition=Q(period_to__gte=models.F("period_from")), name="market_demand_period"),
            models.CheckConstraint(condition=Q(min_stars__gte=1, min_stars__lte=5), name="market_demand_stars"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("market:demand", args=[self.code])

    def certification_labels(self) -> list[str]:
        return [str(Certification(c).label) for c in self.certifications if c in Certification.values]


class Conversation(models.Model):
    """A demand's buyer and one producer talking about it: the producer's answer (its products, the quantity and
    price it offers, `answered_at`) and their messages. Either side may start it."""

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="conversations")
    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="demand_conversations"
    )
    products = models.ManyToManyField(
        "products.Product", verbose_name=_("sản phẩm chào hàng"), blank=True, related_name="+"
    )
    offered_quantity = models.CharField(_("số lượng có thể cung cấp"), max_length=100, blank=True)
    offered_price = models.CharField(_("giá chào"), max_length=100, blank=True)
    answered_at = models.DateTimeField(_("ngày chào hàng"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    # Commercial talks between a buyer and a producer are theirs: no officer reads them, national ones neither.
    scope = Scope(own="demand__buyer__account_id", producer="producer_id", national=NOBODY)

    class Meta:
        verbose_name = _("trao đổi về nhu cầu mua")
        verbose_name_plural = _("trao đổi về nhu cầu mua")
        ordering = ["-answered_at", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["demand", "producer"], name="market_conversation_once")]

    def __str__(self) -> str:
        return f"{self.demand} — {self.producer}"

    def get_absolute_url(self) -> str:
        return reverse("market:conversation", args=[self.demand.code, self.code])


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_buyer = models.BooleanField()
    body = models.TextField(_("nội dung"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(own="conversation__demand__buyer__account_id", producer="conversation__producer_id", national=NOBODY)

    class Meta:
        verbose_name = _("tin nhắn")
        verbose_name_plural = _("tin nhắn")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class ProductCertification(models.Model):
    """A certification a product holds (VietGAP, organic...), declared by whoever may edit the product; a demand
    that requires it matches the product while it is valid."""

    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="certifications"
    )
    kind = models.CharField(_("chứng nhận"), max_length=20, choices=Certification.choices)
    number = models.CharField(_("số giấy chứng nhận"), max_length=100)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = through("product", Product.scope)

    class Meta:
        verbose_name = _("chứng nhận của sản phẩm")
        verbose_name_plural = _("chứng nhận của sản phẩm")
        ordering = ["kind", "id"]
        constraints = [models.UniqueConstraint(fields=["product", "kind"], name="market_certification_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
