"""Starting an upgrade or re-evaluation dossier from the product's last dossier (QĐ 26/2026 Điều 6.1.b–c: the
same Mẫu 01 and 02, brought up to date), and the producer's review of what was carried over.

What is carried, and our rule where the sheets differ:
- Mẫu 01/02 texts (samples, history, business results and plan, changes since recognition). Not the
  commitment: the producer commits to each dossier anew.
- The self-score lines and their notes, only when the last dossier was scored on the same sheet (the same
  criteria set of the same legal version). On another version's sheet a code names another criterion with
  other options (QĐ 148's "1.1" is not QĐ 26's), so a position there means nothing here; matching codes
  across sheets would put answers on questions that were never asked.
- The evidence links, to the same library documents (never copied). A link to a criterion keeps its criterion
  only on the same sheet; otherwise it becomes a link to the whole dossier, for the producer to place again.
- Each carried part is marked for review: the Mẫu 01/02 texts until the producer saves them, the self-score
  until the sheet is saved, each evidence link until it is confirmed (or detached). A document past its
  validity date is flagged (`Document.is_expired`, read when shown) and cannot be confirmed: it is replaced.
  Submission waits for the review (`requirements.pending_review`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import domain as audit
from criteria.sheets import leaf_codes

from ..models import Application, Evidence
from .documents import require_editable
from .requirements import code_key

CARRIED_FIELDS = ("sample_count", "history", "business_results", "business_plan", "changes_since_recognition")


def last_dossier(application: Application) -> Application | None:
    """The product's most recent dossier before `application` (all earlier ones have ended: one at a time)."""
    return (
        Application.objects.filter(product_id=application.product_id)
        .exclude(pk=application.pk)
        .order_by("-created_at", "-id")
        .first()
    )


def carry_over(*, application: Application, by) -> Application | None:
    """Fill the new draft `application` from the product's last dossier, by the rules of the module docstring.
    Returns that dossier, or None when the product has none (a certificate imported from before the platform:
    the dossier starts empty). Call inside the transaction that opens the dossier.
    Side effects: the draft's texts, self-score, marks and evidence links; one audit entry listing them."""
    source = last_dossier(application)
    if source is None:
        return None
    texts = [name for name in CARRIED_FIELDS if getattr(source, name) not in ("", None)]
    for name in texts:
        setattr(application, name, getattr(source, name))
    same_sheet = source.criteria_set_id == application.criteria_set_id
    codes = leaf_codes(application.criteria_set_id) if same_sheet else set()
    lines = {code: position for code, position in (source.self_choices or {}).items() if code in codes}
    application.self_choices = lines
    application.self_notes = {code: note for code, note in (source.self_notes or {}).items() if code in codes}
    application.carried_from = source
    application.review_forms = any(name != "sample_count" for name in texts)
    application.review_lines = sorted(lines, key=code_key)
    application.save()
    links: dict[tuple[int, str], Evidence] = {}
    for item in source.evidence.select_related("document").order_by("criterion_code", "id"):
        code = item.criterion_code if item.criterion_code in codes else ""
        links.setdefault(
            (item.document_id, code),
            Evidence(application=application, document=item.document, criterion_code=code, carried_over=True),
        )
    Evidence.objects.bulk_create(links.values())
    documents = [link.document for link in links.values()]
    audit.record(
        actor=by,
        action="update",
        obj=application,
        after={
            "texts": texts,
            "self-score lines": application.review_lines,
            "evidence": [f"{link.criterion_code or '—'}: {link.document.title}" for link in links.values()],
            "expired documents": sorted({d.title for d in documents if d.is_expired}),
        },
        note=_("Chuyển nội dung từ hồ sơ %(code)s (%(kind)s) để chủ thể xem lại")
        % {"code": source.code, "kind": source.get_kind_display()},
    )
    return source


@transaction.atomic
def confirm_evidence(*, evidence: Evidence, by) -> Evidence:
    """The producer has reviewed an evidence link carried over from the last dossier: its mark is cleared.
    Refused for a document past its validity date, which must be replaced by a valid one (and detached).
    Side effects: audit entry on the dossier."""
    application = evidence.application
    require_editable(application, by)
    document = evidence.document
    if document.is_expired:
        raise ValidationError(
            _("Tài liệu “%(title)s” đã hết hiệu lực từ ngày %(date)s: hãy tải lên bản còn hiệu lực rồi gỡ bản này.")
            % {"title": document.title, "date": f"{document.valid_until:%d/%m/%Y}"}
        )
    if evidence.carried_over:
        evidence.carried_over = False
        evidence.save(update_fields=["carried_over"])
        audit.record(
            actor=by,
            action="update",
            obj=application,
            before={"evidence to review": f"{evidence.criterion_code or '—'}: {document.title}"},
            note=_("Xác nhận minh chứng chuyển từ hồ sơ trước"),
        )
    return evidence
