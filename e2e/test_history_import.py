"""The history import in a real browser: a province officer downloads the template, uploads a workbook with
errors, reads them, uploads the fixed one and imports it, watching the progress bar to the end.

Two journeys, because of how the background jobs run:
- with the platform's default ImmediateBackend the check and the import run inside the upload's and the
  button's own requests, so the job page opens on the finished state (its bar full);
- with django-tasks' database backend (production) the upload only queues the job: the page opens on a
  running bar that polls every second, a real worker (`manage.py db_worker --batch`, run here by the test)
  does the work, and the page follows it to the end by itself (HTMX, no reload: a mark left on the page's
  window survives)."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from e2e.conftest import login
from history.columns import PRODUCERS
from history.models import ImportJob
from history.tests.factories import tax_code, workbook
from producers.models import Producer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def producers(count: int, **cells) -> list[dict]:
    return [
        {
            "tax_code": tax_code(n),
            "name": f"Hợp tác xã Hành trình {n}",
            "kind": "Hợp tác xã",
            "area_code": "10030",
            "area_era": "2025",
            **cells,
        }
        for n in range(1, count + 1)
    ]


def products(count: int) -> list[dict]:
    return [{"producer_tax_code": tax_code(n), "name": f"Trà hoa {n}", "criteria_set": 7} for n in range(1, count + 1)]


def upload(page, name: str, sheets: dict) -> None:
    page.goto("/lich-su/nhap/")
    page.locator("input[name=workbook]").set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": workbook(sheets).getvalue()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Tải lên và kiểm tra").click()


def run_worker() -> None:
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


def test_officer_imports_a_history_after_fixing_its_errors(page, erin):
    login(page, "erin")
    page.goto("/chung-nhan/")
    page.get_by_role("link", name="Nhập dữ liệu lịch sử").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    template = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    assert PRODUCERS.title in template.sheetnames

    bad = producers(3)
    bad[1]["area_code"] = "99999"
    bad[2]["tax_code"] = "0100000000"
    upload(page, "lich-su-co-loi.xlsx", {"producers": bad, "products": products(3)})
    assert "Chưa nhập: không có thay đổi nào được ghi" in page.locator("#job-status").inner_text()
    rows = page.locator("#problems tbody tr")
    assert rows.count() >= 2
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]
    assert cells[0][:3] == ["Chủ thể", "3", "Mã địa bàn"]
    assert ["Chủ thể", "4", "Mã số thuế"] in [c[:3] for c in cells]
    assert page.get_by_role("button", name="Nhập", exact=True).count() == 0
    assert not Producer.objects.filter(name__startswith="Hợp tác xã Hành trình").exists()

    upload(page, "lich-su-da-sua.xlsx", {"producers": producers(3), "products": products(3)})
    status = page.locator("#job-status")
    assert "Không có lỗi" in status.inner_text()
    assert status.locator("progress").get_attribute("value") == "100"
    with page.expect_navigation():
        page.get_by_role("button", name="Nhập", exact=True).click()
    assert "Đã nhập xong" in status.inner_text()
    assert status.locator("progress").get_attribute("value") == "100"
    summary = page.locator("#summary tbody tr").first.locator("td").all_inner_texts()
    assert summary == ["Chủ thể", "3", "0", "0"]
    assert Producer.objects.filter(name__startswith="Hợp tác xã Hành trình").count() == 3
    assert page.errors == []


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_progress_bar_follows_a_job_run_by_the_worker(page, erin, database_tasks):
    login(page, "erin")
    # The worker runs in this thread on the in-memory SQLite connection the live server shares: the page's polling
    # must not reach the server meanwhile. Routed through Playwright, each request waits for its handler, which the
    # synchronous API runs only when this test next calls the page, never while the worker or a query runs here.
    page.route("**/*", lambda route: route.continue_())
    upload(page, "lich-su.xlsx", {"producers": producers(40), "products": products(40)})
    job = ImportJob.objects.get()
    status = page.locator("#job-status")
    # Queued: the bar runs, the page polls, nothing is checked yet.
    assert job.status == ImportJob.Status.UPLOADED
    assert status.locator("progress").count() == 1
    assert status.get_attribute("hx-trigger") == "every 1s"
    assert "chờ kiểm tra" in status.inner_text()
    page.evaluate("window.stillTheSamePage = true")

    run_worker()
    page.get_by_role("button", name="Nhập", exact=True).wait_for()
    assert status.locator("progress").get_attribute("value") == "100"
    assert status.get_attribute("hx-trigger") is None
    assert page.evaluate("window.stillTheSamePage") is True

    with page.expect_navigation():
        page.get_by_role("button", name="Nhập", exact=True).click()
    assert "Đang nhập" in status.inner_text()
    assert status.get_attribute("hx-trigger") == "every 1s"
    assert not Producer.objects.filter(name__startswith="Hợp tác xã Hành trình").exists()
    page.evaluate("window.stillTheSamePage = true")

    run_worker()
    page.locator("#summary").wait_for()
    assert "Đã nhập xong" in status.inner_text()
    assert status.locator("progress").get_attribute("value") == "100"
    assert page.evaluate("window.stillTheSamePage") is True
    assert Producer.objects.filter(name__startswith="Hợp tác xã Hành trình").count() == 40
    assert page.errors == []
