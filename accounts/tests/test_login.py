from django.conf import settings
from django.urls import reverse

from conftest import PASSWORD


def test_login_with_right_password_opens_the_dashboard(client, carol):
    response = client.post(reverse("accounts:login"), {"username": "carol", "password": PASSWORD}, follow=True)
    assert response.context["user"] == carol
    assert "Xin chào" in response.content.decode()


def test_wrong_password_gets_a_vietnamese_message(client, carol):
    response = client.post(reverse("accounts:login"), {"username": "carol", "password": "sai-mat-khau-1"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_account_is_locked_after_repeated_failures(client, carol):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "carol", "password": "sai-mat-khau-1"})
    response = client.post(reverse("accounts:login"), {"username": "carol", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm bị khoá" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sessions_expire(client, carol):
    client.force_login(carol)
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert 0 < client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE


def test_logout_is_a_post(client, carol):
    client.force_login(carol)
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session
