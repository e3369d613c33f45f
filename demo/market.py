"""The demo's market connection, written through `market.domain` like its users: a fair of Hà Nội running this
week with producers who applied and one who was invited, its outcome and two memoranda signed there, an upcoming
livestream sales day open to applications, two sales points in Hà Nội carrying certified products (the Hà Đông one
with its operator's account), one product's marketplace listings; and the buyers: a supermarket chain of Hà Nội and
an exporter, both verified, a shop waiting for verification, two demands answered by producers, a conversation, and
a contract signed from a demand."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from areas.models import Area
from certificates.queries import showing_star
from market import matching
from market.domain import agreements, buyers, demands, listings, participation, sales_points
from market.models import CounterpartKind, Marketplace, SalesPoint, TradeAgreement
from products.models import Product
from programme import domain as programme
from programme.models import Event, EventKind

from .data import DEMO_PASSWORD, PLACES

FAIR_TOPIC = "Hội chợ kết nối cung cầu sản phẩm OCOP Hà Nội"
# The operator account of the Hà Đông sales point (its user name is its e-mail address, as an officer gives it).
SALES_POINT_LOGIN = "diemban.hadong@ocop-demo.vn"


@dataclass
class MarketSummary:
    events: int = 0
    participants: int = 0
    memoranda: int = 0
    sales_points: int = 0
    listings: int = 0
    buyers: int = 0
    demands: int = 0
    answers: int = 0


def market_loaded() -> bool:
    return Event.objects.filter(topic=FAIR_TOPIC).exists()


def _commune(key: str) -> Area:
    return Area.objects.current().get(level=Area.Level.COMMUNE, code=PLACES[key].code)


def _starred_products(hanoi: Area, today: datetime.date) -> list[Product]:
    """One product of each Hà Nội producer that has an account, whose current certificate shows a star."""
    products = (
        showing_star(Product.objects.all(), day=today)
        .filter(
            producer__current_province=hanoi,
            producer__users__role=Role.PRODUCER,
            producer__users__is_active=True,
        )
        .select_related("producer")
        .order_by("producer__name", "name")
        .distinct()
    )
    one_each: dict[int, Product] = {}
    for product in products:
        one_each.setdefault(product.producer_id, product)
    return list(one_each.values())


def _user_of(product: Product) -> User:
    return product.producer.users.filter(role=Role.PRODUCER, is_active=True).order_by("pk").first()


def build_market() -> MarketSummary:
    """Write the demo's market records, all or nothing. Needs the lifecycle's certificates (`build_lifecycle`)."""
    hanoi = Area.objects.current().get(level=Area.Level.PROVINCE, code="01")
    officer = User.objects.get(username="tinh.hanoi")
    today = timezone.localdate()
    summary = MarketSummary()
    products = _starred_products(hanoi, today)
    with transaction.atomic():
        fair = programme.save_event(
            event=Event(
                kind=EventKind.FAIR,
                topic=FAIR_TOPIC,
                starts_on=today - datetime.timedelta(days=1),
                ends_on=today + datetime.timedelta(days=2),
                place="Cung Văn hóa Hữu nghị Việt Xô, 91 Trần Hưng Đạo",
                area=hanoi,
                organiser="Sở Công Thương Hà Nội",
                capacity=140,
                accepts_applications=True,
            ),
            by=officer,
        )
        livestream = programme.save_event(
            event=Event(
                kind=EventKind.LIVESTREAM,
                topic="Phiên livestream bán hàng sản phẩm OCOP làng nghề Hà Nội",
                starts_on=today + datetime.timedelta(days=20),
                ends_on=today + datetime.timedelta(days=20),
                link="https://www.facebook.com/ocophanoi/live",
                area=hanoi,
                organiser="Trung tâm Xúc tiến Thương mại Hà Nội",
                capacity=20,
                accepts_applications=True,
            ),
            by=officer,
        )
        summary.events = 2
        applied, invited = products[:3], products[3:4]
        for product in applied:
            record = participation.apply(
                event=fair, producer=product.producer, products=[product], by=_user_of(product)
            )
            participation.decide(participation=record, accept=True, by=officer)
        for product in invited:
            record = participation.invite(event=fair, producer=product.producer, by=officer)
            participation.answer(participation=record, accept=True, products=[product], by=_user_of(product))
        summary.participants = len(applied) + len(invited)
        if len(products) > 4:
            participation.apply(
                event=livestream, producer=products[4].producer, products=[products[4]], by=_user_of(products[4])
            )
        participation.record_outcome(event=fair, visitors=12500, sales=1_350_000_000, by=officer)
        for product, (buyer, kind, value) in zip(
            applied[:2],
            (
                ("Hệ thống siêu thị BRG Mart", CounterpartKind.SUPERMARKET, 480_000_000),
                ("Công ty CP Phân phối Hapro", CounterpartKind.DISTRIBUTOR, None),
            ),
            strict=False,
        ):
            agreements.record_agreement(
                producer=product.producer,
                counterpart_name=buyer,
                counterpart_kind=kind,
                kind=TradeAgreement.Kind.MEMORANDUM,
                products=[product],
                signed_on=today - datetime.timedelta(days=1),
                value=value,
                event=fair,
                by=officer,
            )
            summary.memoranda += 1
        for key, name, address, hours, place in (
            ("hadong", "Điểm giới thiệu và bán sản phẩm OCOP Hà Đông", "Số 8 Quang Trung", "7:30–21:30",
             ("20.97", "105.78")),
            ("battrang", "Điểm giới thiệu sản phẩm OCOP làng gốm Bát Tràng", "Chợ gốm Bát Tràng", "8:00–18:00", None),
        ):  # fmt: skip
            point = sales_points.save_sales_point(
                sales_point=SalesPoint(
                    name=name,
                    operator="Công ty CP Thương mại Dịch vụ Hà Nội",
                    address=address,
                    area=_commune(key),
                    opening_hours=f"{hours} hằng ngày",
                    phone="024 3825 0000",
                    decision_number=f"{120 + summary.sales_points}/QĐ-SCT",
                    decision_date=datetime.date(2025, 9, 15),
                    latitude=Decimal(place[0]) if place else None,
                    longitude=Decimal(place[1]) if place else None,
                ),
                by=officer,
            )
            sales_points.set_products(sales_point=point, products=products[:5], by=officer)
            summary.sales_points += 1
            if key == "hadong":
                operator = sales_points.grant_access(sales_point=point, email=SALES_POINT_LOGIN, by=officer)
                # The demo signs in with its one password; a real operator sets its own from the e-mailed link.
                operator.set_password(DEMO_PASSWORD)
                operator.save(update_fields=["password"])
        if products:
            product = products[0]
            for marketplace, url in (
                (Marketplace.SHOPEE, f"https://shopee.vn/ocop-{product.code.lower()}-i.1062.{product.pk}"),
                (Marketplace.OWN_SHOP, f"https://ocop-{product.producer.code.lower()}.vn/san-pham/{product.code}"),
            ):
                listings.add_listing(product=product, marketplace=marketplace, url=url, by=_user_of(product))
                summary.listings += 1
        _buyers(summary, officer=officer, hanoi=hanoi, products=products, today=today)
    return summary


# (username, organisation, kind, tax code, commune key, contact, verified)
BUYERS = (
    ("muahang.sieuthi", "Hệ thống siêu thị Hà Nội Xanh", CounterpartKind.SUPERMARKET, "0103456789", "hadong",
     "Lê Thu Hà", True),
    ("muahang.xuatkhau", "Công ty CP Xuất khẩu Nông sản Kinh Bắc", CounterpartKind.EXPORTER, "0105678917",
     "donganh", "Trịnh Minh Quân", True),
    ("muahang.cuahang", "Cửa hàng Đặc sản Ba Miền", CounterpartKind.SHOP, "2701234560", "sontay",
     "Ngô Thị Mai", False),
)  # fmt: skip


def _buyers(summary: MarketSummary, *, officer: User, hanoi: Area, products: list[Product], today) -> None:
    """The buyers, their demands for the criteria sets of the fair's products, the producers' answers, a
    conversation, and a contract from the supermarket's demand."""
    accounts = {}
    for username, name, kind, tax_code, key, contact, verified in BUYERS:
        user = buyers.register_buyer_account(
            username=username,
            password=DEMO_PASSWORD,
            email=f"{username}@ocop-demo.vn",
            buyer_fields={
                "name": name,
                "kind": kind,
                "tax_code": tax_code,
                "street_address": "Số 25 đường Quang Trung",
                "area": _commune(key),
                "contact_name": contact,
                "phone": "024 3936 1234",
                "email": f"{username}@ocop-demo.vn",
                "website": "",
            },
        )
        if verified:
            buyers.verify_buyer(buyer=user.buyer, by=officer, approve=True)
        accounts[username] = user
        summary.buyers += 1
    if len(products) < 2:
        return
    first, second = products[0], products[1]
    wanted = (
        (accounts["muahang.sieuthi"], first, {"criteria_set": first.criteria_set, "delivery_area": hanoi},
         "Sản phẩm OCOP cho quầy quà Tết", 1200, "hộp", []),
        (accounts["muahang.xuatkhau"], second, {"group": second.criteria_set.group,
         "delivery_area": _commune("donganh"), "min_stars": 4, "strict_min_stars": False},
         "Hàng OCOP 4 sao xuất khẩu sang Nhật Bản", 5, "tấn", ["vietgap"]),
    )  # fmt: skip
    for user, product, what, title, quantity, unit, certifications in wanted:
        demand = demands.post_demand(
            by=user,
            title=title,
            quantity=quantity,
            unit=unit,
            period_from=today + datetime.timedelta(days=15),
            period_to=today + datetime.timedelta(days=75),
            certifications=certifications,
            needs_gi=False,
            packaging="Đóng gói có tem truy xuất OCOP",
            deadline=today + datetime.timedelta(days=12),
            note="",
            **{"min_stars": 3, "strict_min_stars": True, "group": None, "criteria_set": None, **what},
        )
        summary.demands += 1
        fitting = [m.product for m in matching.rank(demand, day=today, products=product.producer.products.all())]
        if not fitting:
            continue
        producer_user = _user_of(product)
        conversation = demands.answer_demand(
            demand=demand,
            producer=product.producer,
            products=fitting[:1],
            message="Chúng tôi cung cấp được đủ số lượng, giao hàng theo lịch của quý công ty.",
            offered_quantity=f"{quantity} {unit}",
            offered_price="Theo bảng giá đính kèm khi gặp trực tiếp",
            by=producer_user,
        )
        summary.answers += 1
        if user.username != "muahang.sieuthi":
            continue
        demands.write(
            demand=demand,
            producer=product.producer,
            body="Xin gửi mẫu sản phẩm và hồ sơ công bố chất lượng trước ngày 15.",
            by=user,
        )
        demands.write(
            demand=demand, producer=product.producer, body="Chúng tôi sẽ gửi mẫu trong tuần này.", by=producer_user
        )
        agreements.record_agreement(
            producer=product.producer,
            counterpart_name="",
            counterpart_kind="",
            kind=TradeAgreement.Kind.CONTRACT,
            products=list(conversation.products.all()),
            signed_on=today,
            value=360_000_000,
            demand=demand,
            by=producer_user,
        )
