import pytest
from django.urls import reverse

from accounts.models import Role, User
from audit.models import AuditEntry
from notifications.models import Notification
from producers.models import Producer


def _data(commune, **overrides):
    data = {
        "username": "htx.moi",
        "email": "htx@example.vn",
        "password1": "Mat-khau-2026",
        "password2": "Mat-khau-2026",
        "name": "HTX Nông nghiệp Mới",
        "kind": "cooperative",
        "tax_code": "0101243150",
        "representative_name": "Phạm Thị Lan",
        "representative_gender": "female",
        "representative_ethnicity": "Kinh",
        "street_address": "Thôn Trung",
        "area": commune.pk,
        "area_province": commune.parent_id,
        "phone": "0912345678",
    }
    data.update(overrides)
    return data


def test_producer_registers_an_account_and_a_pending_profile(client, commune_x):
    response = client.post(reverse("accounts:register"), _data(commune_x))
    user = User.objects.get(username="htx.moi")
    assert response.status_code == 302
    assert user.role == Role.PRODUCER
    assert user.producer.status == Producer.Status.PENDING
    assert user.producer.current_commune == commune_x
    assert AuditEntry.objects.filter(actor=user, action="create").count() == 2
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_tells_the_officers_of_the_producers_commune(client, commune_x, carol, dave, erin):
    client.post(reverse("accounts:register"), _data(commune_x))
    producer = Producer.objects.get(tax_code="0101243150")
    assert list(Notification.objects.values_list("recipient__username", "message", "url")) == [
        (
            "carol",
            "Chủ thể HTX Nông nghiệp Mới đăng ký tài khoản trên địa bàn Xã Phú Nghĩa: chờ xã xác minh.",
            producer.get_absolute_url(),
        )
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tax_code", "0101243151", "sai chữ số kiểm tra"),
        ("password1", "12345678", "Mật khẩu"),
        ("password2", "Khac-mat-khau-1", "Hai mật khẩu không khớp"),
        ("area", "0", "Hãy chọn xã/phường"),
    ],
)
def test_bad_registration_changes_nothing(client, commune_x, field, value, message):
    data = _data(commune_x, **{field: value})
    if field == "password1":
        data["password2"] = value
    response = client.post(reverse("accounts:register"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="htx.moi").exists()
    assert not Producer.objects.filter(tax_code="0101243150").exists()


def test_registration_with_a_taken_tax_code_changes_nothing(client, commune_x, producer_a):
    response = client.post(reverse("accounts:register"), _data(commune_x, tax_code=producer_a.tax_code))
    assert "Đã có chủ thể đăng ký với mã số thuế này" in response.content.decode()
    assert not User.objects.filter(username="htx.moi").exists()


def test_weak_password_is_refused_by_the_policy(client, commune_x):
    response = client.post(
        reverse("accounts:register"), _data(commune_x, password1="abcdefghijk", password2="abcdefghijk")
    )
    assert "có cả chữ và số" in response.content.decode()
    assert not User.objects.filter(username="htx.moi").exists()
