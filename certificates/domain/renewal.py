"""Renewal (QĐ 26/2026 Điều 7.6, 12.3): reminders as the re-evaluation window opens and closes and when a
certificate expires, and the extension of a late filer's certificate until the decision."""

import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from audit import domain as audit
from audit.models import AuditEntry
from dossiers.models import Application, ApplicationKind, ApplicationStatus
from notifications.domain import notify

from ..models import (
    LATE_FILER_GRACE_DAYS,
    RENEWAL_WINDOW_CLOSES_DAYS,
    RENEWAL_WINDOW_OPENS_DAYS,
    Certificate,
    CertificateStatus,
    RenewalReminder,
)
from ..validity import CLOSING_REMINDER_DAYS, days_to_expiry, filing_window, grace_limit, is_late_filing

Kind = RenewalReminder.Kind


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _late_reevaluation(certificate: Certificate) -> Application | None:
    """The re-evaluation dossier, filed after the window, that is still waiting for its decision."""
    dossiers = (
        Application.objects.filter(kind=ApplicationKind.REEVALUATION, submitted_at__isnull=False)
        .filter(Q(previous_certificate=certificate) | Q(product=certificate.product, previous_certificate__isnull=True))
        .exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.RECOGNISED, ApplicationStatus.NOT_RECOGNISED])
        .order_by("submitted_at")
    )
    for dossier in dossiers:
        if is_late_filing(expires_on=certificate.expires_on, filed_on=timezone.localdate(dossier.submitted_at)):
            return dossier
    return None


def extension_refusal(certificate: Certificate, *, today: datetime.date) -> str:
    """Why the late filer's extension may not be recorded for `certificate` on `today`, or "" when it may: the
    certificate is neither withdrawn nor superseded, at most 180 days past expiry, and a re-evaluation dossier
    for it was filed after the window (later than 120 days before expiry) and is still undecided. An extended
    certificate is not refused (extending it again changes nothing)."""
    if certificate.withdrawn_on:
        return _("Giấy chứng nhận đã bị thu hồi, không thể gia hạn.")
    if certificate.superseded_by_id:
        return _("Giấy chứng nhận đã được thay thế bằng giấy mới, không cần gia hạn.")
    if certificate.extended_until:
        return ""
    if today > grace_limit(certificate.expires_on):
        return _("Giấy chứng nhận đã hết hạn quá %(days)s ngày (từ %(date)s), không thể gia hạn.") % {
            "days": LATE_FILER_GRACE_DAYS,
            "date": _d(certificate.expires_on),
        }
    if _late_reevaluation(certificate) is None:
        return _(
            "Chỉ gia hạn khi chủ thể đã nộp hồ sơ đánh giá lại sau thời hạn (sau ngày %(date)s) "
            "và hồ sơ đang chờ quyết định."
        ) % {"date": _d(filing_window(certificate.expires_on)[1])}
    return ""


def extension_applies(*, certificate: Certificate, today: datetime.date) -> bool:
    """Whether recording the late filer's extension would change the certificate on `today`: it is not
    extended yet and `extension_refusal` has no objection. Pages offer the action only then."""
    return not certificate.extended_until and not extension_refusal(certificate, today=today)


@transaction.atomic
def extend_for_late_filing(*, certificate: Certificate, by) -> Certificate:
    """Keep a late filer's certificate valid until the re-evaluation decision, at most 180 days after its
    expiry (Điều 12.3): sets `extended_until = expires_on + 180 days`.

    Validates: `extension_refusal` (not withdrawn nor superseded, within 180 days of expiry, a late and
    undecided re-evaluation dossier). Already extended: returned unchanged. Side effects: audit entry; the
    producer's users are notified."""
    refusal = extension_refusal(certificate, today=timezone.localdate())
    if refusal:
        raise ValidationError(refusal)
    if certificate.extended_until:
        return certificate
    limit = grace_limit(certificate.expires_on)
    before = audit.snapshot(certificate, ["extended_until"])
    certificate.extended_until = limit
    certificate.save(update_fields=["extended_until"])
    audit.record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=certificate,
        note=_("Gia hạn do nộp hồ sơ đánh giá lại muộn"),
        before=before,
        after=audit.snapshot(certificate, ["extended_until"]),
    )
    notify(
        users=people.producer_users(certificate.product.producer_id),
        message=_(
            "Giấy chứng nhận OCOP số %(number)s của sản phẩm %(product)s được giữ hiệu lực đến khi có quyết định "
            "đánh giá lại, chậm nhất đến ngày %(date)s."
        )
        % {"number": certificate.number, "product": certificate.product.name, "date": _d(limit)},
        url=certificate.get_absolute_url(),
    )
    return certificate


@transaction.atomic
def end_extension(*, certificate: Certificate, decided_on: datetime.date, by) -> Certificate:
    """The re-evaluation was decided without recognising the product: the extension ends on the decision
    date (or is dropped if the decision came before expiry). Side effects: audit entry. No extension:
    returned unchanged."""
    if not certificate.extended_until:
        return certificate
    before = audit.snapshot(certificate, ["extended_until"])
    certificate.extended_until = (
        min(decided_on, certificate.extended_until) if decided_on > certificate.expires_on else None
    )
    certificate.save(update_fields=["extended_until"])
    after = audit.snapshot(certificate, ["extended_until"])
    audit.record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=certificate,
        before=before,
        after=after,
        note=_("Kết thúc gia hạn: hồ sơ đánh giá lại không được công nhận"),
    )
    return certificate


def _stage(certificate: Certificate, today: datetime.date, filed: bool) -> str | None:
    """The reminder due today, if any: the stage the certificate is in. A stage that was missed (the job
    did not run) is not sent late once the next one applies."""
    if certificate.status_on(today) == CertificateStatus.EXPIRED:
        return Kind.EXPIRED if today <= grace_limit(certificate.expires_on) else None
    days = days_to_expiry(certificate.expires_on, today)
    if filed or not RENEWAL_WINDOW_CLOSES_DAYS <= days <= RENEWAL_WINDOW_OPENS_DAYS:
        return None
    return Kind.WINDOW_CLOSING if days <= CLOSING_REMINDER_DAYS else Kind.WINDOW_OPEN


def _message(kind: str, certificate: Certificate, today: datetime.date) -> str:
    opens, closes = filing_window(certificate.expires_on)
    values = {
        "number": certificate.number,
        "product": certificate.product.name,
        "expires": _d(certificate.expires_on),
        "opens": _d(opens),
        "closes": _d(closes),
        "days": (closes - today).days,
        "limit": _d(grace_limit(certificate.expires_on)),
    }
    if kind == Kind.WINDOW_OPEN:
        text = _(
            "Giấy chứng nhận OCOP số %(number)s (%(product)s) hết hạn ngày %(expires)s. Hãy nộp hồ sơ đánh giá "
            "lại từ ngày %(opens)s đến ngày %(closes)s."
        )
    elif kind == Kind.WINDOW_CLOSING:
        text = _(
            "Còn %(days)s ngày để nộp hồ sơ đánh giá lại sản phẩm %(product)s (hạn cuối %(closes)s); giấy chứng "
            "nhận số %(number)s hết hạn ngày %(expires)s."
        )
    else:
        text = _(
            "Giấy chứng nhận OCOP số %(number)s (%(product)s) đã hết hiệu lực từ ngày %(expires)s; sản phẩm không "
            "còn được dùng hạng sao OCOP. Nếu nộp hồ sơ đánh giá lại, giấy được giữ hiệu lực đến khi có quyết định, "
            "chậm nhất đến ngày %(limit)s."
        )
    return text % values


def send_due_reminders(*, today: datetime.date) -> int:
    """Send each certificate's renewal reminders that are due on `today`: when the re-evaluation window
    opens (≤ 180 days to expiry), when it is closing (≤ 130 days, 10 days before the 120-day limit), and
    when the certificate has expired (within the 180 days a late filing can still save it). Window
    reminders are skipped once a re-evaluation or upgrade dossier has been filed. One reminder per kind
    and certificate ever (RenewalReminder rows), so re-running is harmless. Notifies the producer's users
    and the commune's officers, and of an expiry the province's inspectors too. Returns the number of reminders sent."""
    horizon = datetime.timedelta(days=RENEWAL_WINDOW_OPENS_DAYS)
    grace = datetime.timedelta(days=LATE_FILER_GRACE_DAYS)
    certificates = list(
        Certificate.objects.filter(
            superseded_by__isnull=True, expires_on__gte=today - grace, expires_on__lte=today + horizon
        )
        .exclude(withdrawn_on__lte=today)
        .select_related("product__producer")
    )
    if not certificates:
        return 0
    sent_before = set(
        RenewalReminder.objects.filter(certificate__in=certificates).values_list("certificate_id", "kind")
    )
    filings: dict[int, list[datetime.date]] = {}
    for product_id, submitted_at in Application.objects.filter(
        product_id__in={c.product_id for c in certificates},
        kind__in=[ApplicationKind.REEVALUATION, ApplicationKind.UPGRADE],
        submitted_at__isnull=False,
    ).values_list("product_id", "submitted_at"):
        filings.setdefault(product_id, []).append(timezone.localdate(submitted_at))
    producers = {c.product.producer_id: c.product.producer for c in certificates}
    users = people.users_of_producers(producers)
    officers = people.officers_of_communes(people.commune_of(producer=p) for p in producers.values())
    inspectors_of = functools.cache(people.inspectors)

    count = 0
    for certificate in certificates:
        filed = any(day >= certificate.issued_on for day in filings.get(certificate.product_id, []))
        kind = _stage(certificate, today, filed)
        if kind is None or (certificate.pk, kind) in sent_before:
            continue
        with transaction.atomic():
            _, created = RenewalReminder.objects.get_or_create(certificate=certificate, kind=kind)
            if not created:
                continue
            producer = certificate.product.producer
            # An expiry is the inspectors' business too: the product may stay on shelves as OCOP.
            watchers = inspectors_of(producer.current_province_id) if kind == Kind.EXPIRED else []
            notify(
                users=users.get(producer.pk, []) + officers.get(people.commune_of(producer=producer), []) + watchers,
                message=_message(kind, certificate, today),
                url=certificate.get_absolute_url(),
            )
        count += 1
    return count
