"""Who may do what with a dossier. Seeing is `Application.objects.visible_to` (outside it: 404); these
predicates decide acting, for views, templates and domain functions alike."""

from accounts import scope
from accounts.models import Role

from .models import ApplicationStatus

EDITABLE = {ApplicationStatus.DRAFT, ApplicationStatus.RETURNED}
PROVINCE_RETURNABLE = {ApplicationStatus.COMMUNE_REVIEWED, ApplicationStatus.RECEIVED}


def is_applicant(user, application) -> bool:
    """A user of the producer that owns the dossier's product: they fill Mẫu 01 and 02 and sign them."""
    return scope.owns(user, application)


def can_create_application(user) -> bool:
    return user.is_authenticated and user.role == Role.PRODUCER and user.producer_id is not None


def can_edit_application(user, application) -> bool:
    """The applicant, while the dossier is a draft or has been returned for completion."""
    return application.status in EDITABLE and is_applicant(user, application)


def can_delete_application(user, application) -> bool:
    """A draft that was never submitted (a submitted dossier stays, for the record)."""
    return (
        application.status == ApplicationStatus.DRAFT
        and application.submitted_at is None
        and is_applicant(user, application)
    )


def is_commune_officer_of(user, application) -> bool:
    return user.is_authenticated and user.role == Role.COMMUNE_OFFICER and scope.covers(user, application)


def can_review_as_commune(user, application) -> bool:
    """The officers of the commune the dossier was filed with, while it waits for their check."""
    return application.status == ApplicationStatus.SUBMITTED and is_commune_officer_of(user, application)


def is_province_officer_of(user, application) -> bool:
    return user.is_authenticated and user.role == Role.PROVINCE_OFFICER and scope.covers(user, application)


def can_receive_as_province(user, application) -> bool:
    return application.status == ApplicationStatus.COMMUNE_REVIEWED and is_province_officer_of(user, application)


def can_return_as_province(user, application) -> bool:
    return application.status in PROVINCE_RETURNABLE and is_province_officer_of(user, application)


def can_manage_documents(user, producer_id: int | None) -> bool:
    """Only the producer's own users upload to, and attach from, its document library."""
    return scope.is_producer_user(user, producer_id)
