from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.build import DemoError, build_demo, existing_demo_user
from demo.data import DEMO_PASSWORD
from demo.lifecycle import build_lifecycle, existing_lifecycle_user
from demo.market import build_market, market_loaded
from demo.plan import plan_demo
from demo.programme import build_programme, programme_loaded
from demo.signing import demo_decision_signed, sign_demo_decision


class Command(BaseCommand):
    help = (
        "Load the demo data set: producers and products of Hà Nội and Ninh Bình, one account per role, then "
        "the lifecycle (dossiers at every step, a scored and decided provincial round, the central round, "
        "certificates, stamps). Needs the reference data (load_reference_data). Each part is loaded once: "
        "running it again adds nothing."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 0
        try:
            self._signing(verbose)
            self._base(plan_demo(), verbose)
            self._lifecycle(verbose)
            self._programme(verbose)
            self._market(verbose)
            self._signed_decision()
        except DemoError as error:
            raise CommandError(str(error)) from error

    def _signing(self, verbose: bool) -> None:
        """The test CA's keys for the demo's provinces and the ministry, so its certificates print signed."""
        if not settings.SIGNING_TEST_CA:
            self.stdout.write("demo: no test signing keys (SIGNING_TEST_CA is off): documents print unsigned")
            return
        call_command("signing_test_ca", province=["01", "37"], verbosity=int(verbose), stdout=self.stdout)

    def _base(self, plan, verbose: bool) -> None:
        if username := existing_demo_user(plan):
            self.stdout.write(f"demo: producers and products already loaded (user {username} exists)")
            return
        summary = build_demo(plan)
        if not verbose:
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
            *self._accounts(summary.accounts),
            f"demo: built in {summary.seconds:.1f} s",
        ]
        self.stdout.write("\n".join(lines))

    def _lifecycle(self, verbose: bool) -> None:
        if username := existing_lifecycle_user():
            self.stdout.write(
                f"demo: lifecycle already loaded (user {username} exists), nothing to do. "
                "To rebuild the demo, start from an empty database."
            )
            return
        summary = build_lifecycle()
        if not verbose:
            return
        lines = [
            f"demo: lifecycle: {len(summary.accounts)} more accounts (password {DEMO_PASSWORD})",
            *self._accounts(summary.accounts),
            f"demo: {summary.applications.total()} dossiers",
            *(f"        {status}: {count}" for status, count in summary.applications.items()),
            "demo: rounds: " + "; ".join(f"{r.name} ({r.get_level_display()})" for r in summary.rounds),
            f"demo: {summary.certificates.total()} certificates ({summary.imported} imported from before the "
            "platform): " + ", ".join(f"{count} × {stars}★" for stars, count in summary.certificates.items()),
            *(f"        {status}: {count}" for status, count in summary.certificate_statuses.items()),
            f"demo: {summary.batches} stamp batches, {summary.stamps} stamps, {summary.scans} checks by shoppers",
            f"demo: inspectors' inbox: {summary.inbox.reports} fake reports, {summary.inbox.raised} item(s) raised "
            "from the scans (stamps of a withdrawn product still scanned)",
            "demo: example stamp URLs (the serials are random: they differ in every database)",
            *(f"        {link.label:<22} {link.url}" for link in summary.links),
            f"demo: lifecycle built in {summary.seconds:.1f} s",
        ]
        self.stdout.write("\n".join(lines))

    def _programme(self, verbose: bool) -> None:
        if programme_loaded():
            self.stdout.write("demo: programme already loaded (Hà Nội has a plan), nothing to do")
            return
        summary = build_programme()
        if verbose:
            self.stdout.write(
                f"demo: programme: {summary.plans} plan targets, {summary.events} events with {summary.attendees} "
                f"attendees, {summary.fundings} fundings, {summary.assignments} consultant assignment"
            )

    def _market(self, verbose: bool) -> None:
        if market_loaded():
            self.stdout.write("demo: market already loaded (Hà Nội's fair exists), nothing to do")
            return
        summary = build_market()
        if verbose:
            self.stdout.write(
                f"demo: market: {summary.events} trade events, {summary.participants} participants at the fair, "
                f"{summary.memoranda} memoranda, {summary.sales_points} sales points, {summary.listings} listings, "
                f"{summary.buyers} buyers, {summary.demands} demands, {summary.answers} answers"
            )

    def _signed_decision(self) -> None:
        if demo_decision_signed():
            self.stdout.write("demo: the signed decision is there already, nothing to do")
            return
        self.stdout.write(sign_demo_decision())

    @staticmethod
    def _accounts(accounts) -> list[str]:
        return [
            f"        {user.username:<18} {user.get_role_display():<28} {user.area or user.producer or ''}"
            for user in accounts
        ]
