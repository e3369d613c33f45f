"""Demo inspections in Hà Nội: this year's plan of periodic inspections, one periodic inspection concluded (one
product compliant, one given advice) and one ad-hoc inspection from a consumer's report, under way, with a visit
and an open remediation. Written through `inspections.domain`; call it after the demo's certificates exist. Safe
to call twice: it adds nothing once Hà Nội has an inspection plan."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts import people
from areas.models import Area
from certificates.models import Certificate
from certificates.queries import showing_star_q
from inspections import domain
from inspections.models import Inspection, InspectionPlan, Kind, Trigger

HANOI = "01"


@dataclass
class DemoInspections:
    plan: InspectionPlan | None = None
    inspections: list[Inspection] = field(default_factory=list)


@transaction.atomic
def seed_demo_inspections() -> DemoInspections:
    """Needs a Hà Nội inspector and three Hà Nội products showing a star; without them, nothing is added."""
    summary = DemoInspections()
    hanoi = Area.objects.get(era=Area.Era.CURRENT, level=Area.Level.PROVINCE, code=HANOI)
    inspector = people.inspector_accounts(hanoi.pk).order_by("pk").first()
    today = timezone.localdate()
    certificates = (
        Certificate.objects.filter(showing_star_q(today), product__producer__current_province=hanoi)
        .select_related("product__producer")
        .order_by("number")
    )
    products = list({c.product_id: c.product for c in certificates}.values())[:3]
    if inspector is None or len(products) < 3 or InspectionPlan.objects.filter(province=hanoi).exists():
        return summary
    summary.plan = domain.create_plan(
        by=inspector,
        province=hanoi,
        year=today.year,
        title=f"Kế hoạch kiểm tra, giám sát sản phẩm OCOP năm {today.year}",
        note="Kiểm tra việc duy trì tiêu chí, sử dụng nhãn hiệu OCOP và tem truy xuất của sản phẩm 3, 4 sao.",
    )
    start = today - datetime.timedelta(days=40)
    periodic = domain.open_inspection(
        by=inspector,
        kind=Kind.PERIODIC,
        trigger=Trigger.PLAN,
        trigger_note="",
        producers=list({p.producer_id: p.producer for p in products[:2]}.values()),
        products=products[:2],
        team=[inspector],
        starts_on=start,
        ends_on=start + datetime.timedelta(days=5),
        scope_note="Nguyên liệu, quy trình, nhãn, tem truy xuất.",
        plan=summary.plan,
    )
    domain.record_visit(
        inspection=periodic,
        product=products[0],
        visited_on=start + datetime.timedelta(days=1),
        place="Cơ sở sản xuất",
        findings={"raw_materials": ("met", ""), "labels": ("met", ""), "traceability": ("met", "")},
        by=inspector,
    )
    concluded = start + datetime.timedelta(days=6)
    domain.record_outcome(
        inspection=periodic, product=products[0], kind="compliant", note="", concluded_on=concluded, by=inspector
    )
    domain.record_outcome(
        inspection=periodic,
        product=products[1],
        kind="advice",
        note="Hướng dẫn đăng ký nhãn hiệu tập thể và cập nhật bản tự công bố.",
        concluded_on=concluded,
        by=inspector,
    )
    domain.transition(
        inspection=periodic,
        to="concluded",
        by=inspector,
        conclusion="Các sản phẩm duy trì tiêu chí như hồ sơ đánh giá.",
        concluded_on=concluded,
    )
    ad_hoc_start = today - datetime.timedelta(days=10)
    ad_hoc = domain.open_inspection(
        by=inspector,
        kind=Kind.AD_HOC,
        trigger=Trigger.FAKE_REPORT,
        trigger_note="Người tiêu dùng phản ánh tem in mờ, nhãn thiếu thông tin.",
        producers=[products[2].producer],
        products=[products[2]],
        team=[inspector],
        starts_on=ad_hoc_start,
        ends_on=ad_hoc_start + datetime.timedelta(days=20),
        scope_note="Nhãn hàng hóa, tem truy xuất nguồn gốc.",
    )
    domain.record_visit(
        inspection=ad_hoc,
        product=products[2],
        visited_on=ad_hoc_start + datetime.timedelta(days=2),
        place="Điểm bán tại chợ",
        findings={
            "labels": ("not_met", "Nhãn phụ thiếu ngày sản xuất, hạn sử dụng."),
            "ocop_mark": ("met", ""),
            "traceability": ("met", ""),
        },
        by=inspector,
    )
    domain.record_outcome(
        inspection=ad_hoc,
        product=products[2],
        kind="remediation",
        note="Bổ sung nhãn phụ đủ nội dung bắt buộc trên toàn bộ lô hàng đang lưu thông.",
        concluded_on=ad_hoc_start + datetime.timedelta(days=3),
        deadline=today + datetime.timedelta(days=20),
        by=inspector,
    )
    summary.inspections = [Inspection.objects.get(pk=periodic.pk), Inspection.objects.get(pk=ad_hoc.pk)]
    return summary
