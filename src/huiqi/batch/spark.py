"""Screening on Spark: the SQL compiler's ``spark`` dialect over a Spark DataFrame of §5 columns.

    from huiqi.batch.spark import spark_session, screen_spark_frame
    spark = spark_session()                      # local[1]; or a cluster / Spark Connect, see docs/spark.md
    frame = spark.read.parquet("s3a://bucket/enterprises/")   # §5 columns, money LongType in 分
    result = screen_spark_frame(frame, as_of=datetime.date(2023, 6, 1))

The rules run inside Spark (one ``SELECT`` per stage of the lowered columns, see
:func:`huiqi.rules.to_sql.program_sql`); nothing is collected to the driver. Columns a program reads that
the frame lacks are added as typed NULLs (an unknown value, as a blank cell is). Output columns are
every lowered column (:mod:`huiqi.rules.lower`): ``<program>::status``, ``::failed``, ``::reward``
(hundredths of 万元), one column per criterion with its ``::actual`` and ``::threshold``, named as every
backend names them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from typing import TYPE_CHECKING, Any

from huiqi.profile.columns import kind_of_column
from huiqi.rules.compiled import CompiledProgram
from huiqi.rules.to_sql import program_sql

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from huiqi.engine import Engine

#: §5 column kind → Spark SQL type (money is integer 分)
SPARK_TYPES = {
    "money": "BIGINT",
    "int": "BIGINT",
    "bool": "BOOLEAN",
    "str": "STRING",
    "date": "DATE",
    "decimal": "DECIMAL(38,6)",
}
_views = itertools.count()


def spark_session(master: str | None = None, app_name: str = "huiqi-screen") -> SparkSession:
    """A Spark session: Spark Connect when ``SPARK_REMOTE`` is set (and no ``master`` is given), else
    ``master`` (``spark://host:7077``, ``yarn``, ``k8s://…``) or ``local[1]``. Quiet logs, no UI."""
    from pyspark.sql import SparkSession

    remote = os.environ.get("SPARK_REMOTE")
    if master is None and remote:
        return SparkSession.builder.remote(remote).appName(app_name).getOrCreate()
    builder: Any = SparkSession.builder.master(master or "local[1]").appName(app_name)
    if (master or "local").startswith("local"):
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.memory", os.environ.get("HUIQI_SPARK_DRIVER_MEMORY", "1g"))
        )
    builder = builder.config("spark.sql.execution.arrow.pyspark.enabled", "true")
    session: SparkSession = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def with_missing_columns(frame: DataFrame, paths: list[str]) -> DataFrame:
    """``frame`` with a typed NULL column for every path in ``paths`` it lacks."""
    from pyspark.sql import functions as F

    have = set(frame.columns)
    extra = {p: F.lit(None).cast(SPARK_TYPES[kind_of_column(p) or "str"]) for p in paths if p not in have}
    return frame.withColumns(extra) if extra else frame


def screen_spark(frame: DataFrame, compiled: list[CompiledProgram]) -> DataFrame:
    """``frame`` (§5 columns, money LongType 分) with every compiled program's columns added."""
    paths = list(dict.fromkeys(p for cp in compiled for p in cp.input_fields()))
    frame = with_missing_columns(frame, paths)
    view = f"huiqi_input_{os.getpid()}_{next(_views)}"
    frame.createOrReplaceTempView(view)
    return frame.sparkSession.sql(program_sql(compiled, view, "spark"))


def output_columns(compiled: list[CompiledProgram], ids: list[str], columns: list[str]) -> list[str]:
    """Spark SQL select items turning the program columns into §5's ``<program>.status``,
    ``.reward_max_wan`` (DECIMAL(20,2) 万元) and ``.failed``: the expressions
    :class:`~huiqi.batch.screen.Screener` compiles to Polars (:func:`huiqi.batch.outputs.screen_outputs`)."""
    from huiqi.batch.outputs import screen_outputs
    from huiqi.rules import core as C
    from huiqi.rules.to_sql import Sql

    invalid: C.Node = C.IsNotNull(C.Col("error")) if "error" in columns else C.Lit(False)
    projects = tuple(C.IsNotNull(C.Col(c)) for c in columns if c.startswith("project."))
    has_project: C.Node = C.Or(projects) if projects else C.Lit(False)
    sql = Sql("spark")
    return [f"{sql.sql(node)} AS {sql.ident(name)}" for name, node in screen_outputs(compiled, ids, invalid,
                                                                                     has_project).items()]


def _compiled(
    engine: Engine | None, as_of: dt.date, programs: list[str] | None, choices: dict[str, str] | None
) -> tuple[list[str], list[CompiledProgram]]:
    from huiqi.engine import Choices, default_engine

    engine = engine or default_engine()
    ids = list(programs) if programs else engine.program_ids()
    return ids, engine.compile(as_of, Choices.of(choices), tuple(ids))


def screen_spark_output(
    frame: DataFrame,
    as_of: dt.date,
    programs: list[str] | None = None,
    choices: dict[str, str] | None = None,
    engine: Engine | None = None,
) -> DataFrame:
    """``frame``'s columns and §5's output columns (what ``huiqi screen`` writes), all in Spark."""
    ids, compiled = _compiled(engine, as_of, programs, choices)
    result = screen_spark(frame, compiled)
    keep = [f"`{c}`" for c in frame.columns]
    return result.selectExpr(*keep, *output_columns(compiled, ids, frame.columns))


def screen_spark_frame(
    frame: DataFrame,
    as_of: dt.date,
    programs: list[str] | None = None,
    choices: dict[str, str] | None = None,
    engine: Engine | None = None,
) -> DataFrame:
    """Compile the programs in force on ``as_of`` (all, or ``programs``) and run them on ``frame``."""
    return screen_spark(frame, _compiled(engine, as_of, programs, choices)[1])
