"""Market connection: producers at trade events (their applications, the organiser's decisions, each event's
outcome), the OCOP introduction and sales points and what they carry, a product's listings on e-commerce
marketplaces, and the trade agreements and memoranda producers sign.

The events themselves are the programme's (`programme.Event`, with the trade kinds); this app holds the market's
part of them. A trade agreement names its counterpart by name and kind today; a registered buyer can be linked
to it (`buyer`, and the demand it came from) without changing what the reports count; one not on the
platform stays a name and a kind. Buyers, their demands and the conversations about them are in `buyers`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, ScopedQuerySet, through
from core.codes import random_code
from products.models import Product
from programme.models import InTodaysUnits

from .buyers import Buyer, Certification, Conversation, CounterpartKind, Demand, Message, ProductCertification

__all__ = [
    "Buyer",
    "Certification",
    "Conversation",
    "CounterpartKind",
    "Demand",
    "Listing",
    "Marketplace",
    "Message",
    "Outcome",
    "Participation",
    "ProductCertification",
    "SalesPoint",
    "SalesPointNotice",
    "TradeAgreement",
]


class Participation(models.Model):
    """A producer at a trade event, with the products it shows: applied for by the producer or invited by the
    organiser, then accepted or declined (with a reason). Scoped through the event's area for its organisers
    and through the producer for its users."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Đã đăng ký, chờ duyệt")
        INVITED = "invited", _("Được mời, chờ chủ thể xác nhận")
        ACCEPTED = "accepted", _("Tham gia")
        DECLINED = "declined", _("Không tham gia")

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    event = models.ForeignKey(
        "programme.Event", verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="participations"
    )
    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="participations"
    )
    products = models.ManyToManyField(
        "products.Product", verbose_name=_("sản phẩm tham gia"), blank=True, related_name="participations"
    )
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(producer="producer_id", commune="event__commune_id", office="event__province_id")

    class Meta:
        verbose_name = _("chủ thể tham gia sự kiện")
        verbose_name_plural = _("chủ thể tham gia sự kiện")
        ordering = ["producer__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "producer"], name="market_participation_once"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""), name="market_participation_declined_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.producer} — {self.event}"


class Outcome(models.Model):
    """What a trade event achieved: visitors and sales (in đồng). Its memoranda are the trade agreements that
    name it as their source event, counted from them."""

    event = models.OneToOneField(
        "programme.Event", verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="outcome"
    )
    visitors = models.PositiveIntegerField(_("lượt khách tham quan"), null=True, blank=True)
    sales = models.PositiveBigIntegerField(_("doanh thu bán hàng (đồng)"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(commune="event__commune_id", office="event__province_id")

    class Meta:
        verbose_name = _("kết quả sự kiện")
        verbose_name_plural = _("kết quả sự kiện")

    def __str__(self) -> str:
        return str(self.event)


class SalesPoint(InTodaysUnits):
    """An OCOP introduction and sales point (điểm giới thiệu và bán sản phẩm OCOP), recognised by a decision,
    in a commune of today. Kept by the officers of its area (commune and province), who also give its operator
    accounts (`User.sales_point`); the operator keeps its opening hours, contacts, open or closed, and the list of
    OCOP products it carries, which the officers may change too."""

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    name = models.CharField(_("tên điểm bán"), max_length=255)
    operator = models.CharField(_("đơn vị vận hành"), max_length=255)
    address = models.CharField(_("địa chỉ"), max_length=300)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="sales_points"
    )
    opening_hours = models.CharField(_("giờ mở cửa"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    latitude = models.DecimalField(_("vĩ độ"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=8, decimal_places=5, null=True, blank=True)
    is_open = models.BooleanField(_("đang hoạt động"), default=True)
    products = models.ManyToManyField(
        "products.Product", verbose_name=_("sản phẩm OCOP bày bán"), blank=True, related_name="sales_points"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(commune="commune_id", office="province_id", sales_point="pk")

    class Meta:
        verbose_name = _("điểm giới thiệu và bán sản phẩm OCOP")
        verbose_name_plural = _("điểm giới thiệu và bán sản phẩm OCOP")
        ordering = ["name", "id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "name", "id"], name="salespoint_province_list"),
            models.Index(fields=["commune", "name", "id"], name="salespoint_commune_list"),
            models.Index(fields=["name", "id"], name="salespoint_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="market_sales_point_position",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SalesPointNotice(models.Model):
    """A sales point was told that a product it carries reached `kind` on this certificate: kept so that the
    nightly job tells it once."""

    class Kind(models.TextChoices):
        DUE_FOR_RENEWAL = "due_for_renewal", _("Sắp đến hạn đánh giá lại")
        EXPIRED = "expired", _("Hết hiệu lực")
        WITHDRAWN = "withdrawn", _("Bị thu hồi")

    sales_point = models.ForeignKey(SalesPoint, on_delete=models.CASCADE, related_name="notices")
    certificate = models.ForeignKey("certificates.Certificate", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sales_point", "certificate", "kind"], name="market_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.sales_point}: {self.get_kind_display()}"


class Marketplace(models.TextChoices):
    SHOPEE = "shopee", "Shopee"
    LAZADA = "lazada", "Lazada"
    TIKI = "tiki", "Tiki"
    TIKTOK = "tiktok", "TikTok Shop"
    SENDO = "sendo", "Sendo"
    POSTMART = "postmart", "Postmart"
    VOSO = "voso", "Voso"
    OWN_SHOP = "own_shop", _("Cửa hàng trực tuyến của chủ thể")
    OTHER = "other", _("Sàn khác")


class Listing(models.Model):
    """A product's page on an e-commerce marketplace or on its producer's own shop (an https address, checked by
    `market.links.check_listing_url`)."""

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="listings"
    )
    marketplace = models.CharField(_("sàn, cửa hàng"), max_length=20, choices=Marketplace.choices)
    url = models.URLField(_("đường dẫn"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = through("product", Product.scope)

    class Meta:
        verbose_name = _("gian hàng trực tuyến")
        verbose_name_plural = _("gian hàng trực tuyến")
        ordering = ["marketplace", "id"]
        constraints = [models.UniqueConstraint(fields=["product", "url"], name="market_listing_once")]

    def __str__(self) -> str:
        return f"{self.get_marketplace_display()}: {self.url}"


class TradeAgreement(InTodaysUnits):
    """A memorandum or contract between a producer and a buyer or distributor (the counterpart, a name and a kind;
    `buyer` too when it is registered on the platform), for some of its products, signed on a day, possibly at a
    trade event (`event`) or answering a buyer's demand (`demand`). Its commune and
    province are the producer's of today; the reports count it there."""

    class Kind(models.TextChoices):
        MEMORANDUM = "memorandum", _("Biên bản ghi nhớ")
        CONTRACT = "contract", _("Hợp đồng")

    code = models.CharField(_("mã"), max_length=10, unique=True, default=random_code, editable=False)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.MEMORANDUM)
    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="trade_agreements"
    )
    counterpart_name = models.CharField(_("bên mua, phân phối"), max_length=255)
    counterpart_kind = models.CharField(_("loại bên mua"), max_length=20, choices=CounterpartKind.choices)
    products = models.ManyToManyField(
        "products.Product", verbose_name=_("sản phẩm"), blank=True, related_name="trade_agreements"
    )
    signed_on = models.DateField(_("ngày ký"))
    value = models.PositiveBigIntegerField(_("giá trị (đồng)"), null=True, blank=True)
    event = models.ForeignKey(
        "programme.Event",
        verbose_name=_("ký tại sự kiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trade_agreements",
    )
    buyer = models.ForeignKey(
        Buyer,
        verbose_name=_("bên mua trên hệ thống"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trade_agreements",
    )
    demand = models.ForeignKey(
        Demand,
        verbose_name=_("từ nhu cầu mua"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trade_agreements",
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(producer="producer_id", commune="commune_id", office="province_id")

    class Meta:
        verbose_name = _("thỏa thuận thương mại")
        verbose_name_plural = _("thỏa thuận, hợp đồng thương mại")
        ordering = ["-signed_on", "-id"]
        # The officers' lists in their default order, per scope (a province's, a commune's, the country's).
        indexes = [
            models.Index(fields=["province", "signed_on", "id"], name="agreement_province_list"),
            models.Index(fields=["signed_on", "id"], name="agreement_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.producer} — {self.counterpart_name} ({self.signed_on:%d/%m/%Y})"
