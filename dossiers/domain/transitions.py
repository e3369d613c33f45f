"""The one place where a dossier changes state. Every step of the workflow (commune check, province
reception, council, recognition) calls `move`, which checks that the step is allowed from the current
state, writes, records the audit entry and notifies the people the dossier now waits for."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit import domain as audit
from notifications.domain import notify

from ..models import Application
from ..models import ApplicationStatus as S

ALLOWED: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.COMMUNE_REVIEWED, S.RETURNED},
    S.RETURNED: {S.SUBMITTED},
    S.COMMUNE_REVIEWED: {S.RECEIVED, S.RETURNED},
    S.RECEIVED: {S.IN_ROUND, S.RETURNED},
    S.IN_ROUND: {S.SCORED, S.RECEIVED},
    S.SCORED: {S.RECOGNISED, S.NOT_RECOGNISED, S.PROPOSED_5, S.IN_ROUND},
    S.PROPOSED_5: {S.CENTRAL_SCORED},
    S.CENTRAL_SCORED: {S.RECOGNISED, S.RETURNED_TO_PROVINCE, S.PROPOSED_5},
    S.RETURNED_TO_PROVINCE: {S.RECOGNISED, S.NOT_RECOGNISED, S.RECEIVED},
    S.RECOGNISED: set(),
    S.NOT_RECOGNISED: set(),
}


def move(application: Application, *, to: str, by, note: str = "", notify_users=(), message: str = "") -> Application:
    """Move `application` to state `to`. Call inside the caller's transaction, after the caller has checked
    the actor's right and written its own records. Side effects: status saved, audit entry (with `note`),
    notifications to `notify_users` with `message` after commit."""
    current = application.status
    if to not in ALLOWED[current]:
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(current)s”, không thể chuyển sang “%(target)s”."),
            code="invalid_transition",
            params={"current": S(current).label, "target": S(to).label},
        )
    application.status = to
    application.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=by, action="transition", obj=application, before={"status": current}, after={"status": to}, note=note
    )
    if notify_users:
        notify(
            users=notify_users, message=message or f"{application}: {S(to).label}", url=application.get_absolute_url()
        )
    return application
