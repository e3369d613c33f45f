"""The filters and ordering of the API's lists (dossiers, rounds, evaluations, certificates, stamp batches,
inspections), declared once per list as a `ListQuery`: the same declaration reads the query string (a value a
filter cannot take is a 400 that says so, in Vietnamese) and documents the parameters in the schema. Filters
only narrow the caller's `visible_to` rows, so none of them can widen a scope."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from areas.keys import area_from_key
from areas.models import Area
from areas.within import within_q

from . import params

AREA_DESCRIPTION = (
    "Area key `<era>-<level>-<code>` as in `/api/v1/statistics/`, e.g. `2025-province-01`, `2025-commune-00004`, "
    "or a unit of before 2025, `2019-district-277`."
)


@dataclass(frozen=True)
class Filter:
    """One query parameter. `apply(queryset, value)` narrows the rows; `read(request, name)` reads the value
    (None when absent) or raises a 400."""

    name: str
    description: str
    type: object
    read: Callable
    apply: Callable[[QuerySet, object], QuerySet]
    enum: tuple[str, ...] | None = None

    def parameter(self) -> OpenApiParameter:
        return OpenApiParameter(self.name, self.type, description=self.description, enum=self.enum)


def choice(name: str, lookup: str, choices, description: str) -> Filter:
    return Filter(
        name=name,
        description=description,
        type=OpenApiTypes.STR,
        read=lambda request, key: params.choice(request, key, choices),
        apply=lambda queryset, value: queryset.filter(**{lookup: value}),
        enum=tuple(key for key, _label in choices),
    )


def choice_q(name: str, choices, q: Callable[[str], Q], description: str) -> Filter:
    """A choice whose rows are `q(value)`: a status computed at read time (`certificates.queries.status_q`)."""
    return Filter(
        name=name,
        description=description,
        type=OpenApiTypes.STR,
        read=lambda request, key: params.choice(request, key, choices),
        apply=lambda queryset, value: queryset.filter(q(value)),
        enum=tuple(key for key, _label in choices),
    )


def text(name: str, lookup: str, description: str) -> Filter:
    return Filter(
        name=name,
        description=description,
        type=OpenApiTypes.STR,
        read=params.text,
        apply=lambda queryset, value: queryset.filter(**{lookup: value}),
    )


def integer(name: str, lookup: str, description: str, *, bounds: tuple[int, int] = params.INTEGER_RANGE) -> Filter:
    return Filter(
        name=name,
        description=description,
        type=OpenApiTypes.INT,
        read=lambda request, name: params.integer(request, name, bounds=bounds),
        apply=lambda queryset, value: queryset.filter(**{lookup: value}),
    )


# The years a date can have (a year lookup past them fails in the database driver, not with a message).
YEARS = (1, 9999)


def year(lookup: str, description: str) -> Filter:
    return integer("year", lookup, description, bounds=YEARS)


def date(name: str, lookup: str, description: str) -> Filter:
    return Filter(
        name=name,
        description=description,
        type=OpenApiTypes.DATE,
        read=params.date,
        apply=lambda queryset, value: queryset.filter(**{lookup: value}),
    )


def area_q(name: str, q: Callable[[Area], Q], description: str = AREA_DESCRIPTION) -> Filter:
    """An area (its key, as `producer_area`) whose rows are `q(area)`: a record's own rule for what an area holds."""
    return Filter(
        name=name,
        description=description,
        type=OpenApiTypes.STR,
        read=_read_area,
        apply=lambda queryset, area: queryset.filter(q(area)),
    )


def _read_area(request, name: str) -> Area | None:
    key = params.text(request, name)
    if key is None:
        return None
    area = area_from_key(key)
    if area is None:
        raise serializers.ValidationError({name: [_("Không có địa bàn nào mã “%(key)s”.") % {"key": key}]})
    return area


def producer_area(name: str, producer: str) -> Filter:
    return Filter(
        name=name,
        description=AREA_DESCRIPTION,
        type=OpenApiTypes.STR,
        read=_read_area,
        apply=lambda queryset, area: queryset.filter(within_q(area, via=producer)),
    )


def producers_area(name: str, producers: str) -> Filter:
    """`producer_area` through a many-to-many of producers (an inspection's): each row once, however many of its
    producers the area holds."""

    def apply(queryset: QuerySet, area: Area) -> QuerySet:
        inside = queryset.model._default_manager.filter(within_q(area, via=producers)).values("pk")
        return queryset.filter(pk__in=inside)

    return Filter(name=name, description=AREA_DESCRIPTION, type=OpenApiTypes.STR, read=_read_area, apply=apply)


def boolean(name: str, lookup: str, description: str) -> Filter:
    return Filter(
        name=name,
        description=description + " `true` or `false`.",
        type=OpenApiTypes.BOOL,
        read=params.boolean,
        apply=lambda queryset, value: queryset.filter(**{lookup: value}),
    )


def unit_area(name: str) -> Filter:
    """Rows in an area through the units of today they carry (`commune`, `province`), by the one area rule: records
    made in a commune of today (a sales point) lie in no unit of before 2025, which then matches none."""
    return Filter(
        name=name,
        description=AREA_DESCRIPTION,
        type=OpenApiTypes.STR,
        read=_read_area,
        apply=lambda queryset, area: queryset.filter(within_q(area, province="province", commune="commune")),
    )


@dataclass(frozen=True)
class ListQuery:
    """A list's filters and its ordering whitelist: `ordering` maps the API's names to model fields; the
    client asks `ordering=name,-other`. The primary key is always the last key (in the direction of the one
    before it), so pages never overlap."""

    filters: tuple[Filter, ...]
    ordering: dict[str, str]
    default: tuple[str, ...]
    param: str = "ordering"

    def parameters(self) -> list[OpenApiParameter]:
        allowed = ", ".join(f"`{name}`" for name in self.ordering)
        default = ", ".join(f"`{name}`" for name in self.default)
        return [
            *(f.parameter() for f in self.filters),
            OpenApiParameter(
                self.param,
                OpenApiTypes.STR,
                description=f"Comma-separated keys among {allowed}, each optionally prefixed by `-` for descending "
                f"order. Default: {default}.",
            ),
        ]

    def apply(self, request, queryset: QuerySet) -> QuerySet:
        for one in self.filters:
            value = one.read(request, one.name)
            if value is not None:
                queryset = one.apply(queryset, value)
        fields = self._order(request)
        # The primary key breaks ties in the direction of the last key, so that one index on (…, key, id) gives
        # the page in order, whichever way it is read.
        tie = "-pk" if not fields or fields[-1].startswith("-") else "pk"
        return queryset.order_by(*fields, tie)

    def _order(self, request) -> list[str]:
        asked = params.text(request, self.param)
        keys = [key.strip() for key in asked.split(",") if key.strip()] if asked else list(self.default)
        fields = []
        for key in keys:
            descending = key.startswith("-")
            name = key[1:] if descending else key
            if name not in self.ordering:
                message = _("Không sắp xếp được theo “%(key)s”; chọn trong: %(allowed)s.")
                raise serializers.ValidationError(
                    {self.param: [message % {"key": name, "allowed": ", ".join(self.ordering)}]}
                )
            fields.append(("-" if descending else "") + self.ordering[name])
        return fields
