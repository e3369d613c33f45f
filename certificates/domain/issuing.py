"""Writing certificates: numbering, and the one function that creates a certificate row, whoever decided it (a
recognition recorded by `evaluation.domain.recognise`, an old decision brought in by `history.domain`). The
callers check the decision; these functions run inside their transaction. (The people to tell are
`accounts.people`'s.)"""

import datetime

from django.utils.translation import gettext as _

from audit import domain as audit
from audit.models import AuditEntry
from core.codes import random_code

from ..models import Certificate, Recognition
from ..validity import expiry_for


def new_number(*, province_code: str, year: int) -> str:
    """An opaque, unique, readable certificate number: OCOP-<province code>-<year>-<6 Crockford base32>.
    The random part makes it unguessable, so it can be the certificate's public identifier."""
    while True:
        number = f"OCOP-{province_code}-{year}-{random_code(6)}"
        if not Certificate.objects.filter(number=number).exists():
            return number


def issue_certificate(
    *,
    product,
    stars: int,
    legal_version,
    province,
    area_at_issue,
    decision_number: str,
    decision_date: datetime.date,
    issued_on: datetime.date,
    by,
    note: str,
    number: str = "",
    application=None,
    recognition: Recognition | None = None,
    imported: bool = False,
) -> Certificate:
    """Create one certificate: numbered `number`, or a new opaque number of `province` and the year of issue;
    valid 36 months from `issued_on`. Side effects: an audit entry by `by` with `note`."""
    certificate = Certificate.objects.create(
        number=number or new_number(province_code=province.code, year=issued_on.year),
        product=product,
        application=application,
        recognition=recognition,
        stars=stars,
        legal_version=legal_version,
        province=province,
        area_at_issue=area_at_issue,
        decision_number=decision_number,
        decision_date=decision_date,
        issued_on=issued_on,
        expires_on=expiry_for(issued_on),
        imported=imported,
    )
    audit.record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=certificate,
        after=audit.snapshot(certificate),
        note=note,
    )
    return certificate


def issue_certificates(*, rows: list[dict], by) -> list[Certificate]:
    """`issue_certificate` for many at once (an import): each of `rows` holds its keyword arguments but `by`;
    written in bulk, with the same numbering, validity and an audit entry each."""
    certificates = []
    for row in rows:
        fields = dict(row)
        note = fields.pop("note")
        certificates.append((Certificate(**fields), note))
    given = {c.number for c, _note in certificates if c.number}
    if Certificate.objects.filter(number__in=given).exists():
        raise ValueError("a certificate number given is already used")
    used = set(given)
    fresh = []
    for certificate, _note in certificates:
        certificate.expires_on = expiry_for(certificate.issued_on)
        while not certificate.number:
            number = f"OCOP-{certificate.province.code}-{certificate.issued_on.year}-{random_code(6)}"
            if number not in used:
                certificate.number = number
                fresh.append(certificate)
        used.add(certificate.number)
    # The random part makes a clash with a stored number unlikely; it is checked once, for all of them.
    clashing = set(Certificate.objects.filter(number__in=[c.number for c in fresh]).values_list("number", flat=True))
    for certificate in fresh:
        if certificate.number in clashing:
            certificate.number = new_number(province_code=certificate.province.code, year=certificate.issued_on.year)
    Certificate.objects.bulk_create([c for c, _note in certificates], batch_size=1000)
    audit.record_many(
        actor=by,
        action=AuditEntry.Action.CREATE,
        changes=[(c, None, audit.snapshot(c), note) for c, note in certificates],
    )
    return [c for c, _note in certificates]


def supersede(*, new: Certificate, previous: Certificate | None, by) -> None:
    """Mark the certificate that `new` (an upgrade or a re-evaluation) replaces: `previous` when the dossier
    names one, otherwise the product's newest certificate still in force (a withdrawn one stays withdrawn).
    Side effects: an audit entry on the superseded certificate."""
    previous = previous or (
        Certificate.objects.filter(product_id=new.product_id, superseded_by__isnull=True, withdrawn_on__isnull=True)
        .exclude(pk=new.pk)
        .order_by("-issued_on", "-id")
        .first()
    )
    if previous is None or previous.pk == new.pk or previous.superseded_by_id or previous.withdrawn_on:
        return
    before = audit.snapshot(previous, ["superseded_by"])
    previous.superseded_by = new
    previous.save(update_fields=["superseded_by"])
    after = audit.snapshot(previous, ["superseded_by"])
    audit.record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=previous,
        before=before,
        after=after,
        note=_("Được thay thế bằng giấy chứng nhận %(number)s") % {"number": new.number},
    )
