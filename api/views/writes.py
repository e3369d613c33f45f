"""What every write view of the API does around its domain function: read the request through a write serializer
(a 400 with field messages otherwise), and answer with the record read back through the view's own scoped query,
so a write's answer has the same shape as a GET."""

from rest_framework import status
from rest_framework.response import Response


class DomainWrites:
    def _read(self, serializer_class, **kwargs):
        write = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        write.is_valid(raise_exception=True)
        return write.validated_data

    def _respond(self, record, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=record.pk)
        return Response(self.get_serializer(fresh).data, status=code)
