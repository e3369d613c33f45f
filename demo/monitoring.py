"""The demo's inspectors' inbox: a consumer's fake report about a stamp of the showcase product (filed through
the public form's domain function, so it reaches Hà Nội's inspectors without naming a province), one about a
code that is not ours (Ninh Bình, the province the consumer picked), and the new signal: the withdrawn product's
stamps still scanned in shops after its withdrawal, raised by the scan detection exactly as the hourly job
raises it."""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from areas.models import Area
from monitoring.detection import detect_signals
from public.reports import submit_report
from stamps.models import StampBatch

from .history import Shoppers


@dataclass
class DemoInbox:
    reports: int = 0
    raised: int = 0


def seed_demo_inbox(*, genuine: StampBatch, withdrawn: StampBatch, rng: random.Random) -> DemoInbox:
    """Call after the demo's stamps and their checks exist, `withdrawn` a batch whose certificate was withdrawn
    today. Side effects: fake reports and their inbox items, two shoppers' checks of withdrawn stamps, the
    detection's items and its watermark, notifications to the provinces' inspectors and officers."""
    stamp = genuine.stamps.filter(revoked_at__isnull=True).order_by("id").first()
    submit_report(
        serial=stamp.serial,
        what="Tem in mờ, mã QR quét được nhưng bao bì khác hẳn hộp mua tháng trước; giá rẻ hơn một nửa.",
        where="Cửa hàng tạp hóa, phố Hàng Bạc, Hoàn Kiếm",
    )
    submit_report(
        serial="7K3M9Q2R8T4V6W1XZ",
        province=Area.objects.current().get(level=Area.Level.PROVINCE, code="37"),
        what="Sản phẩm dán nhãn OCOP 4 sao nhưng mã trên tem không tra cứu được.",
        where="Chợ Rồng, Ninh Bình",
        contact="0912 345 678",
    )
    shoppers = Shoppers(rng)
    for stamp in withdrawn.stamps.order_by("id")[:2]:
        shoppers.check(stamp, withdrawn, hours_ago=1 / 3600)
    # As the hourly job will see them once they are older than its lag (it reads no further than now).
    raised = detect_signals(now=timezone.now() + datetime.timedelta(seconds=settings.SIGNAL_SCAN_LAG_SECONDS))
    return DemoInbox(reports=2, raised=raised)
