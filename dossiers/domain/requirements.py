"""What a dossier needs before the producer may submit it (QĐ 26/2026 Điều 6, Phụ lục III Mẫu 01–02).

- Mẫu 01: the commitment ticked; at least 5 product samples (none for tourism services, set 26).
- Mẫu 02: the history (part I), the business results (part II) and plan (part IV) written; for an upgrade or
  a re-evaluation, the changes since recognition too; a self-score with one option on every line of the
  product's sheet (part III).
- What was carried over from the product's last dossier (`carry_over`) reviewed by the producer.
- Documents: the business registration, and for food, beverages and herbal products (sectors I–III, whose
  sheets knock out a dossier without it) the certificate of production / food-safety conditions, each
  attached to the dossier (as a whole or to a criterion) and not past its validity date.

The same checklist is shown on the dossier's page, so the producer sees what is missing before trying."""

import datetime

from django.utils.translation import gettext as _

from criteria.sheets import leaf_codes

from ..models import Application, ApplicationKind, DocumentKind
from ..preview import preview_self_score

MIN_SAMPLES = 5
TOURISM_SET_NUMBER = 26
FOOD_SAFETY_SECTORS = {"I", "II", "III"}


def required_samples(application: Application) -> int:
    return 0 if application.criteria_set.number == TOURISM_SET_NUMBER else MIN_SAMPLES


def required_document_kinds(application: Application) -> list[str]:
    kinds = [DocumentKind.BUSINESS_REGISTRATION]
    if application.criteria_set.group.sector.numeral in FOOD_SAFETY_SECTORS:
        kinds.append(DocumentKind.PRODUCTION_CONDITIONS)
    return kinds


def missing_self_score(application: Application) -> list[str]:
    """The sheet lines the producer has not scored yet, in code order."""
    choices = application.self_choices or {}
    return sorted(leaf_codes(application.criteria_set_id) - set(choices), key=code_key)


def code_key(code: str) -> list:
    return [int(p) if p.isdigit() else p for p in code.split(".")]


def pending_review(application: Application) -> str:
    """What carried over from the last dossier (`carry_over`) the producer has not reviewed yet, as one
    sentence; empty when nothing waits."""
    parts = []
    if application.review_forms:
        parts.append(_("Mẫu 01, Mẫu 02 (bấm “Lưu” sau khi xem lại)"))
    if application.review_lines:
        parts.append(_("bảng tự chấm điểm"))
    evidence = application.evidence.filter(carried_over=True).count()
    if evidence:
        parts.append(
            _("%(count)d minh chứng (bấm “Đã xem lại” ở từng minh chứng, hoặc gỡ minh chứng không còn dùng)")
            % {"count": evidence}
        )
    if not parts:
        return ""
    return _("Chưa xem lại nội dung chuyển từ hồ sơ trước: %(parts)s.") % {"parts": "; ".join(parts)}


def missing_for_submission(application: Application, *, on: datetime.date) -> dict[str, list[str]]:
    """Everything that still keeps the dossier from being submitted, by form field; empty when complete."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if not application.commitment:
        add("commitment", _("Mẫu 01: hãy đánh dấu cam kết về tính trung thực của thông tin."))
    needed = required_samples(application)
    if application.sample_count < needed:
        add("sample_count", _("Mẫu 01: cần nộp ít nhất %(n)s mẫu sản phẩm.") % {"n": needed})
    for field, label in (
        ("history", _("lịch sử hình thành")),
        ("business_results", _("kết quả sản xuất, kinh doanh")),
        ("business_plan", _("kế hoạch sản xuất, kinh doanh")),
    ):
        if not getattr(application, field).strip():
            add(field, _("Mẫu 02: hãy viết phần %(part)s.") % {"part": label})
    if application.kind != ApplicationKind.FIRST and not application.changes_since_recognition.strip():
        add("changes_since_recognition", _("Mẫu 02: hãy nêu những thay đổi so với sản phẩm đã được công nhận."))

    leaves = leaf_codes(application.criteria_set_id)
    if not leaves:
        add("self_choices", _("Phiếu đánh giá của bộ sản phẩm này chưa có trên hệ thống; chưa thể tự chấm điểm."))
    else:
        missing = missing_self_score(application)
        if missing:
            add(
                "self_choices",
                _("Mẫu 02: chưa tự chấm %(count)s tiêu chí (%(codes)s).")
                % {"count": len(missing), "codes": ", ".join(missing[:8]) + ("…" if len(missing) > 8 else "")},
            )
        else:
            # The engine's own checks (an option that exists, one case for all two-case items).
            for message in preview_self_score(application.criteria_set_id, application.self_choices).errors:
                add("self_choices", message)

    review = pending_review(application)
    if review:
        add("carried_over", review)

    attached = {}
    for evidence in application.evidence.select_related("document"):
        attached.setdefault(evidence.document.kind, []).append(evidence.document)
    for kind in required_document_kinds(application):
        documents = attached.get(kind, [])
        label = DocumentKind(kind).label
        if not documents:
            add("documents", _("Chưa đính kèm tài liệu bắt buộc: %(kind)s.") % {"kind": label})
        elif all(d.valid_until and d.valid_until < on for d in documents):
            add("documents", _("Tài liệu “%(kind)s” đã hết hiệu lực: hãy tải lên bản còn hiệu lực.") % {"kind": label})
    return problems
