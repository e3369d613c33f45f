import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.domain import history
from certificates.domain import withdraw
from certificates.models import CertificateStatus, Withdrawal, WithdrawalGround
from notifications.models import Notification

from .conftest import days_ago, make_certificate


def _withdraw(certificate, by, **overrides):
    values = {
        "ground": WithdrawalGround.CRITERIA_NOT_MET,
        "conclusion": "Biên bản kiểm tra số 12/BB-SNN: sản phẩm không còn đạt tiêu chí 6.1 và 9.",
        "concluded_on": days_ago(20),
        "decision_number": "301/QĐ-UBND",
        "decision_date": days_ago(6),
        "signer": "Lê Thị Phó Chủ Tịch",
    }
    values.update(overrides)
    return withdraw(certificate=certificate, by=by, **values)


@pytest.fixture
def four_star(product_a):
    return make_certificate(product_a, issued_on=days_ago(400), stars=4)


@pytest.fixture
def five_star(product_a):
    return make_certificate(product_a, issued_on=days_ago(400), stars=5, number="FIVE")


@pytest.mark.parametrize("ground", WithdrawalGround.values)
def test_each_of_the_six_grounds_is_accepted(four_star, erin, ground):
    withdrawal = _withdraw(four_star, erin, ground=ground)
    assert withdrawal.get_ground_display() == WithdrawalGround(ground).label
    assert len(WithdrawalGround.values) == 6


def test_withdrawal_records_the_decision_and_hides_the_star(four_star, erin, alice, carol, bob):
    withdrawal = _withdraw(four_star, erin)
    four_star.refresh_from_db()
    assert four_star.withdrawn_on == days_ago(6)
    assert four_star.status == CertificateStatus.WITHDRAWN
    assert four_star.shows_star is False
    assert (withdrawal.decision_number, withdrawal.signer, withdrawal.recorded_by) == (
        "301/QĐ-UBND",
        "Lê Thị Phó Chủ Tịch",
        erin,
    )
    assert withdrawal.deadline == days_ago(5)
    entry = history(four_star)[0]
    assert entry.changes["withdrawn_on"] == [None, days_ago(6).isoformat()]
    assert "b)" in entry.note
    assert Notification.objects.get(recipient=alice).message == (
        f"Giấy chứng nhận OCOP số {four_star.number} của sản phẩm Mứt gừng Phú Nghĩa bị thu hồi theo quyết định "
        f"301/QĐ-UBND ngày {days_ago(6):%d/%m/%Y}. Căn cứ thu hồi: b) Sản phẩm không còn đáp ứng tiêu chí theo "
        "kết luận kiểm tra."
    )
    assert Notification.objects.filter(recipient=carol).count() == 1
    assert not Notification.objects.filter(recipient=bob).exists()


@pytest.mark.parametrize("days_after", [0, 14, 15])
def test_a_decision_within_15_days_of_the_conclusion_is_on_time(four_star, erin, days_after):
    concluded = days_ago(30)
    withdrawal = _withdraw(
        four_star, erin, concluded_on=concluded, decision_date=concluded + datetime.timedelta(days=days_after)
    )
    assert (withdrawal.late, withdrawal.late_reason) == (False, "")


def test_a_late_decision_without_a_reason_is_refused_and_asks_for_one(four_star, erin):
    concluded = days_ago(30)
    with pytest.raises(ValidationError) as error:
        _withdraw(four_star, erin, concluded_on=concluded, decision_date=concluded + datetime.timedelta(days=16))
    message = error.value.message_dict["late_reason"][0]
    assert "15 ngày" in message
    assert f"{concluded + datetime.timedelta(days=15):%d/%m/%Y}" in message
    assert "lý do" in message
    assert not Withdrawal.objects.exists()
    four_star.refresh_from_db()
    assert four_star.withdrawn_on is None


def test_a_late_decision_is_recorded_marked_late_with_its_reason(four_star, erin):
    # The 15-day limit binds the officials; a decision taken after it is still the authority's decision.
    concluded = days_ago(40)
    decided = concluded + datetime.timedelta(days=31)
    withdrawal = _withdraw(
        four_star,
        erin,
        concluded_on=concluded,
        decision_date=decided,
        late_reason="  Chờ ý kiến của Sở Y tế về kết luận kiểm nghiệm.  ",
    )
    four_star.refresh_from_db()
    assert (withdrawal.late, withdrawal.late_reason) == (True, "Chờ ý kiến của Sở Y tế về kết luận kiểm nghiệm.")
    assert (four_star.withdrawn_on, four_star.status) == (decided, CertificateStatus.WITHDRAWN)
    entry = history(four_star)[0]
    assert entry.changes["late"] == [None, True]
    assert "Chờ ý kiến của Sở Y tế" in entry.note


def test_a_reason_given_for_a_timely_decision_is_not_kept(four_star, erin):
    withdrawal = _withdraw(four_star, erin, late_reason="Không cần")
    assert (withdrawal.late, withdrawal.late_reason) == (False, "")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ground": "g"}, "ground"),
        ({"conclusion": " "}, "conclusion"),
        ({"decision_number": ""}, "decision_number"),
        ({"signer": ""}, "signer"),
        ({"decision_date": days_ago(-1), "concluded_on": days_ago(1)}, "decision_date"),
        ({"decision_date": days_ago(25)}, "decision_date"),  # before the conclusion
        ({"concluded_on": days_ago(500), "decision_date": days_ago(490)}, "concluded_on"),  # before issue
    ],
)
def test_withdrawal_requires_a_complete_decision(four_star, erin, overrides, field):
    with pytest.raises(ValidationError) as error:
        _withdraw(four_star, erin, **overrides)
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("erin", True), ("frank", False), ("minh", False), ("root", False), ("carol", False), ("inspector", False)],
)
def test_a_province_officer_of_its_province_withdraws_3_or_4_stars(request, four_star, persona, allowed):
    user = request.getfixturevalue(persona)
    if allowed:
        _withdraw(four_star, user)
    else:
        with pytest.raises(PermissionDenied):
            _withdraw(four_star, user)


@pytest.mark.parametrize(("persona", "allowed"), [("minh", True), ("erin", False), ("root", False)])
def test_a_ministry_officer_withdraws_5_stars(request, five_star, persona, allowed):
    user = request.getfixturevalue(persona)
    if allowed:
        _withdraw(five_star, user, decision_number="12/QĐ-BNNMT")
    else:
        with pytest.raises(PermissionDenied):
            _withdraw(five_star, user)


def test_a_certificate_is_withdrawn_once_and_only_while_current(product_a, four_star, erin):
    _withdraw(four_star, erin)
    with pytest.raises(ValidationError, match="đã bị thu hồi"):
        _withdraw(four_star, erin)
    newer = make_certificate(product_a, issued_on=days_ago(100), number="NEWER")
    older = make_certificate(product_a, issued_on=days_ago(300), number="OLDER", superseded_by=newer)
    with pytest.raises(ValidationError, match="thay thế"):
        _withdraw(older, erin)
