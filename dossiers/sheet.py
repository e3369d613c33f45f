"""The score sheet of a criteria set as the producer sees it, read from the SheetNode and Option rows:
parts → groups → criteria → (sub-criteria), each leaf with the options to tick (1-based positions, as the
scoring engine takes them). A leaf printed without options is a yes/no item worth its maximum, scored 0 or 1; a
criterion with a requirement none of its options can fail (1.1 "Yêu cầu: 100% …") adds "not met", scored 0."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from criteria.models import SheetNode
from criteria.sheets import unmet_label
from scoring import UNMET

# The values of a yes/no leaf (a leaf with no printed options), as the scoring engine reads them.
YES_NO_POSITIONS = {"no": 0, "yes": 1}


@dataclass
class OptionView:
    position: int
    label: str
    points: Decimal
    min_star: int | None = None
    case: str = ""

    @property
    def stars_label(self) -> str:
        return "★" * (self.min_star or 0)


@dataclass
class NodeView:
    code: str
    kind: str
    label: str
    max_points: Decimal
    notes: list
    cases: list = field(default_factory=list)
    children: list["NodeView"] = field(default_factory=list)
    options: list[OptionView] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """The code as an HTML id fragment (dots would read as CSS classes in selectors)."""
        return self.code.replace(".", "-")

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def stars_marked(self) -> list[OptionView]:
        return [o for o in self.options if o.min_star]


@dataclass
class SheetView:
    parts: list[NodeView]
    leaves: dict[str, NodeView]


def leaf_codes(criteria_set_id: int) -> set[str]:
    """The codes of the lines an evaluator marks (nodes without children)."""
    return set(
        SheetNode.objects.filter(
            criteria_set_id=criteria_set_id, children__isnull=True, parent__isnull=False
        ).values_list("code", flat=True)
    )


def load_sheet(criteria_set_id: int) -> SheetView:
    """The whole sheet in two queries (nodes, options)."""
    nodes = list(
        SheetNode.objects.filter(criteria_set_id=criteria_set_id).prefetch_related("options").order_by("position")
    )
    views: dict[int, NodeView] = {}
    for node in nodes:
        views[node.pk] = NodeView(
            code=node.code,
            kind=node.kind,
            label=node.display_label,
            max_points=node.max_points,
            notes=node.notes or [],
            cases=node.cases or [],
        )
    parts = []
    for node in nodes:
        view = views[node.pk]
        if node.parent_id is None:
            parts.append(view)
        else:
            views[node.parent_id].children.append(view)
        view.options = [
            OptionView(position=o.position, label=o.label, points=o.points, min_star=o.min_star, case=o.case)
            for o in node.options.all()
        ]
    leaves = {}
    for node in nodes:
        view = views[node.pk]
        if view.is_leaf and node.parent_id is not None:
            if not view.options:
                view.options = [
                    OptionView(position=YES_NO_POSITIONS["no"], label=_("Không"), points=Decimal(0)),
                    OptionView(position=YES_NO_POSITIONS["yes"], label=_("Có"), points=view.max_points),
                ]
            elif node.requirement:
                view.options.append(OptionView(position=UNMET, label=unmet_label(node.requirement), points=Decimal(0)))
            leaves[view.code] = view
    return SheetView(parts=parts, leaves=leaves)
