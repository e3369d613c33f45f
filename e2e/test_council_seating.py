"""Seating a round's council in a real browser: the role list decides which accounts are offered."""

import datetime

from django.utils import timezone

from e2e.conftest import login
from evaluation import domain
from evaluation.models import CouncilMembership, Level


def test_choosing_the_advisory_role_offers_the_advisory_accounts(page, erin, council, advisor):
    year = timezone.localdate().year
    round_ = domain.create_round(
        by=erin,
        level=Level.PROVINCE,
        province=erin.area,
        name=f"Đợt 2 năm {year}",
        proposal_cutoff=datetime.date(year, 10, 30),
        evaluate_by=datetime.date(year, 12, 30),
    )
    login(page, "erin")
    page.goto(f"/danh-gia/dot/{round_.code}/hoi-dong/")
    accounts = page.locator("select[name=user]")
    assert accounts.locator(f"option[value='{council.pk}']").count() == 1
    page.locator("select[name=role]").select_option(CouncilMembership.Role.ADVISOR)
    accounts.locator(f"option[value='{advisor.pk}']").wait_for(state="attached")
    assert accounts.locator(f"option[value='{council.pk}']").count() == 0
    assert page.locator("#seat-links strong").inner_text() == "Thành viên tổ tư vấn"
    accounts.select_option(str(advisor.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Thêm").click()
    membership = CouncilMembership.objects.get(round=round_)
    assert (membership.user_id, membership.role) == (advisor.pk, CouncilMembership.Role.ADVISOR)
    assert page.errors == []
