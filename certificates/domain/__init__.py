"""Certificate rules (QĐ 26/2026 Điều 4, 7.6, 8, 12): recognition issues a certificate; renewal reminders and
a late filer's extension; withdrawal; importing certificates recognised before the platform. Every function
validates, writes inside one transaction, records audit entries, then notifies."""

from .importing import ImportReport, RowError, import_certificates
from .recognition import recognise
from .renewal import end_extension, extend_for_late_filing, extension_applies, extension_refusal, send_due_reminders
from .withdrawal import withdraw

__all__ = [
    "ImportReport",
    "RowError",
    "end_extension",
    "extend_for_late_filing",
    "extension_applies",
    "extension_refusal",
    "import_certificates",
    "recognise",
    "send_due_reminders",
    "withdraw",
]
