from .inspections import inspection_create, inspection_detail, inspection_list, inspection_transition, outcome_create
from .plans import plan_create, plan_detail
from .province import province_view, report_view
from .visits import evidence_add, evidence_file, visit_create, visit_detail

__all__ = [
    "evidence_add",
    "evidence_file",
    "inspection_create",
    "inspection_detail",
    "inspection_list",
    "inspection_transition",
    "outcome_create",
    "plan_create",
    "plan_detail",
    "province_view",
    "report_view",
    "visit_create",
    "visit_detail",
]
