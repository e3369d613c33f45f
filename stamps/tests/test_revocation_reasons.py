"""Why a stamp was revoked, wherever it shows: the consumer's check page says the reason (and nothing more),
the revoke forms have no default reason, the batch page shows each stamp's reason and who revoked the batch."""

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from stamps.domain import revoke_batch, revoke_stamps
from stamps.models import RevokeReason, StampBatch


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    caches["pages"].clear()


def verdict_block(client, serial: str) -> str:
    html = client.get(f"/s/{serial}").content.decode()
    return html.split('id="verdict"', 1)[1].split("</section>", 1)[0]


def test_check_page_of_a_revoked_stamp_says_why(client, batch_a, alice):
    lost, stolen = batch_a.stamps.order_by("id").values_list("serial", flat=True)[:2]
    revoke_stamps(serials=[lost], reason=RevokeReason.LOST, by=alice)
    revoke_stamps(serials=[stolen], reason=RevokeReason.STOLEN, by=alice)
    # Two stamps of one batch share the cached page layout: each still says its own reason.
    assert "Lý do thu hồi: bị mất." in verdict_block(client, lost)
    assert "Lý do thu hồi: bị đánh cắp." in verdict_block(client, stolen)
    assert "bị mất" not in verdict_block(client, stolen)


def test_check_page_of_a_revoked_batch_says_the_batchs_reason(client, batch_a, erin):
    revoke_batch(batch=batch_a, reason=RevokeReason.MISPRINTED, by=erin)
    block = verdict_block(client, batch_a.stamps.first().serial)
    assert "Lý do thu hồi: in hỏng." in block
    assert "Erin" not in block  # who revoked is for officers, not the public


def test_check_page_of_a_stamp_revoked_without_a_recorded_reason_names_none(client, batch_a):
    stamp = batch_a.stamps.first()
    stamp.revoked_at = timezone.now()
    stamp.save(update_fields=["revoked_at"])
    block = verdict_block(client, stamp.serial)
    assert "Tem đã bị thu hồi" in block and "Lý do thu hồi" not in block


def _first_option(html: str, name: str) -> str:
    select = html.split(f'name="{name}"', 1)[1]
    return select.split("<option", 2)[1].split(">", 1)[0]


@pytest.mark.parametrize("name", ["batch-reason", "stamps-reason"])
def test_revoke_forms_start_with_an_empty_reason(client, batch_a, alice, name):
    client.force_login(alice)
    html = client.get(batch_a.get_absolute_url()).content.decode()
    assert _first_option(html, name) == ' value="" selected'


def test_revoke_batch_without_a_reason_changes_nothing_and_says_so(client, batch_a, alice):
    client.force_login(alice)
    response = client.post(reverse("stamps:revoke_batch", args=[batch_a.code]), {"batch-reason": ""}, follow=True)
    assert "Chọn lý do thu hồi" in response.content.decode()
    assert StampBatch.objects.get(pk=batch_a.pk).revoked_at is None


def test_revoke_stamps_without_a_reason_changes_nothing_and_says_so(client, batch_a, alice):
    client.force_login(alice)
    serial = batch_a.stamps.first().serial
    response = client.post(
        reverse("stamps:revoke_stamps", args=[batch_a.code]), {"stamps-serials": serial}, follow=True
    )
    assert "Chọn lý do thu hồi" in response.content.decode()
    assert not batch_a.stamps.filter(revoked_at__isnull=False).exists()


def test_batch_page_shows_each_revoked_stamps_reason(client, batch_a, alice):
    serial = batch_a.stamps.order_by("id").first().serial
    revoke_stamps(serials=[serial], reason=RevokeReason.LOST, by=alice)
    client.force_login(alice)
    html = client.get(batch_a.get_absolute_url()).content.decode()
    assert html.count("Đã thu hồi: Bị mất") == 1


def test_revoked_batch_page_shows_the_reason_on_every_stamp_and_who_revoked_it(client, batch_a, erin, alice):
    revoke_batch(batch=batch_a, reason=RevokeReason.STOLEN, by=erin)
    batch = StampBatch.objects.get(pk=batch_a.pk)
    assert batch.revoked_by == erin
    client.force_login(alice)
    html = client.get(batch.get_absolute_url()).content.decode()
    sample = html.split('id="sample-title"', 1)[1].split("</section>", 1)[0]
    assert sample.count("Đã thu hồi: Bị đánh cắp") == 10  # the sample shows the first ten stamps
    assert "—" not in sample
    revoked = html.split("Cả lô đã bị thu hồi", 1)[1].split("</dd>", 1)[0]
    when = timezone.localtime(batch.revoked_at).strftime("%d/%m/%Y %H:%M")
    assert "Erin" in revoked and when in revoked and "Bị đánh cắp" in revoked
