from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load every reference data set the platform needs: administrative units and the OCOP classification."

    def handle(self, *args, **options):
        call_command("load_areas", stdout=self.stdout)
        call_command("load_criteria", stdout=self.stdout)
