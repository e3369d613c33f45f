"""The verdict a consumer sees when checking a stamp: a function of the stamp, its certificate's status today
and the stamp's scan history. Plain functions over plain values, so every rule is tested without HTTP.

Verdicts, in the order they win:

1. unknown — no stamp has this serial (or the link's GTIN or lot is not the stamp's): possibly counterfeit;
2. revoked — the stamp, or its whole batch, was revoked (lost, stolen, misprinted);
3. suspicious — the stamp looks cloned: checked more often than `STAMP_SCAN_LIMIT` times, or from places too
   far apart for the time between two checks (faster than `STAMP_TRAVEL_KMH`); once a located check was
   judged suspicious, every later check of that stamp is too;
4. withdrawn — the certificate in force was withdrawn;
5. expired — the certificate in force is past its validity (no star is shown);
6. extended — the certificate in force is past its expiry but extended for a late filer until the decision
   on its re-evaluation (at the latest `extended_until`): the product is OCOP, with its star;
7. genuine — otherwise: the product is OCOP, with the certificate's star.

"The certificate in force" is the batch's certificate, or the newer one that replaced it at renewal: stamps
already on shelves follow the product's current recognition, whatever it became.
"""

import datetime
import math
from dataclasses import dataclass

from django.conf import settings

from certificates.models import SHOWS_STAR, Certificate, CertificateStatus

from .models import RevokeReason, Stamp, Verdict

EARTH_RADIUS_KM = 6371.0088
# Verdicts that a located check may still turn into "suspicious" (revoked and unknown already say more).
ESCALATES_TO_SUSPICIOUS = {Verdict.GENUINE, Verdict.EXTENDED, Verdict.EXPIRED, Verdict.WITHDRAWN}
# The verdicts whose page shows the certificate's star (its status is one of certificates' SHOWS_STAR).
STAR_VERDICTS = {Verdict.GENUINE, Verdict.EXTENDED}


def scan_limit() -> int:
    """More checks than this and a stamp looks cloned (a genuine one is checked by a few buyers at most)."""
    return settings.STAMP_SCAN_LIMIT


def travel_speed_kmh() -> float:
    """No one carries a product between two checks faster than this (an airliner, door to door)."""
    return float(settings.STAMP_TRAVEL_KMH)


def travel_tolerance_km() -> float:
    """Distances up to this are never "impossible": locations are rounded to about 1 km, and a phone's
    network-based position can be off by several kilometres."""
    return float(settings.STAMP_TRAVEL_MIN_KM)


@dataclass(frozen=True)
class Place:
    """Where and when a stamp was checked (coarse coordinates, in degrees)."""

    at: datetime.datetime
    latitude: float
    longitude: float


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def impossible_travel(a: Place, b: Place) -> bool:
    """The same stamp cannot have been at both places: farther apart than the tolerance, and farther than
    `travel_speed_kmh` allows in the time between the two checks."""
    km = distance_km(a, b)
    if km <= travel_tolerance_km():
        return False
    hours = abs((a.at - b.at).total_seconds()) / 3600
    return hours == 0 or km / hours > travel_speed_kmh()


def certificate_in_force(certificate: Certificate | None) -> Certificate | None:
    """The certificate itself, or the newest one that replaced it (renewals chain through `superseded_by`)."""
    while certificate is not None and certificate.superseded_by_id:
        certificate = certificate.superseded_by
    return certificate


def is_revoked(stamp: Stamp) -> bool:
    return stamp.revoked_at is not None or stamp.batch.revoked_at is not None


def revoke_reason(stamp: Stamp) -> RevokeReason | None:
    """Why the stamp reads "revoked": its own reason when the stamp itself was revoked, otherwise its batch's;
    None when it is not revoked, or no reason was recorded."""
    if stamp.revoked_at is not None:
        code = stamp.revoke_reason
    elif stamp.batch.revoked_at is not None:
        code = stamp.batch.revoke_reason
    else:
        return None
    return RevokeReason(code) if code in RevokeReason.values else None


def judge(
    *,
    stamp: Stamp | None,
    certificate: Certificate | None,
    today: datetime.date,
    scan_count: int,
    flagged: bool = False,
    travelled_too_fast: bool = False,
) -> Verdict:
    """The verdict of one check. `certificate` is the one in force for the stamp's batch (see
    `certificate_in_force`); `scan_count` counts this check too; `flagged` says an earlier located check
    of this stamp was judged suspicious; `travelled_too_fast` says this check's place is impossible given an
    earlier one (see `impossible_travel`)."""
    if stamp is None:
        return Verdict.UNKNOWN
    if is_revoked(stamp):
        return Verdict.REVOKED
    if flagged or travelled_too_fast or scan_count > scan_limit():
        return Verdict.SUSPICIOUS
    return certificate_verdict(certificate, today)


def certificate_verdict(certificate: Certificate | None, today: datetime.date) -> Verdict:
    """Genuine, extended, expired or withdrawn, from the status of the certificate in force on `today`."""
    status = certificate.status_on(today) if certificate is not None else CertificateStatus.EXPIRED
    if status == CertificateStatus.WITHDRAWN:
        return Verdict.WITHDRAWN
    if status not in SHOWS_STAR:
        return Verdict.EXPIRED
    return Verdict.EXTENDED if status == CertificateStatus.EXTENDED else Verdict.GENUINE


def escalate(verdict: str, *, place: Place, earlier: list[Place]) -> str:
    """The verdict of a check once its place is known: suspicious if the stamp cannot have travelled between
    an earlier located check and this one; otherwise unchanged."""
    if verdict in ESCALATES_TO_SUSPICIOUS and any(impossible_travel(place, other) for other in earlier):
        return Verdict.SUSPICIOUS
    return verdict
