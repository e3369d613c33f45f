"""Stamp rules: ordering a batch for a certified product, issuing its serials all or nothing (and resuming a
batch or a sheet whose job died), printing and exporting it, revoking stamps. Views, commands and jobs all call
these functions."""

from .issuing import is_stalled, issue_batch, resume_batch
from .ordering import batch_max, certificate_for_stamps, order_batch
from .revoking import revoke_batch, revoke_stamps
from .sheets import (
    check_printable,
    csv_lines,
    is_sheet_stalled,
    no_star_reason,
    render_sheet,
    request_sheet,
    resume_sheet,
    sheet_max,
)

__all__ = [
    "batch_max",
    "certificate_for_stamps",
    "check_printable",
    "csv_lines",
    "is_sheet_stalled",
    "is_stalled",
    "issue_batch",
    "no_star_reason",
    "order_batch",
    "render_sheet",
    "request_sheet",
    "resume_batch",
    "resume_sheet",
    "revoke_batch",
    "revoke_stamps",
    "sheet_max",
]
