"""Certificate rules (QĐ 26/2026 Điều 4, 7.6, 8, 12): issuing a certificate (for a recognition, which
`evaluation.domain.recognise` records, or an imported old one); renewal reminders and a late filer's
extension; withdrawal. Every function validates, writes inside one transaction, records audit entries, then
notifies."""

from .issuing import issue_certificate, issue_certificates, supersede
from .renewal import end_extension, extend_for_late_filing, extension_applies, extension_refusal, send_due_reminders
from .withdrawal import withdraw

__all__ = [
    "end_extension",
    "extend_for_late_filing",
    "extension_applies",
    "extension_refusal",
    "issue_certificate",
    "issue_certificates",
    "send_due_reminders",
    "supersede",
    "withdraw",
]
