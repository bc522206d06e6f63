"""Reading the package data files beside this module (``importlib.resources``, so it works from a wheel)."""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Any

import yaml

_PACKAGE = "huiqi.geo"


def read_text(name: str) -> str:
    """The text of ``name`` relative to the ``huiqi.geo`` package (``data/gd_cities.csv``)."""
    node = resources.files(_PACKAGE)
    for part in name.split("/"):
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


def read_csv(name: str) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file with a header line, values stripped of surrounding blanks."""
    reader = csv.DictReader(io.StringIO(read_text(name)))
    return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def read_yaml(name: str) -> Any:
    return yaml.safe_load(read_text(name))
