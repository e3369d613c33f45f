"""Writing a checked history file: all of it or nothing, in bulk, every change audited as an import."""

import itertools
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Area
from audit import domain as audit
from audit.models import AuditEntry
from certificates.domain import issue_certificates
from certificates.models import Certificate
from certificates.rules import can_import
from core.text import search_key
from producers.models import Producer
from products.domain import official_code
from products.models import Product
from stamps.domain.following import follow_producers

from .. import columns as cols
from ..models import PastResult
from ..rules import imports_into
from ..signals import history_imported
from .plan import CREATE, UNCHANGED, UPDATE, Plan, ProducerRow, ProductRow, Summary

BATCH = 1000
CODE_PATTERN = re.compile(r"^(?P<province>\d{2})-(?P<commune>\d{5})-(?P<serial>\d+)-(?P<year>\d{4})$")
PRODUCER_FIELDS = [
    "name",
    "kind",
    "tax_code",
    "area",
    "current_commune",
    "current_province",
    "street_address",
    "representative_name",
    "representative_gender",
    "phone",
    "search_key",
    "updated_at",
]
PRODUCT_FIELDS = ["name", "criteria_set", "specification", "search_key", "updated_at"]
RESULT_FIELDS = [
    "year",
    "legal_version",
    "level",
    "score",
    "result",
    "stars",
    "decision_number",
    "decision_date",
    "area",
    "current_commune",
    "current_province",
    "updated_at",
]


def _owner_province_id(row) -> int | None:
    existing = getattr(row, "existing", None)
    if existing is None:
        return None
    if isinstance(existing, Producer):
        return existing.current_province_id
    if isinstance(existing, Product):
        return existing.producer.current_province_id
    if isinstance(existing, Certificate):
        return existing.province_id
    return existing.current_province_id


class _Writer:
    def __init__(self, plan: Plan, *, by, progress):
        self.plan, self.by, self.progress = plan, by, progress
        self.summary = Summary()
        self.now = timezone.now()
        self.done, self.total = 0, len(plan.rows)

    def note(self, row) -> str:
        return _("Nhập lịch sử (%(file)s), trang %(sheet)s, dòng %(row)s") % {
            "file": self.plan.filename or "-",
            "sheet": cols.BY_KEY[row.sheet].title,
            "row": row.number,
        }

    def count(self, row) -> None:
        getattr(self.summary, {CREATE: "created", UPDATE: "updated"}.get(row.action, "unchanged"))[row.sheet] += 1
        self.done += 1
        if self.progress and (self.done % 500 == 0 or self.done == self.total):
            self.progress(self.done, self.total)

    def write_updates(self, model, rows, fields) -> None:
        """Apply each row's changes to its record, in bulk, with an audit entry per record."""
        changes = []
        for row in rows:
            record = row.existing
            before = audit.snapshot(record)
            for name, value in row.changes.items():
                setattr(record, name, value)
            self.refresh(record)
            record.updated_at = self.now
            changes.append((record, before, audit.snapshot(record), self.note(row)))
        model.objects.bulk_update([c[0] for c in changes], fields, batch_size=BATCH)
        audit.record_many(actor=self.by, action=AuditEntry.Action.UPDATE, changes=changes)

    def refresh(self, record) -> None:
        if isinstance(record, Producer):
            record.current_commune, record.current_province = self.plan.today(record.area)
            record.search_key = search_key(f"{record.name} {record.representative_name}")
        elif isinstance(record, Product):
            record.search_key = search_key(f"{record.name} {record.producer.name}")
        elif isinstance(record, PastResult):
            record.stars = int(record.result) if record.result.isdigit() else None

    # ------------------------------------------------------------------------------------------------------

    def producers(self) -> None:
        new = []
        for row in self.plan.producers:
            self.count(row)
            if row.action != CREATE:
                row.instance = row.existing
                continue
            values = row.values
            commune, province = self.plan.today(values["area"])
            row.instance = Producer(
                **values,
                current_commune=commune,
                current_province=province,
                status=Producer.Status.VERIFIED,
                status_note=_("Nhập từ dữ liệu cũ"),
                verified_at=self.now,
                search_key=search_key(f"{values['name']} {values['representative_name']}"),
            )
            new.append(row)
        Producer.objects.bulk_create([r.instance for r in new], batch_size=BATCH)
        audit.record_many(
            actor=self.by,
            action=AuditEntry.Action.CREATE,
            changes=[(r.instance, None, audit.snapshot(r.instance), self.note(r)) for r in new],
        )
        updated = [r for r in self.plan.producers if r.action == UPDATE]
        self.write_updates(Producer, updated, PRODUCER_FIELDS)
        # A bulk update sends no post_save: the stamp batches of a producer that moved follow it here.
        follow_producers(r.existing.pk for r in updated)

    def products(self) -> None:
        new = []
        for row in self.plan.products:
            self.count(row)
            if row.action != CREATE:
                row.instance = row.existing
                continue
            producer = row.producer.instance if isinstance(row.producer, ProducerRow) else row.producer
            if producer.current_commune_id is None:
                raise ValidationError(
                    _("Chủ thể %(producer)s chưa có xã tương ứng hiện nay.") % {"producer": producer.name}
                )
            row.instance = Product(
                producer=producer,
                serial_area_id=producer.current_commune_id,
                name=row.values["name"],
                criteria_set=row.values["criteria_set"],
                specification=row.values.get("specification", ""),
                search_key=search_key(f"{row.values['name']} {producer.name}"),
            )
            new.append(row)
        self.number_products(new)
        Product.objects.bulk_create([r.instance for r in new], batch_size=BATCH)
        audit.record_many(
            actor=self.by,
            action=AuditEntry.Action.CREATE,
            changes=[(r.instance, None, audit.snapshot(r.instance), self.note(r)) for r in new],
        )
        self.write_updates(Product, [r for r in self.plan.products if r.action == UPDATE], PRODUCT_FIELDS)

    def number_products(self, new: list[ProductRow]) -> None:
        """Give each new product its serial in its commune of today (the commune rows locked meanwhile, as
        `products.domain.create_product` does) and its official code: the one the file gives, else a new one
        of the year of its first result. A given code of the platform's form keeps its serial when it is free."""
        commune_ids = {r.instance.serial_area_id for r in new}
        communes = {
            a.pk: a
            for a in Area.objects.select_for_update(of=("self",)).select_related("parent").filter(pk__in=commune_ids)
        }
        used: dict[int, set[int]] = {pk: set() for pk in commune_ids}
        for area_id, serial in Product.objects.filter(serial_area_id__in=commune_ids).values_list(
            "serial_area_id", "commune_serial"
        ):
            used[area_id].add(serial)
        waiting = []
        for row in new:
            product, commune = row.instance, communes[row.instance.serial_area_id]
            product.serial_area = commune
            match = CODE_PATTERN.match(row.official_code)
            wanted = int(match["serial"]) if match and match["commune"] == commune.code else None
            if wanted and wanted not in used[commune.pk]:
                product.commune_serial = wanted
                used[commune.pk].add(wanted)
            else:
                waiting.append(row)
        for row in waiting:
            product = row.instance
            product.commune_serial = max(used[product.serial_area_id], default=0) + 1
            used[product.serial_area_id].add(product.commune_serial)
        for row in new:
            product = row.instance
            product.official_code = row.official_code or official_code(
                commune=product.serial_area,
                serial=product.commune_serial,
                year=row.first_year or timezone.localdate().year,
            )

    def results(self) -> None:
        new = []
        for row in self.plan.results:
            self.count(row)
            if row.action != CREATE:
                continue
            product = row.product.instance if isinstance(row.product, ProductRow) else row.product
            new.append((row, PastResult(product=product, **row.values)))
        PastResult.objects.bulk_create([r for _row, r in new], batch_size=BATCH)
        audit.record_many(
            actor=self.by,
            action=AuditEntry.Action.CREATE,
            changes=[(r, None, audit.snapshot(r), self.note(row)) for row, r in new],
        )
        self.write_updates(PastResult, [r for r in self.plan.results if r.action == UPDATE], RESULT_FIELDS)

    def certificates(self) -> None:
        new = []
        for row in self.plan.certificates:
            self.count(row)
            if row.action == CREATE:
                product = row.product.instance if isinstance(row.product, ProductRow) else row.product
                new.append(
                    {
                        "number": row.number_given,
                        "product": product,
                        "stars": row.stars,
                        "legal_version": row.legal_version,
                        "province": row.province,
                        "area_at_issue": row.area,
                        "decision_number": row.decision_number,
                        "decision_date": row.decision_date,
                        "issued_on": row.issued_on,
                        "imported": True,
                        "note": self.note(row),
                    }
                )
            elif row.action == UPDATE:
                certificate = row.existing
                before = audit.snapshot(certificate)
                for name, value in row.changes.items():
                    setattr(certificate, name, value)
                certificate.save(update_fields=list(row.changes))
                audit.record(
                    actor=self.by,
                    action=AuditEntry.Action.UPDATE,
                    obj=certificate,
                    before=before,
                    after=audit.snapshot(certificate),
                    note=self.note(row),
                )
        link_superseded(issue_certificates(rows=new, by=self.by), by=self.by)


def link_superseded(created: list[Certificate], *, by) -> None:
    """Within each product's history, a certificate issued while the previous one was still valid replaced
    it (an upgrade or a re-recognition): mark the older one superseded, where the link is not set yet."""
    new_ids = {c.pk for c in created}
    histories: dict[int, list[Certificate]] = {}
    for certificate in Certificate.objects.filter(
        product_id__in={c.product_id for c in created}, withdrawn_on__isnull=True
    ).order_by("issued_on", "id"):
        histories.setdefault(certificate.product_id, []).append(certificate)
    for history in histories.values():
        replacing = {c.superseded_by_id for c in history if c.superseded_by_id}
        for older, newer in itertools.pairwise(history):
            if not ({older.pk, newer.pk} & new_ids) or older.superseded_by_id or newer.pk in replacing:
                continue
            if older.issued_on < newer.issued_on <= older.expires_on:
                older.superseded_by = newer
                older.save(update_fields=["superseded_by"])
                replacing.add(newer.pk)
                audit.record(
                    actor=by,
                    action=AuditEntry.Action.UPDATE,
                    note=_("Được thay thế bằng giấy chứng nhận %(number)s") % {"number": newer.number},
                    obj=older,
                    before={"superseded_by": None},
                    after=audit.snapshot(older, ["superseded_by"]),
                )


def apply_plan(plan: Plan, *, by, progress=None) -> Summary:
    """Write a checked file (`check_bundle`'s Plan, without problems) in one transaction: new producers
    (verified records, no account), products (numbered in their commune of today), past results and imported
    certificates (valid 36 months from issue, older ones they replaced marked superseded); changed rows update
    their record; unchanged ones are left alone, so the same file again writes nothing. Every record written gets
    an audit entry by `by` noting the import, the file, sheet and row. Raises PermissionDenied unless `by` may
    import every row (their province), ValidationError if the plan has problems. `progress(done, total)` is
    called every few hundred rows. Returns what was created, updated and left unchanged per sheet."""
    if not can_import(by):
        raise PermissionDenied
    if plan.problems:
        raise ValidationError(_("Tệp còn %(count)s lỗi: chưa nhập dòng nào."), params={"count": len(plan.problems)})
    for row in plan.rows:
        for province_id in (row.province.pk if row.province else None, _owner_province_id(row)):
            if province_id is not None and not imports_into(by, province_id):
                raise PermissionDenied
    writer = _Writer(plan, by=by, progress=progress)
    with transaction.atomic():
        writer.producers()
        writer.products()
        writer.results()
        writer.certificates()
        product_ids = _touched_products(plan)
        if product_ids:
            transaction.on_commit(lambda: history_imported.send(sender=PastResult, product_ids=product_ids))
    return writer.summary


def _touched_products(plan: Plan) -> list[int]:
    """The products whose figures the import changed: created or updated, or given results or certificates."""
    touched = set()
    for row in plan.products:
        if row.action != UNCHANGED:
            touched.add((row.instance or row.existing).pk)
    for row in [*plan.results, *plan.certificates]:
        if row.action != UNCHANGED:
            product = row.product.instance if isinstance(row.product, ProductRow) else row.product
            touched.add(product.pk)
    return sorted(touched)
