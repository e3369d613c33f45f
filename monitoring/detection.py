"""The scan detection: stamps still scanned in shops after their product's certificate expired or was
withdrawn (products still sold as OCOP), and stamps the verification page judged suspicious, become inbox items.

It runs as a job (`manage.py detect_signals`, or the task `monitoring.tasks.detect_signals`), hourly, rather
than at scan time: the verification page is the hottest path of the platform (two SQL statements, cached
pages) and stays untouched, while the job reads only the new part of the scan log, by its indexed `scanned_at`,
once an hour. Every verdict it needs is already in the log: the page records it with each check.

- One live item per certificate (after expiry, after withdrawal) and per stamp (suspicious), not per scan:
  later scans add to the live item's count (`Signal.scans`, first and last scan); a database constraint says it
  too. An item closed and then scanned again raises a new one: the product is still on sale.
- Idempotent and safe to kill: the scans read and the items they raise are written in one transaction with the
  watermark (`ScanWatermark.read_until`); a run killed half-way leaves nothing, the next reads the same scans.
- Scans are read up to `SIGNAL_SCAN_LAG_SECONDS` ago, so a check still being written, or located a moment later
  (which can make it suspicious), is read by the next run rather than missed.
- The first run reads back `SIGNAL_FIRST_RUN_DAYS` days."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from audit import domain as audit
from notifications.domain import notify
from stamps.models import ScanEvent, Stamp
from stamps.verdicts import certificate_in_force

from .domain import links, live_signal
from .models import SCAN_KINDS, Kind, ScanWatermark, Signal

WATERMARK = "scans"


def _groups(since: datetime.datetime, until: datetime.datetime) -> dict[tuple, dict]:
    """The new scans with a verdict that raises an item, grouped as items are: (kind, certificate id) or
    (kind, stamp id), each with its count, first and last scan, and the stamp scanned last."""
    rows = list(
        ScanEvent.objects.filter(
            scanned_at__gt=since, scanned_at__lte=until, verdict__in=list(SCAN_KINDS), stamp__isnull=False
        )
        .values("verdict", "stamp_id")
        .annotate(n=Count("id"), first=Min("scanned_at"), last=Max("scanned_at"))
        .order_by()
    )
    stamps = Stamp.objects.select_related(
        "batch__certificate__superseded_by", "batch__certificate__product__producer"
    ).in_bulk({row["stamp_id"] for row in rows})
    groups: dict[tuple, dict] = {}
    for row in rows:
        kind, stamp = SCAN_KINDS[row["verdict"]], stamps[row["stamp_id"]]
        if kind == Kind.SUSPICIOUS_STAMP:
            key = (kind, stamp.pk)
        else:
            key = (kind, certificate_in_force(stamp.batch.certificate).pk)
        group = groups.setdefault(key, {"n": 0, "first": row["first"], "last": row["last"], "stamp": stamp})
        group["n"] += row["n"]
        group["first"] = min(group["first"], row["first"])
        if row["last"] >= group["last"]:
            group["last"], group["stamp"] = row["last"], stamp
    return groups


def _raise(kind: str, verdict: str, group: dict) -> Signal:
    signal = Signal.objects.create(
        kind=kind,
        verdict=verdict,
        scans=group["n"],
        first_scan_at=group["first"],
        last_scan_at=group["last"],
        **links(stamp=group["stamp"]),
    )
    audit.record(actor=None, action="create", obj=signal, after=audit.snapshot(signal, ["kind", "status", "scans"]))
    notify(
        users=people.report_handlers(signal.province_id),
        message=_("Tin báo mới %(code)s: %(kind)s — %(product)s")
        % {"code": signal.code, "kind": signal.get_kind_display(), "product": signal.product.name},
        url=signal.get_absolute_url(),
    )
    return signal


def detect_signals(*, now: datetime.datetime | None = None) -> int:
    """Read the scans since the last run and raise or update the inbox items they call for. Returns how many
    items were raised (updates of live ones are not counted). Side effects: Signals created or updated, each
    new one audited and told to its province's inspectors and OCOP officers; the watermark moved."""
    now = now or timezone.now()
    until = now - datetime.timedelta(seconds=settings.SIGNAL_SCAN_LAG_SECONDS)
    verdict_of = {kind: verdict for verdict, kind in SCAN_KINDS.items()}
    with transaction.atomic():
        mark, _created = ScanWatermark.objects.select_for_update().get_or_create(
            name=WATERMARK, defaults={"read_until": until - datetime.timedelta(days=settings.SIGNAL_FIRST_RUN_DAYS)}
        )
        if until <= mark.read_until:
            return 0
        raised = 0
        for (kind, key), group in _groups(mark.read_until, until).items():
            match = {"stamp_id": key} if kind == Kind.SUSPICIOUS_STAMP else {"certificate_id": key}
            signal = live_signal(kind=kind, **match)
            if signal is None:
                _raise(kind, verdict_of[kind], group)
                raised += 1
                continue
            signal.scans += group["n"]
            signal.last_scan_at = max(signal.last_scan_at or group["last"], group["last"])
            signal.stamp = group["stamp"] if kind != Kind.SUSPICIOUS_STAMP else signal.stamp
            signal.save(update_fields=["scans", "last_scan_at", "stamp", "updated_at"])
        mark.read_until = until
        mark.save(update_fields=["read_until"])
    return raised
