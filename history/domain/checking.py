"""Checking a history file (the checks of each sheet are in `checks/`): every row of every sheet, every problem at
once, and every row resolved (its unit, the records it names or matches, what applying it will do), so that writing
needs no more look-ups.

Rows refer to each other: a product names its producer, a result or a certificate its product, in the file or
already on the platform. A row that names a row with problems gets no problem of its own for it (the problem is
reported once, where it is)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from certificates.rules import can_import

from .. import columns as cols
from ..reading import Bundle
from .checks.base import CheckerBase
from .checks.outcomes import OutcomesCheck
from .checks.parties import PartiesCheck
from .plan import Plan, Problem


class _Checker(PartiesCheck, OutcomesCheck, CheckerBase):
    # Whole file --------------------------------------------------------------------------------------------

    def check(self) -> Plan:
        for rows in self.bundle.sheets.values():
            for heading in rows.missing:
                if rows.rows:
                    self.plan.problems.append(
                        Problem(
                            sheet=rows.sheet.title,
                            row=1,
                            column=heading,
                            message=_("Thiếu cột “%(heading)s”.") % {"heading": heading},
                        )
                    )
        if self.plan.problems:
            return self.plan
        if not self.bundle.row_count:
            self.plan.problems.append(Problem(sheet="", row=2, column="", message=_("Tệp không có dòng dữ liệu nào.")))
            return self.plan
        self.check_producers()
        self.check_products()
        self.check_results()
        self.check_certificates()
        order = {s.title: i for i, s in enumerate(cols.SHEETS)}
        self.plan.problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row))
        return self.plan


def check_bundle(bundle: Bundle, *, by, progress=None) -> Plan:
    """Check every row of every sheet of `bundle` for `by`, who must be allowed to import (a province's OCOP
    officer, for their province only, or an administrator; PermissionDenied otherwise). Returns the Plan: all
    problems (sheet, row, column, Vietnamese message), and each good row resolved, with whether it creates,
    updates or leaves its record unchanged. Writes nothing. `progress(done, total)` is called every few hundred
    rows."""
    if not can_import(by):
        raise PermissionDenied
    return _Checker(bundle, by=by, progress=progress).check()
