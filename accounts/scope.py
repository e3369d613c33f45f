"""The one scope rule: which records a user sees, and which records their area or producer lets them act on.

Every scoped model declares, in a `scope` attribute, how its rows reach people: ORM lookups from a row, as
strings, so that no model imports another app to be scoped. This module decides once, for every role, which of
those relations it reads (`READS`) and what it compares them with (the user's area, producer or self). Seeing
(`ScopedQuerySet.visible_to`, a query) and acting (`covers`, `owns`, on an instance) are both read from that one
declaration, so they cannot drift apart.

The relations a model may declare, each a lookup, a `Reach` (a lookup and a condition on the row), a `Via`, or a
tuple of them (any one suffices):

- `producer` → the producer: read by its users;
- `commune` → today's commune: read by its commune officers;
- `province` → today's province: read by everyone whose area it is (OCOP officers, inspectors, council and
  advisory accounts);
- `office` → today's province: read by its OCOP officers and inspectors only (records that council and advisory
  members reach only from a seat);
- `organiser` → today's province: read by its OCOP officers only (they run its rounds and its accounts);
- `seat` → the user holding a seat: read by council and advisory members;
- `own` → the user themself: read by everyone signed in;
- `sales_point` → the sales point: read by its operator's accounts (the sales point role), and nothing else of a
  producer's or an area's;
- `national`: what ministry officers and administrators see: every row, unless the model declares a condition
  (a `Q`), a `Via`, or `NOBODY` (records private to their parties, such as a buyer's talks with a producer).

A role reads nothing else: a relation the model does not declare reaches nobody, and a user without an area (or
a producer) reaches nothing through the relations that compare it."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

from .roles import Role


@dataclass(frozen=True)
class Reach:
    """A lookup from a row to what it is compared with, and a condition the row must meet as well (`when`)."""

    lookup: str
    when: Q | None = None


@dataclass(frozen=True)
class Via:
    """The same relation of the model at the end of `path`: a row is reached when one of those rows is."""

    path: str


Relation = str | Reach | Via | tuple[str | Reach | Via, ...] | None


@dataclass(frozen=True)
class Scope:
    """How a model's rows reach people: one entry per relation (see above); an entry left out reaches nobody."""

    producer: Relation = None
    commune: Relation = None
    province: Relation = None
    office: Relation = None
    organiser: Relation = None
    seat: Relation = None
    own: Relation = None
    sales_point: Relation = None
    national: Q | Via | None = None


def through(path: str, scope: Scope, **own) -> Scope:
    """The scope of a record that belongs to the one at the end of `path` (a stamp batch, a listing, a
    certification: to their product): each of that record's relations, reached through `path` as plain lookups
    (joins, not subqueries); `own` replaces a relation the record declares itself (a certificate's province is
    its own, the one that recognised it). For a scope of plain lookups; anything else is declared with `Via`."""
    relations = {}
    for name in Scope.__dataclass_fields__:
        declared = getattr(scope, name)
        if declared is None or name in own:
            continue
        if not isinstance(declared, str):
            raise TypeError(f"through(): {name} is not a plain lookup; declare it with Via({path!r})")
        relations[name] = f"{path}__{declared}"
    return Scope(**(relations | own))


READS = {
    Role.PRODUCER: ("own", "producer"),
    Role.COMMUNE_OFFICER: ("own", "commune"),
    Role.PROVINCE_OFFICER: ("own", "province", "office", "organiser"),
    Role.INSPECTOR: ("own", "province", "office"),
    Role.COUNCIL_MEMBER: ("own", "province", "seat"),
    Role.ADVISORY_MEMBER: ("own", "province", "seat"),
    Role.MINISTRY_OFFICER: ("own", "national"),
    Role.SYSADMIN: ("own", "national"),
    # A buyer's account reads its own records only (its buyer, its demands, its conversations with producers).
    Role.BUYER: ("own",),
    # A sales point's operator reads its own sales point; the products on its shelf are read from the public side.
    Role.SALES_POINT: ("own", "sales_point"),
}
AREA = ("commune", "province", "office", "organiser")

# For `national`: no row (the national roles read every record except those private to their parties).
NOBODY = Q(pk__in=[])

# What `_clause` returns for every row: an empty Q would vanish when combined with the others.
EVERY_ROW = object()


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rows `user` may see, as the model's `scope` declares them (see `accounts.scope`); none for an
        anonymous visitor."""
        if not user.is_authenticated:
            return self.none()
        clauses = []
        for relation in READS.get(user.role, ()):
            clause = _clause(self.model, user, relation)
            if clause is EVERY_ROW:
                return self
            if clause is not None:
                clauses.append(clause)
        return self.filter(reduce(or_, clauses)) if clauses else self.none()


def covers(user, record) -> bool:
    """The user's area holds `record`, through the same area relations that make them see it (national roles:
    the whole country). The conditions on the row (`Reach.when`: a draft, a closed session) are left to the
    acting predicates, which check the record's state themselves."""
    if not user.is_authenticated:
        return False
    reads = READS.get(user.role, ())
    if "national" in reads:
        return True
    return any(_holds(record, user, relation) for relation in reads if relation in AREA)


def owns(user, record) -> bool:
    """`user` is one of the users of the producer `record` belongs to."""
    return user.is_authenticated and "producer" in READS.get(user.role, ()) and _holds(record, user, "producer")


def operates(user, record) -> bool:
    """`user` is one of the accounts of the sales point `record` is (or belongs to)."""
    return user.is_authenticated and "sales_point" in READS.get(user.role, ()) and _holds(record, user, "sales_point")


def is_producer_user(user, producer_id: int | None) -> bool:
    """`user` is one of the users of producer `producer_id`: `owns`, for a caller that holds an id."""
    return (
        user.is_authenticated
        and "producer" in READS.get(user.role, ())
        and user.producer_id is not None
        and user.producer_id == producer_id
    )


def works_in(user, area_id: int | None) -> bool:
    """`area_id` is the user's own area (their commune or province): `covers`, for a caller that holds an id (the
    province of a round being created, of a decision being recorded)."""
    return user.is_authenticated and user.area_id is not None and user.area_id == area_id


def in_area(user, queryset, lookup: str = "pk"):
    """The rows of `queryset`, a model that is not scoped itself (the provinces a report or an export may be
    asked for), whose `lookup` is the user's own area: every row for the national roles, none for a user
    without an area or a role that reads no area."""
    if not user.is_authenticated:
        return queryset.none()
    reads = READS.get(user.role, ())
    if "national" in reads:
        return queryset
    if user.area_id is None or not any(relation in AREA for relation in reads):
        return queryset.none()
    return queryset.filter(**{lookup: user.area_id})


def area_within(user, area_id: int | None) -> bool:
    """`in_area` for one unit: `area_id` is the user's own area, or any unit for the national roles."""
    if not user.is_authenticated or area_id is None:
        return False
    reads = READS.get(user.role, ())
    if "national" in reads:
        return True
    return any(relation in AREA for relation in reads) and user.area_id == area_id


def _compared(user, relation: str):
    if relation == "producer":
        return user.producer_id
    if relation == "sales_point":
        return user.sales_point_id
    if relation in AREA:
        return user.area_id
    return user.pk


def _parts(declared) -> tuple:
    return declared if isinstance(declared, tuple) else (declared,)


def _clause(model, user, relation: str, *, conditions: bool = True):
    """The rows of `model` that `relation` brings to `user`: a Q, EVERY_ROW, or None for none."""
    declared = getattr(model.scope, relation)
    if relation == "national":
        if declared is None:
            return EVERY_ROW
        return _via(model, user, relation, declared, conditions) if isinstance(declared, Via) else declared
    value = _compared(user, relation)
    if declared is None or value is None:
        return None
    clauses = [_part(model, user, relation, part, value, conditions) for part in _parts(declared)]
    clauses = [clause for clause in clauses if clause is not None]
    return reduce(or_, clauses) if clauses else None


def _part(model, user, relation: str, part, value, conditions: bool):
    if isinstance(part, Via):
        return _via(model, user, relation, part, conditions)
    reach = part if isinstance(part, Reach) else Reach(part)
    clause = Q(**{reach.lookup: value})
    if conditions and reach.when is not None:
        clause &= reach.when
    return _once(model, reach.lookup, clause)


def _via(model, user, relation: str, via: Via, conditions: bool):
    related = _follow(model, via.path)
    inner = _clause(related, user, relation, conditions=conditions)
    if inner is None:
        return None
    rows = related._base_manager.all() if inner is EVERY_ROW else related._base_manager.filter(inner)
    return _once(model, via.path, Q(**{f"{via.path}__in": rows}))


def _once(model, lookup: str, clause: Q) -> Q:
    """`clause`, as a subquery when it crosses a to-many relation: the parts of the clause hold on one related row
    together, and no row comes back twice."""
    if _crosses_many(model, lookup):
        return Q(pk__in=model._base_manager.filter(clause).values("pk"))
    return clause


def _steps(model, lookup: str):
    """The fields a lookup walks through from `model`, up to the first part that is not a field."""
    for name in lookup.split("__"):
        if name == "pk":
            return
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return
        yield field
        if not field.is_relation:
            return
        model = field.related_model


def _crosses_many(model, lookup: str) -> bool:
    return any(field.one_to_many or field.many_to_many for field in _steps(model, lookup))


def _follow(model, path: str):
    for field in _steps(model, path):
        model = field.related_model
    return model


def _holds(record, user, relation: str) -> bool:
    """`relation` of `record` leads to the user's area (or producer): read on the instance when the lookups are
    plain fields and foreign keys, otherwise asked of the database."""
    model = type(record)
    declared = getattr(model.scope, relation)
    value = _compared(user, relation)
    if declared is None or value is None:
        return False
    for part in _parts(declared):
        if isinstance(part, Via) or _crosses_many(model, getattr(part, "lookup", part)):
            clause = _part(model, user, relation, part, value, conditions=False)
            if clause is not None and model._base_manager.filter(clause, pk=record.pk).exists():
                return True
        elif _read(record, getattr(part, "lookup", part)) == value:
            return True
    return False


def _read(record, lookup: str):
    value = record
    for name in lookup.split("__"):
        if value is None:
            return None
        value = value.pk if name == "pk" else getattr(value, name)
    return value
