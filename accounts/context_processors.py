from .models import Role


def navigation(request):
    # Pages refused before authentication runs (core.middleware) have no user yet.
    user = getattr(request, "user", None)
    return {
        "Role": Role,
        "is_officer": getattr(user, "is_officer", False),
    }
