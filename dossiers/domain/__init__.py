"""Dossier rules, by stage: filing rules (`filing`), the producer's dossier (`applications`), what an upgrade
or re-evaluation brings from the product's last dossier (`carry_over`), documents and evidence (`documents`),
the commune's check and the province's reception (`review`). Every status change goes through
`transitions.move`."""

from .applications import (
    create_application,
    delete_application,
    save_self_assessment,
    submit_application,
    update_application,
)
from .carry_over import confirm_evidence
from .documents import attach_evidence, detach_evidence, update_document, upload_document, upload_evidence
from .review import receive_application, return_by_province, review_by_commune

__all__ = [
    "attach_evidence",
    "confirm_evidence",
    "create_application",
    "delete_application",
    "detach_evidence",
    "receive_application",
    "return_by_province",
    "review_by_commune",
    "save_self_assessment",
    "submit_application",
    "update_application",
    "update_document",
    "upload_document",
    "upload_evidence",
]
