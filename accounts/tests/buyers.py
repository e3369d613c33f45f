"""The buyers' records of the persona matrix's world: a verified buyer of commune X (Hà Nội) with its own account,
its demand, its conversation with producer A, a message, and a certification of product A."""

import datetime

from accounts.models import Role
from conftest import make_user


def make_buyer(username: str, *, area, name: str, tax_code: str):
    from market.models import Buyer

    account = make_user(username, Role.BUYER)
    return Buyer.objects.create(
        account=account,
        name=name,
        kind="supermarket",
        tax_code=tax_code,
        street_address="Số 1",
        area=area,
        commune=area,
        province=area.parent,
        contact_name="Trần Nam",
        phone="0912345678",
        email=f"{username}@example.vn",
        status="verified",
    )


def buyer_records(world) -> dict:
    """A verified buyer of commune X, Hà Nội, its demand for product A's criteria set, its conversation with
    producer A (one message), and a certification of product A."""
    from market.models import Conversation, Demand, Message, ProductCertification

    producer, product = world["producer"], world["product"]
    buyer = make_buyer("bao", area=producer.current_commune, name="Siêu thị Bảo An", tax_code="0100107518-010")
    day = datetime.date(2026, 5, 1)
    demand = Demand.objects.create(
        buyer=buyer,
        title="Mứt gừng",
        criteria_set=product.criteria_set,
        quantity=100,
        unit="hộp",
        period_from=day,
        period_to=day,
        delivery_area=producer.current_province,
        deadline=day,
    )
    conversation = Conversation.objects.create(demand=demand, producer=producer)
    return {
        "buyer": buyer,
        "demand": demand,
        "conversation": conversation,
        "message": Message.objects.create(
            conversation=conversation, author=buyer.account, from_buyer=True, body="Xin báo giá"
        ),
        "product_certification": ProductCertification.objects.create(product=product, kind="vietgap", number="VG-1"),
    }
