"""Bringing a province's history in, and taking it out: producers, products, past results and certificates
since 2019, from one workbook (or CSV) whose format is `history.columns`.

`check_bundle` validates every row and resolves it into a Plan (nothing written); `apply_plan` writes a Plan
without problems, all or nothing, idempotently, audited as an import; `export_bundle` writes a scope's records
in the same shape. Certificates recognised before the platform come in this way too (the sheet "Giấy chứng
nhận"): there is no other certificate import."""

from .applying import apply_plan
from .checking import check_bundle
from .checks.base import REFORM_DATE
from .exporting import export_bundle
from .plan import Plan, Problem, Summary

__all__ = [
    "REFORM_DATE",
    "Plan",
    "Problem",
    "Summary",
    "apply_plan",
    "check_bundle",
    "export_bundle",
]
