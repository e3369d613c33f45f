from django.core.management.base import BaseCommand

from areas.loading import load_admin_units


class Command(BaseCommand):
    help = "Load (or refresh) the administrative units of both structures and the old→new mapping."

    def handle(self, *args, **options):
        report = load_admin_units()
        self.stdout.write(
            f"areas: {report.created} created, {report.updated} updated, {report.relinked} relinked, "
            f"{report.mappings} mapping lines written"
        )
