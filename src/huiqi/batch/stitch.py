"""Parquet → Parquet without re-encoding the input: its column chunks are copied byte for byte.

The output keeps every input column (contract §5), and those bytes are already written: each output
row group is the input row group's column chunks, copied as they are (their codec, encodings and
statistics unchanged; a column renamed to its §5 path only in the footer), followed by the screening
columns, encoded by pyarrow for that row group alone. The footer is the input's, rewritten with
:mod:`huiqi.batch.thrift`: offsets moved, the screening columns appended, page indexes, bloom
filters and the input's key/value metadata (an Arrow schema that no longer matches) left out.

Only a plain file is copied this way: flat columns, no encryption, no external column files, row
groups of at most :data:`STITCH_MAX_ROWS` rows (a row group's results are held until it is screened
whole). For anything else the output is written by re-encoding every column.
"""

from __future__ import annotations

import io
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import polars as pl

from huiqi.batch import thrift
from huiqi.batch.thrift import BINARY, I64, LIST, STRUCT, Struct

if TYPE_CHECKING:
    from huiqi.batch.summary import ScreenSummary

MAGIC = b"PAR1"
#: Polars' default row group size; a row group's screening columns take ~0.4 KiB a row until written
STITCH_MAX_ROWS = 512**2
# FileMetaData, RowGroup, ColumnChunk and ColumnMetaData field ids (parquet.thrift)
F_SCHEMA, F_NUM_ROWS, F_ROW_GROUPS, F_KV, F_CREATED_BY, F_COLUMN_ORDERS = 2, 3, 4, 5, 6, 7
SE_NAME, SE_CHILDREN = 4, 5
RG_COLUMNS, RG_BYTES, RG_ROWS, RG_SORTING, RG_OFFSET, RG_COMPRESSED, RG_ORDINAL = 1, 2, 3, 4, 5, 6, 7
CC_PATH, CC_OFFSET, CC_META = 1, 2, 3
CC_PAGE_INDEX = (4, 5, 6, 7)
CM_PATH, CM_UNCOMPRESSED, CM_COMPRESSED, CM_DATA, CM_INDEX, CM_DICT = 3, 6, 7, 9, 10, 11
CM_BLOOM = (14, 15)


def read_footer(data: bytes) -> Struct:
    """The FileMetaData of a Parquet file's bytes (or of its tail, from the footer on)."""
    if len(data) < 12 or data[-4:] != MAGIC:
        raise ValueError("not a plain Parquet file")
    (length,) = struct.unpack("<I", data[-8:-4])
    if length + 8 > len(data):
        raise ValueError("Parquet footer longer than the file")
    return thrift.decode(data[-8 - length : -8])


def _file_footer(handle: BinaryIO, size: int) -> Struct:
    handle.seek(max(size - 8, 0))
    tail = handle.read(8)
    if len(tail) < 8 or tail[4:] != MAGIC:
        raise ValueError("not a plain Parquet file")
    (length,) = struct.unpack("<I", tail[:4])
    if length + 12 > size:
        raise ValueError("Parquet footer longer than the file")
    handle.seek(size - 8 - length)
    return read_footer(handle.read(length) + tail)


def _items(fields: Struct, fid: int) -> list[Any]:
    return fields[fid][1][1] if fid in fields else []


def _span(meta: Struct) -> tuple[int, int]:
    """Where a column chunk's pages start in its file (its dictionary page if any) and their length."""
    start = meta[CM_DATA][1]
    if CM_DICT in meta and 0 < meta[CM_DICT][1] < start:
        start = meta[CM_DICT][1]
    return start, meta[CM_COMPRESSED][1]


@dataclass
class Source:
    """A plain Parquet input whose column chunks can be copied: its footer, leaf names and row groups."""

    path: Path
    meta: Struct
    names: list[str]

    @property
    def row_groups(self) -> list[Struct]:
        return _items(self.meta, F_ROW_GROUPS)

    def sizes(self) -> list[int]:
        return [rg[RG_ROWS][1] for rg in self.row_groups]


def source_of(path: Path) -> Source | None:
    """``path`` as a :class:`Source`, or None where copying chunks is not safe (see the module)."""
    try:
        with path.open("rb") as handle:
            if handle.read(4) != MAGIC:
                return None
            meta = _file_footer(handle, path.stat().st_size)
    except (OSError, ValueError, IndexError, struct.error):
        return None
    schema = _items(meta, F_SCHEMA)
    if not schema or not _items(meta, F_ROW_GROUPS):
        return None
    leaves = schema[1:]
    if schema[0].get(SE_CHILDREN, (0, -1))[1] != len(leaves) or any(SE_CHILDREN in e for e in leaves):
        return None  # nested columns
    names = [e[SE_NAME][1].decode("utf-8", "replace") for e in leaves]
    if len(set(names)) != len(names):
        return None
    for rg in _items(meta, F_ROW_GROUPS):
        if rg[RG_ROWS][1] <= 0:
            return None
        chunks = _items(rg, RG_COLUMNS)
        if len(chunks) != len(leaves) or any(CC_PATH in c or CC_META not in c for c in chunks):
            return None  # encrypted columns or chunks in other files
    return Source(path, meta, names)


def _moved(chunk: Struct, shift: int, name: bytes | None) -> Struct:
    """A ColumnChunk whose pages moved by ``shift`` bytes (renamed to ``name`` where given)."""
    meta = dict(chunk[CC_META][1])
    for fid in (CM_DATA, CM_INDEX, CM_DICT):
        if fid in meta:
            meta[fid] = (I64, meta[fid][1] + shift)
    for fid in CM_BLOOM:
        meta.pop(fid, None)
    if name is not None:
        meta[CM_PATH] = (LIST, (BINARY, [name]))
    out = {fid: v for fid, v in chunk.items() if fid not in CC_PAGE_INDEX}
    out[CC_META] = (STRUCT, meta)
    out[CC_OFFSET] = (I64, _span(meta)[0])
    return out


class StitchWriter:
    """The Parquet output of a :class:`Source`: screening results arrive chunk by chunk (never
    straddling an input row group, see :class:`huiqi.batch.io.ParquetReader`); when a row group's rows
    are all screened, its input chunks are copied and the results encoded behind them."""

    copies_input = True

    def __init__(self, source: Source, target: Path, keep: dict[str, str], codec: str) -> None:
        self.source = source
        self.keep = [(source.names.index(column), name) for column, name in keep.items()]
        self.codec = codec
        self.handle = target.open("wb", buffering=0)  # unbuffered: tell() is where the next byte goes
        _write(self.handle, MAGIC)
        self.input = source.path.open("rb", buffering=0)
        self.sizes = source.sizes()
        self.parts: list[pl.DataFrame] = []
        self.pending = 0
        self.groups: list[Struct] = []
        self.schema: pl.Schema | None = None
        self.result_meta: Struct | None = None

    def write(self, chunk: pl.DataFrame) -> None:
        from huiqi.batch.io import visible

        chunk = visible(chunk)
        if self.schema is None:
            self.schema = chunk.schema
        else:  # an all-null chunk of a column may come out typed otherwise
            chunk = chunk.cast(dict(self.schema))  # type: ignore[arg-type]
        self.parts.append(chunk)
        self.pending += chunk.height
        while self.pending and len(self.groups) < len(self.sizes) and self.pending >= self.sizes[len(self.groups)]:
            self._row_group()

    def _row_group(self) -> None:
        import pyarrow.parquet as pq

        from huiqi.batch.io import with_statistics

        size = self.sizes[len(self.groups)]
        frame = pl.concat(self.parts) if len(self.parts) > 1 else self.parts[0]
        results, rest = frame.head(size), frame.slice(size)
        self.parts, self.pending = ([rest] if rest.height else []), rest.height
        buffer = io.BytesIO()
        pq.write_table(results.to_arrow(compat_level=pl.CompatLevel.newest()), buffer, row_group_size=max(size, 1),
                       compression=self.codec, store_schema=False, write_statistics=with_statistics(results.columns))
        encoded = buffer.getvalue()
        meta = read_footer(encoded)
        if len(_items(meta, F_ROW_GROUPS)) != 1:
            raise RuntimeError("the screening columns of one row group were written as several")
        self.result_meta = meta
        columns = self._copy_input(self.source.row_groups[len(self.groups)])
        for rg in _items(meta, F_ROW_GROUPS):
            for chunk in _items(rg, RG_COLUMNS):
                start, length = _span(chunk[CC_META][1])
                columns.append(_moved(chunk, self.handle.tell() - start, None))
                _write(self.handle, encoded[start : start + length])
        self.groups.append(_row_group(columns, size, len(self.groups)))

    def _copy_input(self, group: Struct) -> list[Struct]:
        chunks = _items(group, RG_COLUMNS)
        out = []
        for index, name in self.keep:
            chunk = chunks[index]
            start, length = _span(chunk[CC_META][1])
            out.append(_moved(chunk, self.handle.tell() - start, name.encode()))
            _copy(self.input, self.handle, start, length)
        return out

    def close(self, summary: ScreenSummary) -> None:
        try:
            if len(self.groups) == len(self.sizes) and self.result_meta is not None:
                footer = thrift.encode(self._footer(self.result_meta))
                _write(self.handle, footer + struct.pack("<I", len(footer)) + MAGIC)
        finally:
            self.handle.close()
            self.input.close()

    def _footer(self, results: Struct) -> Struct:
        meta = {fid: v for fid, v in self.source.meta.items() if fid not in (F_KV, F_COLUMN_ORDERS)}
        schema = _items(self.source.meta, F_SCHEMA)
        added = _items(results, F_SCHEMA)[1:]
        leaves = [{**schema[1 + i], SE_NAME: (BINARY, name.encode())} for i, name in self.keep]
        root = {**schema[0], SE_CHILDREN: (thrift.I32, len(leaves) + len(added))}
        meta[F_SCHEMA] = (LIST, (STRUCT, [root, *leaves, *added]))
        meta[F_ROW_GROUPS] = (LIST, (STRUCT, self.groups))
        meta[F_NUM_ROWS] = (I64, sum(self.sizes))
        meta[F_CREATED_BY] = results[F_CREATED_BY]
        orders, added_orders = _items(self.source.meta, F_COLUMN_ORDERS), _items(results, F_COLUMN_ORDERS)
        if orders and added_orders:
            meta[F_COLUMN_ORDERS] = (LIST, (STRUCT, [orders[i] for i, _ in self.keep] + added_orders))
        return meta


def _copy(source: BinaryIO, target: BinaryIO, start: int, length: int) -> None:
    """``length`` bytes of ``source`` from ``start`` appended to ``target`` (in the kernel where it can)."""
    done = 0
    try:
        while done < length:
            step = os.copy_file_range(source.fileno(), target.fileno(), length - done, start + done)
            if step == 0:
                break
            done += step
    except (AttributeError, OSError):
        pass
    while done < length:
        source.seek(start + done)
        block = source.read(min(length - done, 1 << 24))
        if not block:
            raise ValueError("Parquet column chunk beyond the end of the file")
        _write(target, block)
        done += len(block)


def _write(target: BinaryIO, data: bytes) -> None:
    """All of ``data`` (an unbuffered file may take less than it is given at a time)."""
    view = memoryview(data)
    while view:
        view = view[target.write(view) or 0 :]


def _row_group(columns: list[Struct], rows: int, ordinal: int) -> Struct:
    spans = [_span(c[CC_META][1]) for c in columns]
    return {
        RG_COLUMNS: (LIST, (STRUCT, columns)),
        RG_BYTES: (I64, sum(c[CC_META][1][CM_UNCOMPRESSED][1] for c in columns)),
        RG_ROWS: (I64, rows),
        RG_OFFSET: (I64, spans[0][0] if spans else 0),
        RG_COMPRESSED: (I64, sum(length for _, length in spans)),
        RG_ORDINAL: (thrift.I16, ordinal),
    }
