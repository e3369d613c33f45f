"""Read serializers describe what the API returns; write serializers only parse and type-check input, then the
views hand it to the same domain functions the forms use."""


def expand_fields(fields, replacements: dict[str, tuple[str, ...]]) -> list[str]:
    """`fields` (an app's editable fields, declared once in its domain) in order, each name in `replacements`
    replaced by the names given: the API's own form of that field, or the read-only fields shown beside it."""
    return [name for field in fields for name in replacements.get(field, (field,))]
