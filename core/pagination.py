from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page of `queryset`; a missing or out-of-range page number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def count_of(rows: QuerySet, column: str, *, distinct: str = ""):
    """How many of `rows` (or of their distinct `distinct` values) belong to each row of a list (`column` pointing at
    it), as a subquery: a list annotated so keeps no GROUP BY, and an index on its ordering gives the first page
    without sorting the whole list."""
    counting = Count(distinct, distinct=True) if distinct else Count("*")
    counted = rows.filter(**{column: OuterRef("pk")}).order_by().values(column).annotate(n=counting).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
