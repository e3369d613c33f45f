from accounts.models import Role


def navigation(request):
    user = request.user
    return {
        "Role": Role,
        "is_officer": getattr(user, "is_officer", False),
    }
