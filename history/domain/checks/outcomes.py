"""Checking the results and certificates sheets against the rules of their legal version."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from areas.models import Area
from certificates.models import Certificate
from certificates.validity import expiry_for
from scoring.engine import band

from ... import columns as cols
from ...models import CouncilLevel, PastResult, ResultKind
from ..plan import UPDATE, CertificateRow, ProductRow, ResultRow
from .base import BROKEN, DISTRICT_RESULTS, DISTRICT_VERSIONS, FIRST_YEAR, RECOGNISED, REFORM_DATE, _identity, _text


class OutcomesCheck:
    """Results and certificates: a mixin of `history.domain.checking._Checker`."""

    # Results -----------------------------------------------------------------------------------------------

    def check_results(self) -> None:
        sheet, rows = cols.RESULTS_SHEET, self.bundle["results"].rows
        existing_ids = set()
        staged = []
        seen: dict[tuple, int] = {}
        for number, cells in rows:
            self.tick()
            row = ResultRow(sheet=sheet.key, number=number)
            product = self.product_ref(sheet, number, cells)
            year = None
            raw_year = _text(cells.get("year"))
            if not raw_year:
                self.problem(sheet, number, "year", _("Thiếu giá trị."))
            elif not raw_year.isdigit() or not FIRST_YEAR <= int(raw_year) <= self.today.year:
                self.problem(
                    sheet,
                    number,
                    "year",
                    _("Năm phải từ %(first)s đến %(last)s.") % {"first": FIRST_YEAR, "last": self.today.year},
                )
            else:
                year = int(raw_year)
            version = self.version(sheet, number, cells)
            if version and year:
                last = version.effective_to.year if version.effective_to else self.today.year
                if not version.effective_from.year <= year <= last:
                    self.problem(
                        sheet,
                        number,
                        "legal_version",
                        _("%(version)s áp dụng từ %(start)s đến %(end)s, không phải năm %(year)s.")
                        % {"version": version, "start": version.effective_from.year, "end": last, "year": year},
                    )
            level = self.choice(sheet, number, cells, "level", cols.LEVELS, required=True)
            result = self.choice(sheet, number, cells, "result", cols.RESULTS, required=True)
            score = self.score(sheet, number, cells)
            self.check_result_rules(sheet, number, version=version, level=level, result=result, score=score)
            decision_number = self.text(sheet, number, cells, "decision_number", limit=50)
            decision_date = self.day(sheet, number, cells, "decision_date", required=False)
            if decision_number or decision_date:
                if result and result not in RECOGNISED and result != ResultKind.POTENTIAL_FIVE:
                    self.problem(
                        sheet, number, "decision_number", _("Kết quả dưới 3 sao không có quyết định công nhận.")
                    )
                if decision_number and not decision_date and cells.get("decision_date") in (None, ""):
                    self.problem(sheet, number, "decision_date", _("Có số quyết định thì ghi cả ngày quyết định."))
                if decision_date and not decision_number:
                    self.problem(sheet, number, "decision_number", _("Có ngày quyết định thì ghi cả số quyết định."))
                if decision_date and year and decision_date.year < year:
                    self.problem(
                        sheet,
                        number,
                        "decision_date",
                        _("Ngày quyết định %(date)s trước năm đánh giá %(year)s.")
                        % {"date": f"{decision_date:%d/%m/%Y}", "year": year},
                    )
            era = None
            if year:
                era = Area.Era.LEGACY if year < REFORM_DATE.year else None
            if decision_date:
                era = Area.Era.LEGACY if decision_date < REFORM_DATE else Area.Era.CURRENT
            area = self.area(sheet, number, cells, era=era)
            if product is None or product is BROKEN:
                if product is BROKEN:
                    self.bad.add((sheet.key, number))
                continue
            row.product = product
            if isinstance(product, ProductRow) and year:
                product.first_year = min(product.first_year or year, year)
            area = area or self.home_area(product)
            commune, province = self.plan.today(area)
            row.province = province
            self.in_scope(sheet, number, "area_code", province=province, what=area)
            key = (_identity(product), year, level)
            if key in seen:
                self.problem(
                    sheet,
                    number,
                    "year",
                    _("Trùng kết quả (cùng sản phẩm, năm và cấp) ở dòng %(row)s.") % {"row": seen[key]},
                )
            seen.setdefault(key, number)
            row.values = {
                "year": year,
                "legal_version": version,
                "level": level,
                "score": score,
                "result": result,
                "stars": int(result) if result and result.isdigit() else None,
                "decision_number": decision_number,
                "decision_date": decision_date,
                "area": area,
                "current_commune": commune,
                "current_province": province,
            }
            if key[0][0] == "db":
                existing_ids.add(key[0][1])
            staged.append((row, key))
            if decision_number and not self.has_problems(sheet, number):
                self.results_by_decision[(key[0], decision_number)].append(row.values)
        existing = {
            (r.product_id, r.year, r.level): r
            for r in PastResult.objects.filter(product_id__in=existing_ids).select_related(
                "legal_version", "area", "current_commune", "current_province"
            )
        }
        for row, key in staged:
            if self.has_problems(sheet, row.number):
                continue
            if key[0][0] == "db":
                row.existing = existing.get((key[0][1], key[1], key[2]))
            self.compare(row, row.existing, row.values)
            self.plan.results.append(row)

    def score(self, sheet, number, cells) -> Decimal | None:
        raw = cells.get("score")
        if raw in (None, ""):
            return None
        try:
            score = Decimal(_text(raw).replace(",", ".")).quantize(Decimal("0.01"))
        except InvalidOperation:
            self.problem(sheet, number, "score", _("Điểm “%(value)s” không phải là số.") % {"value": raw})
            return None
        if not 0 <= score <= 100:
            self.problem(sheet, number, "score", _("Điểm phải từ 0 đến 100 (đang ghi %(value)s).") % {"value": raw})
            return None
        return score

    def check_result_rules(self, sheet, number, *, version, level, result, score) -> None:
        """The rules of the time: 5★ is national; districts evaluated (to 3★) until QĐ 1489; "potential 5★" is a
        province's result of 90 or more; stars never above the score's band (the same 90/70/50/30 cut points
        in every version, criteria minimums may lower them)."""
        if level == CouncilLevel.DISTRICT:
            if version is not None and version.code not in DISTRICT_VERSIONS:
                self.problem(
                    sheet, number, "level", _("Từ QĐ 1489/QĐ-TTg (06/07/2025) cấp huyện không còn đánh giá sản phẩm.")
                )
            if result and result not in DISTRICT_RESULTS:
                self.problem(sheet, number, "result", _("Hội đồng cấp huyện chỉ đánh giá đến 3 sao."))
        if level in (CouncilLevel.DISTRICT, CouncilLevel.PROVINCE) and result == ResultKind.FIVE:
            self.problem(
                sheet,
                number,
                "result",
                _("5 sao do Bộ (cấp trung ương) công nhận; kết quả từ 90 điểm của cấp tỉnh ghi “Tiềm năng 5 sao”."),
            )
        if level == CouncilLevel.CENTRAL and result == ResultKind.POTENTIAL_FIVE:
            self.problem(sheet, number, "result", _("“Tiềm năng 5 sao” là kết quả của hội đồng cấp tỉnh."))
        if score is None or not result:
            return
        if result == ResultKind.POTENTIAL_FIVE and score < 90:
            self.problem(sheet, number, "result", _("“Tiềm năng 5 sao” cần từ 90 điểm."))
        if result.isdigit() and int(result) > band(score):
            self.problem(
                sheet,
                number,
                "result",
                _("%(score)s điểm chỉ đạt %(band)s sao.") % {"score": score, "band": band(score)},
            )

    # Certificates ------------------------------------------------------------------------------------------

    def check_certificates(self) -> None:
        sheet, rows = cols.CERTIFICATES, self.bundle["certificates"].rows
        numbers = {_text(c.get("number")) for _n, c in rows} - {""}
        by_number = {c.number: c for c in Certificate.objects.filter(number__in=numbers)}
        seen_numbers: dict[str, int] = {}
        seen: dict[tuple, int] = {}
        staged = []
        for number, cells in rows:
            self.tick()
            row = CertificateRow(sheet=sheet.key, number=number)
            product = self.product_ref(sheet, number, cells)
            row.decision_number = self.text(sheet, number, cells, "decision_number", limit=50, required=True)
            row.decision_date = self.day(sheet, number, cells, "decision_date", required=True)
            stars = _text(cells.get("stars"))
            if stars in ("3", "4", "5"):
                row.stars = int(stars)
            else:
                self.problem(
                    sheet, number, "stars", _("Hạng sao phải là 3, 4 hoặc 5 (đang ghi “%(value)s”).") % {"value": stars}
                )
            row.legal_version = self.version(sheet, number, cells)
            if row.legal_version and row.decision_date and row.decision_date < row.legal_version.effective_from:
                self.problem(
                    sheet,
                    number,
                    "legal_version",
                    _("%(version)s có hiệu lực từ %(date)s, sau ngày quyết định.")
                    % {"version": row.legal_version, "date": f"{row.legal_version.effective_from:%d/%m/%Y}"},
                )
            row.issued_on = self.day(sheet, number, cells, "issued_on", required=False) or row.decision_date
            if row.issued_on and row.decision_date and row.issued_on < row.decision_date:
                self.problem(sheet, number, "issued_on", _("Ngày cấp không được trước ngày quyết định."))
            era = None
            if row.decision_date:
                era = Area.Era.LEGACY if row.decision_date < REFORM_DATE else Area.Era.CURRENT
            row.area = self.area(sheet, number, cells, era=era)
            row.number_given = self.text(sheet, number, cells, "number", limit=40)
            if row.number_given:
                if row.number_given in seen_numbers:
                    self.problem(
                        sheet,
                        number,
                        "number",
                        _("Số giấy chứng nhận %(number)s trùng dòng %(row)s.")
                        % {"number": row.number_given, "row": seen_numbers[row.number_given]},
                    )
                seen_numbers.setdefault(row.number_given, number)
            if product is None or product is BROKEN:
                if product is BROKEN:
                    self.bad.add((sheet.key, number))
                continue
            row.product = product
            row.area = row.area or self.home_area(product)
            row.province = self.plan.today(row.area)[1]
            self.in_scope(sheet, number, "area_code", province=row.province, what=row.area)
            owner = _identity(product)
            key = (owner, row.decision_number)
            if row.decision_number and key in seen:
                self.problem(
                    sheet,
                    number,
                    "decision_number",
                    _("Sản phẩm này đã có giấy chứng nhận theo quyết định %(number)s ở dòng %(row)s.")
                    % {"number": row.decision_number, "row": seen[key]},
                )
            seen.setdefault(key, number)
            self.check_tied_result(sheet, number, owner, row)
            staged.append((row, owner))
        owners = {owner[1] for _row, owner in staged if owner[0] == "db"}
        by_decision = {(c.product_id, c.decision_number): c for c in Certificate.objects.filter(product_id__in=owners)}
        for row, owner in staged:
            if self.has_problems(sheet, row.number):
                continue
            existing = by_number.get(row.number_given) if row.number_given else None
            by_key = by_decision.get((owner[1], row.decision_number)) if owner[0] == "db" else None
            if existing is not None and (owner[0] != "db" or existing.product_id != owner[1]):
                self.problem(
                    sheet,
                    row.number,
                    "number",
                    _("Số giấy chứng nhận %(number)s đã cấp cho sản phẩm khác.") % {"number": row.number_given},
                )
                continue
            row.existing = existing or by_key
            values = {
                "stars": row.stars,
                "legal_version": row.legal_version,
                "province": row.province,
                "area_at_issue": row.area,
                "decision_number": row.decision_number,
                "decision_date": row.decision_date,
                "issued_on": row.issued_on,
                "expires_on": expiry_for(row.issued_on),
            }
            if row.number_given:
                values["number"] = row.number_given
            self.compare(row, row.existing, values)
            if row.action == UPDATE and not row.existing.imported:
                self.problem(
                    sheet,
                    row.number,
                    "",
                    _("Giấy chứng nhận %(number)s được cấp trên nền tảng: không sửa bằng tệp nhập.")
                    % {"number": row.existing.number},
                )
                continue
            self.plan.certificates.append(row)

    def check_tied_result(self, sheet, number, owner, row: CertificateRow) -> None:
        """A certificate follows a recognition: when the file or the platform has the product's result under the
        same decision, it must be a recognised one of the same stars."""
        results = list(self.results_by_decision.get((owner, row.decision_number), []))
        if not results and owner[0] == "db" and row.decision_number:
            results = [
                {"result": r.result, "year": r.year}
                for r in PastResult.objects.filter(product_id=owner[1], decision_number=row.decision_number)
            ]
        for result in results:
            if result["result"] not in RECOGNISED:
                self.problem(
                    sheet,
                    number,
                    "decision_number",
                    _("Quyết định %(number)s ghi kết quả năm %(year)s là “%(result)s”, không phải công nhận 3–5 sao.")
                    % {
                        "number": row.decision_number,
                        "year": result["year"],
                        "result": ResultKind(result["result"]).label,
                    },
                )
            elif row.stars and int(result["result"]) != row.stars:
                self.problem(
                    sheet,
                    number,
                    "stars",
                    _("Kết quả đánh giá năm %(year)s theo quyết định này là %(result)s sao.")
                    % {"year": result["year"], "result": result["result"]},
                )
