from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from scoring import SheetError, rank

from ..schema import error_response
from ..serializers.scoring import ScoringRankRequestSerializer, ScoringRankResultSerializer
from ..throttling import SharedScopedRateThrottle

# Set 7: every leaf (32), member A at the best options; member B lower on 2.1, 4.3 and the yes/no item 2.4.
EXAMPLE_CHOICES = {
    "1.1": 3, "1.2": 3, "1.3": 3, "1.4": 3, "1.5": 4, "1.6": 3, "1.7": 2, "2.1": 4, "2.2": 4, "2.3": 3, "2.4": 1,
    "3.1": 3, "3.2": 2, "3.3": 3, "3.4": 2, "3.5": 3, "4.1": 4, "4.2": 4, "4.3": 5, "5.1": 5, "5.2": 3, "5.3": 4,
    "6.1": 3, "6.2": 3, "6.3": 4, "6.4": 3, "6.5": 4, "7": 4, "8": 3, "9": 3, "10": 2, "11": 3,
}  # fmt: skip
EXAMPLE_REQUEST = {
    "version": "QD26_2026",
    "criteria_set": 7,
    "sheets": [
        {"member": "A", "choices": EXAMPLE_CHOICES, "knockouts": [], "stops": []},
        {"member": "B", "choices": {**EXAMPLE_CHOICES, "2.1": 3, "4.3": 3, "2.4": 0}, "knockouts": [], "stops": []},
    ],
}


class RankView(APIView):
    # A public calculator: no sign-in, no session (so no CSRF token either), and nothing is stored.
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    parser_classes = [JSONParser]
    throttle_classes = [SharedScopedRateThrottle]
    throttle_scope = "scoring"

    @extend_schema(
        tags=["scoring"],
        summary="Rank a council's score sheets",
        description="Scores each member's sheet on a product set's score sheet (QĐ 26/2026, Phụ lục II) and "
        "ranks the council: mean total, band, star minimums, knock-out lines, stop rules and requirements not met "
        "held by more than half of the members, divergence between members. Each sheet names every leaf criterion "
        "by its code and the ticked option by its position as printed (from 1; yes/no items 0 or 1; `unmet` for a "
        "criterion whose requirement is not met, answered 200 with `rankable` false and the reason); tourism "
        "two-case items use one case per sheet. Public, throttled; nothing is stored.",
        request=ScoringRankRequestSerializer,
        responses={
            200: ScoringRankResultSerializer,
            400: error_response(
                "Invalid input: unknown version or product set, or member sheets with missing, unknown or "
                "out-of-range items (under `sheets`, by member; messages in Vietnamese name the codes).",
                {"sheets": {"B": ["Thiếu tiêu chí: 2.4, 11.", "Tiêu chí 2.1 không có phương án 5 (chọn từ 1 đến 4)."]}},
            ),
            429: error_response("Too many requests: the scoring rate is limited per client."),
        },
        examples=[OpenApiExample("two members", value=EXAMPLE_REQUEST, request_only=True)],
    )
    def post(self, request):
        data = ScoringRankRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            result = rank(values["sheet"], values["members"], regulation=values["regulation"])
        except SheetError as error:
            raise serializers.ValidationError({"sheets": error.errors}) from None
        return Response(result.as_json())
