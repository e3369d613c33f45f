from demo.inspections import seed_demo_inspections
from inspections.models import Inspection, InspectionPlan, Outcome, Status
from public.tests.factories import make_certificate


def test_demo_inspections_a_plan_a_concluded_one_and_one_with_an_open_remediation(
    inspector, producer_a, product_a, product_b, criteria_set, root
):
    from products.domain import create_product

    third = create_product(by=root, producer=producer_a, criteria_set=criteria_set, name="Trà gừng Phú Nghĩa")
    for product in (product_a, product_b, third):
        make_certificate(product)
    summary = seed_demo_inspections()
    assert InspectionPlan.objects.get() == summary.plan
    assert [i.status for i in summary.inspections] == [Status.CONCLUDED, Status.IN_PROGRESS]
    assert [o.kind for o in Outcome.objects.open_remediations()] == ["remediation"]
    assert seed_demo_inspections().inspections == []
    assert Inspection.objects.count() == 2
