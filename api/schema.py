"""How our choice sets appear in the OpenAPI schema.

drf-spectacular names an enum after the field that holds it, and warns when two choice sets share a field
name (a producer's `kind` and an IP title's `kind`) or one choice set has two field names (`era`,
`area_era`). `EnumChoiceField` publishes each `TextChoices` class as one component named after the class
instead (`ProducerKindEnum`, `IntellectualPropertyKindEnum`, `AreaEraEnum`), whatever the field is called."""

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers


class EnumChoiceField(serializers.ChoiceField):
    """A ChoiceField over a `TextChoices` class, documented as that class's named enum."""

    def __init__(self, enum: type[models.TextChoices], **kwargs):
        self.enum = enum
        super().__init__(choices=enum.choices, **kwargs)


def _component(name: str, schema: dict, identity) -> ResolvedComponent:
    return ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=identity)


class EnumChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumChoiceField

    def map_serializer_field(self, auto_schema, direction):
        enum = self.target.enum
        name = f"{enum.__qualname__.replace('.', '')}Enum"
        schema = {
            "type": "string",
            "enum": list(enum.values),
            "description": build_choice_description_list(enum.choices),
        }
        component = _component(name, schema, enum)
        auto_schema.registry.register_on_missing(component)
        if not self.target.allow_blank:
            return component.ref
        # The same BlankEnum component that drf-spectacular uses for its own blank choices.
        blank = _component("BlankEnum", {"enum": [""]}, "BlankEnum")
        auto_schema.registry.register_on_missing(blank)
        return {"oneOf": [component.ref, blank.ref]}


def error_response(description: str, example: dict | None = None) -> OpenApiResponse:
    """A documented error answer: DRF's {field: [messages]} (or {"detail": message}), messages in Vietnamese."""
    examples = [OpenApiExample("error", value=example, response_only=True)] if example else None
    return OpenApiResponse(response=OpenApiTypes.OBJECT, description=description, examples=examples)


BAD_INPUT = error_response(
    "Invalid input. Messages are keyed by field (`non_field_errors` for the whole record), in Vietnamese.",
    {"tax_code": ["Mã số thuế 0100107519 sai chữ số kiểm tra: hãy kiểm tra lại từng chữ số."]},
)
NOT_ALLOWED = error_response("The user can see this record but may not make this change.")
NOT_FOUND = error_response("No such record, or it is outside the user's scope (the two are not told apart).")
