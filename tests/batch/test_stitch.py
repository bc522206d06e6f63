"""Parquet → Parquet copies the input's column chunks: the same table as re-encoding, other readers agree."""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from huiqi.batch import screen_file, stitch, thrift
from huiqi.errors import InputError

AS_OF = dt.date(2022, 6, 1)
TECH = "tech-upgrade-equipment-reward"


def footer_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    (length,) = struct.unpack("<I", data[-8:-4])
    return data[-8 - length : -8]


def table(rows: int = 10) -> pa.Table:
    return pa.table({
        "企业名称": [f"企业{i}" for i in range(rows)],
        "所在市": ["东莞", "东京", "汕头", None, "广州"] * (rows // 5),
        "project.kind": ["tech_upgrade"] * rows,
        "project.equipment_purchase_wan": [700.0, 699.99, 1000.5, None, 652.4999999999999] * (rows // 5),
        "project.completed_on": [dt.date(2022, 1, 1), None, dt.date(2021, 5, 1), None, None] * (rows // 5),
        "error": ["old"] * rows,  # an output column's name: replaced by this screening's
        "note": pa.array(list(range(rows)), pa.int32()),
    })


@pytest.mark.parametrize("writer", ["polars", "pyarrow"])
def test_thrift_footer_round_trip_is_byte_identical(writer: str, tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    if writer == "polars":
        pl.from_arrow(table()).write_parquet(path)  # type: ignore[union-attr]
    else:
        pq.write_table(table(), path, row_group_size=3)
    raw = footer_bytes(path)
    meta = thrift.decode(raw)
    assert thrift.encode(meta) == raw
    assert meta[stitch.F_NUM_ROWS][1] == 10


def test_copied_chunks_give_the_table_re_encoding_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(table(), source, row_group_size=4, compression="snappy")  # row groups of 4, 4, 2 rows
    screen_file(source, tmp_path / "copied.parquet", as_of=AS_OF, chunk_size=3)  # pieces of 2 + 2, 2 + 2, 2
    monkeypatch.setattr(stitch, "source_of", lambda path: None)
    screen_file(source, tmp_path / "encoded.parquet", as_of=AS_OF, chunk_size=3)
    copied, encoded = pl.read_parquet(tmp_path / "copied.parquet"), pl.read_parquet(tmp_path / "encoded.parquet")
    assert copied.equals(encoded)
    assert copied.columns[:3] == ["enterprise.name", "enterprise.city", "project.kind"]  # aliases as §5 paths
    assert copied["error"][0] is None and copied["error"][1].startswith("第 2 行")
    assert copied[f"{TECH}.status"].to_list()[:2] == ["undetermined", "error"]
    meta = pq.ParquetFile(tmp_path / "copied.parquet").metadata
    original = pq.ParquetFile(source).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [4, 4, 2]
    names, renamed = meta.schema.names, {"企业名称": "enterprise.name", "所在市": "enterprise.city"}
    for group in range(3):  # the input's chunks as they were (codec, size), the results in zstd
        for column, name in enumerate(original.schema.names):
            if name == "error":
                continue
            out = meta.row_group(group).column(names.index(renamed.get(name, name)))
            before = original.row_group(group).column(column)
            assert (out.compression, out.total_compressed_size) == ("SNAPPY", before.total_compressed_size)
        assert meta.row_group(group).column(names.index(f"{TECH}.status")).compression == "ZSTD"
    for path in (tmp_path / "copied.parquet", tmp_path / "encoded.parquet"):
        group = pq.ParquetFile(path).metadata.row_group(0)
        stats = {group.column(i).path_in_schema: group.column(i).statistics for i in range(group.num_columns)}
        # the reward bounds and the errors carry statistics (of the first row group's rows, only row 2
        # is invalid; none has a reward bound), a status or failed-ids column none (they skip no row group)
        assert stats["error"] is not None and stats["error"].null_count == group.num_rows - 1, path
        assert stats[f"{TECH}.reward_max_wan"] is not None, path
        assert stats[f"{TECH}.reward_max_wan"].null_count == group.num_rows, path
        assert stats[f"{TECH}.status"] is None and stats[f"{TECH}.failed"] is None, path
    seen = duckdb.sql(f"SELECT count(*), count(\"enterprise.city\") FROM '{tmp_path / 'copied.parquet'}'").fetchall()[0]
    assert seen == (10, 8)
    assert pq.read_table(tmp_path / "copied.parquet").num_rows == 10


def test_nested_or_empty_input_is_re_encoded(tmp_path: Path) -> None:
    nested = tmp_path / "nested.parquet"
    pq.write_table(pa.table({"enterprise.city": ["东莞"], "extra": [{"a": 1}]}), nested)
    assert stitch.source_of(nested) is None
    screen_file(nested, tmp_path / "out.parquet", as_of=AS_OF)
    assert pl.read_parquet(tmp_path / "out.parquet")["extra"].to_list() == [{"a": 1}]
    empty = tmp_path / "empty.parquet"
    pl.DataFrame({"enterprise.city": []}, schema={"enterprise.city": pl.String}).write_parquet(empty)
    screen_file(empty, tmp_path / "out2.parquet", as_of=AS_OF)
    assert pl.read_parquet(tmp_path / "out2.parquet").height == 0


def test_row_groups_over_the_limit_are_re_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(table(), source, row_group_size=5, compression="snappy")
    monkeypatch.setattr(stitch, "STITCH_MAX_ROWS", 4)
    screen_file(source, tmp_path / "out.parquet", as_of=AS_OF, chunk_size=3)
    meta = pq.ParquetFile(tmp_path / "out.parquet").metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"  # written again, not copied
    assert pl.read_parquet(tmp_path / "out.parquet")["enterprise.name"].to_list() == [f"企业{i}" for i in range(10)]


def test_categorical_and_duration_columns_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither writer stores the Arrow schema: both give the Parquet types back, the values unchanged."""
    frame = pl.DataFrame({"enterprise.city": ["东莞", "汕头"], "kind": ["a", "b"], "took": [1, 2]}).with_columns(
        pl.col("kind").cast(pl.Categorical), pl.duration(days=pl.col("took")).alias("took"))
    frame.write_parquet(tmp_path / "in.parquet")
    screen_file(tmp_path / "in.parquet", tmp_path / "copied.parquet", as_of=AS_OF)
    monkeypatch.setattr(stitch, "source_of", lambda path: None)
    screen_file(tmp_path / "in.parquet", tmp_path / "encoded.parquet", as_of=AS_OF)
    copied, encoded = pl.read_parquet(tmp_path / "copied.parquet"), pl.read_parquet(tmp_path / "encoded.parquet")
    assert copied.equals(encoded)
    assert copied["kind"].to_list() == ["a", "b"] and copied["enterprise.city"].to_list() == ["东莞", "汕头"]


def test_output_over_its_own_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(table(), source)
    before = source.read_bytes()
    with pytest.raises(InputError, match="就是输入文件"):
        screen_file(source, tmp_path / "." / "in.parquet", as_of=AS_OF)
    assert source.read_bytes() == before


def test_row_groups_read_whole_give_the_pieces_slices_give(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row group is read once and cut into pieces (no piece across two groups), as reading each
    piece by itself gives."""
    from huiqi.batch import io

    source = tmp_path / "in.parquet"
    pq.write_table(table(), source, row_group_size=4)  # row groups of 4, 4, 2 rows
    reader = io.ParquetReader(source, chunk_size=3)
    reader.by_row_groups([4, 4, 2], reader.columns)
    whole = list(reader.chunks())
    monkeypatch.setattr(io, "READ_MAX_ROWS", 1)
    sliced = list(reader.chunks())
    assert [piece.height for piece in whole] == [2, 2, 2, 2, 2]
    assert all(a.equals(b) for a, b in zip(whole, sliced, strict=True))
    assert pl.concat(whole).equals(pl.read_parquet(source))
