"""`python -m faults.manage <command> ...`: the project's manage.py, with the pause of `faults.pausing`
installed first (the worker, `refresh_rollups`, any command)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()
    from faults import pausing

    pausing.install()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *sys.argv[1:]])
