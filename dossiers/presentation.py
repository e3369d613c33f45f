"""What a dossier waits for, and where its content came from, said in the words of the process (QĐ 26/2026
Điều 6–7)."""

from django.contrib import messages
from django.utils.translation import gettext as _

from .models import Application, ApplicationKind
from .models import ApplicationStatus as S


def waiting_for(application: Application) -> str:
    """Who acts next on the dossier, and what they do; empty once it is decided."""
    if application.status == S.SUBMITTED and application.commune_deadline:
        deadline = f"{application.commune_deadline:%d/%m/%Y}"
        if application.is_overdue:
            return _("UBND xã kiểm tra, đánh giá hồ sơ (Mẫu 03): đã quá hạn %(date)s.") % {"date": deadline}
        return _("UBND xã kiểm tra, đánh giá hồ sơ (Mẫu 03), hạn %(date)s.") % {"date": deadline}
    step = _step_texts().get(application.status, "")
    if application.current_deadline:  # a re-evaluation's 45 days (Điều 7.6.g)
        values = {"step": step, "date": f"{application.current_deadline:%d/%m/%Y}"}
        if application.is_overdue:
            return _("%(step)s Đánh giá, phân hạng lại: đã quá hạn 45 ngày (%(date)s).") % values
        return _("%(step)s Đánh giá, phân hạng lại: hạn %(date)s (45 ngày).") % values
    return step


def _step_texts() -> dict:
    return {
        S.DRAFT: _("Chủ thể hoàn thiện Mẫu 01, Mẫu 02, minh chứng và nộp hồ sơ cho UBND xã."),
        S.RETURNED: _("Chủ thể bổ sung hồ sơ theo yêu cầu và nộp lại."),
        S.COMMUNE_REVIEWED: _("Cơ quan quản lý OCOP cấp tỉnh tiếp nhận hồ sơ."),
        S.RECEIVED: _("Cơ quan quản lý OCOP cấp tỉnh đưa hồ sơ vào đợt đánh giá."),
        S.IN_ROUND: _("Hội đồng cấp tỉnh đánh giá, chấm điểm."),
        S.SCORED: _("Chủ tịch UBND tỉnh quyết định công nhận kết quả."),
        S.PROPOSED_5: _("Hội đồng cấp trung ương đánh giá sản phẩm tiềm năng 5 sao."),
        S.CENTRAL_SCORED: _("Bộ trưởng Bộ Nông nghiệp và Môi trường quyết định công nhận."),
        S.RETURNED_TO_PROVINCE: _(
            "Chủ tịch UBND tỉnh quyết định theo kết quả của hội đồng trung ương: công nhận 3 hoặc 4 sao, "
            "đánh giá lại ở cấp tỉnh, hoặc không công nhận."
        ),
    }


def starts_empty(application: Application) -> bool:
    """An upgrade or re-evaluation of a product with no earlier dossier here (its certificate was imported)."""
    return application.kind != ApplicationKind.FIRST and application.carried_from_id is None


def carry_over_notices(application: Application) -> list[tuple[int, str]]:
    """What the producer is told when the dossier is opened: what came from the last dossier and waits for
    review, the documents that have expired since; or that there was nothing to start from."""
    if starts_empty(application):
        return [
            (
                messages.INFO,
                _(
                    "Sản phẩm chưa có hồ sơ trước trên hệ thống (giấy chứng nhận được nhập từ dữ liệu cũ): hồ sơ "
                    "bắt đầu trống, hãy điền Mẫu 01, Mẫu 02, tự chấm điểm và đính kèm minh chứng."
                ),
            )
        ]
    if application.carried_from_id is None:
        return []
    evidence = list(application.evidence.select_related("document"))
    notices = [
        (
            messages.SUCCESS,
            _(
                "Đã lập hồ sơ từ hồ sơ %(code)s: Mẫu 01, Mẫu 02, %(lines)d tiêu chí tự chấm và %(evidence)d minh "
                "chứng được chuyển sang, đánh dấu “chờ xem lại”. Hãy xem lại từng phần và đánh dấu lại cam kết."
            )
            % {
                "code": application.carried_from.code,
                "lines": len(application.review_lines),
                "evidence": len(evidence),
            },
        )
    ]
    expired = sorted({item.document.title for item in evidence if item.document.is_expired})
    if expired:
        notices.append(
            (
                messages.WARNING,
                _("Tài liệu đã hết hiệu lực, cần thay bằng bản còn hiệu lực: %(titles)s.")
                % {"titles": ", ".join(expired)},
            )
        )
    return notices
