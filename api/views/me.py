from drf_spectacular.utils import extend_schema
from rest_framework import generics

from ..serializers.accounts import MeSerializer


@extend_schema(
    tags=["me"],
    summary="Get the signed-in user",
    description="Role, the area that bounds what the user sees, and their producer if they are one.",
)
class MeView(generics.RetrieveAPIView):
    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user
