"""The change log as people read it. Entries store plain snapshots (field name → value as written: choice
codes, ISO dates, foreign keys as their text); the labels and display values are found at read time from the
fields of the entry's model, or of a model that points at it (a round's council seats, a certificate's
withdrawal, a session's decisions and site visits: their domain functions record them on the parent)."""

import datetime
import decimal
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Keys that domain functions record beside model fields.
KEY_LABELS = {
    "member": gettext_lazy("thành viên"),
    "reopened_sheets": gettext_lazy("phiếu chấm mở lại"),
    "stamps": gettext_lazy("số tem"),
    "revoked_serials": gettext_lazy("tem thu hồi"),
    "evidence": gettext_lazy("minh chứng"),
    "image": gettext_lazy("ảnh"),
    "ip_title": gettext_lazy("tài sản trí tuệ"),
}
# Derived for searching; entries written before `audit.snapshot` left it out still carry it.
HIDDEN_KEYS = {"search_key"}
EMPTY = "—"
NUMBER = re.compile(r"-?\d+(\.\d+)?")


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@cache
def _fields(model: type[models.Model]) -> dict[str, models.Field]:
    return {field.name: field for field in model._meta.concrete_fields}


@cache
def _related_models(model: type[models.Model]) -> tuple[type[models.Model], ...]:
    """The models whose rows point at `model` (one-to-many and one-to-one), in declaration order."""
    found = []
    for relation in model._meta.related_objects:
        related = relation.related_model
        if not relation.many_to_many and related is not model and related not in found:
            found.append(related)
    return tuple(found)


def _field_for(model: type[models.Model] | None, keys: set[str]) -> dict[str, models.Field]:
    """Each key's field, from the model that holds most of the entry's keys: the entry's own model (first on
    a tie) or one pointing at it. A withdrawal recorded on its certificate names the withdrawal's decision
    number, not the certificate's."""
    if model is None:
        return {}
    candidates = sorted([model, *_related_models(model)], key=lambda m: -len(keys & set(_fields(m))))
    found = {}
    for key in keys:
        holder = next((m for m in candidates if key in _fields(m)), None)
        if holder is not None:
            found[key] = _fields(holder)[key]
    return found


def _decimal(value: decimal.Decimal) -> str:
    exact = value.normalize()
    if exact == exact.to_integral_value():
        exact = exact.quantize(decimal.Decimal(1))
    return formats.number_format(exact, use_l10n=True)


def _value(field: models.Field | None, value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField) or isinstance(value, bool):
        return _("Có") if value else _("Không")
    try:
        if isinstance(field, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        if isinstance(field, models.DateField):
            return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        if isinstance(field, models.DecimalField):
            return _decimal(decimal.Decimal(str(value)))
    except (TypeError, ValueError, decimal.InvalidOperation):
        return str(value)  # a value written before the field changed type
    if isinstance(value, (dict, list)):
        return _json(value)
    if isinstance(value, (int, float)):
        return formats.number_format(value, use_l10n=True)
    return str(value)


def _number(value: Any) -> str:
    """A number inside JSON (the result's means are stored as text: "37.2")."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, str) and not NUMBER.fullmatch(value):
        return value
    return _decimal(decimal.Decimal(str(value)))


def _json(value: dict | list) -> str:
    """A result or a sheet's JSON: criterion code → number, a list of codes, or the failed minimums."""
    if isinstance(value, dict):
        # "; " between items: a Vietnamese decimal is written with a comma.
        return "; ".join(f"{key}: {_number(item)}" for key, item in value.items())
    items = []
    for item in value:
        if isinstance(item, dict) and {"criterion", "star", "required", "mean"} <= set(item):
            items.append(
                _("%(criterion)s: cần %(required)s điểm cho %(star)s sao, đạt %(mean)s")
                % {
                    "criterion": item["criterion"],
                    "required": _number(item["required"]),
                    "star": item["star"],
                    "mean": _number(item["mean"]),
                }
            )
        else:
            items.append(_json(item) if isinstance(item, (dict, list)) else str(item))
    return "; ".join(items)


def shown_changes(entry) -> list[Change]:
    """The entry's changes by field name (as `audit.domain.diff` writes them; PostgreSQL's jsonb keeps its
    own key order), each with its field's label and display values; a key that is no field (any more) keeps
    its name and its raw value."""
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    changes = entry.changes or {}
    fields = _field_for(model, set(changes))
    shown = []
    for key in sorted(set(changes) - HIDDEN_KEYS):
        before, after = changes[key]
        field = fields.get(key)
        if field is not None:
            label = capfirst(str(field.verbose_name))
        elif key in KEY_LABELS:
            label = capfirst(str(KEY_LABELS[key]))
        else:
            # Keys written as words ("tự chấm 1.1") read as they are; an old field name stays as stored.
            label = capfirst(key) if " " in key else key
        shown.append(Change(label, _value(field, before), _value(field, after)))
    return shown
