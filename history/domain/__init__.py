"""Bringing a province's history in, and taking it out: producers, products, past results and certificates
since 2019, from one workbook (or CSV) whose format is `history.columns`.

`check_bundle` validates every row and resolves it into a Plan (nothing written); `apply_plan` writes a Plan
without problems, all or nothing, idempotently, audited as an import; `export_bundle` writes a scope's records
in the same shape. `import_certificates` is the certificate-only import of before, kept for its page."""

from .applying import apply_plan
from .certificates import REFORM_DATE, ImportReport, RowError, import_certificates
from .checking import check_bundle
from .exporting import export_bundle
from .plan import Plan, Problem, Summary

__all__ = [
    "REFORM_DATE",
    "ImportReport",
    "Plan",
    "Problem",
    "RowError",
    "Summary",
    "apply_plan",
    "check_bundle",
    "export_bundle",
    "import_certificates",
]
