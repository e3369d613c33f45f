"""The programme's pages, by feature; `urls.py` reads them from here."""

from .events import (
    attendance_import,
    attendance_template,
    attendee_add,
    attendee_remove,
    event_create,
    event_delete,
    event_detail,
    event_edit,
    event_list,
)
from .plans import plan_create, plan_delete, plan_edit, plan_list, plan_shares
from .support import (
    assignment_create,
    assignment_end,
    consultant_create,
    consultant_detail,
    consultant_edit,
    consultant_list,
    funding_create,
    funding_delete,
    funding_edit,
    funding_list,
)

__all__ = [
    "assignment_create",
    "assignment_end",
    "attendance_import",
    "attendance_template",
    "attendee_add",
    "attendee_remove",
    "consultant_create",
    "consultant_detail",
    "consultant_edit",
    "consultant_list",
    "event_create",
    "event_delete",
    "event_detail",
    "event_edit",
    "event_list",
    "funding_create",
    "funding_delete",
    "funding_edit",
    "funding_list",
    "plan_create",
    "plan_delete",
    "plan_edit",
    "plan_list",
    "plan_shares",
]
