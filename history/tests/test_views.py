"""The certificate import pages: the form, the template download, who may open them."""

import io

import pytest
from django.urls import reverse

from certificates.models import Certificate
from core.tests.factories import empty_rows_workbook

from .test_import import book


def test_import_through_the_form(client, erin, product_a, commune_x):
    client.force_login(erin)
    url = reverse("history:import")
    assert client.get(url).status_code == 200
    template = client.get(reverse("history:import_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    good = {
        "official_code": product_a.official_code,
        "decision_number": "9/QĐ-UBND",
        "decision_date": "01/09/2025",
        "stars": 4,
        "legal_version": "QD148_1489_2025",
        "area_code": commune_x.code,
    }
    bad = {**good, "decision_number": "10/QĐ-UBND", "stars": 7}
    upload = io.BytesIO(book([good, bad]).getvalue())
    upload.name = "lich-su.xlsx"
    response = client.post(url, {"workbook": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hạng sao phải là 3, 4 hoặc 5" in html
    assert not Certificate.objects.exists()
    upload = io.BytesIO(book([good]).getvalue())
    upload.name = "lich-su.xlsx"
    response = client.post(url, {"workbook": upload})
    assert response.status_code == 302
    assert Certificate.objects.get().decision_number == "9/QĐ-UBND"


def test_import_form_refuses_other_files(client, erin):
    client.force_login(erin)
    upload = io.BytesIO(b"a,b\n")
    upload.name = "lich-su.csv"
    response = client.post(reverse("history:import"), {"workbook": upload})
    assert "Hãy chọn tệp .xlsx" in response.content.decode()


def test_import_form_refuses_a_workbook_of_millions_of_empty_rows(client, erin):
    client.force_login(erin)
    upload = io.BytesIO(empty_rows_workbook(3_000_000))
    upload.name = "lich-su.xlsx"
    response = client.post(reverse("history:import"), {"workbook": upload})
    assert response.status_code == 200
    assert "Tệp có hơn 5000 dòng (kể cả dòng trống)" in response.content.decode()
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("erin", 200), ("root", 200), ("carol", 403), ("alice", 403)])
def test_import_pages_are_for_province_officers_and_administrators(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("history:import")).status_code == status
    assert client.get(reverse("history:import_template")).status_code == status
