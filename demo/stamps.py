"""Demo stamps: for a few demo products whose certificate is in force, a batch of 50–200 stamps issued through
the domain functions, a few scans from shoppers, and one misprinted stamp revoked. Call it after the demo's
certificates exist; it is deterministic (seeded) and safe to call twice (products with batches are skipped)."""

import datetime
import hashlib
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from certificates.models import Certificate
from certificates.queries import showing_star_q
from stamps.domain import issue_batch, order_batch, revoke_stamps
from stamps.models import RevokeReason, ScanCounter, ScanEvent, Stamp, StampBatch, Verdict

PHONES = [
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 "
    "Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 "
    "Mobile/15E148 Safari/604.1",
    "Zalo/24.10 (Android 13; Xiaomi 23021RAA2Y)",
]
# Where shoppers scanned: Hà Nội, Ninh Bình, Hồ Chí Minh City (two decimals, about a kilometre).
PLACES = [
    (Decimal("21.03"), Decimal("105.85")),
    (Decimal("20.25"), Decimal("105.97")),
    (Decimal("10.78"), Decimal("106.70")),
]


@dataclass
class DemoStamps:
    batches: list[StampBatch] = field(default_factory=list)
    stamps: int = 0
    scans: int = 0
    revoked: int = 0


def _orderer(product) -> User:
    """The producer's own account if it has one, otherwise an administrator (both may order)."""
    user = product.producer.users.filter(role=Role.PRODUCER, is_active=True).order_by("pk").first()
    return user or User.objects.filter(role=Role.SYSADMIN, is_active=True).order_by("pk").first()


def _scan(stamp: Stamp, *, when: datetime.datetime, verdict: str, rng: random.Random) -> ScanEvent:
    latitude, longitude = rng.choice(PLACES)
    address = f"113.{rng.randrange(160, 190)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    return ScanEvent(
        stamp=stamp,
        serial=stamp.serial,
        scanned_at=when,
        verdict=verdict,
        latitude=latitude,
        longitude=longitude,
        user_agent=rng.choice(PHONES),
        ip_hash=hashlib.sha256(address.encode()).hexdigest(),
    )


def _counters(scans: list[ScanEvent]) -> list[ScanCounter]:
    """The counters the verification page would have kept for these checks: how many per stamp, and the first."""
    counters: dict[int, ScanCounter] = {}
    for scan in scans:
        counter = counters.get(scan.stamp_id)
        if counter is None:
            counters[scan.stamp_id] = ScanCounter(stamp_id=scan.stamp_id, count=1, first_scanned_at=scan.scanned_at)
        else:
            counter.count += 1
            counter.first_scanned_at = min(counter.first_scanned_at, scan.scanned_at)
    return list(counters.values())


@transaction.atomic
def seed_demo_stamps(*, products: int = 4, seed: int = 2026) -> DemoStamps:
    """Issue demo batches for up to `products` products with a certificate in force, then record scans.
    Side effects: batches and stamps (audited like real orders), scan events, stamp counters."""
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    summary = DemoStamps()
    certificates = (
        Certificate.objects.filter(showing_star_q(today), product__stamp_batches__isnull=True)
        .select_related("product__producer")
        .order_by("number")
    )
    chosen, seen = [], set()
    for certificate in certificates:
        if certificate.product_id not in seen:
            seen.add(certificate.product_id)
            chosen.append(certificate.product)
        if len(chosen) == products:
            break
    for index, product in enumerate(chosen):
        by = _orderer(product)
        produced = today - datetime.timedelta(days=rng.randrange(5, 60))
        batch = order_batch(
            product=product,
            quantity=rng.randrange(50, 201),
            lot=f"L{produced:%y%m}-{index + 1:02d}",
            production_date=produced,
            expiry_date=produced + datetime.timedelta(days=rng.choice([180, 365, 540])),
            by=by,
            run_in_background=False,
        )
        batch = issue_batch(batch_id=batch.pk)
        summary.batches.append(batch)
        summary.stamps += batch.quantity
        stamps = list(batch.stamps.order_by("id"))
        scans = []
        for stamp in rng.sample(stamps, k=min(len(stamps), rng.randrange(5, 12))):
            times = sorted(
                now - datetime.timedelta(hours=rng.randrange(1, 24 * 20)) for _ in range(rng.choice([1, 1, 2]))
            )
            scans.extend(_scan(stamp, when=when, verdict=Verdict.GENUINE, rng=rng) for when in times)
        misprinted = stamps[-1]
        revoke_stamps(serials=[misprinted.serial], reason=RevokeReason.MISPRINTED, by=by, batch=batch)
        summary.revoked += 1
        scans.append(_scan(misprinted, when=now - datetime.timedelta(hours=2), verdict=Verdict.REVOKED, rng=rng))
        ScanEvent.objects.bulk_create(scans)
        ScanCounter.objects.bulk_create(_counters(scans), batch_size=500)
        summary.scans += len(scans)
    return summary
