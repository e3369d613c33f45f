"""What a dossier waits for, said in the words of the process (QĐ 26/2026 Điều 7)."""

from django.utils.translation import gettext as _

from .models import Application
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
        S.RETURNED_TO_PROVINCE: _("Chủ tịch UBND tỉnh công nhận 3 hoặc 4 sao theo kết quả của hội đồng trung ương."),
    }
