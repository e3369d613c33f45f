import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_producer
from market.models import SalesPoint
from opendata import export
from opendata.datasets import DATASETS
from opendata.validation import validate
from producers.models import Producer, ProducerKind
from products.domain import create_product
from programme.models import Event, EventKind
from public.tests.factories import make_certificate
from reports.rollups import refresh_products


@pytest.fixture
def world(producer_a, product_a, product_b, criteria_set, commune_x, hanoi, root):
    """Hà Nội: product A shows 4★; producer A's second product expired, its third was withdrawn, its fourth is
    pending (no certificate); producer B (a household) shows 3★; an unverified producer has a certified product."""
    today = timezone.localdate()
    starred = make_certificate(product_a, stars=4)

    def product(name, producer=producer_a):
        return create_product(by=root, producer=producer, criteria_set=criteria_set, name=name, specification="Hộp")

    expired = product("Trà hoa vàng")
    expired_certificate = make_certificate(expired, expires_on=today - datetime.timedelta(days=3))
    withdrawn = product("Miến dong")
    withdrawn_certificate = make_certificate(withdrawn, withdrawn_on=today - datetime.timedelta(days=1))
    pending = product("Bánh chưng")
    household = product_b.producer
    household.kind, household.email = ProducerKind.HOUSEHOLD, "ho.nguyen@example.vn"
    household.save(update_fields=["kind", "email"])
    household_certificate = make_certificate(product_b, stars=3)
    unverified = make_producer(name="HTX chưa xác minh", area=commune_x, tax_code="0101243150")
    hidden = product("Rượu men lá", producer=unverified)
    Producer.objects.filter(pk=unverified.pk).update(status=Producer.Status.PENDING)  # its verification reopened
    hidden_certificate = make_certificate(hidden, stars=5)
    producer_a.email = "htx@example.vn"
    producer_a.save(update_fields=["email"])
    SalesPoint.objects.create(
        name="Điểm OCOP Phú Nghĩa",
        operator="HTX",
        address="Số 1",
        area=commune_x,
        commune=commune_x,
        province=hanoi,
        decision_number="1/QĐ",
        decision_date=today,
        phone="0241234567",
        email="diem@example.vn",
    )
    SalesPoint.objects.create(
        name="Điểm đã đóng",
        operator="HTX",
        address="Số 2",
        area=commune_x,
        commune=commune_x,
        province=hanoi,
        decision_number="2/QĐ",
        decision_date=today,
        is_open=False,
    )
    fair = Event.objects.create(
        kind=EventKind.FAIR,
        topic="Hội chợ OCOP Hà Nội",
        starts_on=today,
        ends_on=today,
        area=hanoi,
        commune=None,
        province=hanoi,
        organiser="Sở NN&MT",
    )
    Event.objects.create(
        kind=EventKind.TRAINING,
        topic="Tập huấn nội bộ",
        starts_on=today,
        ends_on=today,
        area=hanoi,
        commune=None,
        province=hanoi,
        organiser="Sở NN&MT",
    )
    refresh_products()
    return {
        "starred": starred,
        "expired": expired_certificate,
        "withdrawn": withdrawn_certificate,
        "pending": pending,
        "household": household_certificate,
        "hidden": hidden_certificate,
        "fair": fair,
    }


def _json(run, name):
    return json.loads((run / f"{name}.json").read_text(encoding="utf-8"))


def test_export_files_validate_and_hold_exactly_the_public_records(world, tmp_path, product_a, product_b):
    run = export.export(directory=tmp_path)
    assert validate(run) == []
    assert [r["code"] for r in _json(run, "products")] == [product_b.code, product_a.code]  # by name
    assert {r["code"]: r["stars"] for r in _json(run, "products")} == {product_a.code: 4, product_b.code: 3}
    producers = {r["code"]: r for r in _json(run, "producers")}
    assert set(producers) == {product_a.producer.code, product_b.producer.code}
    assert (producers[product_a.producer.code]["phone"], producers[product_a.producer.code]["email"]) == (
        "0912345678",
        "htx@example.vn",
    )
    assert (producers[product_b.producer.code]["phone"], producers[product_b.producer.code]["email"]) == ("", "")
    certificates = {r["number"]: r["status"] for r in _json(run, "certificates")}
    assert certificates == {
        world["starred"].number: "active",
        world["expired"].number: "expired",
        world["withdrawn"].number: "withdrawn",
        world["household"].number: "active",
    }
    assert [r["name"] for r in _json(run, "sales_points")] == ["Điểm OCOP Phú Nghĩa"]
    assert "email" not in _json(run, "sales_points")[0]
    assert [r["code"] for r in _json(run, "events")] == [world["fair"].code]
    statistics = {r["area_code"]: r for r in _json(run, "statistics")}
    assert set(statistics) == {"01", "VN"}
    hanoi = {k: v for k, v in statistics["01"].items() if k not in ("area_code", "area")}
    assert hanoi == {"certificates": 3, "products": 3, "producers": 3, "stars_3": 1, "stars_4": 1, "stars_5": 1}
    assert {k: statistics["VN"][k] for k in hanoi} == hanoi
    text = "".join(p.read_text(encoding="utf-8") for p in run.iterdir())
    assert "ho.nguyen@example.vn" not in text
    assert "Nguyễn Thị Hoa" not in text  # no representative's name
    package = json.loads((run / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert [f["name"] for f in package["resources"][0]["schema"]["fields"]] == DATASETS["products"].field_names
    assert all(f["title"] and f["title_en"] for r in package["resources"] for f in r["schema"]["fields"])


def test_validation_finds_a_file_that_breaks_its_dictionary(world, tmp_path):
    run = export.export(directory=tmp_path)
    path = run / "products.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",4,", ",bốn,"), encoding="utf-8")
    assert validate(run) == [
        "products.csv line 3: invalid literal for int() with base 10: 'bốn'",
        "products.json: not the rows of products.csv",
    ]


def _all_pages(client, name, query=""):
    rows, url = [], reverse("api:v1:open-data-list", args=[name]) + query
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        rows += response.json()["results"]
        url = response.json()["next"]
    return rows


def test_public_api_lists_equal_the_files(world, tmp_path, client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 2}
    run = export.export(directory=tmp_path)
    for name in DATASETS:
        assert _all_pages(client, name) == _json(run, name), name


def test_public_api_filters_and_orders(world, client, product_a, product_b, ninh_binh):
    assert [r["code"] for r in _all_pages(client, "products", "?star=4")] == [product_a.code]
    assert [r["code"] for r in _all_pages(client, "products", f"?province={ninh_binh.code}")] == []
    assert [r["code"] for r in _all_pages(client, "products", "?ordering=-stars")] == [product_a.code, product_b.code]
    assert [r["area_code"] for r in _all_pages(client, "statistics", "?province=01")] == ["01"]
    numbers = [r["number"] for r in _all_pages(client, "certificates", "?ordering=issued_on")]
    assert numbers == [r["number"] for r in sorted(_all_pages(client, "certificates"), key=lambda r: r["issued_on"])]


@pytest.mark.parametrize("query", ["?ordering=phone", "?star=6", "?star=4&ordering=x"])
def test_public_api_refuses_an_unknown_filter_value(world, client, query):
    assert client.get(reverse("api:v1:open-data-list", args=["producers"]) + query).status_code == 400


def test_public_api_unknown_dataset_is_404(client, db):
    assert client.get(reverse("api:v1:open-data-list", args=["users"])).status_code == 404


def test_export_killed_before_it_publishes_leaves_the_previous_files(world, tmp_path, monkeypatch, product_a):
    first = export.export(directory=tmp_path)
    before = (tmp_path / "latest" / "products.csv").read_bytes()
    product_a.name = "Mứt gừng đổi tên"
    product_a.save(update_fields=["name"])

    def killed(*args):
        raise SystemExit("killed")

    monkeypatch.setattr(export.os, "replace", killed)
    with pytest.raises(SystemExit):
        export.export(directory=tmp_path)
    monkeypatch.undo()
    assert (tmp_path / "latest").resolve() == first
    assert (tmp_path / "latest" / "products.csv").read_bytes() == before

    second = export.export(directory=tmp_path)  # the next run publishes
    assert (tmp_path / "latest").resolve() == second
    assert "Mứt gừng đổi tên" in (tmp_path / "latest" / "products.csv").read_text(encoding="utf-8")
    assert validate(second) == []


def test_open_data_page_and_stable_download_addresses(world, tmp_path, client, settings):
    settings.OPEN_DATA_DIR = tmp_path
    assert client.get(reverse("opendata:download", args=["products", "csv"])).status_code == 404
    export.export()
    page = client.get(reverse("opendata:index")).content.decode()
    assert "CC BY 4.0" in page or "Creative Commons Attribution 4.0" in page
    assert reverse("opendata:download", args=["products", "csv"]) == "/du-lieu-mo/products.csv"
    first = b"".join(client.get("/du-lieu-mo/products.csv").streaming_content)
    assert first == (tmp_path / "latest" / "products.csv").read_bytes()
    assert client.get("/du-lieu-mo/datapackage.json").status_code == 200
    assert client.get("/du-lieu-mo/users.csv").status_code == 404
    second = export.export()
    served = b"".join(client.get("/du-lieu-mo/statistics.json").streaming_content)
    assert served == (second / "statistics.json").read_bytes()


def _queries(client, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("api:v1:open-data-list", args=[name])).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["products", "producers", "certificates", "sales_points", "events"])
def test_public_api_list_reads_the_same_queries_for_one_and_three_rows(world, client, name, root, criteria_set):
    one = _queries(client, name)
    producer = world["starred"].product.producer
    for n in range(2):
        product = create_product(
            by=root, producer=producer, criteria_set=criteria_set, name=f"Thêm {n}", specification="Hộp"
        )
        make_certificate(product, stars=5)
        SalesPoint.objects.create(
            name=f"Điểm {n}",
            operator="HTX",
            address="Số 3",
            area=producer.current_commune,
            commune=producer.current_commune,
            province=producer.current_province,
            decision_number=f"{n}/QĐ",
            decision_date=timezone.localdate(),
        )
        Event.objects.create(
            kind=EventKind.FAIR,
            topic=f"Hội chợ {n}",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
            area=producer.current_province,
            province=producer.current_province,
            organiser="Sở",
        )
    assert _queries(client, name) == one


def test_export_open_data_command_writes_a_valid_set(world, tmp_path, settings):
    from django.core.management import call_command

    settings.OPEN_DATA_DIR = tmp_path
    call_command("export_open_data")
    call_command("export_open_data")  # re-run safe: the newest set is the latest, two are kept
    assert validate(export.latest()) == []
    assert len(list((tmp_path / "runs").iterdir())) == 2
