"""Reading a round's projects (and other tables) from CSV, Excel, Parquet or JSON.

Tables go through :mod:`huiqi.batch.io` (every cell as text, so money is parsed exactly with
Decimal, never through a float sum). Headers are §5 dotted paths, the batch module's Chinese
aliases, or the few extra aliases below; JSON is a list of objects (flat dotted keys or nested
``{"enterprise": {...}, "project": {...}}``) or ``{"projects": [...]}``.
"""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

from huiqi.errors import FieldError, InputError
from huiqi.funds.model import Project
from huiqi.funds.money import parse_amount
from huiqi.geo import normalize_city

#: extra header aliases a fund round's tables use (cleaned: NFKC, no blanks)
ALIASES = {
    "rank": "rank",
    "排序": "rank",
    "排名": "rank",
    "综合排序": "rank",
    "序号排序": "rank",
    "id": "project.id",
    "项目编号": "project.id",
    "项目id": "project.id",
    "项目名称": "project.name",
    "city": "enterprise.city",
    "地市": "enterprise.city",
    "所在地市": "enterprise.city",
    "企业名称": "enterprise.name",
    "单位名称": "enterprise.name",
    "统一社会信用代码": "enterprise.credit_code",
    "设备购置额": "project.equipment_purchase_wan",
    "设备购置额(万元)": "project.equipment_purchase_wan",
    "新设备购置额(万元)": "project.equipment_purchase_wan",
    "equipment_purchase_wan": "project.equipment_purchase_wan",
}
REQUIRED = ("project.id", "enterprise.city", "project.equipment_purchase_wan")


def _clean(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def column_path(header: str) -> str:
    """The dotted path a header names (unchanged when it names none we know)."""
    text = _clean(header)
    if text.lower() in ALIASES:
        return ALIASES[text.lower()]
    if text in ALIASES:
        return ALIASES[text]
    try:
        from huiqi.batch.labels import path_of_header

        return path_of_header(text) or text
    except ImportError:  # pragma: no cover - the batch package is optional here
        return text


def _flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obj.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and key in ("enterprise", "project"):
            out.update(_flatten(value, f"{path}."))
        else:
            out[path] = value
    return out


def read_json_rows(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"), parse_float=Decimal)
    except FileNotFoundError:
        raise InputError(f"文件不存在 file not found: {path}", "input") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path.name}: 无法读取 JSON cannot read ({exc})", "input") from None
    if isinstance(data, dict):
        data = data.get("projects", data.get("rows"))
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError(f"{path.name}: 应为对象列表 expected a list of objects", "input")
    return [_flatten(r) for r in data]


def read_table_rows(path: Path) -> list[dict[str, Any]]:
    """Every row of a CSV/XLSX/Parquet file as ``{header: text or None}``."""
    from huiqi.batch.io import as_text, open_reader

    reader = open_reader(path)
    rows: list[dict[str, Any]] = []
    for chunk in reader.chunks():
        rows.extend(as_text(chunk.select(reader.columns)).to_dicts())  # not the readers' hidden columns
    return rows


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows keyed by dotted path, whatever the file's kind."""
    if not path.is_file():
        raise InputError(f"文件不存在 file not found: {path}", "input")
    raw = read_json_rows(path) if path.suffix.lower() == ".json" else read_table_rows(path)
    return [{column_path(k): v for k, v in row.items()} for row in raw]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _rank(value: Any, path: str) -> int | None:
    text = _text(value)
    if text is None:
        return None
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise InputError(f"排序应为正整数 rank must be a positive integer, got {value!r}", path) from None
    if number != number.to_integral_value() or number < 1:
        raise InputError(f"排序应为正整数 rank must be a positive integer, got {value!r}", path)
    return int(number)


def parse_projects(rows: list[dict[str, Any]], *, need_equipment: bool = True) -> list[Project]:
    """Projects from rows; every problem is collected and raised together (contract §6)."""
    errors: list[FieldError] = []
    projects: list[Project] = []
    seen: dict[str, int] = {}
    required = REQUIRED if need_equipment else REQUIRED[:2]
    for index, row in enumerate(rows, start=1):
        where = f"rows[{index}]"
        missing = [p for p in required if _text(row.get(p)) is None]
        for path in missing:
            errors.append(FieldError(f"{where}.{path}", "缺少必填值 required value missing"))
        if missing:
            continue
        pid = str(_text(row["project.id"]))
        if pid in seen:
            errors.append(FieldError(f"{where}.project.id", f"项目编号重复 duplicate id {pid!r} (row {seen[pid]})"))
            continue
        seen[pid] = index
        try:
            equipment = (
                parse_amount(row["project.equipment_purchase_wan"], f"{where}.project.equipment_purchase_wan")
                if need_equipment
                else Decimal(0)
            )
            rank = _rank(row.get("rank", row.get("project.rank")), f"{where}.rank")
        except InputError as exc:
            errors.extend(exc.errors)
            continue
        city_text = str(_text(row["enterprise.city"]))
        projects.append(
            Project(
                id=pid,
                city_text=city_text,
                city=normalize_city(city_text),
                equipment_wan=equipment,
                rank=rank,
                name=_text(row.get("project.name")),
                enterprise=_text(row.get("enterprise.name")),
                credit_code=_text(row.get("enterprise.credit_code")),
                county=_text(row.get("enterprise.county")),
                row=index,
            )
        )
    if errors:
        raise InputError(errors)
    if not projects:
        raise InputError("输入文件没有项目 the input holds no project", "input")
    return projects


def read_projects(path: Path, *, need_equipment: bool = True) -> list[Project]:
    return parse_projects(read_rows(path), need_equipment=need_equipment)
