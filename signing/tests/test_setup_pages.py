"""The signing keys' pages: a province's officer configures their own province, the national roles the central
level; every change is validated and audited; a trial signature proves a setup (or says why it fails)."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from signing.kinds import DocumentKind
from signing.models import SigningSetup
from signing.testca import TOKEN_PIN

EDIT = "signing:edit"


def edit_url(where: str, kind=DocumentKind.REPORT) -> str:
    return reverse(EDIT, args=[where, kind.value])


def pkcs12_form(**overrides):
    return {
        "method": "pkcs12",
        "key_file": "test-ca/agency-01.p12",
        "password_file": "test-ca/agency-01.password",
        "password_env": "",
        **overrides,
    }


@pytest.mark.parametrize(
    ("persona", "where", "status"),
    [
        ("erin", "01", 200),
        ("erin", "37", 404),
        ("erin", "trung-uong", 404),
        ("frank", "01", 404),
        ("minh", "trung-uong", 200),
        ("minh", "01", 404),
        ("root", "01", 200),
        ("root", "trung-uong", 200),
    ],
)
def test_who_configures_which_level(client, request, signing_keys, persona, where, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(edit_url(where)).status_code == status


def test_the_list_shows_the_officers_province_and_refuses_others(client, signing_keys, erin, alice):
    client.force_login(erin)
    html = client.get(reverse("signing:setups")).content.decode()
    assert "Thành phố Hà Nội" in html and "Cấp trung ương" not in html
    assert html.count("thử nghiệm</span>") == 4
    client.force_login(alice)
    assert client.get(reverse("signing:setups")).status_code == 403


def test_an_officer_sets_the_agency_key_and_it_is_audited(client, signing_keys, erin, hanoi):
    client.force_login(erin)
    response = client.post(edit_url("01"), pkcs12_form(password_file="", password_env="SIGNING_HANOI_PASSWORD"))

    assert response.status_code == 302
    setup = SigningSetup.objects.get(province=hanoi, kind=DocumentKind.REPORT)
    assert (setup.password_env, setup.password_file, setup.is_test, setup.updated_by) == (
        "SIGNING_HANOI_PASSWORD",
        "",
        False,
        erin,
    )
    entry = AuditEntry.objects.filter(object_id=str(setup.pk), actor=erin).get()
    assert entry.changes["password_env"] == ["", "SIGNING_HANOI_PASSWORD"]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (pkcs12_form(key_file="../../etc/passwd"), "Đường dẫn phải nằm trong thư mục khóa ký số của máy chủ."),
        (pkcs12_form(key_file="test-ca/none.p12"), "Không có tệp test-ca/none.p12"),
        (pkcs12_form(password_env="SIGNING_X"), "Chỉ ra mật khẩu bằng đúng một cách"),
        (pkcs12_form(password_file="", password_env="SECRET_KEY"), "Tên biến môi trường phải bắt đầu bằng SIGNING_."),
        ({"method": "pkcs11", "module_path": "/srv/evil.so", "token_label": "t", "key_label": "k"}, "errorlist"),
        ({"method": "pkcs11", "module_path": "/usr/lib/softhsm/libsofthsm2.so"}, "bắt buộc với thẻ ký số"),
    ],
)
def test_a_setup_that_cannot_sign_is_refused_and_nothing_changes(client, signing_keys, erin, hanoi, form, message):
    before = SigningSetup.objects.get(province=hanoi, kind=DocumentKind.REPORT).key_file
    client.force_login(erin)

    response = client.post(edit_url("01"), form)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert SigningSetup.objects.get(province=hanoi, kind=DocumentKind.REPORT).key_file == before
    assert not AuditEntry.objects.filter(actor=erin).exists()


def test_a_trial_signature_on_the_token_says_a_wrong_pin_and_then_succeeds(client, signing_keys, erin):
    client.force_login(erin)
    url = reverse("signing:try", args=["01", DocumentKind.RECOGNITION.value])

    page = client.post(url, {"pin": "111111"}, follow=True).content.decode()
    assert "Ký thử không được: Mã PIN của thẻ ký số không đúng." in page

    page = client.post(url, {"pin": TOKEN_PIN}, follow=True).content.decode()
    assert "Ký thử thành công: Chủ tịch UBND Thành phố Hà Nội" in page


def test_the_domain_refuses_a_pkcs11_module_the_server_does_not_allow(signing_keys, erin, hanoi):
    from django.core.exceptions import ValidationError

    from signing.domain import save_setup

    with pytest.raises(ValidationError) as refused:
        save_setup(
            by=erin,
            province=hanoi,
            kind=DocumentKind.RECOGNITION,
            method="pkcs11",
            module_path="/srv/evil.so",
            token_label="t",
            key_label="k",
        )
    assert refused.value.message_dict == {"module_path": ["Chọn một thư viện PKCS#11 mà máy chủ cho phép."]}


def test_the_domain_refuses_another_provinces_officer(signing_keys, frank, hanoi):
    from django.core.exceptions import PermissionDenied

    from signing.domain import save_setup

    with pytest.raises(PermissionDenied):
        save_setup(by=frank, province=hanoi, kind=DocumentKind.REPORT, **pkcs12_form())
