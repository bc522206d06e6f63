"""Screen a table: the same compiled programs as ``huiqi assess``, over every row at once.

:class:`Screener` turns one chunk of input (any column names: §5 paths or Chinese aliases) into the
output chunk: every input column as it came (under its §5 path where its header names one), then per
program ``<program>.status``, ``<program>.reward_max_wan`` and ``<program>.failed``, then ``error``.
A row with invalid input gets ``error`` in every status; a row without any ``project.*`` value gets
``not_applicable`` for project-level programs (as ``assess`` does for a profile without projects).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from huiqi.batch.backends import Backend, Evaluator
from huiqi.batch.labels import label_of, path_of_header
from huiqi.batch.validate import ERROR, validate_chunk
from huiqi.engine import Choices, Engine
from huiqi.errors import InputError
from huiqi.profile.columns import POLARS_TYPES, kind_of_column
from huiqi.rules.compiled import CompiledProgram

SUFFIXES = ("status", "reward_max_wan", "failed")
#: the Excel output's columns for people besides ``<title>`` (the status word): ``<title>·奖励上限(万元)`` …;
#: an input holding them (a result read back) drops them
HUMAN = ("奖励上限(万元)", "未满足条件")
#: hidden columns the Excel writer and the summary read; never written to CSV or Parquet
HIDDEN = "__"
#: a reader's hidden column: each row's number in the file, where blank rows were skipped
ROW = f"{HIDDEN}row"


@dataclass
class Layout:
    """How the input's columns map to §5 paths; unknown headers are kept and reported as warnings.

    Headers are normalised here, once, on reading: a column whose header names a §5 path (a Chinese
    alias such as ``所在市`` or ``营业收入(2025)(万元)``) comes out under that path, so every consumer of
    the output (CSV, Parquet, the service's stored result and its summary) reads one name."""

    columns: list[str]
    paths: dict[str, str] = field(default_factory=dict)  # path → input column
    warnings: list[str] = field(default_factory=list)

    @property
    def renames(self) -> dict[str, str]:
        """Input header → its §5 path, for the headers that are not already the path."""
        return {column: path for path, column in self.paths.items() if column != path}

    @classmethod
    def of(cls, columns: list[str], outputs: set[str]) -> Layout:
        layout = cls([c for c in columns if c not in outputs])
        for column in columns:
            if column in outputs:
                layout.warnings.append(f"「{column}」与筛查结果的列同名，已由本次结果替换。")
                continue
            path = path_of_header(column)
            if path is None:
                layout.warnings.append(f"「{column}」不是可识别的列名，不参与筛查，原样保留在结果中。")
            elif path in layout.paths:
                same = f"「{layout.paths[path]}」与「{column}」是同一项（{label_of(path)}），请删去其中一列。"
                raise InputError(same, path)
            else:
                layout.paths[path] = column
        return layout


class Screener:
    """The programs compiled once for ``as_of`` and the assumptions chosen, applied chunk by chunk."""

    def __init__(
        self,
        engine: Engine,
        as_of: dt.date,
        programs: list[str] | None = None,
        choices: dict[str, str] | None = None,
        detail: bool = False,
        backend: Backend = "polars",
        spark_master: str | None = None,
    ) -> None:
        self.engine = engine
        self.as_of = as_of
        self.ids = _program_ids(engine, programs)
        _check_assumptions(engine, self.ids, as_of, choices or {})
        self.compiled: list[CompiledProgram] = engine.compile(as_of, Choices.of(choices), tuple(self.ids))
        self.by_id = {cp.program.id: cp for cp in self.compiled}
        self.detail = detail
        self.reads = _columns_read(self.compiled)
        self.evaluator = Evaluator(self.compiled, backend, spark_master, detail)
        self._outputs: list[pl.Expr] | None = None
        self._reads: tuple[str, ...] | None = None  # the columns the screening columns read

    def output_names(self) -> list[str]:
        return [f"{pid}.{s}" for pid in self.ids for s in SUFFIXES] + [ERROR]

    def human_names(self, pid: str) -> list[str]:
        """The Excel result's headers for ``pid``: its status word, reward bound and unmet conditions."""
        title = self.engine.families[pid].title
        return [title, *(f"{title}·{word}" for word in HUMAN)]

    def layout(self, columns: list[str]) -> Layout:
        human = {name for pid in self.ids for name in self.human_names(pid)}
        return Layout.of(columns, set(self.output_names()) | human)

    def screen(self, chunk: pl.DataFrame, layout: Layout, first_row: int = 2) -> pl.DataFrame:
        """The output chunk: ``chunk``'s columns as they came, then the screening columns (see
        :meth:`results`)."""
        return self.with_input(chunk, layout, self.results(chunk, layout, first_row))

    @staticmethod
    def with_input(chunk: pl.DataFrame, layout: Layout, out: pl.DataFrame) -> pl.DataFrame:
        """``chunk``'s columns as they came (under their §5 paths), then the screening columns ``out``."""
        return pl.concat([chunk.select(layout.columns).rename(layout.renames), out], how="horizontal")

    def results(self, chunk: pl.DataFrame, layout: Layout, first_row: int = 2) -> pl.DataFrame:
        """The screening columns of ``chunk`` (and the hidden ones); ``chunk`` needs only the columns
        of ``layout.paths``. Error messages name each row by its number in the file: ``chunk``'s hidden
        ``__row`` column where the reader gives one (it skipped blank rows), else ``first_row`` …"""
        return self.rules(self.validated(chunk, layout, first_row))

    def validated(self, chunk: pl.DataFrame, layout: Layout, first_row: int = 2) -> pl.DataFrame:
        """The first half of :meth:`results`: ``chunk`` validated, typed, with every column the rules read."""
        from huiqi.batch.io import as_text

        chunk = chunk.rechunk()  # contiguous columns: the many expressions below run far faster
        rows = chunk[ROW] if ROW in chunk.columns else pl.int_range(first_row, first_row + chunk.height,
                                                                     eager=True, dtype=pl.Int64)
        # the columns the rules read that the input lacks, and whether the row has a project, computed
        # in the validation's last query (added afterwards, Polars would copy every column once more)
        missing = [pl.lit(None, POLARS_TYPES[kind_of_column(p) or "str"]).alias(p) for p in self.reads
                   if p not in layout.paths]
        projects = [p for p in layout.paths if p.startswith("project.")]
        has_project = pl.any_horizontal([pl.col(p).is_not_null() for p in projects]) if projects else pl.lit(False)
        extra = (*missing, has_project.alias(f"{HIDDEN}has_project"))
        return validate_chunk(as_text(chunk.select(list(layout.paths.values()))), layout.paths, rows, extra)

    def rules(self, typed: pl.DataFrame) -> pl.DataFrame:
        """The second half of :meth:`results`: the screening columns of a :meth:`validated` chunk."""
        exprs, reads = self._outputs_read()
        return self.evaluator(typed, reads).select(exprs).collect()

    def prepare(self) -> None:
        """Build the Polars plan for chunks of 10,000 rows or more ahead of the first (about 0.2 s of
        Python for every program): :func:`huiqi.batch.screen_file` runs this beside the first read."""
        if self.evaluator.backend != "polars":
            return
        from huiqi.rules.to_polars import prepare

        prepare(self.compiled, True, self._outputs_read()[1])

    def _outputs_read(self) -> tuple[list[pl.Expr], tuple[str, ...]]:
        """The screening columns' expressions and the columns they read."""
        exprs = [*self._program_columns(), pl.col(ERROR), *self._hidden_columns()]
        if self._reads is None:
            self._reads = tuple(dict.fromkeys(name for expr in exprs for name in expr.meta.root_names()))
        return exprs, self._reads

    def _program_columns(self) -> list[pl.Expr]:
        """Per program ``.status``, ``.reward_max_wan`` and ``.failed`` (:mod:`huiqi.batch.outputs`)."""
        if self._outputs is None:
            from huiqi.batch.outputs import screen_outputs
            from huiqi.rules import core as C
            from huiqi.rules.to_polars import compile_core

            invalid, has_project = C.IsNotNull(C.Col(ERROR)), C.Col(f"{HIDDEN}has_project")
            inline = self.evaluator.backend == "polars"  # the SQL engines answer the program columns
            nodes = screen_outputs(self.compiled, self.ids, invalid, has_project, inline)
            self._outputs = [compile_core(node).alias(name) for name, node in nodes.items()]
        return self._outputs

    def _hidden_columns(self) -> list[pl.Expr]:
        """For the summary, the row's city; for the Excel output (``detail``), per program the margin."""
        from huiqi.batch.margin import margin_expr

        city = pl.col("enterprise.city") if "enterprise.city" in self.reads else pl.lit(None, pl.String)
        exprs = [city.alias(f"{HIDDEN}city")]
        if not self.detail:
            return exprs
        for pid in self.ids:
            cp = self.by_id.get(pid)
            margin = margin_expr(cp, pl.col(cp.col("failed"))) if cp is not None else None
            if margin is not None:
                shown = pl.col(ERROR).is_null()
                if cp is not None and cp.program.level == "project":
                    shown = shown & pl.col(f"{HIDDEN}has_project")
                margin = pl.when(shown).then(margin)
            exprs.append((margin if margin is not None else pl.lit(None, pl.String)).alias(f"{HIDDEN}{pid}.margin"))
        return exprs


def _program_ids(engine: Engine, programs: list[str] | None) -> list[str]:
    if not programs:
        return engine.program_ids()
    unknown = [p for p in programs if p not in engine.families]
    if unknown:
        known = ", ".join(engine.program_ids())
        raise InputError(f"未知的项目 unknown program(s): {', '.join(unknown)}; known: {known}", "programs")
    return list(dict.fromkeys(programs))


def _check_assumptions(engine: Engine, ids: list[str], as_of: dt.date, choices: dict[str, str]) -> None:
    known = {a.id for fid in ids for v in engine.families[fid].versions for a in v.assumptions}
    unknown = sorted(set(choices) - known)
    if unknown:
        raise InputError(f"未知的假设 unknown assumption(s): {', '.join(unknown)}", "assume")


def _columns_read(compiled: list[CompiledProgram]) -> list[str]:
    """Every input column the compiled programs read."""
    return list(dict.fromkeys(path for cp in compiled for path in cp.input_fields()))
