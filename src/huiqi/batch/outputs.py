"""Contract §5's screening columns per program, as core expressions (:mod:`huiqi.rules.core`) that the
Polars screener and the Spark output compile alike.

``<program>.status``: ``error`` where the row is invalid, ``not_applicable`` for a project-level program
on a row without any ``project.*`` value (as ``assess`` answers a profile without projects),
``not_in_force`` for a program not in force, else the program's status; ``.reward_max_wan``: the
reward bound (an exact decimal of 万元) where the status is ``eligible``; ``.failed``: the failed ids.
"""

from __future__ import annotations

from huiqi.rules import core as C
from huiqi.rules.compiled import CompiledProgram


def screen_outputs(
    compiled: list[CompiledProgram], ids: list[str], invalid: C.Node, has_project: C.Node
) -> dict[str, C.Node]:
    """``<program>.status``, ``.reward_max_wan`` and ``.failed`` for each of ``ids``; ``invalid`` and
    ``has_project`` are the row's truth values (never unknown)."""
    by_id = {cp.program.id: cp for cp in compiled}
    out: dict[str, C.Node] = {}
    for pid in ids:
        cp = by_id.get(pid)
        if cp is None:  # not in force on as_of
            status: C.Node = C.Lit("not_in_force")
            failed: C.Node = C.Lit("")
            reward: C.Node = C.Lit(None, "i64")
        else:
            status, failed = C.Col(cp.col("status")), C.Coalesce((C.Col(cp.col("failed")), C.Lit("")))
            reward = C.Col(cp.col("reward")) if cp.program.reward is not None else C.Lit(None, "i64")
        arms: list[tuple[C.Node, C.Node]] = [(invalid, C.Lit("error"))]
        if cp is not None and cp.program.level == "project":
            arms.append((C.Not(has_project), C.Lit("not_applicable")))
        status = C.Case(tuple(arms), status)
        out[f"{pid}.status"] = status
        out[f"{pid}.reward_max_wan"] = C.Hundredths(C.Case(((C.Cmp("==", status, C.Lit("eligible")), reward),),
                                                           C.Lit(None, "i64")))
        out[f"{pid}.failed"] = C.Case(tuple((test, C.Lit("")) for test, _ in arms), failed)
    return out
