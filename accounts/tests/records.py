"""The records of other parts that the persona matrix (test_scope_matrix.py) adds to the conftest's world: an
inspection of producer A, its market records, and API tokens and a service account."""

import datetime

from api import tokens as api_tokens


def inspection_records(world, personas, hanoi):
    """An inspection of producer A (and its plan, visit, finding, evidence, outcome)."""
    import datetime

    from inspections import domain as inspections_domain
    from inspections.models import Evidence, Finding, Kind, Trigger

    inspector, erin = personas["inspector"], personas["erin"]
    day = datetime.date(2026, 4, 1)
    plan = inspections_domain.create_plan(by=erin, province=hanoi, year=2026, title="Kế hoạch kiểm tra 2026")
    inspection = inspections_domain.open_inspection(
        by=inspector,
        kind=Kind.PERIODIC,
        trigger=Trigger.PLAN,
        trigger_note="",
        producers=[world["producer"]],
        products=[world["product"]],
        team=[inspector],
        starts_on=day,
        ends_on=day,
        scope_note="",
        plan=plan,
    )
    visit = inspections_domain.record_visit(
        inspection=inspection, product=world["product"], visited_on=day, findings={"labels": ("met", "")}, by=inspector
    )
    evidence = Evidence.objects.create(
        visit=visit,
        file="inspections/x.jpg",
        content_type="image/jpeg",
        extension="jpg",
        size=1,
        sha256="0" * 64,
        uploaded_by=inspector,
    )
    outcome = inspections_domain.record_outcome(
        inspection=inspection,
        product=world["product"],
        kind="advice",
        note="Bổ sung nhãn phụ",
        concluded_on=day,
        by=inspector,
    )
    return {
        "inspection_plan": plan,
        "inspection": inspection,
        "inspection_visit": visit,
        "inspection_finding": Finding.objects.get(visit=visit),
        "inspection_evidence": evidence,
        "inspection_outcome": outcome,
    }


def _sales_point(name: str, commune):
    from market.models import SalesPoint

    return SalesPoint.objects.create(
        name=name,
        operator="HTX",
        address="Số 1",
        area=commune,
        commune=commune,
        province=commune.parent,
        decision_number="1/QĐ",
        decision_date=datetime.date(2025, 1, 2),
    )


def market_records(world, personas):
    """The market's records of producer A, in commune X of Hà Nội: a participation and the outcome of the
    commune's event, a sales point there (the operator persona's), one in commune Y, a listing of product A, an
    agreement it signed."""
    from areas.models import Area
    from market.models import Listing, Outcome, Participation, TradeAgreement

    event, producer = world["event"], world["producer"]
    commune, hanoi = producer.current_commune, producer.current_province
    sales_point = _sales_point("Điểm OCOP", commune)
    operator = personas["operator"]
    operator.sales_point = sales_point
    operator.save(update_fields=["sales_point"])
    commune_y = Area.objects.get(pk=personas["dave"].area_id)
    return {
        "participation": Participation.objects.create(event=event, producer=producer, status="accepted"),
        "outcome": Outcome.objects.create(event=event, visitors=100),
        "sales_point": sales_point,
        "other_sales_point": _sales_point("Điểm OCOP Chương Mỹ", commune_y),
        "listing": Listing.objects.create(product=world["product"], marketplace="shopee", url="https://shopee.vn/x"),
        "agreement": TradeAgreement.objects.create(
            producer=producer,
            counterpart_name="Siêu thị",
            counterpart_kind="supermarket",
            signed_on=datetime.date(2026, 3, 1),
            commune=commune,
            province=hanoi,
        ),
    }


def api_records(personas):
    """Alice's own token, and a Hà Nội service account (made by erin) with its token."""
    in_a_month = datetime.date.today() + datetime.timedelta(days=30)
    alice, erin = personas["alice"], personas["erin"]
    own, _secret = api_tokens.create_token(user=alice, name="Sàn", expires_on=in_a_month, scopes=[], by=alice)
    account = api_tokens.create_service_account(by=erin, username="hn-sync", purpose="Đồng bộ")
    service, _secret = api_tokens.create_token(
        user=account.user, name="Cổng tỉnh", expires_on=in_a_month, scopes=[], by=erin
    )
    return {
        "own_token": own,
        "service_account": account,
        "service_token": service,
        "own_token_user": alice,
        "service_user": account.user,
    }
