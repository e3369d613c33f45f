"""Who may do what with a province's history. Importing is `certificates.rules.can_import` (a province's OCOP
officers, administrators); seeing an import job is `ImportJob.objects.visible_to`."""

from accounts import scope
from accounts.models import Role
from certificates.rules import can_import


def can_export(user) -> bool:
    """Downloading a province's history: whoever may import it, and the ministry's officers (any province)."""
    return can_import(user) or (user.is_authenticated and user.role == Role.MINISTRY_OFFICER)


def export_provinces(user, provinces):
    """The provinces `user` may download, out of the `provinces` queryset: a province officer's own, any for
    the national roles."""
    if not can_export(user):
        return provinces.none()
    return scope.in_area(user, provinces)


def imports_into(user, province_id: int | None) -> bool:
    """`user` may import records of province `province_id`: they may import at all (`can_import`) and the
    province is theirs (an administrator: any)."""
    return can_import(user) and scope.area_within(user, province_id)
