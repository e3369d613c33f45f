"""Evaluation rules: rounds and councils, assignment, members' sheets, closing, and the decisions on results,
recognition included. Views, the API and commands call these functions; none of them changes an evaluation by hand."""

from .assignment import assign_to_round, assignable_applications, record_site_visit, remove_from_round
from .decisions import decide_central_result, decide_provincial_result
from .opinions import call_meeting, flag_site_inspection
from .recognition import recognise
from .rounds import (
    add_member,
    create_round,
    eligible_accounts,
    remove_member,
    set_regulation,
    set_round_status,
    update_round,
)
from .sessions import close_evaluation, reopen_evaluation
from .sheets import save_sheet, submit_sheet

__all__ = [
    "add_member",
    "assign_to_round",
    "assignable_applications",
    "call_meeting",
    "close_evaluation",
    "create_round",
    "decide_central_result",
    "decide_provincial_result",
    "eligible_accounts",
    "flag_site_inspection",
    "recognise",
    "record_site_visit",
    "remove_from_round",
    "remove_member",
    "reopen_evaluation",
    "save_sheet",
    "set_regulation",
    "set_round_status",
    "submit_sheet",
    "update_round",
]
