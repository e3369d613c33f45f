"""How our choice sets appear in the OpenAPI schema.

drf-spectacular names an enum after the field that holds it, and warns when two choice sets share a field
name (a producer's `kind` and an IP title's `kind`) or one choice set has two field names (`era`,
`area_era`). `EnumChoiceField` publishes each `TextChoices` class as one component named after the class
instead (`ProducerKindEnum`, `IntellectualPropertyKindEnum`, `AreaEraEnum`), whatever the field is called, or
under the name it is given."""

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

from core.errors import problem


class EnumChoiceField(serializers.ChoiceField):
    """A ChoiceField over a `TextChoices` class, documented as that class's named enum."""

    def __init__(self, enum: type[models.TextChoices], *, name: str = "", **kwargs):
        # `name`: the component's, for a class whose own name is too plain to be unique (inspections' `Status`).
        self.enum = enum
        self.enum_name = name or f"{enum.__qualname__.replace('.', '')}Enum"
        super().__init__(choices=enum.choices, **kwargs)


def _component(name: str, schema: dict, identity) -> ResolvedComponent:
    return ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=identity)


class EnumChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumChoiceField

    def map_serializer_field(self, auto_schema, direction):
        enum = self.target.enum
        name = self.target.enum_name
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
    """A documented error answer, shown as problem details (`problem_responses`); `example`: the `errors` of a 400."""
    examples = [OpenApiExample("error", value=example, response_only=True)] if example else None
    return OpenApiResponse(response=OpenApiTypes.OBJECT, description=description, examples=examples)


BAD_INPUT = error_response(
    "Invalid input. Messages are keyed by field (`non_field_errors` for the whole record), in Vietnamese.",
    {"tax_code": ["Mã số thuế 0100107519 sai chữ số kiểm tra: hãy kiểm tra lại từng chữ số."]},
)
NOT_ALLOWED = error_response("The user can see this record but may not make this change.")
NOT_FOUND = error_response("No such record, or it is outside the user's scope (the two are not told apart).")


# --- errors: RFC 9457 problem details on every operation ------------------------------------------------------

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details, in the reader's language (Vietnamese by default).",
    "properties": {
        "type": {
            "type": "string",
            "description": "`urn:ocop:problem:<name>`: validation, bad-request, not-authenticated, permission-denied, "
            "not-found, method-not-allowed, not-acceptable, unsupported-media-type, throttled, server-error.",
        },
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string", "description": "The path that was asked."},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "For `validation`: the messages keyed by field (`non_field_errors` for the whole input; "
            "nested for nested input).",
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}
DEFAULT_ERRORS = {
    "400": "Invalid input or query parameters: `errors` holds the messages by field.",
    "401": "A token that is unknown, revoked or expired, or whose user is locked (the detail says which).",
    "403": "Not signed in, not allowed, or a token without the write right this operation needs.",
    "404": "No such record, or it is outside the user's scope (the two are not told apart).",
    "405": "Method not allowed.",
    "406": "No acceptable representation for the Accept header.",
    "415": "Unsupported media type of the request body.",
    "429": "Too many requests; Retry-After says when to try again.",
    "500": "Server error.",
}


def _as_problem(status: int, value):
    """An example written as the old error body ({field: [messages]} or {"detail": …}), as problem details."""
    if isinstance(value, dict) and "status" in value:
        return value
    if status == 400:
        return problem(400, detail="Dữ liệu gửi lên không hợp lệ.", instance="/api/v1/…", errors=value)
    return problem(status, detail=str(value.get("detail", "")), instance="/api/v1/…")


def problem_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the `Problem` component, and every error answer of every operation
    (those the views document, and the ones any operation may give) as `application/problem+json`."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, description in DEFAULT_ERRORS.items():
                responses.setdefault(code, {"description": description})
            for code, response in responses.items():
                if not code.isdigit() or int(code) < 400:
                    continue
                examples = {}
                for content in (response.get("content") or {}).values():
                    for name, example in (content.get("examples") or {}).items():
                        examples[name] = {**example, "value": _as_problem(int(code), example.get("value"))}
                media = {"schema": ref}
                if examples:
                    media["examples"] = examples
                response["content"] = {"application/problem+json": media}
    return result
