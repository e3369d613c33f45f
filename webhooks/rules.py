from accounts.roles import Role

# An integration's account, for now any officer's or producer's (a council or advisory seat is no integration).
SUBSCRIBERS = {
    Role.PRODUCER,
    Role.COMMUNE_OFFICER,
    Role.PROVINCE_OFFICER,
    Role.INSPECTOR,
    Role.MINISTRY_OFFICER,
    Role.SYSADMIN,
}


def can_subscribe(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in SUBSCRIBERS
