import csv
import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role
from stamps.domain.sheets import CSV_HEADER
from stamps.models import Stamp, StampBatch


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_issue_stamps_command_orders_and_issues_at_once(certified_a, root):
    output = _run(
        "issue_stamps",
        "--product",
        certified_a.official_code,
        "--quantity",
        "30",
        "--lot",
        "L-CMD-1",
        "--production-date",
        "01/11/2026",
        "--expiry-date",
        "01/11/2027",
    )
    batch = StampBatch.objects.get()
    assert f"batch {batch.code}: 30 stamps" in output and "issued in" in output
    assert (batch.status, batch.ordered_by.role, batch.lot, f"{batch.production_date:%d/%m/%Y}") == (
        StampBatch.Status.ISSUED,
        Role.SYSADMIN,  # the first administrator, when no --as is given
        "L-CMD-1",
        "01/11/2026",
    )
    assert batch.stamps.count() == 30


def test_issue_stamps_command_acts_as_a_user_and_keeps_the_rules(certified_a, product_b, alice, bob):
    common = ["--quantity", "3", "--lot", "L1", "--production-date", "01/11/2026", "--expiry-date", "01/11/2027"]
    _run("issue_stamps", "--product", certified_a.code, "--as", "alice", *common)
    assert StampBatch.objects.get().ordered_by == alice
    with pytest.raises(CommandError, match="may not order"):
        _run("issue_stamps", "--product", certified_a.code, "--as", "bob", *common)
    with pytest.raises(CommandError, match="giấy chứng nhận"):
        _run("issue_stamps", "--product", product_b.code, "--as", "bob", *common)
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        _run("issue_stamps", "--product", certified_a.code, "--as", "alice", *common[:-1], "2027-11-01")


def test_revoke_stamps_command_by_serial_and_by_batch(batch_a, root):
    serials = list(batch_a.stamps.order_by("id").values_list("serial", flat=True)[:2])
    assert "2 stamps revoked" in _run("revoke_stamps", "--serial", *serials, "--reason", "lost")
    assert Stamp.objects.filter(revoked_at__isnull=False).count() == 2
    assert "revoked" in _run("revoke_stamps", "--batch", batch_a.code, "--reason", "stolen")
    assert StampBatch.objects.get(pk=batch_a.pk).revoke_reason == "stolen"
    with pytest.raises(CommandError):
        _run("revoke_stamps", "--batch", batch_a.code, "--reason", "stolen")


def test_export_stamps_csv_command_to_stdout_and_file(batch_a, root, tmp_path):
    rows = list(csv.reader(io.StringIO(_run("export_stamps_csv", "--batch", batch_a.code))))
    assert rows[0] == CSV_HEADER and len(rows) == 13
    target = tmp_path / "tem.csv"
    _run("export_stamps_csv", "--batch", batch_a.code, "--output", str(target))
    assert target.read_text(encoding="utf-8").splitlines()[1:] == [",".join(row) for row in rows[1:]]


def test_export_stamps_csv_command_unknown_batch(root):
    with pytest.raises(CommandError, match="no batch"):
        _run("export_stamps_csv", "--batch", "NOPE")
