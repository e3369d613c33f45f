"""What a council or advisory-team member reaches: only the dossiers of the rounds they hold a seat on, and only
while that round needs them (from the dossier's assignment until its result is decided or the round closed).
Outside that window the dossier, its evidence, its Mẫu 03 and its session are a 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from conftest import make_user
from dossiers.models import ApplicationStatus, CommuneReview, Evidence
from evaluation import domain

from .conftest import four_star, received_application, submit_all


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def evidence_a(application_a, alice):
    """A document of producer A attached to the dossier, and the commune's Mẫu 03 on it."""
    from dossiers.domain import upload_document
    from dossiers.tests.factories import pdf_upload

    document, _created = upload_document(
        producer=application_a.product.producer,
        by=alice,
        upload=pdf_upload(b"dang ky kinh doanh"),
        kind="business_registration",
        title="Giấy đăng ký kinh doanh",
    )
    Evidence.objects.create(application=application_a, document=document)
    CommuneReview.objects.create(
        application=application_a,
        reviewer=make_user("xa_x", Role.COMMUNE_OFFICER, application_a.commune),
        complete=True,
        local_raw_materials="Gừng của xã.",
        local_labour="12 lao động.",
        idea_origin="Gia truyền.",
        local_identity="Nghề truyền thống.",
        decision=CommuneReview.Decision.FORWARD,
    )
    return document


def dossier_urls(application, document) -> dict[str, str]:
    review = application.commune_reviews.get()
    return {
        "detail": reverse("dossiers:detail", args=[application.code]),
        "self_assessment": reverse("dossiers:self_assessment", args=[application.code]),
        "form_03": reverse("dossiers:form_03", args=[application.code, review.pk]),
        "document": reverse("dossiers:document_file", args=[document.code]),
    }


def statuses(client, user, urls: dict[str, str]) -> dict[str, int]:
    client.force_login(user)
    return {name: client.get(url).status_code for name, url in urls.items()}


def test_council_member_without_a_seat_gets_404_on_the_dossier_and_its_evidence(
    client, evaluation_a, application_a, evidence_a, council, hanoi
):
    unseated_advisor = make_user("tuvan2", Role.ADVISORY_MEMBER, hanoi)
    urls = {**dossier_urls(application_a, evidence_a), "session": evaluation_a.get_absolute_url()}
    for user in (council, unseated_advisor):
        assert statuses(client, user, urls) == dict.fromkeys(urls, 404), user


def test_provincial_council_account_without_a_seat_gets_404_on_its_own_provinces_dossiers(
    client, commune_nb, ninh_binh, criteria_set
):
    from conftest import make_producer
    from products.domain import create_product

    producer = make_producer(name="HTX Tràng An", area=commune_nb, tax_code="2700283212")
    product = create_product(
        by=make_user("nb-admin", Role.SYSADMIN), producer=producer, criteria_set=criteria_set, name="Cơm cháy"
    )
    dossier = received_application(product)
    hoidong_ninhbinh = make_user("hoidong.ninhbinh", Role.COUNCIL_MEMBER, ninh_binh)
    client.force_login(hoidong_ninhbinh)
    assert client.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 404
    assert list(client.get(reverse("dossiers:list")).context["page"].object_list) == []


def test_seated_members_and_advisors_see_the_dossier_while_the_round_is_open(
    client, evaluation_a, application_a, evidence_a, members, advisor
):
    urls = {**dossier_urls(application_a, evidence_a), "session": evaluation_a.get_absolute_url()}
    for user in (members[0], members[3], advisor):
        assert statuses(client, user, urls) == dict.fromkeys(urls, 200), user


def test_seated_member_sees_only_the_dossiers_in_their_round(client, evaluation_a, members, product_b):
    other = received_application(product_b)
    client.force_login(members[1])
    assert client.get(reverse("dossiers:detail", args=[other.code])).status_code == 404
    listed = client.get(reverse("dossiers:list"))
    assert [a.code for a in listed.context["page"].object_list] == [evaluation_a.application.code]


def test_seated_member_still_sees_a_closed_session_waiting_for_the_decision(
    client, evaluation_a, application_a, evidence_a, members, criteria_set
):
    # The chair may still reopen it for re-scoring until the province decides.
    submit_all(evaluation_a, members, four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    urls = {**dossier_urls(application_a, evidence_a), "session": evaluation_a.get_absolute_url()}
    assert statuses(client, members[2], urls) == dict.fromkeys(urls, 200)


def test_seated_members_get_404_once_the_result_is_decided(
    client, evaluation_a, application_a, evidence_a, members, advisor, criteria_set, erin
):
    submit_all(evaluation_a, members, four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    domain.decide_provincial_result(
        evaluation=evaluation_a,
        by=erin,
        decision_number="12/QĐ-UBND",
        decision_date=timezone.localdate(),
        signer="Chủ tịch UBND tỉnh",
    )
    urls = {
        **dossier_urls(application_a, evidence_a),
        "session": evaluation_a.get_absolute_url(),
        "round": evaluation_a.round.get_absolute_url(),
    }
    for user in (members[0], members[2], advisor):
        found = statuses(client, user, urls)
        assert found == {**dict.fromkeys(urls, 404), "round": 200}, user
    # The organiser still sees everything.
    assert statuses(client, erin, urls) == dict.fromkeys(urls, 200)


def test_seated_members_get_404_once_the_round_is_closed(
    client, evaluation_a, application_a, evidence_a, members, advisor, criteria_set, erin
):
    submit_all(evaluation_a, members, four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    domain.set_round_status(round_=evaluation_a.round, status="closed", by=erin)
    urls = {
        **dossier_urls(application_a, evidence_a),
        "session": evaluation_a.get_absolute_url(),
        "round": evaluation_a.round.get_absolute_url(),
    }
    for user in (members[1], advisor):
        assert statuses(client, user, urls) == dict.fromkeys(urls, 404), user


def test_round_page_lists_only_the_sessions_a_member_may_open(
    client, evaluation_a, members, criteria_set, erin, product_b
):
    second = domain.assign_to_round(round_=evaluation_a.round, application=received_application(product_b), by=erin)
    submit_all(evaluation_a, members, four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    domain.decide_provincial_result(
        evaluation=evaluation_a,
        by=erin,
        decision_number="12/QĐ-UBND",
        decision_date=timezone.localdate(),
        signer="Chủ tịch UBND tỉnh",
    )
    client.force_login(members[1])
    page = client.get(evaluation_a.round.get_absolute_url())
    assert [e.code for e in page.context["evaluations"]] == [second.code]
    client.force_login(erin)
    page = client.get(evaluation_a.round.get_absolute_url())
    assert [e.code for e in page.context["evaluations"]] == [evaluation_a.code, second.code]


def test_central_council_sees_a_proposed_dossier_only_in_its_round(
    client, central_round, national_members, product_a, minh
):
    proposed = received_application(product_a, status=ApplicationStatus.PROPOSED_5)
    detail = reverse("dossiers:detail", args=[proposed.code])
    client.force_login(national_members[1])
    assert client.get(detail).status_code == 404
    domain.assign_to_round(round_=central_round, application=proposed, by=minh)
    assert client.get(detail).status_code == 200


def test_an_earlier_session_does_not_reopen_the_window_when_the_dossier_is_scored_again(
    client, evaluation_a, application_a, members, criteria_set, erin, hanoi
):
    import datetime

    from dossiers.models import Application

    submit_all(evaluation_a, members, four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    # Sent back to the province and evaluated again in another round (step 10b), by another council.
    Application.objects.filter(pk=application_a.pk).update(status=ApplicationStatus.RECEIVED)
    year = timezone.localdate().year
    again = domain.create_round(
        by=erin,
        level="province",
        province=hanoi,
        name=f"Đợt bổ sung năm {year}",
        proposal_cutoff=datetime.date(year, 4, 30),
        evaluate_by=datetime.date(year, 6, 30),
    )
    others = [make_user(f"hd_moi{i}", Role.COUNCIL_MEMBER, hanoi) for i in range(5)]
    for index, member in enumerate(others):
        domain.add_member(round_=again, user=member, role="chair" if index == 0 else "member", by=erin)
    second = domain.assign_to_round(round_=again, application=application_a, by=erin)
    submit_all(second, others, four_star(criteria_set))
    domain.close_evaluation(evaluation=second, by=others[0])

    detail = reverse("dossiers:detail", args=[application_a.code])
    client.force_login(members[1])
    assert client.get(detail).status_code == 404
    assert client.get(evaluation_a.get_absolute_url()).status_code == 404
    client.force_login(others[1])
    assert client.get(detail).status_code == 200
