"""The rules of inspections: keyword-only functions that validate, write in one transaction, audit and notify.

- `inspections.open_inspection`, `create_plan`, `transition` (the only way an inspection changes state);
- `visits.record_visit`, `visits.add_evidence` (a follow-up visit closes a remediation);
- `outcomes.record_outcome` (compliant, advice, remediation with a deadline, withdrawal proposal);
- `reminders.send_remediation_reminders` (nightly)."""

from .inspections import create_plan, open_inspection, transition
from .outcomes import record_outcome
from .reminders import send_remediation_reminders
from .visits import add_evidence, record_visit

__all__ = [
    "add_evidence",
    "create_plan",
    "open_inspection",
    "record_outcome",
    "record_visit",
    "send_remediation_reminders",
    "transition",
]
