import pytest
from django.urls import reverse

from accounts.models import Role, User
from audit.models import AuditEntry


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("alice", 404),
        ("carol", 404),
        ("council", 404),
        ("minh", 404),
        ("erin", 200),
        ("root", 200),
    ],
)
def test_only_administrators_and_province_officers_manage_users(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("accounts:user_list")).status_code == status


def test_province_officer_sees_only_accounts_of_their_province(client, erin, carol, frank, alice):
    client.force_login(erin)
    html = client.get(reverse("accounts:user_list")).content.decode()
    assert "carol" in html
    assert "alice" in html
    assert "frank" not in html
    assert client.get(reverse("accounts:user_edit", args=["frank"])).status_code == 404


def test_administrator_opens_a_commune_officer_account_and_it_is_audited(client, root, commune_x):
    client.force_login(root)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "xa.moi",
            "first_name": "Lan",
            "last_name": "Ngô",
            "email": "lan@example.vn",
            "role": Role.COMMUNE_OFFICER,
            "area": commune_x.pk,
            "is_active": "on",
            "password": "Can-bo-xa-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="xa.moi")
    assert user.area == commune_x
    assert AuditEntry.objects.get(object_id=str(user.pk), action="create").changes["role"] == [None, "commune_officer"]


def test_commune_officer_needs_a_commune(client, root, hanoi):
    client.force_login(root)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "xa.sai",
            "role": Role.COMMUNE_OFFICER,
            "area": hanoi.pk,
            "is_active": "on",
            "password": "Can-bo-xa-2026",
        },
    )
    assert "phải gắn với một xã" in response.content.decode()
    assert not User.objects.filter(username="xa.sai").exists()


def test_province_officer_cannot_create_a_ministry_account(client, erin):
    client.force_login(erin)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "bo.gia",
            "role": Role.MINISTRY_OFFICER,
            "is_active": "on",
            "password": "Can-bo-bo-2026",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="bo.gia").exists()


def test_province_officer_cannot_place_an_officer_in_another_province(client, erin, commune_nb):
    client.force_login(erin)
    client.post(
        reverse("accounts:user_create"),
        {
            "username": "xa.nb",
            "role": Role.COMMUNE_OFFICER,
            "area": commune_nb.pk,
            "is_active": "on",
            "password": "Can-bo-xa-2026",
        },
    )
    assert not User.objects.filter(username="xa.nb").exists()


def test_role_change_is_audited_with_before_and_after(client, root, carol, hanoi):
    client.force_login(root)
    client.post(
        reverse("accounts:user_edit", args=["carol"]),
        {
            "username": "carol",
            "role": Role.PROVINCE_OFFICER,
            "area": hanoi.pk,
            "is_active": "on",
        },
    )
    entry = AuditEntry.objects.get(object_id=str(carol.pk), action="update")
    assert entry.changes["role"] == ["commune_officer", "province_officer"]
    assert entry.ip_address == "127.0.0.1"


def test_administrator_opens_a_central_council_account_without_an_area(client, root):
    client.force_login(root)
    client.post(
        reverse("accounts:user_create"),
        {
            "username": "hoidong.tw",
            "role": Role.COUNCIL_MEMBER,
            "is_active": "on",
            "password": "Hoi-dong-tw-2026",
        },
    )
    assert User.objects.get(username="hoidong.tw").area is None


def test_province_officer_account_still_needs_a_province(client, root):
    client.force_login(root)
    client.post(
        reverse("accounts:user_create"),
        {
            "username": "tinh.moi",
            "role": Role.PROVINCE_OFFICER,
            "is_active": "on",
            "password": "Can-bo-tinh-2026",
        },
    )
    assert not User.objects.filter(username="tinh.moi").exists()
