"""Screening files in and out: size and type checks, refusing formula cells, rendering results.

An upload is refused (4xx, with the reason) when it is larger than the limit (413), not a .csv, .xlsx or
.parquet file or not what its name says (415), unreadable, empty, too long, or carrying spreadsheet
formulas (422) — a formula would run in the reviewer's Excel when the result is opened.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from fastapi import HTTPException, UploadFile, status

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Upload:
    filename: str
    format: str
    data: bytes
    rows: int


def _reject(code: int, message: str) -> HTTPException:
    return HTTPException(code, message)


def is_formula(value: str) -> bool:
    """A text cell a spreadsheet would execute: ``=…``, ``@…``, or ``+``/``-`` not followed by a number."""
    text = value.lstrip()
    if not text:
        return False
    if text[0] in "=@":
        return True
    return text[0] in "+-" and len(text) > 1 and not _NUMBER.match(text)


def read_upload(file: UploadFile, max_bytes: int, max_rows: int) -> Upload:
    name = (file.filename or "").strip()
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise _reject(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                      f"不支持的文件类型 {suffix or '(无扩展名)'}：请上传 .csv、.xlsx 或 .parquet "
                      "unsupported file type: upload a .csv, .xlsx or .parquet file")
    buffer = bytearray()
    while chunk := file.file.read(_CHUNK):
        buffer += chunk
        if len(buffer) > max_bytes:
            raise _reject(status.HTTP_413_CONTENT_TOO_LARGE,
                          f"文件超过 {max_bytes} 字节上限 the file is larger than the {max_bytes}-byte limit")
    data = bytes(buffer)
    if not data:
        raise _reject(422, "文件为空 the file is empty")
    rows = _check(fmt, data)
    if rows > max_rows:
        raise _reject(422, f"文件有 {rows} 行，超过上限 {max_rows} too many rows ({rows} > {max_rows})")
    return Upload(name, fmt, data, rows)


def _check(fmt: str, data: bytes) -> int:
    """Check the content matches the format and holds no formula; the number of data rows."""
    if fmt == "xlsx":
        return _check_xlsx(data)
    if fmt == "parquet":
        return _check_parquet(data)
    return _check_csv(data)


def _wrong_content(fmt: str) -> HTTPException:
    return _reject(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                   f"文件内容不是 .{fmt} 格式 the content is not a .{fmt} file")


def _formula_error(where: str) -> HTTPException:
    return _reject(422, f"单元格 {where} 含有公式，请改为数值或文本后再上传 formula cells are not accepted ({where})")


def _check_xlsx(data: bytes) -> int:
    if not data.startswith(b"PK\x03\x04"):
        raise _wrong_content("xlsx")
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        raise _reject(422, "无法读取 Excel 文件 the .xlsx file cannot be read") from None
    try:
        rows = 0
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) == "f" or (
                        isinstance(cell.value, str) and is_formula(cell.value)
                    ):
                        raise _formula_error(f"{sheet.title}!{cell.coordinate}")
            rows = max(rows, (sheet.max_row or 1) - 1)
            break  # the batch reads the first sheet
        return rows
    finally:
        book.close()


def _check_csv(data: bytes) -> int:
    import csv

    if b"\x00" in data[:65536]:
        raise _wrong_content("csv")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _reject(415, "CSV 文件须为 UTF-8 编码 the .csv file must be UTF-8 encoded") from None
    rows = -1
    for line, record in enumerate(csv.reader(io.StringIO(text)), start=1):
        rows += 1
        for column, value in enumerate(record, start=1):
            if is_formula(value):
                raise _formula_error(f"第 {line} 行第 {column} 列 row {line} column {column}")
    return max(rows, 0)


def _check_parquet(data: bytes) -> int:
    if not (data.startswith(b"PAR1") and data.endswith(b"PAR1")):
        raise _wrong_content("parquet")
    import polars as pl

    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception:
        raise _reject(422, "无法读取 Parquet 文件 the .parquet file cannot be read") from None
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            bad = frame.filter(pl.col(name).map_elements(is_formula, return_dtype=pl.Boolean))
            if bad.height:
                raise _formula_error(f"列 column {name}")
    return frame.height


def render(parquet: bytes, fmt: str) -> bytes:
    """The stored result (Parquet) in the requested format; text that looks like a formula is quoted."""
    if fmt == "parquet":
        return parquet
    import polars as pl

    frame = pl.read_parquet(io.BytesIO(parquet))
    text_columns = [n for n, t in frame.schema.items() if t == pl.String]
    frame = frame.with_columns(
        pl.col(n).map_elements(lambda v: "'" + v if is_formula(v) else v, return_dtype=pl.String)
        for n in text_columns
    )
    if fmt == "csv":
        return frame.write_csv().encode("utf-8-sig")
    return _xlsx(frame)


def _xlsx(frame: object) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("screening")
    sheet.append(list(frame.columns))  # type: ignore[attr-defined]
    for row in frame.iter_rows():  # type: ignore[attr-defined]
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
