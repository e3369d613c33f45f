"""Who configures the signing keys: a province's OCOP officer for their own province, the national roles (the
ministry's officers, system administrators) for the central level; a system administrator for any province."""

from accounts.roles import Role


def can_open_signing(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in {Role.PROVINCE_OFFICER, *NATIONAL_ROLES}


NATIONAL_ROLES = {Role.MINISTRY_OFFICER, Role.SYSADMIN}


def can_configure(user, province) -> bool:
    """`province` None: the central level."""
    if not (user.is_authenticated and user.is_active):
        return False
    if province is None:
        return user.role in NATIONAL_ROLES
    if user.role == Role.SYSADMIN:
        return True
    return user.role == Role.PROVINCE_OFFICER and user.area_id == province.pk
