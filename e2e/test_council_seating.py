"""Seating a round's council in a real browser, at a desktop and a phone size: the role list decides which accounts
are offered."""

import datetime

import pytest
from django.utils import timezone

from e2e.conftest import login
from evaluation import domain
from evaluation.models import CouncilMembership, Level


@pytest.mark.journey("province-seats-a-council")
def test_choosing_the_advisory_role_offers_the_advisory_accounts(journey, erin, council, advisor):
    year = timezone.localdate().year
    round_ = domain.create_round(
        by=erin,
        level=Level.PROVINCE,
        province=erin.area,
        name=f"Đợt 2 năm {year}",
        proposal_cutoff=datetime.date(year, 10, 30),
        evaluate_by=datetime.date(year, 12, 30),
    )
    page = journey.open()
    login(page, "erin")
    journey.menu(page, "Đánh giá")
    with page.expect_navigation():
        journey.tap(page.get_by_role("link", name=round_.name))
    with page.expect_navigation():
        journey.tap(page.locator(f"main a[href='/danh-gia/dot/{round_.code}/hoi-dong/']").first)
    accounts = page.locator("select[name=user]")
    assert accounts.locator(f"option[value='{council.pk}']").count() == 1
    page.locator("select[name=role]").select_option(CouncilMembership.Role.ADVISOR)
    accounts.locator(f"option[value='{advisor.pk}']").wait_for(state="attached")
    assert accounts.locator(f"option[value='{council.pk}']").count() == 0
    assert page.locator("#seat-links strong").inner_text() == "Thành viên tổ tư vấn"
    accounts.select_option(str(advisor.pk))
    journey.step(page, "seat")
    with page.expect_navigation():
        journey.tap(page.get_by_role("button", name="Thêm"))
    membership = CouncilMembership.objects.get(round=round_)
    assert (membership.user_id, membership.role) == (advisor.pk, CouncilMembership.Role.ADVISOR)
    journey.step(page, "seated")
    assert page.errors == []
