"""Batch files in and out, chunk by chunk: CSV and Parquet here, Excel in :mod:`huiqi.batch.xlsx`.

Readers yield Polars frames of at most ``chunk_size`` rows, so memory stays bounded whatever the
file's size. CSV is read as text throughout (a cell is kept exactly as written). Parquet keeps its
types for the output; :func:`as_text` gives the validator the text of every cell: floats through
their shortest round-trip ``repr`` (then Decimal, rounded to 分), never float arithmetic.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import polars as pl

from huiqi.errors import InputError

if TYPE_CHECKING:
    from huiqi.batch.screen import Layout, Screener
    from huiqi.batch.summary import ScreenSummary

FORMATS = (".csv", ".xlsx", ".parquet")
#: rows screened at once. A million-row Parquet screening (row groups of 125,000 rows) in chunks of
#: 62,500 rows took 6.7–7.0 s CPU and peaked at 0.81–0.84 GiB; in chunks of 125,000 (each chunk costs
#: about 50 ms whatever its size: the plans of some thousand expressions) 6.1–6.2 s, 0.87 GiB
CHUNK_ROWS = 125_000
#: a Parquet row group up to this size is read whole, then screened in pieces of at most ``chunk_size``
READ_MAX_ROWS = 262_144
#: the output's Parquet codec: ``zstd``, Polars' default and so what a plain Polars round trip of the
#: same file writes (``lz4``: LZ4_RAW, Spark ≥ 3.4, DuckDB, Polars, pyarrow; ``snappy`` …)
PARQUET_CODEC = os.environ.get("HUIQI_PARQUET_CODEC", "zstd")


def file_format(path: Path, role: str) -> str:
    """The file's format by its extension (``role``: ``input`` or ``output``, for the caller's reading)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"「{path.name}」不是可用的文件类型：只支持 .xlsx、.csv、.parquet 文件。")
    return suffix


class Reader(Protocol):
    columns: list[str]
    total_rows: int | None
    #: the number a person sees beside the first data row (a header line is row 1; Parquet has none)
    first_row: int

    def chunks(self) -> Iterator[pl.DataFrame]: ...


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as text: dates ISO, booleans ``true``/``false``, floats by their shortest repr."""
    exprs = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.String:
            exprs.append(column)
        elif isinstance(dtype, pl.Datetime):
            midnight = column.dt.time() == pl.time(0)
            exprs.append(pl.when(midnight).then(column.dt.date().cast(pl.String)).otherwise(column.cast(pl.String)))
        elif dtype.is_nested() or dtype == pl.Binary:
            exprs.append(pl.lit(None, pl.String).alias(name))
        else:
            exprs.append(column.cast(pl.String))
    return frame.select(exprs)


class CsvReader:
    """UTF-8 CSV (a BOM is dropped); GB18030/GBK files, as Excel on Chinese Windows saves them, are
    transcoded to a temporary UTF-8 copy first."""

    def __init__(self, path: Path, chunk_size: int = CHUNK_ROWS) -> None:
        self.path = _utf8(path)
        self.chunk_size = chunk_size
        self.first_row = 2
        try:
            head = pl.read_csv(self.path, infer_schema=False, n_rows=0)
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise InputError(f"「{path.name}」无法作为 CSV 读取（{_first_line(exc)}），请检查文件内容。") from None
        self.columns = [c.lstrip("\ufeff") for c in head.columns]
        self.total_rows: int | None = _count_lines(self.path)

    def chunks(self) -> Iterator[pl.DataFrame]:
        scan = pl.scan_csv(self.path, infer_schema=False, new_columns=self.columns, missing_columns="insert")
        try:
            yield from scan.collect_batches(chunk_size=self.chunk_size)
        except pl.exceptions.ComputeError as exc:
            why = _first_line(exc)
            raise InputError(f"「{self.path.name}」的 CSV 格式有误（{why}），请检查引号和分隔符。") from None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _utf8(path: Path) -> Path:
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return path
    except UnicodeDecodeError:
        pass
    fd, name = tempfile.mkstemp(suffix=".csv", prefix="huiqi-utf8-")
    with path.open("r", encoding="gb18030", newline="") as src, os.fdopen(fd, "w", encoding="utf-8") as dst:
        while block := src.read(1 << 22):
            dst.write(block)
    return Path(name)


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 24):
            lines += block.count(b"\n")
    return max(lines - 1, 0)


class ParquetReader:
    """Chunks of at most ``chunk_size`` rows, each read by slicing the file (Polars reads only the row
    groups and pages a slice needs; its streaming batches read ahead without bound when screening is
    the slower side). With :meth:`by_row_groups`, only some columns and no chunk across two row groups
    (for :class:`huiqi.batch.stitch.StitchWriter`)."""

    def __init__(self, path: Path, chunk_size: int = CHUNK_ROWS) -> None:
        self.path = path
        self.chunk_size = chunk_size
        self.first_row = 1
        try:
            schema = pl.read_parquet_schema(path)
            self.total_rows: int | None = pl.scan_parquet(path).select(pl.len()).collect().item()
        except (pl.exceptions.PolarsError, OSError):
            raise InputError(f"「{path.name}」不是可以读取的 Parquet 文件，可能已损坏。") from None
        self.columns = list(schema)
        self.groups = [self.total_rows or 0]
        self.selected = self.columns

    def by_row_groups(self, sizes: list[int], columns: list[str]) -> None:
        self.groups, self.selected = sizes, columns

    def chunks(self) -> Iterator[pl.DataFrame]:
        scan = pl.scan_parquet(self.path).select(self.selected)
        start = 0
        for size in filter(None, self.groups):
            step = -(-size // -(-size // self.chunk_size))  # a row group in equal pieces, none over chunk_size
            if size <= READ_MAX_ROWS:
                # one read per row group, then its pieces (zero-copy): reading a row group in two slices
                # decodes pages twice where they straddle (1M rows: 1.5 → 1.05 s CPU)
                group = scan.slice(start, size).collect()
                pieces = [group.slice(offset, step) for offset in range(0, size, step)]
                del group  # (the pieces hold it, each handed on and dropped here in turn)
                while pieces:
                    yield pieces.pop(0)
            else:
                for offset in range(0, size, step):
                    yield scan.slice(start + offset, min(step, size - offset)).collect()
            start += size


def open_reader(path: Path, chunk_size: int = CHUNK_ROWS) -> Reader:
    """The reader for ``path`` by its extension; InputError when missing, of another kind or unreadable."""
    suffix = file_format(path, "input")
    if not path.is_file():
        raise InputError(f"找不到文件「{path}」。")
    if suffix == ".csv":
        return CsvReader(path, chunk_size)
    if suffix == ".parquet":
        return ParquetReader(path, chunk_size)
    from huiqi.batch.xlsx import XlsxReader

    return XlsxReader(path)


class Writer(Protocol):
    def write(self, chunk: pl.DataFrame) -> None: ...

    def close(self, summary: ScreenSummary) -> None: ...


def visible(chunk: pl.DataFrame) -> pl.DataFrame:
    from huiqi.batch.screen import HIDDEN

    return chunk.select([c for c in chunk.columns if not c.startswith(HIDDEN)])


class CsvWriter:
    """Plain UTF-8, no BOM: the §5 layout that scripts read (people open the .xlsx output)."""

    def __init__(self, path: Path) -> None:
        self.handle = path.open("wb")
        self.first = True

    def write(self, chunk: pl.DataFrame) -> None:
        visible(chunk).write_csv(self.handle, include_header=self.first, include_bom=False)
        self.first = False

    def close(self, summary: ScreenSummary) -> None:
        self.handle.close()


class ParquetWriter:
    """Chunks appended as row groups with pyarrow (zero-copy from Polars' string views), in
    :data:`PARQUET_CODEC`; used where the input's column chunks cannot be copied (:mod:`huiqi.batch.stitch`);
    dictionary pages only for columns with few distinct values, statistics only for some screening
    columns (:func:`with_statistics`; for high-cardinality input text they cost more than all the
    rules together)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.writer: Any = None
        self.schema: pl.Schema | None = None

    def write(self, chunk: pl.DataFrame) -> None:
        import pyarrow.parquet as pq

        chunk = visible(chunk)
        if self.schema is None:
            self.schema = chunk.schema
        else:  # an all-null chunk of an input column may come out typed otherwise
            chunk = chunk.cast(dict(self.schema))  # type: ignore[arg-type]
        # pyarrow writes no dictionary of string views: a categorical column goes as large strings
        categorical = any(isinstance(t, (pl.Categorical, pl.Enum)) for t in chunk.schema.values())
        table = chunk.to_arrow(compat_level=pl.CompatLevel.oldest() if categorical else pl.CompatLevel.newest())
        if self.writer is None:
            self.writer = pq.ParquetWriter(
                self.path,
                table.schema,
                compression=PARQUET_CODEC,
                use_dictionary=_few_distinct(chunk),
                write_statistics=with_statistics(chunk.columns),
                store_schema=False,
            )
        self.writer.write_table(table)

    def close(self, summary: ScreenSummary) -> None:
        if self.writer is not None:
            self.writer.close()
        elif not self.path.exists():
            pl.DataFrame().write_parquet(self.path)


def _few_distinct(chunk: pl.DataFrame, sample: int = 10_000, limit: int = 1_000) -> list[str]:
    """Columns whose first ``sample`` values hold fewer than ``limit`` distinct ones."""
    head = chunk.head(sample)
    counts = head.select(pl.all().n_unique()).row(0)
    return [c for c, n in zip(head.columns, counts, strict=True) if n < limit]


def with_statistics(columns: list[str]) -> list[str]:
    """The columns whose Parquet statistics are written: the reward bounds (a reader's range filter
    skips row groups by them) and ``error`` (its null count tells a reader which row groups hold
    invalid rows). A status or failed-ids column's minimum and maximum skip nothing (nearly every row
    group holds every status), and computing them costs a quarter of encoding the screening columns."""
    from huiqi.batch.validate import ERROR

    return [c for c in columns if c == ERROR or c.endswith(".reward_max_wan")]


def open_writer(path: Path, screener: Screener, reader: Reader | None = None,
                layout: Layout | None = None) -> Writer:
    """The writer for ``path`` by its extension (Excel needs the screener for its labels). Parquet
    from a plain Parquet ``reader`` copies the input's column chunks (:mod:`huiqi.batch.stitch`) and
    sets the reader to read only the columns screened, a row group at a time."""
    suffix = file_format(path, "output")
    if suffix == ".csv":
        return CsvWriter(path)
    if suffix == ".parquet":
        if isinstance(reader, ParquetReader) and layout is not None:
            from huiqi.batch.stitch import STITCH_MAX_ROWS, StitchWriter, source_of

            source = source_of(reader.path)
            if source is not None and source.names == reader.columns and max(source.sizes()) <= STITCH_MAX_ROWS:
                reader.by_row_groups(source.sizes(), list(layout.paths.values()))
                keep = {column: layout.renames.get(column, column) for column in layout.columns}
                return StitchWriter(source, path, keep, PARQUET_CODEC)
        return ParquetWriter(path)
    from huiqi.batch.workbook import XlsxWriter

    return XlsxWriter(path, screener)
