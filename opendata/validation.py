"""Checking a set of open data files against its data dictionary (`datapackage.json`): every CSV has the declared
header and each cell parses as its field's type; every JSON file is an array of objects that its JSON Schema (made
from the same dictionary) accepts, and holds the same rows as the CSV."""

import csv
import datetime
import json
from pathlib import Path

import jsonschema

JSON_TYPES = {
    "string": {"type": ["string", "null"]},
    "integer": {"type": ["integer", "null"]},
    "number": {"type": ["number", "null"]},
    "date": {"type": ["string", "null"], "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
}


def json_schema(resource: dict) -> dict:
    fields = resource["schema"]["fields"]
    return {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {f["name"]: JSON_TYPES[f["type"]] for f in fields},
            "required": [f["name"] for f in fields],
            "additionalProperties": False,
        },
    }


def _cell(value: str, kind: str):
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "date":
        return datetime.date.fromisoformat(value).isoformat()
    return value


def validate(directory: Path) -> list[str]:
    """The problems found in the set at `directory`; none when it is valid."""
    problems = []
    package = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    if not package.get("licenses"):
        problems.append("datapackage.json: no licence")
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        names = [f["name"] for f in fields]
        with open(directory / resource["path"], encoding="utf-8", newline="") as source:
            reader = csv.reader(source)
            header = next(reader, [])
            if header != names:
                problems.append(f"{resource['path']}: header {header} is not {names}")
                continue
            csv_rows = []
            for number, line in enumerate(reader, start=2):
                try:
                    csv_rows.append({f["name"]: _cell(v, f["type"]) for f, v in zip(fields, line, strict=True)})
                except ValueError as error:
                    problems.append(f"{resource['path']} line {number}: {error}")
        rows = json.loads((directory / resource["json_path"]).read_text(encoding="utf-8"))
        try:
            jsonschema.validate(rows, json_schema(resource), format_checker=jsonschema.FormatChecker())
        except jsonschema.ValidationError as error:
            problems.append(f"{resource['json_path']}: {error.message}")
        plain = [{k: (None if v == "" else v) for k, v in r.items()} for r in rows]  # CSV has no empty string
        if plain != csv_rows:
            problems.append(f"{resource['json_path']}: not the rows of {resource['path']}")
        if resource.get("rows") is not None and resource["rows"] != len(rows):
            problems.append(f"{resource['json_path']}: {len(rows)} rows, the dictionary says {resource['rows']}")
    return problems
