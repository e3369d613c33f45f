"""Pages: who sees what (outsiders get 404), the forms over the domain functions, HTMX saving, query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import domain
from evaluation.models import CouncilMembership, CouncilRegulation, Evaluation, MemberSheet, Round

from .conftest import four_star, received_application, submit_all, total_of

# Personas: the organiser (erin), another province's organiser (frank), a Hà Nội council account not seated in
# the round (council), the round's advisory member (advisor), a Hà Nội inspector, the ministry (minh), the
# administrator (root), the producer (alice), the commune officer (carol); "tv1" is a seated member.
ROUND_ACCESS = [
    ("erin", 200),
    ("tv1", 200),
    ("advisor", 200),
    ("inspector", 200),
    ("minh", 200),
    ("root", 200),
    ("frank", 404),
    ("council", 404),
    ("alice", 404),
    ("carol", 404),
]


def persona(request, members, name):
    return next((m for m in members if m.username == name), None) or request.getfixturevalue(name)


@pytest.mark.parametrize(("who", "status"), ROUND_ACCESS)
def test_round_page_is_visible_only_inside_scope(client, request, evaluation_a, members, who, status):
    client.force_login(persona(request, members, who))
    assert client.get(evaluation_a.round.get_absolute_url()).status_code == status


@pytest.mark.parametrize(("who", "status"), ROUND_ACCESS)
def test_evaluation_page_is_visible_only_inside_scope(client, request, evaluation_a, members, who, status):
    client.force_login(persona(request, members, who))
    assert client.get(evaluation_a.get_absolute_url()).status_code == status


def test_anonymous_is_sent_to_login(client, evaluation_a):
    response = client.get(evaluation_a.get_absolute_url())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("tv1", 200), ("chu_tich", 200), ("erin", 404), ("advisor", 404), ("council", 404), ("minh", 404), ("alice", 404)],
)
def test_sheet_page_only_for_seated_scoring_members(client, request, evaluation_a, members, who, status):
    client.force_login(persona(request, members, who))
    assert client.get(reverse("evaluation:sheet", args=[evaluation_a.code])).status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("erin", 403), ("tv1", 403), ("advisor", 403), ("frank", 404), ("council", 404)]
)
def test_council_and_assign_pages_only_for_the_organiser(client, request, seated_round, members, who, status):
    client.force_login(persona(request, members, who))
    for name in ("council", "assign", "round_edit"):
        expected = 200 if who == "erin" else status
        assert client.get(reverse(f"evaluation:{name}", args=[seated_round.code])).status_code == expected, name


@pytest.mark.parametrize("who", ["frank", "council", "alice"])
def test_outsider_gets_404_on_every_action(client, request, evaluation_a, members, who):
    client.force_login(persona(request, members, who))
    round_code, code = evaluation_a.round.code, evaluation_a.code
    for name, args in [
        ("round_status", [round_code]),
        ("council", [round_code]),
        ("assign", [round_code]),
        ("site_visit_add", [code]),
        ("close", [code]),
        ("reopen", [code]),
        ("decide", [code]),
        ("remove", [code]),
        ("sheet", [code]),
        ("sheet_criterion", [code]),
    ]:
        assert client.post(reverse(f"evaluation:{name}", args=args), {}).status_code == 404, name
    assert Evaluation.objects.get(pk=evaluation_a.pk).status == Evaluation.Status.OPEN


def test_member_cannot_open_another_members_sheet_before_submitting(client, evaluation_a, members, criteria_set):
    other = domain.submit_sheet(evaluation=evaluation_a, member=members[2], choices=four_star(criteria_set))
    url = reverse("evaluation:sheet_view", args=[evaluation_a.code, other.pk])
    client.force_login(members[1])
    assert client.get(url).status_code == 404
    page = client.get(evaluation_a.get_absolute_url()).content.decode()
    assert url not in page
    domain.submit_sheet(evaluation=evaluation_a, member=members[1], choices=four_star(criteria_set))
    assert client.get(url).status_code == 200
    assert url in client.get(evaluation_a.get_absolute_url()).content.decode()


def test_a_draft_is_never_shown_to_others(client, evaluation_a, members, criteria_set):
    draft = domain.save_sheet(evaluation=evaluation_a, member=members[2], choices={"1.1": 1})
    domain.submit_sheet(evaluation=evaluation_a, member=members[1], choices=four_star(criteria_set))
    client.force_login(members[1])
    assert client.get(reverse("evaluation:sheet_view", args=[evaluation_a.code, draft.pk])).status_code == 404


def test_sheet_page_shows_the_sheet_and_the_dossier(client, evaluation_a, members, application_a):
    application_a.self_choices = {"1.1": 2}
    application_a.history = "Thành lập năm 2015"
    application_a.save()
    client.force_login(members[1])
    html = client.get(reverse("evaluation:sheet", args=[evaluation_a.code])).content.decode()
    assert 'name="c-1.1"' in html and 'name="c-2.4"' in html
    assert 'name="knockouts"' in html
    assert "Hồ sơ bị loại khi" in html
    assert "Thành lập năm 2015" in html
    assert application_a.get_absolute_url() in html


def test_sheet_page_titles_each_part_and_shows_the_self_assessed_option_and_points(
    client, evaluation_a, members, application_a
):
    application_a.self_choices = {"1.1": 2, "2.4": 0}
    application_a.save()
    client.force_login(members[1])
    html = client.get(reverse("evaluation:sheet", args=[evaluation_a.code])).content.decode()
    assert '<h2 class="sheet-heading">Phần A: SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 điểm)</h2>' in html
    assert (
        "<strong>Tự đánh giá:</strong> Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 50% đến dưới 75% (2 điểm)" in html
    )
    assert "<strong>Tự đánh giá:</strong> Không (0 điểm)" in html
    assert "phương án 2" not in html


def test_sheet_form_saves_a_draft_then_refuses_an_incomplete_submission(client, evaluation_a, members):
    client.force_login(members[1])
    url = reverse("evaluation:sheet", args=[evaluation_a.code])
    response = client.post(url, {"c-1.1": "2", "comment": "ổn", "action": "save"})
    assert response.status_code == 302
    assert MemberSheet.objects.get(member=members[1]).choices == {"1.1": 2}
    response = client.post(url, {"c-1.1": "3", "action": "submit"})
    assert response.status_code == 200
    assert "Thiếu tiêu chí" in response.content.decode()
    sheet = MemberSheet.objects.get(member=members[1])
    assert (sheet.choices, sheet.submitted_at) == ({"1.1": 2}, None)


def test_htmx_saves_one_criterion(client, evaluation_a, members):
    client.force_login(members[1])
    url = reverse("evaluation:sheet_criterion", args=[evaluation_a.code])
    response = client.post(url, {"criterion": "1.3", "c-1.3": "3", "c-1.1": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Tạm tính: 3 điểm" in response.content.decode()
    assert "<html" not in response.content.decode()
    # Only the named criterion is saved.
    assert MemberSheet.objects.get(member=members[1]).choices == {"1.3": 3}
    client.post(url, {"criterion": "flags", "knockouts": ["0"]}, headers={"HX-Request": "true"})
    assert MemberSheet.objects.get(member=members[1]).knockouts == [0]


def test_organiser_creates_a_round_from_the_statutory_preset(client, erin):
    client.force_login(erin)
    page = client.get(reverse("evaluation:round_create"), {"preset": "0"}).content.decode()
    year = timezone.localdate().year
    assert f"30/04/{year}" in page
    response = client.post(
        reverse("evaluation:round_create"),
        {"name": "Đợt bổ sung", "proposal_cutoff": f"15/05/{year}", "evaluate_by": f"15/08/{year}"},
        follow=True,
    )
    round_ = Round.objects.get()
    assert (round_.province, round_.name) == (erin.area, "Đợt bổ sung")
    html = response.content.decode()
    assert "đợt bổ sung" in html  # the warning about an extra round
    assert f"muộn hơn hạn theo quy định (30/12/{year})" not in html


def test_round_history_reads_as_labels_and_values_not_internal_names(client, erin, seated_round):
    client.force_login(erin)
    html = client.get(seated_round.get_absolute_url()).content.decode()
    history = html[html.index('id="history-title"') :]
    assert "<strong>Trạng thái</strong>: — → Đang tiếp nhận" in history
    assert "<strong>Vai trò</strong>: — → Chủ tịch hội đồng" in history
    assert "<strong>Thành viên</strong>: — → chu_tich" in history
    assert "<strong>role</strong>" not in history and "→ chair" not in history


def test_round_list_warns_when_fewer_than_two_rounds(client, erin, round_):
    client.force_login(erin)
    html = client.get(reverse("evaluation:rounds")).content.decode()
    assert round_.name in html
    assert "ít nhất 2 đợt" in html


def test_regulation_page_edits_the_provinces_regulation(client, erin, hanoi):
    client.force_login(erin)
    response = client.post(reverse("evaluation:regulation"), {"quorum": "3", "max_gap": "7,5"})
    assert response.status_code == 302
    regulation = CouncilRegulation.objects.get()
    assert (regulation.province, regulation.quorum, regulation.max_gap) == (hanoi, 3, Decimal("7.5"))


@pytest.mark.parametrize("who", ["tv1", "alice", "carol", "council"])
def test_regulation_page_is_not_for_others(client, request, members, who):
    client.force_login(persona(request, members, who))
    assert client.get(reverse("evaluation:regulation")).status_code == 404


def test_council_page_adds_and_removes_a_member(client, erin, round_, council):
    client.force_login(erin)
    url = reverse("evaluation:council", args=[round_.code])
    response = client.post(url, {"user": council.pk, "role": "chair", "agency": "UBND tỉnh"})
    assert response.status_code == 302
    membership = CouncilMembership.objects.get(round=round_)
    assert (membership.user, membership.role) == (council, "chair")
    client.post(reverse("evaluation:member_remove", args=[round_.code, membership.pk]))
    assert not CouncilMembership.objects.exists()


def test_council_page_role_list_reloads_the_accounts_of_the_chosen_seat(client, erin, round_, council, advisor):
    import re

    client.force_login(erin)
    url = reverse("evaluation:council", args=[round_.code])
    page = client.get(url).content.decode()
    role_select = re.search(r"<select name=\"role\"[^>]*>", page).group(0)
    assert f'hx-get="{url}"' in role_select and 'hx-target="#id_user"' in role_select
    fragment = client.get(url, {"role": "advisor"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    options = re.findall(r'<option value="(\d+)"', fragment)
    assert options == [str(advisor.pk)]
    # The seat links follow the role list (swapped out of band).
    assert 'id="seat-links" hx-swap-oob="true"' in fragment
    assert "<strong>Thành viên tổ tư vấn</strong>" in fragment
    response = client.post(url, {"user": advisor.pk, "role": "advisor"})
    assert response.status_code == 302
    assert CouncilMembership.objects.get(round=round_).role == "advisor"


@pytest.mark.parametrize("count", [1, 3])
def test_round_page_query_count_does_not_grow_with_dossiers(
    client, erin, seated_round, product_a, django_assert_num_queries, count
):
    from products.domain import create_product

    for i in range(count):
        product = (
            product_a
            if i == 0
            else create_product(
                by=erin, producer=product_a.producer, criteria_set=product_a.criteria_set, name=f"Sản phẩm {i}"
            )
        )
        domain.assign_to_round(round_=seated_round, application=received_application(product), by=erin)
    client.force_login(erin)
    with django_assert_num_queries(11):
        assert client.get(seated_round.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_round_list_query_count_does_not_grow_with_rounds(client, erin, django_assert_num_queries, count):
    for i in range(count):
        domain.create_round(
            by=erin,
            level="province",
            province=erin.area,
            name=f"Đợt {i}",
            proposal_cutoff=timezone.localdate(),
            evaluate_by=timezone.localdate() + timezone.timedelta(days=30),
        )
    client.force_login(erin)
    with django_assert_num_queries(9):
        assert client.get(reverse("evaluation:rounds")).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_my_sheets_query_count_does_not_grow_with_sessions(
    client, erin, seated_round, members, product_a, django_assert_num_queries, count
):
    from products.domain import create_product

    for i in range(count):
        product = (
            product_a
            if i == 0
            else create_product(
                by=erin, producer=product_a.producer, criteria_set=product_a.criteria_set, name=f"Sản phẩm {i}"
            )
        )
        evaluation = domain.assign_to_round(round_=seated_round, application=received_application(product), by=erin)
        domain.save_sheet(evaluation=evaluation, member=members[1], choices={"1.1": 1})
    client.force_login(members[1])
    with django_assert_num_queries(9):
        html = client.get(reverse("evaluation:my_sheets")).content.decode()
    assert html.count("Bản nháp") == count


def test_closed_evaluation_page_shows_the_result(client, evaluation_a, members, criteria_set, erin):
    submit_all(evaluation_a, members, four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    client.force_login(erin)
    html = client.get(evaluation_a.get_absolute_url()).content.decode()
    assert "Kết quả đánh giá" in html
    assert "4 ★" in html
    assert "Điểm trung bình theo tiêu chí" in html
    assert reverse("evaluation:decide", args=[evaluation_a.code]) in html


def test_closed_evaluation_page_shows_the_mean_once_and_each_part_by_its_title(
    client, evaluation_a, members, criteria_set, erin
):
    choices = four_star(criteria_set)
    submit_all(evaluation_a, members, choices)
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    stored = Evaluation.objects.get(pk=evaluation_a.pk).mean_total
    client.force_login(erin)
    html = client.get(evaluation_a.get_absolute_url()).content.decode()
    mean = f"{total_of(criteria_set, choices):.2f}".replace(".", ",")
    assert f"<dd><strong>{mean}</strong></dd>" in html
    assert str(stored).replace(".", ",") not in html
    assert "Phần C: CHẤT LƯỢNG SẢN PHẨM (35 điểm)" in html
    assert "Phần C: /" not in html


def test_round_page_offers_to_close_the_round_only_when_every_session_is_closed(
    client, erin, evaluation_a, members, criteria_set
):
    client.force_login(erin)
    url = evaluation_a.round.get_absolute_url()
    assert "Kết thúc đợt" not in client.get(url).content.decode()
    submit_all(evaluation_a, members, four_star(criteria_set))
    domain.close_evaluation(evaluation=evaluation_a, by=members[0])
    assert "Kết thúc đợt" in client.get(url).content.decode()
