from .models import Role
from .roles import OFFICE_READERS


def navigation(request):
    # Pages refused before authentication runs (core.middleware) have no user yet.
    user = getattr(request, "user", None)
    return {
        "Role": Role,
        "is_officer": getattr(user, "is_officer", False),
        "shows_programme": getattr(user, "role", None) in OFFICE_READERS,
    }
