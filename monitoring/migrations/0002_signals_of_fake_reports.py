"""Every consumer's fake report filed before the inbox becomes its inbox item, with the same reference number.
The report's own status (new, investigating, closed) moves to the item: "new" and "investigating" (an inspector
was verifying, nothing triaged yet) are items still to be triaged; "closed" is closed, with that as its reason.
A report with neither a known stamp nor a province cannot have been filed through the form and reaches no inbox;
it is left as it was."""

from django.db import migrations

CLOSED_REASON = "Đã xử lý trong hộp thư phản ánh trước đây."
BACK = {"open": "new", "asked": "investigating", "answered": "investigating", "inspection": "investigating"}


def forward(apps, schema_editor):
    FakeReport = apps.get_model("stamps", "FakeReport")
    Signal = apps.get_model("monitoring", "Signal")
    for report in FakeReport.objects.filter(signal__isnull=True).select_related(
        "stamp__batch__certificate__product__producer"
    ):
        links = {}
        if report.stamp_id:
            batch = report.stamp.batch
            certificate = batch.certificate
            while certificate.superseded_by_id:
                certificate = certificate.superseded_by
            producer = certificate.product.producer
            links = {
                "stamp_id": report.stamp_id,
                "batch_id": batch.pk,
                "certificate_id": certificate.pk,
                "product_id": certificate.product_id,
                "producer_id": producer.pk,
                "commune_id": producer.current_commune_id,
            }
        province_id = report.province_id or (producer.current_province_id if report.stamp_id else None)
        if province_id is None:
            continue
        closed = report.status == "closed"
        Signal.objects.create(
            code=report.code,
            kind="fake_report",
            report_id=report.pk,
            status="closed" if closed else "open",
            verdict="unknown" if report.serial and not report.stamp_id else "",
            summary=report.what,
            province_id=province_id,
            close_reason=CLOSED_REASON if closed else "",
            closed_at=report.created_at if closed else None,
            **links,
        )


def backward(apps, schema_editor):
    FakeReport = apps.get_model("stamps", "FakeReport")
    Signal = apps.get_model("monitoring", "Signal")
    for signal in Signal.objects.filter(kind="fake_report", report__isnull=False):
        FakeReport.objects.filter(pk=signal.report_id).update(status=BACK.get(signal.status, "closed"))
    Signal.objects.filter(kind="fake_report").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_inbox"),
        ("stamps", "0006_sheet_stamp_size"),
    ]

    operations = [migrations.RunPython(forward, backward)]
