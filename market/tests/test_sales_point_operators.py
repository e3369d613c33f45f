"""A sales point's operator accounts: given by the officers of its area, kept by the operator (its opening hours,
contacts, open or closed, and the products it carries), told about its shelf at night."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditEntry
from conftest import make_producer, make_user
from market import rules
from market.domain.sales_points import (
    SALES_POINT_FIELDS,
    notify_sales_points,
    remove_access,
    save_sales_point,
    set_products,
)
from market.models import SalesPoint
from notifications.models import Notification
from products.domain import create_product
from public.tests.factories import make_certificate

PASSWORD = "Diem-ban-OCOP-2026"


def make_point(*, by, area, name: str = "Điểm OCOP Hoàn Kiếm") -> SalesPoint:
    return save_sales_point(
        sales_point=SalesPoint(
            name=name,
            operator="Công ty CP Thương mại Hà Nội",
            address="Số 2 Lê Thái Tổ",
            area=area,
            decision_number="125/QĐ-SCT",
            decision_date=datetime.date(2025, 5, 15),
        ),
        by=by,
    )


@pytest.fixture
def point(erin, commune_x):
    return make_point(by=erin, area=commune_x)


@pytest.fixture
def operator(point):
    user = make_user("diem-hoan-kiem", Role.SALES_POINT)
    user.sales_point = point
    user.save()
    return user


@pytest.fixture
def product_due(producer_a, criteria_set, root):
    """A product of producer A whose certificate is due for renewal (100 days left)."""
    product = create_product(by=root, producer=producer_a, criteria_set=criteria_set, name="Trà gừng Phú Nghĩa")
    make_certificate(product, expires_on=timezone.localdate() + datetime.timedelta(days=100))
    return product


def _entries(record, actor) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(record.pk), actor=actor, content_type__model=record._meta.model_name)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_an_officer_gives_access_and_the_operator_keeps_its_shelf(
    client, erin, point, product_a, product_b, product_due, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    make_certificate(product_a)
    make_certificate(product_b, expires_on=today - datetime.timedelta(days=1))
    client.force_login(erin)
    with django_capture_on_commit_callbacks(execute=True):
        granted = client.post(reverse("market:sales_point_grant", args=[point.code]), {"email": "Quan.Ly@Diem.vn"})
    assert granted.status_code == 302
    account = User.objects.get(sales_point=point)
    assert (account.role, account.username) == (Role.SALES_POINT, "quan.ly@diem.vn")
    assert not account.has_usable_password()
    assert _entries(account, erin) == ["create"] and _entries(point, erin) == ["create", "update"]
    (mail,) = mailoutbox
    assert mail.to == ["Quan.Ly@diem.vn"]
    link = urlsplit(re.search(r"https?://\S+/tai-khoan/dat-mat-khau/\S+", mail.body).group(0)).path
    client.logout()

    # The operator sets a password from the link (which then no longer works) and signs in.
    form_url = client.get(link).url
    done = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    assert "không còn dùng được" in client.get(link, follow=True).content.decode()
    signed_in = client.post(reverse("accounts:login"), {"username": "quan.ly@diem.vn", "password": PASSWORD})
    assert signed_in.status_code == 302

    # Its home is its sales point; it adds a certified product and one due for renewal, not an expired one.
    assert point.name in client.get("/").content.decode()
    add = reverse("market:shelf_add", args=[point.code])
    assert client.post(add, {"product": product_a.pk}).status_code == 302
    refused = client.post(add, {"product": product_b.pk})
    assert refused.status_code == 400
    assert client.post(add, {"product": product_due.pk}).status_code == 302
    assert set(point.products.all()) == {product_a, product_due}
    home = client.get("/").content.decode()
    due_row = home[home.index(f'id="shelf-{product_due.code}"') :]
    assert "Sắp hết hạn" in due_row[: due_row.index("</tr>")]
    assert _entries(point, account) == ["update", "update"]

    # It changes its opening hours; its name stays the officers'.
    edit = reverse("market:sales_point_edit", args=[point.code])
    assert 'name="name"' not in client.get(edit).content.decode()
    changed = client.post(edit, {"opening_hours": "7:00–22:00", "phone": "0243 8250 111", "name": "Khác"})
    assert changed.status_code == 302
    point.refresh_from_db()
    assert (point.opening_hours, point.is_open, point.name) == ("7:00–22:00", False, "Điểm OCOP Hoàn Kiếm")

    # The officer takes the access back: the account can no longer sign in.
    client.force_login(erin)
    revoke = reverse("market:sales_point_revoke", args=[point.code, account.username])
    assert client.post(revoke).status_code == 302
    account.refresh_from_db()
    assert (account.is_active, account.sales_point) == (False, None)
    assert _entries(account, erin) == ["create", "update"]
    client.logout()
    refused = client.post(reverse("accounts:login"), {"username": "quan.ly@diem.vn", "password": PASSWORD})
    assert refused.status_code == 200


def test_another_sales_points_operator_gets_a_404(client, point, operator, erin, commune_y, product_a):
    make_certificate(product_a)
    other = make_point(by=erin, area=commune_y, name="Điểm OCOP Chương Mỹ")
    stranger = make_user("diem-chuong-my", Role.SALES_POINT)
    stranger.sales_point = other
    stranger.save()
    client.force_login(stranger)
    for url in (
        reverse("market:sales_point", args=[point.code]),
        reverse("market:sales_point_edit", args=[point.code]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("market:shelf_add", args=[point.code]), {"product": product_a.pk}).status_code == 404
    assert client.post(reverse("market:sales_point_grant", args=[point.code]), {"email": "x@y.vn"}).status_code == 404
    assert other.name in client.get("/").content.decode()
    # Its own operator may not give access: that stays with the officers.
    client.force_login(operator)
    assert client.post(reverse("market:sales_point_grant", args=[point.code]), {"email": "x@y.vn"}).status_code == 403
    assert list(User.objects.filter(email="x@y.vn")) == []


def test_an_address_that_has_an_account_is_refused(client, erin, point, carol):
    carol.email = "carol@xa-x.gov.vn"
    carol.save()
    client.force_login(erin)
    refused = client.post(reverse("market:sales_point_grant", args=[point.code]), {"email": "CAROL@xa-x.gov.vn"})
    assert refused.status_code == 400
    assert "đã có tài khoản" in refused.content.decode()
    assert list(point.users.all()) == []


def test_the_operator_changes_only_its_own_fields(point, operator, erin):
    assert rules.sales_point_fields_for(operator, point, SALES_POINT_FIELDS) == list(rules.OPERATOR_FIELDS)
    assert rules.sales_point_fields_for(erin, point, SALES_POINT_FIELDS) == SALES_POINT_FIELDS
    point.opening_hours = "8:00–20:00"
    save_sales_point(sales_point=point, by=operator)
    point.name = "Tên khác"
    with pytest.raises(PermissionDenied):
        save_sales_point(sales_point=point, by=operator)
    with pytest.raises(PermissionDenied):
        remove_access(sales_point=point, account=operator, by=operator)


def test_only_a_product_showing_a_star_goes_on_a_shelf_and_an_expired_one_may_leave(point, operator, product_a):
    today = timezone.localdate()
    certificate = make_certificate(product_a)
    set_products(sales_point=point, products=[product_a], by=operator)
    certificate.expires_on = today - datetime.timedelta(days=1)
    certificate.save()
    # Kept while it expires (the nightly notice tells the shelf), but not put back once taken off.
    set_products(sales_point=point, products=[product_a], by=operator)
    set_products(sales_point=point, products=[], by=operator)
    with pytest.raises(ValidationError) as caught:
        set_products(sales_point=point, products=[product_a], by=operator)
    assert caught.value.error_dict["products"][0].code == "sales_point_uncertified"
    assert list(point.products.all()) == []


def test_the_nightly_notice_tells_the_operator_in_the_platform(point, operator, product_a, erin):
    today = timezone.localdate()
    certificate = make_certificate(product_a)
    set_products(sales_point=point, products=[product_a], by=erin)
    certificate.withdrawn_on = today
    certificate.save()
    assert notify_sales_points(today=today) == 1
    (notice,) = Notification.objects.filter(recipient=operator)
    assert notice.url == reverse("market:sales_point", args=[point.code])
    assert "thu hồi" in notice.message


def test_an_operator_account_without_a_sales_point_gets_the_ordinary_home(client, db):
    client.force_login(make_user("chua-gan", Role.SALES_POINT))
    response = client.get("/")
    assert response.status_code == 200
    assert "Sản phẩm OCOP bày bán" not in response.content.decode()


def test_the_shelf_offers_the_provinces_products_and_finds_others_by_search(
    client, point, operator, product_a, commune_nb, criteria_set, root
):
    make_certificate(product_a)
    far = make_producer(name="HTX Tràng An", area=commune_nb, tax_code="0100109106")
    elsewhere = create_product(by=root, producer=far, criteria_set=criteria_set, name="Cơm cháy Ninh Bình")
    make_certificate(elsewhere)
    client.force_login(operator)
    url = reverse("market:sales_point", args=[point.code])

    offered = client.get(url).context["add_form"].fields["product"].queryset
    assert list(offered) == [product_a]
    found = client.get(url, {"tim": "cơm cháy"}).context["add_form"].fields["product"].queryset
    assert list(found) == [elsewhere]
    assert list(client.get(url, {"tim": elsewhere.code}).context["add_form"].fields["product"].queryset) == [elsewhere]

    added = client.post(reverse("market:shelf_add", args=[point.code]), {"product": elsewhere.pk})
    assert added.status_code == 302
    assert list(point.products.all()) == [elsewhere]
