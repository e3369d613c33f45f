"""The producer's side of a dossier: opening it, filling Mẫu 01 and Mẫu 02 (with the self-score), deleting
a draft, and submitting it to the commune (QĐ 26/2026 Điều 5–7)."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people, scope
from audit import domain as audit
from certificates.domain import extend_for_late_filing
from criteria.models import LegalVersion
from criteria.sheets import sheet_layout
from producers.models import Producer
from products.models import Product

from ..deadlines import commune_deadline
from ..models import FINAL_STATUSES, Application, ApplicationKind, ApplicationStatus
from ..rules import can_create_application, can_delete_application
from .carry_over import carry_over
from .documents import require_editable
from .filing import check_filing
from .requirements import missing_for_submission
from .transitions import move

FORM_FIELDS = (
    "sample_count",
    "commitment",
    "history",
    "business_results",
    "business_plan",
    "changes_since_recognition",
)
AUDITED = ["kind", "product", "legal_version", "criteria_set", "previous_certificate", *FORM_FIELDS]
MAX_NOTE = 2000


def legal_version_in_force(on: datetime.date) -> LegalVersion | None:
    """The newest legal version in force on `on` (during a transition two are; the newer one applies)."""
    return (
        LegalVersion.objects.filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from")
        .first()
    )


@transaction.atomic
def create_application(*, product: Product, kind: str, by, sample_count: int | None = None) -> Application:
    """Open a dossier (draft) for `product`, under the legal version in force today and the product's criteria
    set. For an upgrade or a re-evaluation it records the certificate it follows up.

    Validates: `by` is one of the product's producer's users; the producer is verified and has a current
    commune; the product has no dossier in progress; the product's criteria set belongs to the version in
    force; the filing rules (`filing.check_filing`). Side effects: the Application row, an audit entry; for
    an upgrade or a re-evaluation, what `carry_over.carry_over` brings from the product's last dossier (if
    it has one; `carried_from` stays empty otherwise)."""
    if not (can_create_application(by) and scope.owns(by, product)):
        raise PermissionDenied
    today = timezone.localdate()
    # Lock the product so two clicks never open two dossiers.
    product = (
        Product.objects.select_for_update(of=("self",)).select_related("producer", "criteria_set").get(pk=product.pk)
    )
    producer = product.producer
    if producer.status != Producer.Status.VERIFIED:
        raise ValidationError(_("Chủ thể chưa được xã xác minh nên chưa đăng ký đánh giá được."))
    if producer.current_commune_id is None:
        raise ValidationError(_("Địa chỉ của chủ thể chưa có xã tương ứng hiện nay: hãy cập nhật địa chỉ."))
    open_dossier = product.applications.exclude(status__in=[s.value for s in FINAL_STATUSES]).first()
    if open_dossier is not None:
        raise ValidationError(
            {"product": [_("Sản phẩm đang có hồ sơ %(code)s chưa kết thúc.") % {"code": open_dossier.code}]}
        )
    version = legal_version_in_force(today)
    if version is None or product.criteria_set.legal_version_id != version.pk:
        raise ValidationError(
            {"product": [_("Bộ sản phẩm của sản phẩm không thuộc văn bản đang có hiệu lực: hãy cập nhật sản phẩm.")]}
        )
    filing = check_filing(kind=kind, product=product, on=today)
    application = Application(
        product=product,
        kind=kind,
        legal_version=version,
        criteria_set=product.criteria_set,
        commune_id=producer.current_commune_id,
        province_id=producer.current_province_id,
        previous_certificate=filing.certificate,
    )
    application.sample_count = 0 if product.criteria_set.number == 26 else 5
    if sample_count is not None:
        application.sample_count = sample_count
    application.save()
    audit.record(actor=by, action="create", obj=application, after=audit.snapshot(application, AUDITED))
    if kind in (ApplicationKind.UPGRADE, ApplicationKind.REEVALUATION):
        carry_over(application=application, by=by)
    return application


@transaction.atomic
def update_application(*, application: Application, by, **fields: Any) -> Application:
    """Save Mẫu 01 (samples, commitment) and the written parts of Mẫu 02; saving them confirms texts carried
    over from the last dossier (the review mark is cleared). Side effects: audit entry."""
    unknown = set(fields) - set(FORM_FIELDS)
    if unknown:
        raise TypeError(f"not dossier form fields: {sorted(unknown)}")
    require_editable(application, by)
    audited = [*FORM_FIELDS, "review_forms"]
    before = audit.snapshot(application, audited)
    for name, value in fields.items():
        setattr(application, name, value.strip() if isinstance(value, str) else value)
    if application.sample_count is None or application.sample_count < 0:
        raise ValidationError({"sample_count": [_("Số mẫu sản phẩm không hợp lệ.")]})
    application.review_forms = False
    application.save()
    audit.record(actor=by, action="update", obj=application, before=before, after=audit.snapshot(application, audited))
    return application


def clean_self_score(application: Application, choices: dict, notes: dict) -> tuple[dict[str, int], dict[str, str]]:
    """Keep only well-formed entries: a code of a sheet line and the position of one of its options; raise a
    ValidationError naming the lines whose value is not an option."""
    layout = sheet_layout(application.criteria_set_id)
    clean: dict[str, int] = {}
    errors = []
    for code, value in choices.items():
        leaf = layout.leaf(code)
        try:
            position = int(value)
        except (TypeError, ValueError):
            position = None
        if leaf is None or leaf.choice(position) is None:
            errors.append(code)
            continue
        clean[code] = position
    if errors:
        raise ValidationError(
            {
                "self_choices": [
                    _("Phương án không hợp lệ ở tiêu chí: %(codes)s.") % {"codes": ", ".join(sorted(errors))}
                ]
            }
        )
    clean_notes = {
        code: text.strip()[:MAX_NOTE]
        for code, text in notes.items()
        if layout.leaf(code) is not None and (text or "").strip()
    }
    return clean, clean_notes


def _score_snapshot(choices: dict, notes: dict) -> dict:
    # One audit key per sheet line, so the entry lists exactly the lines that changed.
    return {
        **{f"tự chấm {code}": value for code, value in choices.items()},
        **{f"thuyết minh {code}": text for code, text in notes.items()},
    }


@transaction.atomic
def save_self_assessment(*, application: Application, by, choices: dict, notes: dict) -> Application:
    """Save the producer's self-score (Mẫu 02 part III): `choices` {criterion code: 1-based option position}
    as the scoring engine takes it, and `notes` {criterion code: description}. A partial score may be saved
    while drafting; submission requires it complete. Saving the sheet confirms the lines carried over from the
    last dossier (their review marks are cleared). Side effects: audit entry with the changed lines."""
    require_editable(application, by)
    clean, clean_notes = clean_self_score(application, choices, notes)
    before = _score_snapshot(application.self_choices or {}, application.self_notes or {})
    application.self_choices, application.self_notes = clean, clean_notes
    application.review_lines = []
    application.save(update_fields=["self_choices", "self_notes", "review_lines", "updated_at"])
    audit.record(
        actor=by,
        action="update",
        obj=application,
        before=before,
        after=_score_snapshot(clean, clean_notes),
        note=_("Tự chấm điểm"),
    )
    return application


@transaction.atomic
def delete_application(*, application: Application, by) -> None:
    """Delete a draft that was never submitted; its documents stay in the library. Side effects: audit entry."""
    if not can_delete_application(by, application):
        raise PermissionDenied
    audit.record(actor=by, action="delete", obj=application, before=audit.snapshot(application, AUDITED))
    application.delete()


@transaction.atomic
def submit_application(*, application: Application, by) -> Application:
    """Submit the dossier (a draft, or a returned one after completion) to the commune.

    Validates: `by` is the applicant and the dossier is a draft or returned; the checklist of
    `requirements.missing_for_submission` (all problems reported at once); the filing rules again on today's
    date. Side effects: `submitted_at` = now, `commune_deadline` = 15 working days later, the return reason
    cleared; audit entry; status → SUBMITTED via `move`, notifying the commune's officers; for a late
    re-evaluation, the certificate is extended until the decision (`certificates.domain.extend_for_late_filing`)."""
    require_editable(application, by)
    now = timezone.now()
    today = timezone.localdate(now)
    problems = missing_for_submission(application, on=today)
    try:
        filing = check_filing(kind=application.kind, product=application.product, on=today)
    except ValidationError as error:
        problems.setdefault("kind", []).extend(error.message_dict["kind"])
        filing = None
    if problems:
        raise ValidationError(problems)
    if application.kind != ApplicationKind.FIRST and filing.certificate.pk != application.previous_certificate_id:
        raise ValidationError(
            {"kind": [_("Giấy chứng nhận của sản phẩm đã thay đổi từ khi lập hồ sơ: hãy lập hồ sơ mới.")]}
        )
    before = audit.snapshot(application, ["submitted_at", "commune_deadline", "returned_reason"])
    resubmission = application.status == ApplicationStatus.RETURNED
    application.submitted_at = now
    application.commune_deadline = commune_deadline(today)
    application.returned_reason = ""
    application.save(update_fields=["submitted_at", "commune_deadline", "returned_reason", "updated_at"])
    audit.record(
        actor=by,
        action="update",
        obj=application,
        before=before,
        after=audit.snapshot(application, ["submitted_at", "commune_deadline", "returned_reason"]),
    )
    message = (
        _("Hồ sơ %(product)s (%(kind)s) được nộp lại sau khi bổ sung; hạn đánh giá %(deadline)s.")
        if resubmission
        else _("Hồ sơ mới: %(product)s (%(kind)s) chờ xã kiểm tra, đánh giá; hạn %(deadline)s.")
    )
    move(
        application,
        to=ApplicationStatus.SUBMITTED,
        by=by,
        note=_("Nộp lại sau khi bổ sung") if resubmission else _("Nộp hồ sơ"),
        notify_users=people.commune_officers(dossier=application),
        message=message
        % {
            "product": application.product.name,
            "kind": application.get_kind_display(),
            "deadline": f"{application.commune_deadline:%d/%m/%Y}",
        },
    )
    if filing.late:
        extend_for_late_filing(certificate=filing.certificate, by=by)
    return application
