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


def test_overlong_username_gets_a_form_error_and_records_nothing(client, carol):
    from axes.models import AccessAttempt, AccessFailureLog

    response = client.post(reverse("accounts:login"), {"username": "a" * 300, "password": "sai-mat-khau-1"})
    assert response.status_code == 200
    assert "Tên đăng nhập dài tối đa 150 ký tự." in response.content.decode()
    assert (AccessAttempt.objects.count(), AccessFailureLog.objects.count()) == (0, 0)


def test_nul_in_username_gets_a_form_error(client, carol):
    response = client.post(reverse("accounts:login"), {"username": "car\x00ol", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_overlong_username_on_the_admin_sign_in_records_nothing(client, root):
    from axes.models import AccessAttempt

    response = client.post("/quan-tri/login/", {"username": "a" * 300, "password": "sai-mat-khau-1"})
    assert response.status_code == 200
    assert "Tên đăng nhập dài tối đa 150 ký tự." in response.content.decode()
    assert AccessAttempt.objects.count() == 0
