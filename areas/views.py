"""Public pages about administrative units: search, one unit, and the commune options of the picker.

Area data is public (it is the official list), so none of these views needs a login."""

from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from core.pagination import paginate
from core.text import search_key

from .forms import AreaSearchForm, communes_of
from .models import Area, AreaMapping

PAGE_SIZE = 50

LEVEL_RANK = Case(
    When(level=Area.Level.PROVINCE, then=Value(0)),
    When(level=Area.Level.DISTRICT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _with_today_units(areas):
    """What a list row needs: the parent chain, and for an old unit the units of today (default first)."""
    lines = AreaMapping.objects.select_related("new__parent").order_by("-is_default", "new__search_key")
    return areas.select_related("parent__parent", "current_province", "successor__parent").prefetch_related(
        Prefetch("mapped_to", queryset=lines, to_attr="today_lines")
    )


def _matching(text: str):
    """Units whose name holds every word of `text` (any case, any diacritics), or whose code is `text`.

    Units whose name ends with the words as typed come first, then names holding them in that order; within
    each, today's units before old ones, provinces before districts before communes."""
    text = text.strip()
    areas = Area.objects.search(text)
    if text.isdigit():
        areas = areas | Area.objects.filter(code=text)
    phrase = search_key(text)  # " words as typed "
    rank = Case(
        When(search_key__endswith=phrase, then=Value(0)),
        When(search_key__contains=phrase.rstrip(), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return areas.order_by(rank, "-era", LEVEL_RANK, "search_key", "code")


@require_GET
@vary_on_headers("HX-Request")
def search(request):
    form = AreaSearchForm(request.GET)
    form.is_valid()  # an unknown filter value is dropped (and shown as an error), the others still apply
    filters = form.cleaned_data
    if filters.get("q", "").strip():
        areas = _matching(filters["q"])
    else:
        areas = Area.objects.order_by("-era", LEVEL_RANK, "code")
    if filters.get("era"):
        areas = areas.filter(era=filters["era"])
    if filters.get("level"):
        areas = areas.filter(level=filters["level"])
    page = paginate(request, _with_today_units(areas), per_page=PAGE_SIZE)
    template = "areas/search.html#results" if request.htmx else "areas/search.html"
    return render(request, template, {"form": form, "page": page})


@require_GET
def detail(request, era: str, level: str, code: str):
    area = get_object_or_404(
        Area.objects.select_related("parent__parent", "current_province", "successor__parent"),
        era=era,
        level=level,
        code=code,
    )
    children = paginate(request, area.children.select_related("successor__parent").order_by("code"), per_page=PAGE_SIZE)
    context = {"area": area, "children": children, "chain": _chain(area)}
    if area.is_current:
        # Which old units were merged into this one; `parts` > 1 means the old unit was divided.
        context["predecessors"] = (
            area.mapped_from.select_related("old__parent__parent")
            .annotate(parts=Count("old__mapped_to"))
            .order_by("old__code")
        )
        # Island districts without communes became special zones; they have no mapping line, only a successor.
        context["former_districts"] = Area.objects.filter(successor=area, level=Area.Level.DISTRICT).select_related(
            "parent"
        )
    else:
        context["successors"] = area.mapped_to.select_related("new__parent").order_by("-is_default", "new__search_key")
    return render(request, "areas/detail.html", context)


def _chain(area: Area) -> list[Area]:
    """The units above `area`, nearest first (at most district and province, already selected)."""
    chain, unit = [], area.parent
    while unit is not None:
        chain.append(unit)
        unit = unit.parent
    return chain


def _province_param(query) -> str:
    # The picker's select sends itself under its own name, `<field>_province`; other callers say `province`.
    if "province" in query:
        return query["province"]
    return next((value for key, value in query.items() if key.endswith("_province")), "")


@require_GET
def commune_options(request):
    """The `<option>`s of one current province's communes, for the commune picker (htmx)."""
    raw = _province_param(request.GET).strip()
    if not raw:
        return render(request, "areas/commune_options.html", {"province": None, "communes": []})
    if not raw.isdigit():
        raise Http404
    province = get_object_or_404(Area, pk=raw, era=Area.Era.CURRENT, level=Area.Level.PROVINCE)
    return render(request, "areas/commune_options.html", {"province": province, "communes": communes_of(province)})
