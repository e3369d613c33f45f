"""A history import's worker killed with SIGKILL inside the import's one transaction: once half-way (the
producers written, not the products), once right after the job was marked done (the worst moment). Nothing of
the file is in the database and the job is still "importing"; run again, it imports every record once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from history import jobs
from history.models import ImportJob
from history.tests import factories
from history.tests.factories import tax_code
from producers.models import Producer
from products.models import Product

ROWS = 30
MARKED_DONE = r'UPDATE "history_importjob" SET "status" = '
# The producers are written, the products not yet.
PRODUCTS_STARTED = r'INSERT INTO "products_product"'


def history_file() -> SimpleUploadedFile:
    producers = [
        {
            "tax_code": tax_code(n),
            "name": f"Hợp tác xã Lịch sử {n}",
            "kind": "Hợp tác xã",
            "area_code": "10030",
            "area_era": "2025",
        }
        for n in range(ROWS)
    ]
    products = [{"producer_tax_code": tax_code(n), "name": f"Mứt gừng {n}", "criteria_set": 7} for n in range(ROWS)]
    content = factories.workbook({"producers": producers, "products": products}).getvalue()
    return SimpleUploadedFile("lich-su.xlsx", content)


def imported() -> tuple[int, int]:
    return (
        Producer.objects.filter(name__startswith="Hợp tác xã Lịch sử").count(),
        Product.objects.filter(name__startswith="Mứt gừng").count(),
    )


@pytest.mark.parametrize(
    ("moment", "sql", "after"), [("midway", PRODUCTS_STARTED, 1), ("done", MARKED_DONE, 1)], ids=["midway", "done"]
)
def test_history_import_worker_killed_mid_import_runs_again_and_imports_once(world, erin, moment, sql, after):
    job = jobs.upload_job(upload=history_file(), by=erin)
    world.publish()
    world.finish(world.worker())  # the check, to its end
    world.collect()
    job.refresh_from_db()
    assert (job.status, job.problems) == (ImportJob.Status.CHECKED, [])
    jobs.start_import(job=job, by=erin)
    world.publish()
    world.run_until_paused(world.worker, sql=sql, after=after)

    producers = world.query("SELECT COUNT(*) FROM producers_producer WHERE name LIKE %s", ("Hợp tác xã Lịch sử%",))
    status = world.query("SELECT status FROM history_importjob WHERE id = %s", (job.pk,))
    assert (producers, status) == ([(0,)], [("importing",)])
    world.collect()
    job.refresh_from_db()
    assert jobs.is_stalled(job)
    assert imported() == (0, 0)
    assert not AuditEntry.objects.filter(action="import", object_id=str(job.pk)).exists()

    jobs.resume_job(job=job, by=erin)
    world.publish()
    world.finish(world.worker())
    world.collect()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert imported() == (ROWS, ROWS)
    assert job.summary["producers"]["created"] == ROWS
    assert AuditEntry.objects.filter(action="import", object_id=str(job.pk)).count() == 1
