"""Excel out: the workbook a 工信局 clerk opens (see :class:`XlsxWriter`).

Written by rust_xlsxwriter (the ``rustpy-xlsxwriter`` wheel): whole frames at once, several times
faster than xlsxwriter's row loop (``benchmarks/xlsx_bench.py`` measures both).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from huiqi.batch.labels import STATUS_MEANINGS, STATUS_SHORT
from huiqi.batch.screen import HIDDEN, SUFFIXES, Screener
from huiqi.batch.summary import UNKNOWN_CITY, ScreenSummary
from huiqi.batch.validate import ERROR

#: the fill of each status word in the result sheet (the word itself carries the meaning too)
FILLS = {
    "eligible": "C6EFCE",
    "ineligible": "FFC7CE",
    "undetermined": "FFEB9C",
    "not_applicable": "EDEDED",
    "not_in_force": "D9D9D9",
    "error": "F8CBAD",
}
#: identifying input columns the result sheet leads with (when the input has them), and their headers
IDENTITY = {"enterprise.name": "企业名称", "project.name": "项目名称", "project.id": "项目编号",
            "enterprise.city": "所在市"}
#: identifying columns the machine sheet keeps beside the §5 output columns
MACHINE_IDENTITY = ("enterprise.name", "enterprise.credit_code", "project.id")
ERROR_HEADER = "输入有误"
RESULT, OVERVIEW, BY_CITY, NOTES, MACHINE = "筛查结果", "汇总", "按市汇总", "说明", "机读数据"
MONEY_FORMAT = "#,##0.00"
#: text columns that wrap (their rows are made tall enough); the unmet conditions stay on one line
WRAPPED = (ERROR_HEADER, ERROR, "内容", "补充")
#: A4 landscape, one page wide, the header row on every page, page numbers in the footer
PAGE = {"landscape": True, "paper_size": 9, "fit_to_pages": (1, 0), "repeat_rows": 0,
        "margins": {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6, "header": 0.2, "footer": 0.25},
        "footer": "&C第 &P 页，共 &N 页"}


def text_width(text: str) -> int:
    """Columns of Excel's width unit a text needs: CJK characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _cell_width(column: str) -> pl.Expr:
    """Each cell's width in Excel units (UTF-8: a CJK character is 3 bytes, 2 units); 0 when empty."""
    text = pl.col(column).cast(pl.String)
    return ((text.str.len_bytes() - text.str.len_chars()) // 2 + text.str.len_chars()).fill_null(0)


def _width_expr(column: str) -> pl.Expr:
    """The widest cell of a column in Excel width units."""
    return _cell_width(column).max().fill_null(0)


class XlsxWriter:
    """The workbook a 工信局 clerk opens:

    - 筛查结果: per row the enterprise (name, project, city), 输入有误 beside it, then per program one
      status word (符合 / 不符合 / 待定 / 不适用 / 不在有效期 / 输入有误, coloured) and the reward bound in
      万元, then per program the unmet conditions in Chinese with their clauses (and how far a near miss
      is). Frozen header and name, filters, A4 landscape one page wide with the header repeated.
    - 汇总: per program the rows by status and the sum of reward bounds, with a stacked bar chart
      whose legend names every status; 按市汇总: the same per program × city with subtotals.
    - 说明: as_of, rules version, the legend of the status words, the documents and assumptions.
    - 机读数据: the contract §5 columns (``<program>.status``, ``<program>.reward_max_wan``,
      ``<program>.failed``, ``error``) beside the identifying columns, for scripts.

    Only these columns are written (the input's other columns are the person's own file; ``.csv`` or
    ``.parquet`` output keeps every input column). Chunks are kept as Polars frames and written once
    at :meth:`close`; text stays text (nothing an input cell says becomes a formula or a link)."""

    def __init__(self, path: Path, screener: Screener) -> None:
        self.path = path
        self.screener = screener
        self.people: list[pl.DataFrame] = []
        self.machine: list[pl.DataFrame] = []
        self.labels = {pid: _failed_labels(screener, pid) for pid in screener.ids}
        self.titles = {pid: screener.engine.families[pid].title for pid in screener.ids}
        self.rewarded = [pid for pid in screener.ids
                         if pid in screener.by_id and screener.by_id[pid].program.reward is not None]

    def status_header(self, pid: str) -> str:
        return self.screener.human_names(pid)[0]

    def reward_header(self, pid: str) -> str:
        return self.screener.human_names(pid)[1]

    def reason_header(self, pid: str) -> str:
        return self.screener.human_names(pid)[2]

    def _people(self, chunk: pl.DataFrame) -> pl.DataFrame:
        # as text: a Parquet input may type an id as a number (a Decimal would not be written at all)
        names = [(header, pl.col(path).cast(pl.String)) for path, header in IDENTITY.items()
                 if path in chunk.columns]
        names = names or [("企业名称", pl.lit(None, pl.String))]
        cols = [*names[:1], (ERROR_HEADER, pl.col(ERROR)), *names[1:]]
        for pid in self.screener.ids:
            cols.append((self.status_header(pid), pl.col(f"{pid}.status").replace_strict(
                STATUS_SHORT, default=pl.col(f"{pid}.status"), return_dtype=pl.String)))
            if pid in self.rewarded:
                cols.append((self.reward_header(pid), pl.col(f"{pid}.reward_max_wan").cast(pl.Float64)))
        for pid in self.screener.ids:
            failed = pl.col(f"{pid}.failed")
            words = {
                ids: "；".join(self.labels[pid].get(i, i) for i in ids.split(";") if i)
                for ids in chunk[f"{pid}.failed"].unique().drop_nulls().to_list() if ids
            }
            reason = failed.replace_strict(words, default=None, return_dtype=pl.String)
            margin = f"{HIDDEN}{pid}.margin"
            if margin in chunk.columns:
                near = pl.concat_str([reason, pl.lit("（"), pl.col(margin), pl.lit("）")])
                reason = pl.when(pl.col(margin).is_not_null()).then(near).otherwise(reason)
            cols.append((self.reason_header(pid), reason))
        return chunk.select([expr.alias(name) for name, expr in cols])

    def _machine(self, chunk: pl.DataFrame) -> pl.DataFrame:
        keep = [c for c in MACHINE_IDENTITY if c in chunk.columns]
        outputs = [f"{pid}.{s}" for pid in self.screener.ids for s in SUFFIXES]
        exprs = [pl.col(c).cast(pl.Float64) if c.endswith(".reward_max_wan") else pl.col(c) for c in outputs]
        return chunk.select([*(pl.col(c).cast(pl.String) for c in keep), *exprs, ERROR])

    def write(self, chunk: pl.DataFrame) -> None:
        self.people.append(self._people(chunk))
        self.machine.append(self._machine(chunk))

    def close(self, summary: ScreenSummary) -> None:
        import rustpy_xlsxwriter as rx

        people = pl.concat(self.people) if self.people else self._people(_empty(self.screener))
        machine = pl.concat(self.machine) if self.machine else self._machine(_empty(self.screener))
        overview, by_city, subtotals = self._summaries(summary)
        notes = self._notes(summary)
        header = rx.Format().set_bold().set_text_wrap().set_align("vcenter").set_background_color("#DDEBF7") \
            .set_border("thin")
        sheets = {RESULT: people, OVERVIEW: overview, BY_CITY: by_city, NOTES: notes, MACHINE: machine}
        widths = {name: self._widths(frame, name) for name, frame in sheets.items()}
        formats = {name: self._formats(rx, frame, widths[name]) for name, frame in sheets.items()}
        bold = rx.Format().set_bold().set_background_color("#F2F2F2")
        last_printed = len(people.columns) - len(self.screener.ids) - 1
        pages = {name: dict(PAGE) for name in sheets}
        pages[RESULT]["print_area"] = (0, 0, max(people.height, 1), last_printed)
        options: dict[str, Any] = dict(  # the stubs' nested unions are invariant: built untyped, checked here
            freeze_panes={RESULT: {"row": 1, "col": 1}, OVERVIEW: {"row": 1, "col": 1},
                          BY_CITY: {"row": 1, "col": 2}, MACHINE: {"row": 1, "col": 0}},
            header_format=dict.fromkeys(sheets, header),
            column_widths=widths,
            column_formats=formats,
            row_heights={name: {0: self._header_height(frame, widths[name]), **self._wrapped_rows(frame, widths[name])}
                         for name, frame in sheets.items()},
            row_formats={BY_CITY: dict.fromkeys(subtotals, bold), OVERVIEW: {}},
            autofilter={RESULT: True, BY_CITY: True, MACHINE: True},
            page_setup=pages,
            conditional_formats={RESULT: self._colours(rx), OVERVIEW: {}, NOTES: self._legend_colours(rx)},
            charts={OVERVIEW: [{
                "type": "bar_stacked", "series": [STATUS_SHORT[s] for s in STATUS_SHORT], "categories": "政策",
                "title": "各政策筛查结论（行数）", "row": overview.height + 2, "col": 0,
                "width": 900, "height": max(300, 22 * overview.height + 110), "legend": True,
            }]},
        )
        rx.write_worksheets(list(sheets.items()), str(self.path), **options)

    def _summaries(self, summary: ScreenSummary) -> tuple[pl.DataFrame, pl.DataFrame, list[int]]:
        """汇总 (program × status) and 按市汇总 (program × city × status, a 小计 row per program; the cities
        only for programs that decided some row, so the printout stays short)."""
        from huiqi.geo import cities

        order = {city: i for i, city in enumerate(cities())}
        statuses = list(STATUS_SHORT)
        groups = summary.groups
        overview: list[list[Any]] = []
        by_city: list[list[Any]] = []
        subtotals: list[int] = []
        for pid in summary.programs:
            mine = groups.filter(pl.col("program") == pid)
            names = sorted(set(mine["city"].to_list()), key=lambda c: (c == UNKNOWN_CITY, order.get(c, 99), c))
            if not mine["status"].is_in(["eligible", "ineligible"]).any():
                names = []  # nothing decided anywhere (待定, 不适用, 不在有效期 …): the 小计 says it all
            for city in [*names, None]:
                part = mine if city is None else mine.filter(pl.col("city") == city)
                counts: dict[str, int] = {}
                for status, n in zip(part["status"].to_list(), part["rows"].to_list(), strict=True):
                    counts[status] = counts.get(status, 0) + n
                row = [counts.get(s, 0) for s in statuses]
                reward = sum(part["reward_wan"].drop_nulls().to_list(), start=Decimal(0))
                amount = float(reward) if pid in self.rewarded else None
                by_city.append([self.titles[pid], city or "小计", *row, sum(row), amount])
                if city is None:
                    subtotals.append(len(by_city))  # the sheet row: the header is row 0
                    overview.append([self.titles[pid], *row, sum(row), amount])
        words = [STATUS_SHORT[s] for s in statuses]
        money = "奖励上限合计(万元)"
        schema = {**dict.fromkeys(words, pl.Int64), "合计": pl.Int64, money: pl.Float64}
        return (pl.DataFrame(overview, schema={"政策": pl.String, **schema}, orient="row"),
                pl.DataFrame(by_city, schema={"政策": pl.String, "市": pl.String, **schema}, orient="row"),
                subtotals)

    def _notes(self, summary: ScreenSummary) -> pl.DataFrame:
        engine = self.screener.engine
        rows: list[tuple[str, str, str]] = [
            ("评估日期", summary.as_of.isoformat(), ""),
            ("规则版本", engine.rules_version, ""),
            ("行数", str(summary.rows), f"其中输入有误 {summary.error_rows} 行"),
            ("", "", ""),
            ("结论", "含义", ""),
            *((STATUS_SHORT[s], STATUS_MEANINGS[s], "") for s in STATUS_SHORT),
            ("", "", ""),
            ("政策", "依据文件", "采用的假设（可在筛查时改选）"),
        ]
        for pid in summary.programs:
            cp = self.screener.by_id.get(pid)
            if cp is None:
                rows.append((self.titles[pid], "评估日期不在有效期内", ""))
                continue
            assumed = "；".join(a.options[cp.choices[a.id]] for a in cp.program.assumptions)
            rows.append((cp.program.title, cp.program.version.number, assumed))
        rows += [("", "", ""),
                 ("打印", "“筛查结果”打印结论与金额各列（A4 横向，一页宽）；未满足条件在其右侧各列。", ""),
                 ("机读数据", "“机读数据”表按接口约定（§5）列出 <政策>.status、reward_max_wan、failed 与 error；"
                  "需要输入的全部列时请输出为 .csv 或 .parquet。", "")]
        rows += [("提示", warning, "") for warning in summary.warnings]
        return pl.DataFrame(rows, schema=["事项", "内容", "补充"], orient="row")

    def _widths(self, frame: pl.DataFrame, sheet: str) -> dict[str, float]:
        """Wide enough for the longest cell (names are never cut), within bounds; long text wraps."""
        if frame.is_empty():
            longest = dict.fromkeys(frame.columns, 0)
        else:
            longest = frame.select([_width_expr(c).alias(c) for c in frame.columns]).row(0, named=True)
        out: dict[str, float] = {}
        for column in frame.columns:
            cap = 36 if column in (ERROR_HEADER, ERROR) else 60
            # long headers wrap (the header row is made tall enough); the other sheets' headers are short
            head = min(text_width(column), 8) if sheet in (RESULT, MACHINE) else text_width(column)
            out[column] = float(min(max(longest[column] + 2, head + 2, 8), cap))
        return out

    def _header_height(self, frame: pl.DataFrame, widths: dict[str, float]) -> float:
        lines = max((-(-text_width(c) // max(int(widths[c]) - 1, 1)) for c in frame.columns), default=1)
        return float(15 * min(max(lines, 1), 9) + 4)

    def _wrapped_rows(self, frame: pl.DataFrame, widths: dict[str, float]) -> dict[int, float]:
        """Heights for the rows whose wrapped text (errors, notes) needs more than one line: Excel and
        LibreOffice do not grow a row to its wrapped text on opening a file."""
        wrapped = [c for c in frame.columns if c in WRAPPED]
        if not wrapped or frame.is_empty():
            return {}
        room = {c: max(int(widths[c]) - 2, 1) for c in wrapped}  # a line's width inside the cell's padding
        lines = pl.max_horizontal([(_cell_width(c) + room[c] - 1) // room[c] for c in wrapped])
        tall = frame.select(pl.int_range(1, frame.height + 1).alias("row"), lines.alias("lines")) \
            .filter(pl.col("lines") > 1)
        return {row: float(15 * min(n, 8) + 2) for row, n in tall.iter_rows()}

    def _formats(self, rx: Any, frame: pl.DataFrame, widths: dict[str, float]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for column, dtype in frame.schema.items():  # top-aligned: a row made tall by an error reads as one line
            out[column] = rx.Format().set_align("top")
            if dtype == pl.Float64:
                out[column] = out[column].set_num_format(MONEY_FORMAT)
            elif column in WRAPPED:
                out[column] = out[column].set_text_wrap()
        return out

    def _colours(self, rx: Any) -> dict[str, list[dict[str, Any]]]:
        """Each status column coloured by its word (no word is the start of another)."""
        fills = {s: rx.Format().set_background_color(f"#{colour}") for s, colour in FILLS.items()}
        rules = [{"type": "text", "criteria": "begins_with", "value": STATUS_SHORT[s], "format": fills[s]}
                 for s in FILLS]
        return {self.status_header(pid): rules for pid in self.screener.ids}

    def _legend_colours(self, rx: Any) -> dict[str, list[dict[str, Any]]]:
        fills = {s: rx.Format().set_background_color(f"#{colour}") for s, colour in FILLS.items()}
        return {"事项": [{"type": "text", "criteria": "begins_with", "value": STATUS_SHORT[s], "format": fills[s]}
                       for s in FILLS]}


def result_workbook(result: pl.DataFrame, path: Path, as_of: dt.date, warnings: list[str] | None = None) -> None:
    """The clerk's workbook of a stored §5 result (the service keeps Parquet): the same sheets as
    ``huiqi screen … -o X.xlsx`` writes, less how far a near miss is (the result does not keep it)."""
    from huiqi.batch.labels import path_of_header
    from huiqi.engine import default_engine
    from huiqi.geo import normalize_city

    programs = [c.removesuffix(".status") for c in result.columns if c.endswith(".status")]
    screener = Screener(default_engine(), as_of, [p for p in programs if p in default_engine().families])
    # results stored before headers were normalised on reading kept the aliases (所在市)
    result = result.rename({c: p for c in result.columns if (p := path_of_header(c)) and p != c
                            and p not in result.columns})
    city = pl.col("enterprise.city").cast(pl.String) if "enterprise.city" in result.columns \
        else pl.lit(None, pl.String)
    names = {c: normalize_city(c) or c for c in result.select(city.unique().drop_nulls()).to_series().to_list()}
    frame = result.with_columns(city.replace_strict(names, default=None).alias(f"{HIDDEN}city"))
    summary = ScreenSummary("", str(path), as_of, screener.ids, warnings=list(warnings or []))
    summary.add(frame)
    writer = XlsxWriter(path, screener)
    writer.write(frame)
    writer.close(summary.finish())


def _empty(screener: Screener) -> pl.DataFrame:
    """An output chunk without rows (the workbook of an input without data rows still has its headers)."""
    columns: dict[str, Any] = {c: pl.String for c in (*IDENTITY, *screener.output_names())}
    for pid in screener.ids:
        columns[f"{pid}.reward_max_wan"] = pl.Float64
    return pl.DataFrame(schema=columns)


def _failed_labels(screener: Screener, pid: str) -> dict[str, str]:
    """Criterion id → ``label（第八条第（一）项第5目）`` for the ids a ``failed`` cell may hold."""
    cp = screener.by_id.get(pid)
    if cp is None:
        return {}
    return {cc.criterion.id: f"{cc.criterion.label}（{cc.criterion.ref.ref}）" for cc in cp.criteria}


__all__ = ["FILLS", "XlsxWriter", "result_workbook"]
