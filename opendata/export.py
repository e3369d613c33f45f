"""Writing the open data files: for each data set a CSV and a JSON file, and `datapackage.json`, the data
dictionary (a Frictionless Data Package: every field's name, type and meaning in Vietnamese and English, the
licence of settings.OPEN_DATA_LICENSE).

A run writes a whole new set into a directory of its own, then points `latest` at it with one rename (a symlink
replaced atomically): a run killed half-way leaves the previous set whole, and two runs never mix their files.
Re-running is harmless; the two newest sets are kept."""

import csv
import datetime
import json
import os
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .datasets import DATASETS, Dataset

LATEST = "latest"
RUNS = "runs"
KEEP = 2
PACKAGE = "datapackage.json"


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _csv_cell(value) -> str:
    return "" if value is None else str(_plain(value))


def descriptor(*, generated_at: datetime.datetime, counts: dict[str, int]) -> dict:
    """The data dictionary of every data set, as a Frictionless Data Package."""
    return {
        "profile": "tabular-data-package",
        "name": "ocop-open-data",
        "title": "Dữ liệu mở Chương trình OCOP / OCOP programme open data",
        "publisher": settings.OPEN_DATA_PUBLISHER,
        "created": generated_at.isoformat(),
        "licenses": [settings.OPEN_DATA_LICENSE],
        "resources": [resource(d, counts.get(d.name)) for d in DATASETS.values()],
    }


def resource(dataset: Dataset, count: int | None = None) -> dict:
    return {
        "name": dataset.name,
        "path": f"{dataset.name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": dataset.vi[0],
        "description": dataset.vi[1],
        "title_en": dataset.en[0],
        "description_en": dataset.en[1],
        "json_path": f"{dataset.name}.json",
        "rows": count,
        "licenses": [settings.OPEN_DATA_LICENSE],
        "schema": {
            "fields": [
                {
                    "name": f.name,
                    "type": f.type,
                    **({"format": "default"} if f.type == "date" else {}),
                    "title": f.vi[0],
                    "description": f.vi[1],
                    "title_en": f.en[0],
                    "description_en": f.en[1],
                    **({"orderable": True} if f.orderable else {}),
                }
                for f in dataset.fields
            ],
            "missingValues": [""],
        },
    }


def _write_dataset(directory: Path, dataset: Dataset, rows: list[dict]) -> None:
    with open(directory / f"{dataset.name}.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(dataset.field_names)
        for row in rows:
            writer.writerow([_csv_cell(row[name]) for name in dataset.field_names])
    with open(directory / f"{dataset.name}.json", "w", encoding="utf-8") as out:
        json.dump([{k: _plain(v) for k, v in row.items()} for row in rows], out, ensure_ascii=False, indent=1)


def export(*, directory: Path | None = None, day: datetime.date | None = None) -> Path:
    """Write every data set of `day` (today) under `directory` (settings.OPEN_DATA_DIR) and make it the latest.
    Returns the new set's directory."""
    root = Path(directory or settings.OPEN_DATA_DIR)
    day = day or timezone.localdate()
    generated_at = timezone.now()
    run = root / RUNS / f"{generated_at:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"
    run.mkdir(parents=True)
    counts = {}
    for dataset in DATASETS.values():
        rows = dataset.rows(day)
        counts[dataset.name] = len(rows)
        _write_dataset(run, dataset, rows)
    with open(run / PACKAGE, "w", encoding="utf-8") as out:
        json.dump(descriptor(generated_at=generated_at, counts=counts), out, ensure_ascii=False, indent=1)
    _publish(root, run)
    _prune(root)
    return run


def _publish(root: Path, run: Path) -> None:
    link = root / f".{LATEST}-{uuid.uuid4().hex}"
    link.symlink_to(run.relative_to(root), target_is_directory=True)
    os.replace(link, root / LATEST)


def _prune(root: Path) -> None:
    current = (root / LATEST).resolve()
    runs = sorted((p for p in (root / RUNS).iterdir() if p.is_dir()), key=lambda p: p.name, reverse=True)
    for old in runs[KEEP:]:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)


def latest(directory: Path | None = None) -> Path | None:
    """The directory of the latest complete set, or None before the first export."""
    path = Path(directory or settings.OPEN_DATA_DIR) / LATEST
    return path.resolve() if path.exists() else None
