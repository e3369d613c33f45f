"""Rounds, their councils and the council's regulation through the API: the same records, audit entries and
notices as the pages, the same rights (404 outside the scope, 403 for who only sees), and the token's write right."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from api.tokens import WriteScope
from conftest import make_user
from evaluation import domain
from evaluation.models import CouncilMembership, CouncilRegulation, Round
from evaluation.tests.workflow import conftest as workflow
from evaluation.tests.workflow.conftest import five_star, submit_all
from notifications.models import Notification

from .council import REGULATION, ROUNDS, TODAY, bearer, client_for, last_entry_id, trail

members = workflow.members
chair = workflow.chair
round_ = workflow.round_
seated_round = workflow.seated_round
application_a = workflow.application_a
evaluation_a = workflow.evaluation_a

YEAR = TODAY().year
ROUND_FIELDS = ["level", "province", "name", "proposal_cutoff", "evaluate_by", "council_decision", "status"]


def round_input(name="Đợt 2", **changes):
    return {
        "name": name,
        "proposal_cutoff": f"{YEAR}-10-30",
        "evaluate_by": f"{YEAR}-12-30",
        "council_decision": "12/QĐ-UBND",
        **changes,
    }


def as_form(values: dict) -> dict:
    """The same round as the round form posts it (dates written the Vietnamese way)."""
    day = {
        key: datetime.date.fromisoformat(values[key]).strftime("%d/%m/%Y") for key in ("proposal_cutoff", "evaluate_by")
    }
    return {**values, **day}


def test_round_created_through_the_api_leaves_what_the_form_leaves(api_as, client, erin):
    start = last_entry_id()
    response = api_as("erin").post(ROUNDS, round_input(), format="json")
    assert response.status_code == 201, response.json()
    by_api = Round.objects.get(code=response.json()["code"])
    form_start = last_entry_id()
    client.force_login(erin)
    assert client.post(reverse("evaluation:round_create"), as_form(round_input())).status_code == 302
    by_form = Round.objects.exclude(pk=by_api.pk).get()

    assert Round.objects.filter(pk=by_api.pk).values(*ROUND_FIELDS).get() == (
        Round.objects.filter(pk=by_form.pk).values(*ROUND_FIELDS).get()
    )
    assert (by_api.province, by_api.level, by_api.legal_version) == (erin.area, "province", by_form.legal_version)
    assert trail(by_api, since=start) == trail(by_form, since=form_start)
    assert response.json()["date_warnings"] == []


def test_round_off_the_statutory_calendar_is_created_with_its_warnings(api_as, erin):
    body = api_as("erin").post(ROUNDS, round_input(proposal_cutoff=f"{YEAR}-05-15"), format="json").json()

    assert len(body["date_warnings"]) == 1
    assert "đợt bổ sung" in body["date_warnings"][0]


def test_ministry_creates_a_central_round(api_as, minh):
    body = api_as("minh").post(ROUNDS, round_input(), format="json").json()

    assert (body["level"], body["province"]) == ("central", None)


@pytest.mark.parametrize("persona", ["council", "advisor", "alice", "carol", "inspector"])
def test_round_cannot_be_created_by_who_does_not_organise_rounds(api_as, persona):
    response = api_as(persona).post(ROUNDS, round_input(), format="json")

    assert response.status_code == 403
    assert not Round.objects.exists()


def test_round_with_the_deadline_before_the_cut_off_is_400_in_vietnamese(api_as, erin):
    response = api_as("erin").post(ROUNDS, round_input(evaluate_by=f"{YEAR}-10-01"), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"evaluate_by": ["Hạn hoàn thành đánh giá phải sau hạn đề xuất hồ sơ."]}
    assert not Round.objects.exists()


def test_round_change_keeps_what_it_does_not_give_and_is_audited(api_as, erin, round_):
    start = last_entry_id()
    response = api_as("erin").patch(f"{ROUNDS}{round_.code}/", {"name": "Đợt 2 (bổ sung)"}, format="json")

    assert response.status_code == 200, response.json()
    round_.refresh_from_db()
    assert (round_.name, round_.evaluate_by) == ("Đợt 2 (bổ sung)", datetime.date(YEAR, 12, 30))
    assert [(action, changes) for _m, action, _a, changes, _n in trail(round_, since=start)] == [
        ("update", {"name": [f"Đợt 2 năm {YEAR}", "Đợt 2 (bổ sung)"]})
    ]


def test_round_moves_to_scoring_and_closes_only_without_open_sessions(api_as, evaluation_a):
    client = api_as("erin")
    url = f"{ROUNDS}{evaluation_a.round.code}/status/"

    assert client.post(url, {"status": "scoring"}, format="json").json()["status"] == "scoring"
    refused = client.post(url, {"status": "closed"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "non_field_errors": ["Còn hồ sơ chưa kết thúc phiên chấm điểm: chưa thể kết thúc đợt."]
    }
    assert client.post(url, {"status": "later"}, format="json").status_code == 400


def test_a_council_member_who_sees_the_round_cannot_change_it(members, seated_round):
    client = client_for(members[1])
    code = seated_round.code

    assert client.get(f"{ROUNDS}{code}/").status_code == 200
    assert client.patch(f"{ROUNDS}{code}/", {"name": "X"}, format="json").status_code == 403
    assert client.post(f"{ROUNDS}{code}/status/", {"status": "scoring"}, format="json").status_code == 403
    assert client.get(f"{ROUNDS}{code}/members/").status_code == 403
    assert client.delete(f"{ROUNDS}{code}/members/tv2/").status_code == 403
    assert seated_round.memberships.count() == 6


def test_another_provinces_officer_gets_404_on_every_round_write(api_as, seated_round, council):
    client = api_as("frank")
    code = seated_round.code
    seat = {"username": "council", "role": "member"}

    assert client.patch(f"{ROUNDS}{code}/", {"name": "X"}, format="json").status_code == 404
    assert client.post(f"{ROUNDS}{code}/status/", {"status": "scoring"}, format="json").status_code == 404
    assert client.get(f"{ROUNDS}{code}/members/").status_code == 404
    assert client.post(f"{ROUNDS}{code}/members/", seat, format="json").status_code == 404
    assert client.get(f"{ROUNDS}{code}/eligible-members/").status_code == 404
    assert client.delete(f"{ROUNDS}{code}/members/tv1/").status_code == 404
    assert client.post(f"{ROUNDS}{code}/assign/", {"dossier": "X"}, format="json").status_code == 404
    assert not seated_round.memberships.filter(user=council).exists()


def test_council_seated_through_the_api_leaves_what_the_form_leaves(api_as, client, erin, round_, members):
    other = domain.create_round(
        by=erin,
        level="province",
        province=erin.area,
        name=round_.name,
        proposal_cutoff=round_.proposal_cutoff,
        evaluate_by=round_.evaluate_by,
    )
    seats = [(members[0], "chair", "UBND tỉnh"), (members[1], "member", "Sở Công Thương")]
    api, start = api_as("erin"), last_entry_id()
    for user, role, agency in seats:
        response = api.post(
            f"{ROUNDS}{round_.code}/members/",
            {"username": user.username, "role": role, "agency": agency},
            format="json",
        )
        assert response.status_code == 201, response.json()
        assert response.json() == {"username": user.username, "name": user.first_name, "role": role, "agency": agency}
    form_start = last_entry_id()
    client.force_login(erin)
    for user, role, agency in seats:
        page = client.post(
            reverse("evaluation:council", args=[other.code]), {"user": user.pk, "role": role, "agency": agency}
        )
        assert page.status_code == 302

    fields = ["user", "role", "agency"]
    assert list(round_.memberships.order_by("id").values(*fields)) == list(
        other.memberships.order_by("id").values(*fields)
    )
    assert trail(round_, since=start) == trail(other, since=form_start)
    assert Notification.objects.filter(recipient=members[0]).count() == 2
    listed = api.get(f"{ROUNDS}{round_.code}/members/").json()
    assert [(seat["username"], seat["role"]) for seat in listed] == [("chu_tich", "chair"), ("tv1", "member")]


def test_only_an_eligible_account_can_be_seated(api_as, round_, council, advisor, hanoi, ninh_binh):
    make_user("hd_nb", Role.COUNCIL_MEMBER, ninh_binh)
    client = api_as("erin")
    url = f"{ROUNDS}{round_.code}/members/"
    refused = "Tài khoản này không thể tham gia hội đồng của đợt (sai vai trò, địa bàn, hoặc đã có tên)."

    eligible = client.get(f"{ROUNDS}{round_.code}/eligible-members/", {"role": "advisor"}).json()
    assert [account["username"] for account in eligible] == ["advisor"]
    assert [a["username"] for a in client.get(f"{ROUNDS}{round_.code}/eligible-members/").json()] == ["council"]
    for username, role in [("hd_nb", "member"), ("advisor", "member"), ("nobody", "member"), ("council", "advisor")]:
        response = client.post(url, {"username": username, "role": role}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == {"username": [refused]}
    assert client.post(url, {"username": "council", "role": "boss"}, format="json").status_code == 400
    assert not round_.memberships.exists()


def test_second_chair_is_400(api_as, seated_round, council):
    response = api_as("erin").post(
        f"{ROUNDS}{seated_round.code}/members/", {"username": "council", "role": "chair"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"role": ["Hội đồng đã có chủ tịch."]}


def test_seat_taken_away_through_the_api_is_audited_and_told(api_as, members, seated_round):
    start = last_entry_id()
    response = api_as("erin").delete(f"{ROUNDS}{seated_round.code}/members/tv4/")

    assert response.status_code == 204
    assert not seated_round.memberships.filter(user=members[4]).exists()
    assert [(action, note) for _m, action, _a, _c, note in trail(seated_round, since=start)] == [
        ("delete", "Rút thành viên khỏi hội đồng")
    ]
    assert Notification.objects.filter(recipient=members[4], message__startswith="Anh/chị không còn là").exists()
    assert api_as("erin").delete(f"{ROUNDS}{seated_round.code}/members/tv4/").status_code == 404


def test_member_with_a_submitted_sheet_keeps_their_seat(api_as, members, evaluation_a):
    submit_all(evaluation_a, members[4:], five_star(evaluation_a.criteria_set))

    response = api_as("erin").delete(f"{ROUNDS}{evaluation_a.round.code}/members/tv4/")

    assert response.status_code == 400
    assert evaluation_a.round.memberships.filter(user=members[4]).exists()


def test_regulation_set_through_the_api_leaves_what_the_form_leaves(api_as, client, erin, frank, hanoi, ninh_binh):
    client_api = api_as("erin")
    current = client_api.get(REGULATION).json()
    assert (current["province"]["code"], current["quorum"], current["max_gap"]) == (hanoi.code, 5, "10.00")
    start = last_entry_id()
    response = client_api.put(REGULATION, {"quorum": 3, "max_gap": "7.5"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["quorum"], response.json()["max_gap"]) == (3, "7.50")
    form_start = last_entry_id()
    client.force_login(frank)
    assert client.post(reverse("evaluation:regulation"), {"quorum": "3", "max_gap": "7,5"}).status_code == 302

    by_api, by_form = CouncilRegulation.objects.get(province=hanoi), CouncilRegulation.objects.get(province=ninh_binh)
    assert (by_api.quorum, by_api.max_gap) == (by_form.quorum, by_form.max_gap) == (3, Decimal("7.5"))
    assert trail(by_api, since=start) == [
        (m, action, erin.pk, changes, note) for m, action, _actor, changes, note in trail(by_form, since=form_start)
    ]


def test_regulation_below_one_member_is_400_and_changes_nothing(api_as, erin):
    response = api_as("erin").put(REGULATION, {"quorum": 0, "max_gap": "0"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "quorum": ["Số thành viên tối thiểu phải từ 1 trở lên."],
        "max_gap": ["Mức chênh lệch tối đa phải lớn hơn 0."],
    }
    assert not CouncilRegulation.objects.exists()


@pytest.mark.parametrize("persona", ["council", "alice", "carol", "inspector"])
def test_regulation_is_not_for_others(api_as, persona):
    client = api_as(persona)

    assert client.get(REGULATION).status_code == 404
    assert client.put(REGULATION, {"quorum": 3, "max_gap": "5"}, format="json").status_code == 404
    assert not CouncilRegulation.objects.exists()


def test_read_only_token_cannot_write_rounds_even_when_its_user_could(erin, round_):
    client = bearer(erin)

    response = client.post(ROUNDS, round_input(), format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Mã truy cập này chỉ được đọc."
    assert client.patch(f"{ROUNDS}{round_.code}/", {"name": "X"}, format="json").status_code == 403
    assert client.put(REGULATION, {"quorum": 3, "max_gap": "5"}, format="json").status_code == 403
    assert client.get(f"{ROUNDS}{round_.code}/").status_code == 200
    assert Round.objects.count() == 1


def test_rounds_are_written_with_the_scoring_right_only(erin, council):
    refused = bearer(erin, WriteScope.CERTIFICATES).post(ROUNDS, round_input(), format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Mã truy cập này không có quyền ghi này (write:scoring)."

    created = bearer(erin, WriteScope.SCORING).post(ROUNDS, round_input(), format="json")
    assert created.status_code == 201
    seat = {"username": "council", "role": "member"}
    seated = bearer(erin, WriteScope.SCORING).post(f"{ROUNDS}{created.json()['code']}/members/", seat, format="json")
    assert seated.status_code == 201
    assert CouncilMembership.objects.get().user == council


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_council_lists_query_count_does_not_grow_with_the_seats(api_as, erin, round_, hanoi):
    client = api_as("erin")
    seats, eligible = f"{ROUNDS}{round_.code}/members/", f"{ROUNDS}{round_.code}/eligible-members/"
    counts = []
    for count in (1, 3):
        for index in range(count):
            user = make_user(f"hd_{count}_{index}", Role.COUNCIL_MEMBER, hanoi)
            make_user(f"cho_{count}_{index}", Role.COUNCIL_MEMBER, hanoi)
            domain.add_member(round_=round_, user=user, role="member", by=erin)
        counts.append((_queries(client, seats), _queries(client, eligible), _queries(client, ROUNDS)))

    assert counts[0] == counts[1]


def test_regulation_needs_both_values(api_as, erin):
    response = api_as("erin").put(REGULATION, {}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"quorum": ["Trường này là bắt buộc."], "max_gap": ["Trường này là bắt buộc."]}
