from django.core.management.base import BaseCommand, CommandError

from core.demo.build import DemoError, build_demo, existing_demo_user
from core.demo.data import DEMO_PASSWORD
from core.demo.plan import plan_demo


class Command(BaseCommand):
    help = (
        "Load the demo data set: producers and products of Hà Nội and Ninh Bình, and one account per role. "
        "Needs the reference data (load_reference_data). Does nothing when the demo is already loaded."
    )

    def handle(self, *args, **options):
        plan = plan_demo()
        if username := existing_demo_user(plan):
            self.stdout.write(
                f"demo: already loaded (user {username} exists), nothing to do. "
                "To rebuild it, start from an empty database."
            )
            return
        try:
            summary = build_demo(plan)
        except DemoError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] == 0:
            return
        statuses = ", ".join(f"{count} {status}" for status, count in summary.producers_by_status.items())
        products = sum(summary.products_by_sector.values())
        lines = [
            f"demo: {len(summary.accounts)} accounts, all with the password {DEMO_PASSWORD}",
            f"demo: {summary.producers_by_kind.total()} producers ({statuses}), "
            f"{summary.legacy_producers} of them recorded on pre-2025 units",
            *(f"        {kind}: {count}" for kind, count in sorted(summary.producers_by_kind.items())),
            f"demo: {products} products, {summary.gtins} with a GTIN, {summary.food_safety_certificates} with a "
            f"food-safety certificate, {summary.ip_titles} IP titles, {summary.images} images",
            *(f"        {sector}: {count}" for sector, count in sorted(summary.products_by_sector.items())),
            "demo: accounts",
            *(
                f"        {user.username:<18} {user.get_role_display():<28} {user.area or user.producer or ''}"
                for user in summary.accounts
            ),
            f"demo: built in {summary.seconds:.1f} s",
        ]
        self.stdout.write("\n".join(lines))
