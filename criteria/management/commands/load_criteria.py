from django.core.management.base import BaseCommand

from criteria.loading import load_classification
from criteria.sheet_loading import load_sheets


class Command(BaseCommand):
    help = (
        "Load (or refresh) the OCOP legal versions, the product classification of QĐ 26/2026 and its 26 score "
        "sheets (parts, groups, criteria, options, star minimums, knock-out lines, stop rules)."
    )

    def handle(self, *args, **options):
        sets = load_classification()
        report = load_sheets()
        self.stdout.write(
            f"criteria: {sets} criteria sets loaded; {report.sheets} score sheets ({report.leaves} items, "
            f"{report.options} options, {report.knockouts} knock-out lines): {report.created} rows created, "
            f"{report.updated} updated, {report.deleted} deleted"
        )
        if options["verbosity"] >= 1:
            for line in report.corrected:
                self.stdout.write(f"  corrected from print: {line}")
