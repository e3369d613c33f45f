"""The history import's pages, end to end through HTTP: upload a workbook with errors (every problem shown,
nothing written), the fixed one (checked clean, imported, its summary), the same file again (nothing changes),
another province's officer (404), a job killed midway (run again), the template and the export. Tasks run
with the ImmediateBackend, when the request's transaction commits."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit import domain as audit
from audit.models import AuditEntry
from history import jobs
from history.columns import PRODUCERS
from history.models import ImportJob
from producers.models import Producer
from products.models import Product

from . import factories
from .factories import tax_code
from .test_jobs import upload


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def producer_row(serial: int, **cells) -> dict:
    return {
        "tax_code": tax_code(serial),
        "name": f"Hợp tác xã Lịch sử {serial}",
        "kind": "Hợp tác xã",
        "area_code": "10030",
        "area_era": "2025",
        **cells,
    }


def product_row(serial: int, **cells) -> dict:
    return {"producer_tax_code": tax_code(serial), "name": f"Mứt gừng {serial}", "criteria_set": 7, **cells}


def workbook(producers: list[dict], products: list[dict] = (), name: str = "lich-su.xlsx") -> io.BytesIO:
    # Each file its own bytes, as two files of a real office would be, even when saved within one second.
    upload = factories.workbook({"producers": producers, **({"products": products} if products else {})}, title=name)
    upload.name = name
    return upload


def copy_of(upload: io.BytesIO) -> io.BytesIO:
    """The same bytes again (saving a workbook twice differs: openpyxl stamps the time)."""
    again = io.BytesIO(upload.getvalue())
    again.name = upload.name
    return again


def post_upload(client, upload, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("history:import"), {"workbook": upload})


def good_rows():
    return [producer_row(1), producer_row(2)], [product_row(1), product_row(2)]


def test_import_journey_problems_then_fixed_then_imported_then_nothing_again(
    client, erin, django_capture_on_commit_callbacks
):
    client.force_login(erin)
    producers, products = good_rows()
    bad = [producer_row(1, area_code="99999"), producer_row(2, kind="Câu lạc bộ")]
    response = post_upload(client, workbook(bad, products), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ImportJob.Status.CHECKED
    assert [(p["sheet"], p["row"], p["column"]) for p in job.problems] == [
        ("Chủ thể", 2, "Mã địa bàn"),
        ("Chủ thể", 3, "Loại hình"),
    ]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Chưa nhập: không có thay đổi nào được ghi" in page
    assert "“Câu lạc bộ” không có trong danh sách" in page
    assert 'id="problems"' in page
    assert ">Nhập</button>" not in page
    assert not Producer.objects.filter(name__startswith="Hợp tác xã Lịch sử").exists()

    fixed_file = workbook(producers, products, name="lich-su-da-sua.xlsx")
    response = post_upload(client, copy_of(fixed_file), django_capture_on_commit_callbacks)
    fixed = ImportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == fixed.get_absolute_url()
    assert (fixed.status, fixed.problems) == (ImportJob.Status.CHECKED, [])
    page = client.get(fixed.get_absolute_url()).content.decode()
    assert '<progress value="100" max="100"' in page
    assert ">Nhập</button>" in page
    assert not Producer.objects.filter(name__startswith="Hợp tác xã Lịch sử").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("history:job_import", args=[fixed.code]))
    assert response["Location"] == fixed.get_absolute_url()
    fixed.refresh_from_db()
    assert fixed.status == ImportJob.Status.DONE
    assert fixed.imported_by == erin
    assert fixed.summary["producers"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert fixed.summary["products"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert Producer.objects.filter(name__startswith="Hợp tác xã Lịch sử").count() == 2
    assert Product.objects.filter(name__startswith="Mứt gừng ").count() == 2
    page = client.get(fixed.get_absolute_url()).content.decode()
    assert 'id="summary"' in page
    assert "Đã nhập xong" in page
    actions = [e.action for e in reversed(audit.history(fixed))]
    assert actions == ["upload", "check", "import_start", "import"]

    # The very same file again: said so, no new job, nothing written.
    entries = AuditEntry.objects.count()
    response = post_upload(client, copy_of(fixed_file), django_capture_on_commit_callbacks)
    assert response["Location"] == fixed.get_absolute_url()
    assert ImportJob.objects.count() == 2
    assert AuditEntry.objects.count() == entries
    assert "đã được nhập lúc" in client.get(response["Location"]).content.decode()

    # The same rows in another file: checked, imported, every record unchanged.
    response = post_upload(
        client, workbook(producers, products, name="ban-sao.xlsx"), django_capture_on_commit_callbacks
    )
    copy = ImportJob.objects.get(filename="ban-sao.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("history:job_import", args=[copy.code]))
    copy.refresh_from_db()
    assert copy.status == ImportJob.Status.DONE
    assert copy.summary["producers"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert Producer.objects.filter(name__startswith="Hợp tác xã Lịch sử").count() == 2


def test_an_unreadable_file_is_a_problem_of_the_whole_file(client, erin, django_capture_on_commit_callbacks):
    client.force_login(erin)
    upload = io.BytesIO(b"not a workbook at all")
    upload.name = "hong.xlsx"
    post_upload(client, upload, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECKED
    assert len(job.problems) == 1
    assert job.problems[0]["row"] is None
    assert "Chưa nhập: không có thay đổi nào được ghi" in client.get(job.get_absolute_url()).content.decode()


def test_upload_form_refuses_another_kind_of_file(client, erin):
    client.force_login(erin)
    upload = io.BytesIO(b"%PDF-1.7")
    upload.name = "lich-su.pdf"
    response = client.post(reverse("history:import"), {"workbook": upload})
    assert response.status_code == 200
    assert "Hãy chọn tệp Excel (.xlsx) hoặc CSV (.csv)." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_import_page_lists_the_provinces_jobs(client, erin, frank, django_capture_on_commit_callbacks):
    client.force_login(erin)
    post_upload(client, workbook([producer_row(1)], name="ha-noi.xlsx"), django_capture_on_commit_callbacks)
    page = client.get(reverse("history:import")).content.decode()
    assert "ha-noi.xlsx" in page
    client.force_login(frank)
    assert "ha-noi.xlsx" not in client.get(reverse("history:import")).content.decode()


def test_another_provinces_officer_gets_404(client, erin, frank, django_capture_on_commit_callbacks):
    client.force_login(erin)
    post_upload(client, workbook(good_rows()[0]), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    client.force_login(frank)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(reverse("history:job_import", args=[job.code])).status_code == 404
    assert client.post(reverse("history:job_resume", args=[job.code])).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED


def test_a_stalled_import_is_run_again_from_its_page(client, erin, settings, django_capture_on_commit_callbacks):
    settings.HISTORY_IMPORT_STALE_MINUTES = 10
    client.force_login(erin)
    post_upload(client, workbook(*good_rows()), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    # As if the worker had been killed in the middle of the import's transaction: the job says "importing",
    # nothing was written, and nothing has been heard from it for 11 minutes.
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.IMPORTING,
        phase=ImportJob.Phase.WRITING,
        attempt=2,
        imported_by=erin,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=11),
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Việc đã ngừng giữa chừng" in page
    assert "every 1s" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("history:job_resume", args=[job.code]))
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ImportJob.Status.DONE, 3)
    assert Producer.objects.filter(name__startswith="Hợp tác xã Lịch sử").count() == 2
    # The killed run's task, were it to wake up now, is not the job's attempt any more and writes nothing.
    from history.jobs import import_job

    assert import_job(job_id=job.pk, attempt=2).summary == job.summary
    assert audit.history(job).filter(action="import").count() == 1


def test_a_running_job_page_polls_and_refreshes_without_script(client, erin):
    client.force_login(erin)
    job = ImportJob.objects.create(
        uploaded_by=erin,
        province=erin.area,
        filename="dang-chay.xlsx",
        size=10,
        sha256="a" * 64,
        file="history/imports/x/a.xlsx",
        status=ImportJob.Status.CHECKING,
        phase=ImportJob.Phase.CHECKING,
        progress_done=1500,
        progress_total=6000,
        attempt=1,
        heartbeat_at=timezone.now(),
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress value="1500" max="6000"' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert fragment.strip().startswith('<section id="job-status"')
    assert "1.500/6.000 dòng (25 %)" in fragment


def test_template_download(client, erin):
    client.force_login(erin)
    response = client.get(reverse("history:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    titles = load_workbook(io.BytesIO(response.content), read_only=True).sheetnames
    assert PRODUCERS.title in titles


def test_old_addresses_redirect(client, erin):
    client.force_login(erin)
    assert client.get("/chung-nhan/nhap/")["Location"] == reverse("history:import")
    assert client.get("/chung-nhan/nhap/mau.xlsx")["Location"] == reverse("history:import_template")


def test_export_downloads_the_officers_province(
    client, erin, frank, hanoi, ninh_binh, django_capture_on_commit_callbacks
):
    client.force_login(erin)
    post_upload(client, workbook(*good_rows()), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("history:job_import", args=[ImportJob.objects.get().code]))
    page = client.get(reverse("history:export")).content.decode()
    assert f"?province={hanoi.code}" in page
    response = client.get(reverse("history:export"), {"province": hanoi.code})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True)[PRODUCERS.title]
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"Hợp tác xã Lịch sử 1", "Hợp tác xã Lịch sử 2"} <= names
    assert client.get(reverse("history:export"), {"province": ninh_binh.code}).status_code == 404


@pytest.mark.parametrize("persona", ["root", "minh"])
def test_national_roles_pick_the_province_to_export(client, request, persona, ninh_binh):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("history:export")).content.decode()
    assert 'name="province"' in page
    response = client.get(reverse("history:export"), {"province": ninh_binh.code})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="du-lieu-lich-su-ocop-37-')


@pytest.mark.parametrize(
    ("persona", "status"), [("erin", 200), ("root", 200), ("carol", 403), ("alice", 403), ("minh", 403)]
)
def test_import_pages_are_for_province_officers_and_administrators(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("history:import")).status_code == status
    assert client.get(reverse("history:import_template")).status_code == status


@pytest.mark.parametrize(("persona", "status"), [("carol", 403), ("alice", 403), ("council", 403)])
def test_export_is_not_for_others(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("history:export")).status_code == status


def test_the_ministry_reads_a_provinces_import_but_cannot_run_it(client, erin, minh):
    job = jobs.upload_job(upload=upload(), by=erin)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKED, problems=[])
    client.force_login(minh)
    page = client.get(reverse("history:job", args=[job.code])).content.decode()
    assert "chờ cán bộ của tỉnh nhập" in page
    assert reverse("history:job_import", args=[job.code]) not in page
    assert client.post(reverse("history:job_import", args=[job.code])).status_code == 403
