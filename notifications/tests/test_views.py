import pytest
from django.urls import reverse

from notifications.domain import notify
from notifications.models import Notification


def test_list_shows_only_my_notifications(client, alice, bob):
    notify(users=[alice], message="Hồ sơ của alice", url="/ho-so/")
    notify(users=[bob], message="Hồ sơ của bob")
    client.force_login(alice)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Hồ sơ của alice" in html
    assert "Hồ sơ của bob" not in html


def test_email_links_to_the_page_on_the_sites_address(alice, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://ocop.example.vn/"
    alice.email = "alice@example.vn"
    alice.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[alice], message="Xã trả lại hồ sơ", url="/ho-so/ABC/")
    assert mailoutbox[0].body == "Xã trả lại hồ sơ\n\nhttps://ocop.example.vn/ho-so/ABC/"


def test_mark_read_and_open_goes_to_the_notifications_url(client, alice):
    notify(users=[alice], message="Xã trả lại hồ sơ", url="/ho-so/ABC/")
    notification = Notification.objects.get()
    client.force_login(alice)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response.url == "/ho-so/ABC/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_never_redirects_off_site(client, alice):
    notify(users=[alice], message="x", url="https://evil.example/")
    notification = Notification.objects.get()
    client.force_login(alice)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"open": "1"})
    assert response.url == reverse("notifications:list")


def test_mark_read_with_htmx_returns_the_item(client, alice):
    notify(users=[alice], message="Thông báo mới")
    Notification.objects.update(id=12057)  # past a thousand, where a localised number would read "12.057"
    notification = Notification.objects.get()
    client.force_login(alice)
    response = client.post(reverse("notifications:read", args=[notification.pk]), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="notification-{notification.pk}">')
    assert "Mới" not in html


def test_someone_elses_notification_is_404(client, alice, bob):
    notify(users=[bob], message="của bob")
    client.force_login(alice)
    assert client.post(reverse("notifications:read", args=[Notification.objects.get().pk])).status_code == 404
    assert Notification.objects.get().read_at is None


def test_mark_all_read(client, alice, bob):
    notify(users=[alice, bob], message="Một")
    notify(users=[alice], message="Hai")
    client.force_login(alice)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=bob, read_at__isnull=True).exists()


def test_badge_counts_unread(client, alice, bob):
    notify(users=[alice], message="Một")
    notify(users=[alice], message="Hai")
    notify(users=[bob], message="Ba")
    client.force_login(alice)
    html = client.get(reverse("notifications:badge"), headers={"HX-Request": "true"}).content.decode()
    assert '<span class="badge pending"' in html
    assert ">2</span>" in html
    Notification.objects.filter(recipient=alice).update(read_at="2026-01-01T00:00:00Z")
    assert '<span class="badge' not in client.get(reverse("notifications:badge")).content.decode()


def test_badge_is_empty_for_anonymous_visitors(client):
    response = client.get(reverse("notifications:badge"))
    assert response.status_code == 200
    assert response.content == b""


def test_list_needs_login(client):
    assert client.get(reverse("notifications:list")).status_code == 302


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count(client, alice, django_assert_num_queries, count):
    for i in range(count):
        notify(users=[alice], message=f"Thông báo {i}")
    client.force_login(alice)
    with django_assert_num_queries(8):
        response = client.get(reverse("notifications:list"))
    assert response.content.decode().count("Thông báo ") >= count
