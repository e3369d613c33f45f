"""Checking the producers and products sheets, and the references to them from other rows."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from areas.models import Area
from core.text import fold
from producers.domain import normalise_phone
from producers.models import Producer
from producers.validators import normalise_tax_code, validate_tax_code
from products.models import Product

from ... import columns as cols
from ...rules import imports_into
from ..plan import ProducerRow, ProductRow
from .base import BROKEN, _identity, _text


class PartiesCheck:
    """Producers and products: a mixin of `history.domain.checking._Checker`."""

    # Producers ---------------------------------------------------------------------------------------------

    def check_producers(self) -> None:
        sheet, rows = cols.PRODUCERS, self.bundle["producers"].rows
        taxes = {normalise_tax_code(_text(c.get("tax_code"))) for _n, c in rows} - {""}
        existing_by_tax = {
            p.tax_code: p for p in Producer.objects.filter(tax_code__in=taxes).select_related("current_province")
        }
        households: dict[int, dict[str, Producer]] = {}
        seen: dict[tuple, int] = {}
        for number, cells in rows:
            self.tick()
            row = ProducerRow(sheet=sheet.key, number=number)
            tax = normalise_tax_code(_text(cells.get("tax_code")))
            if tax:
                try:
                    validate_tax_code(tax)
                except ValidationError as error:
                    self.problem(sheet, number, "tax_code", " ".join(error.messages))
            name = self.text(sheet, number, cells, "name", limit=255, required=True)
            kind = self.choice(sheet, number, cells, "kind", cols.PRODUCER_KINDS, required=True)
            gender = self.choice(sheet, number, cells, "representative_gender", cols.GENDERS, required=False)
            phone = _text(cells.get("phone"))
            if phone:
                try:
                    phone = normalise_phone(phone)
                except ValidationError as error:
                    self.problem(sheet, number, "phone", " ".join(error.messages))
            area = self.area(sheet, number, cells, era=None, levels=(Area.Level.COMMUNE,))
            if area is None and not self.has_problems(sheet, number):
                self.problem(sheet, number, "area_code", _("Ghi mã xã, hoặc tên xã cùng huyện và tỉnh."))
            if area is not None:
                row.province = self.plan.today(area)[1]
                self.in_scope(sheet, number, "area_code", province=row.province, what=area)
            key = ("tax", tax) if tax else ("name", fold(name), area.pk if area else None)
            if key in seen:
                self.problem(
                    sheet,
                    number,
                    "tax_code" if tax else "name",
                    _("Trùng chủ thể ở dòng %(row)s.") % {"row": seen[key]},
                )
            seen.setdefault(key, number)
            if tax:
                row.existing = existing_by_tax.get(tax)
            elif area is not None:
                if area.pk not in households:
                    households[area.pk] = {
                        fold(p.name): p for p in Producer.objects.filter(area=area, tax_code__isnull=True)
                    }
                row.existing = households[area.pk].get(fold(name))
            if row.existing is not None and not imports_into(self.by, row.existing.current_province_id):
                self.problem(
                    sheet,
                    number,
                    "tax_code" if tax else "name",
                    _("Chủ thể này đã có trên nền tảng, ở %(province)s, ngoài tỉnh của bạn.")
                    % {"province": row.existing.current_province.name},
                )
            row.values = {
                "name": name,
                "kind": kind,
                "tax_code": tax or None,
                "area": area,
                "street_address": self.text(sheet, number, cells, "street_address", limit=255),
                "representative_name": self.text(sheet, number, cells, "representative_name", limit=150),
                "representative_gender": gender or "",
                "phone": phone,
            }
            if row.existing is not None:
                # A blank optional cell keeps what the record has.
                given = {k: v for k, v in row.values.items() if v not in ("", None) or k == "tax_code"}
                self.compare(row, row.existing, given)
            broken = self.has_problems(sheet, number)
            target = BROKEN if broken else row
            if tax:
                self.producers_by_tax.setdefault(tax, target)
            if name:
                self.producers_by_name[fold(name)].append(target)
            if not broken:
                self.plan.producers.append(row)

    def producer_ref(self, sheet, number, tax_key: str, tax: str, name: str):
        """The producer a row names, by tax code or by name: a row of the file, a producer on the platform, BROKEN,
        or None with a problem."""
        tax = normalise_tax_code(tax)
        if tax:
            found = self.producers_by_tax.get(tax)
            if found is not None:
                return found
            if tax not in self._db_producers:
                self._db_producers[tax] = (
                    Producer.objects.filter(tax_code=tax).select_related("area", "current_province").first()
                )
            producer = self._db_producers[tax]
            # Outside the user's province a producer is not found, as its page would be.
            if producer is None or not imports_into(self.by, producer.current_province_id):
                self.problem(
                    sheet,
                    number,
                    tax_key,
                    _("Không có chủ thể mã số thuế %(tax)s trên nền tảng hay ở trang Chủ thể.") % {"tax": tax},
                )
                return None
            return producer
        if not name:
            self.problem(sheet, number, tax_key, _("Ghi mã số thuế chủ thể, hoặc tên chủ thể."))
            return None
        found = self.producers_by_name.get(fold(name), [])
        if len(found) > 1:
            self.problem(
                sheet,
                number,
                "producer_name",
                _("Có %(count)s chủ thể tên “%(name)s” ở trang Chủ thể: hãy ghi mã số thuế.")
                % {"count": len(found), "name": name},
            )
            return None
        if found:
            return found[0]
        candidates = [
            p
            for p in Producer.objects.visible_to(self.by)
            .filter(search_key__startswith=f" {fold(name)} ")
            .select_related("area", "current_province")
            if fold(p.name) == fold(name)
        ]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            message = _("Có %(count)s chủ thể tên “%(name)s” trên nền tảng: hãy ghi mã số thuế.")
        else:
            message = _("Không có chủ thể tên “%(name)s” trên nền tảng hay ở trang Chủ thể.")
        self.problem(sheet, number, "producer_name", message % {"count": len(candidates), "name": name})
        return None

    # Products ----------------------------------------------------------------------------------------------

    def check_products(self) -> None:
        sheet, rows = cols.PRODUCTS, self.bundle["products"].rows
        codes = {_text(c.get("official_code")).upper() for _n, c in rows} - {""}
        by_code = {
            p.official_code: p for p in Product.objects.filter(official_code__in=codes).select_related("producer")
        }
        seen: dict[tuple, int] = {}
        for number, cells in rows:
            self.tick()
            row = ProductRow(sheet=sheet.key, number=number)
            code = self.text(sheet, number, cells, "official_code", limit=40).upper()
            producer = self.producer_ref(
                sheet,
                number,
                "producer_tax_code",
                _text(cells.get("producer_tax_code")),
                _text(cells.get("producer_name")),
            )
            name = self.text(sheet, number, cells, "name", limit=255, required=True)
            criteria_set = None
            raw_set = _text(cells.get("criteria_set"))
            if not raw_set:
                self.problem(sheet, number, "criteria_set", _("Thiếu giá trị."))
            else:
                criteria_set = self.criteria_sets.get(int(raw_set)) if raw_set.isdigit() else None
                if criteria_set is None:
                    self.problem(sheet, number, "criteria_set", _("Bộ sản phẩm phải là số từ 1 đến 26."))
            specification = self.text(sheet, number, cells, "specification", limit=255)
            if producer is BROKEN or producer is None:
                if producer is BROKEN:
                    self.bad.add((sheet.key, number))
                if code:
                    self.products_by_code.setdefault(code, BROKEN)
                continue
            row.producer = producer
            row.province = producer.province if isinstance(producer, ProducerRow) else producer.current_province
            owner = _identity(producer)
            key = ("code", code) if code else ("name", owner, fold(name))
            if key in seen:
                self.problem(
                    sheet,
                    number,
                    "official_code" if code else "name",
                    _("Trùng sản phẩm ở dòng %(row)s.") % {"row": seen[key]},
                )
            seen.setdefault(key, number)
            row.existing = by_code.get(code) if code else None
            if row.existing is None and owner[0] == "db":
                row.existing = self.db_products_of(owner[1]).get(fold(name))
                if row.existing is not None and code and row.existing.official_code != code:
                    self.problem(
                        sheet,
                        number,
                        "official_code",
                        _("Sản phẩm “%(name)s” của chủ thể này đã có mã %(code)s.")
                        % {"name": name, "code": row.existing.official_code},
                    )
            if row.existing is not None and _identity(row.existing.producer) != owner:
                self.problem(
                    sheet,
                    number,
                    "official_code",
                    _("Mã sản phẩm %(code)s là của chủ thể %(producer)s.")
                    % {"code": code, "producer": row.existing.producer.name},
                )
            row.official_code = code
            row.values = {"name": name, "criteria_set": criteria_set}
            if specification:
                row.values["specification"] = specification
            self.compare(row, row.existing, row.values)
            broken = self.has_problems(sheet, number)
            target = BROKEN if broken else row
            if code:
                self.products_by_code.setdefault(code, target)
            self.products_by_name.setdefault((owner, fold(name)), target)
            if not broken:
                self.plan.products.append(row)

    def db_products_of(self, producer_id: int) -> dict[str, Product]:
        """The platform's products of a producer, by folded name. Loaded at once for every producer on the
        platform the file has named so far, not one query per row."""
        if producer_id not in self._db_products_of:
            wanted = {producer_id}
            wanted |= {row.existing.pk for row in self.plan.producers if row.existing is not None}
            wanted |= {producer.pk for producer in self._db_producers.values() if producer is not None}
            wanted -= self._db_products_of.keys()
            for pk in wanted:
                self._db_products_of[pk] = {}
            wanted = sorted(wanted)
            for start in range(0, len(wanted), 1000):
                chunk = wanted[start : start + 1000]
                for product in Product.objects.filter(producer_id__in=chunk).select_related("producer"):
                    self._db_products_of[product.producer_id][fold(product.name)] = product
        return self._db_products_of[producer_id]

    def product_ref(self, sheet, number, cells):
        """The product a result or certificate names: by official code, or by producer and product name."""
        code = _text(cells.get("official_code")).upper()
        if code:
            found = self.products_by_code.get(code)
            if found is not None:
                return found
            if code not in self._db_products:
                self._db_products[code] = (
                    Product.objects.filter(official_code=code)
                    .select_related("producer__area", "producer__current_province")
                    .first()
                )
            product = self._db_products[code]
            if product is None or not imports_into(self.by, product.producer.current_province_id):
                self.problem(
                    sheet,
                    number,
                    "official_code",
                    _("Không tìm thấy sản phẩm mã %(code)s trên nền tảng hay ở trang Sản phẩm.") % {"code": code},
                )
                return None
            return product
        name = _text(cells.get("product_name"))
        tax, producer_name = _text(cells.get("tax_code")), _text(cells.get("producer_name"))
        if not name or not (tax or producer_name):
            self.problem(
                sheet,
                number,
                "official_code",
                _("Ghi mã sản phẩm, hoặc chủ thể (mã số thuế hay tên) cùng tên sản phẩm."),
            )
            return None
        producer = self.producer_ref(sheet, number, "tax_code", tax, producer_name)
        if producer is None or producer is BROKEN:
            return producer
        owner = _identity(producer)
        found = self.products_by_name.get((owner, fold(name)))
        if found is not None:
            return found
        product = self.db_products_of(owner[1]).get(fold(name)) if owner[0] == "db" else None
        if product is None:
            self.problem(
                sheet,
                number,
                "product_name",
                _("Không tìm thấy sản phẩm “%(name)s” của chủ thể %(producer)s trên nền tảng hay ở trang Sản phẩm.")
                % {
                    "name": name,
                    "producer": producer.values["name"] if isinstance(producer, ProducerRow) else producer,
                },
            )
        return product

    def home_area(self, product) -> Area:
        producer = product.producer
        if isinstance(producer, ProducerRow):
            return producer.values["area"] if producer.values["area"] else producer.existing.area
        return producer.area
