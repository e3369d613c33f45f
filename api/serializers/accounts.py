from rest_framework import serializers

from accounts.models import Role, User

from ..schema import EnumChoiceField
from .areas import AreaSummarySerializer
from .producers import ProducerSummarySerializer


class MeSerializer(serializers.ModelSerializer):
    """The signed-in user: role, the area that bounds what they see, and their producer if they are one."""

    full_name = serializers.CharField(source="get_full_name", read_only=True)
    # Read-only fields get no `allow_blank` from DRF, and the schema would then refuse the empty address.
    email = serializers.EmailField(read_only=True, allow_blank=True)
    role = EnumChoiceField(Role, read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    area = AreaSummarySerializer(
        read_only=True,
        allow_null=True,
        help_text="A commune officer's commune; the province of a province-scoped role.",
    )
    producer = ProducerSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "role", "role_display", "area", "producer"]
        read_only_fields = fields
