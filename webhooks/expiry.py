"""Certificate expiry events. A certificate expires by the calendar (its status is computed at read time), so no
change is audited: this job, run hourly or nightly, emits certificate.expired for each certificate whose last
valid day (its extension's, if it has one) fell since the last run. Where it stopped is a cursor in the database;
each event also carries a key (number and last valid day), so a run that repeats a day emits nothing twice."""

import datetime

from django.db import transaction
from django.db.models import Q

from certificates.models import Certificate, CertificateStatus
from certificates.queries import status_q

from .models import Cursor, EventType
from .outbox import certificate_data, emit

CURSOR = "certificate.expired"


@transaction.atomic
def emit_expired(*, today: datetime.date) -> int:
    """Emit the expiries of the days from the cursor up to yesterday (the first run: yesterday's only); move the
    cursor to today. Returns how many events were emitted."""
    cursor, _created = Cursor.objects.select_for_update().get_or_create(
        name=CURSOR, defaults={"day": today - datetime.timedelta(days=1)}
    )
    since = cursor.day
    ended = Q(extended_until__isnull=True, expires_on__gte=since, expires_on__lt=today) | Q(
        extended_until__gte=since, extended_until__lt=today
    )
    expired = (
        Certificate.objects.filter(status_q(CertificateStatus.EXPIRED, today))
        .filter(ended)
        .select_related("product__producer", "province")
        .order_by("expires_on", "id")
    )
    emitted = 0
    for certificate in expired:
        last_day = certificate.extended_until or certificate.expires_on
        event = emit(
            kind=EventType.CERTIFICATE_EXPIRED,
            model=Certificate,
            pk=certificate.pk,
            payload=lambda certificate=certificate: certificate_data(certificate, day=today),
            key=f"{CURSOR}:{certificate.number}:{last_day.isoformat()}",
        )
        emitted += event is not None
    if today > cursor.day:
        cursor.day = today
        cursor.save(update_fields=["day"])
    return emitted
