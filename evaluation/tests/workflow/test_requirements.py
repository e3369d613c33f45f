"""Criterion 1.1 of sets 1–4 and 23–25 ("Yêu cầu: 100% sản phẩm được trồng trên địa bàn cấp tỉnh"): no
printed option says the requirement is not met, so the sheet offers "not met". Recorded by most members, it
makes the council's result not rankable, with the reason, on the session's page and in the stored result."""

import pytest
from django.urls import reverse

from criteria.models import CriteriaSet
from dossiers.models import ApplicationStatus
from evaluation.models import Evaluation
from products.domain import create_product
from scoring import UNMET

from .conftest import choices_for, received_application
from .test_journeys import post, sheet_data

REASON = "Không đáp ứng yêu cầu của tiêu chí 1.1: 100% sản phẩm được trồng trên địa bàn cấp tỉnh"


@pytest.fixture
def fresh_vegetables(db):
    return CriteriaSet.objects.get(legal_version__code="QD26_2026", number=1)


@pytest.fixture
def vegetable_dossier(producer_a, fresh_vegetables, root):
    product = create_product(
        by=root, producer=producer_a, criteria_set=fresh_vegetables, name="Bưởi Phú Nghĩa", specification="Quả"
    )
    return received_application(product)


def test_council_members_record_the_requirement_as_unmet_and_the_result_is_not_rankable(
    client, erin, seated_round, members, vegetable_dossier, fresh_vegetables
):
    post(
        client, erin, reverse("evaluation:assign", args=[seated_round.code]), {"applications": [vegetable_dossier.code]}
    )
    evaluation = Evaluation.objects.get(application=vegetable_dossier)
    url = reverse("evaluation:sheet", args=[evaluation.code])
    client.force_login(members[1])
    page = client.get(url).content.decode()
    assert "Không đáp ứng yêu cầu: 100% sản phẩm được trồng trên địa bàn cấp tỉnh" in page
    assert 'name="c-1.1" value="0"' in page

    good = choices_for(fresh_vegetables)
    unmet = {**good, "1.1": UNMET}
    for member, choices in zip(members, [unmet, unmet, unmet, good, good], strict=True):
        post(client, member, url, sheet_data(choices))
    post(client, members[0], reverse("evaluation:close", args=[evaluation.code]))

    evaluation.refresh_from_db()
    assert (evaluation.rankable, evaluation.stars) == (False, None)
    assert evaluation.reason == f"{REASON} (3/5 thành viên)"
    assert evaluation.sheets.get(member=members[0]).choices["1.1"] == UNMET
    vegetable_dossier.refresh_from_db()
    assert vegetable_dossier.status == ApplicationStatus.SCORED
    client.force_login(erin)
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert f"Không đạt</strong>: {REASON} (3/5 thành viên)" in page


def test_the_producer_can_say_the_requirement_is_not_met_in_the_self_score(client, alice, vegetable_dossier):
    vegetable_dossier.status = ApplicationStatus.DRAFT
    vegetable_dossier.save()
    client.force_login(alice)

    page = client.get(reverse("dossiers:self_assessment", args=[vegetable_dossier.code])).content.decode()

    assert "Không đáp ứng yêu cầu: 100% sản phẩm được trồng trên địa bàn cấp tỉnh" in page
    assert 'name="c-1.1" value="0"' in page
