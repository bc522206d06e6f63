"""What a screening run reports: rows, errors, and per program × city the counts by status and the
sum of reward bounds (exact Decimal 万元), accumulated chunk by chunk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from huiqi.batch.screen import HIDDEN
from huiqi.batch.validate import distinct_codes

UNKNOWN_CITY = "（未填）"
_GROUP_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "program": pl.String, "city": pl.String, "status": pl.String, "rows": pl.Int64, "reward_wan": pl.Decimal(38, 2)
}


@dataclass
class ScreenSummary:
    """The outcome of :func:`huiqi.batch.screen_file` (also what the HTTP job stores)."""

    input: str
    output: str
    as_of: dt.date
    programs: list[str]
    rows: int = 0
    error_rows: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    groups: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=_GROUP_SCHEMA))
    _parts: list[pl.DataFrame] = field(default_factory=list, repr=False)

    def add(self, chunk: pl.DataFrame) -> None:
        """Count one output chunk (it must carry the hidden ``__city`` column)."""
        self.rows += chunk.height
        self.error_rows += chunk.select(pl.col("error").is_not_null().sum()).item()
        # each row's city as its index into the chunk's distinct cities (one hashing pass): grouping by
        # an integer and the status costs two thirds of grouping by two texts, for every program
        names, code = distinct_codes(chunk[f"{HIDDEN}city"].fill_null(UNKNOWN_CITY))
        key = f"{HIDDEN}code"
        # only the columns counted, in one piece: grouping a chunked frame is several times slower
        needed = [f"{pid}.{s}" for pid in self.programs for s in ("status", "reward_max_wan")]
        frame = chunk.select(needed).rechunk().with_columns(code.alias(key)).lazy()
        parts = [
            frame.group_by(key, pl.col(f"{pid}.status").alias("status"))
            .agg(
                pl.len().cast(pl.Int64).alias("rows"),
                pl.col(f"{pid}.reward_max_wan").sum().cast(pl.Decimal(38, 2)).alias("reward_wan"),
            )
            .select(pl.lit(pid).alias("program"), pl.lit(names).gather(key).alias("city"),
                    "status", "rows", "reward_wan")
            for pid in self.programs
        ]
        self._parts += pl.collect_all(parts)
        if len(self._parts) > 64:
            self._merge()

    def _merge(self) -> None:
        frames = [self.groups, *self._parts]
        self.groups = (
            pl.concat(frames)
            .group_by("program", "city", "status")
            .agg(pl.col("rows").sum(), pl.col("reward_wan").sum().cast(pl.Decimal(38, 2)))
            .sort("program", "city", "status")
        )
        self._parts = []

    def finish(self) -> ScreenSummary:
        self._merge()
        return self

    def by_status(self) -> dict[str, dict[str, int]]:
        """program → status → rows."""
        out: dict[str, dict[str, int]] = {pid: {} for pid in self.programs}
        for program, _city, status, rows, _reward in self.groups.iter_rows():
            out[program][status] = out[program].get(status, 0) + rows
        return out

    def reward_total(self, program: str) -> Decimal:
        rows = self.groups.filter(pl.col("program") == program)["reward_wan"].drop_nulls().to_list()
        return sum(rows, Decimal(0))

    def to_json(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "output": self.output,
            "as_of": self.as_of.isoformat(),
            "rows": self.rows,
            "error_rows": self.error_rows,
            "seconds": round(self.seconds, 3),
            "programs": {
                pid: {"statuses": counts, "reward_total_wan": str(self.reward_total(pid))}
                for pid, counts in self.by_status().items()
            },
            "warnings": self.warnings,
        }
