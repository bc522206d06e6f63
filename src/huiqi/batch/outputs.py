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
    compiled: list[CompiledProgram], ids: list[str], invalid: C.Node, has_project: C.Node, inline: bool = False
) -> dict[str, C.Node]:
    """``<program>.status``, ``.reward_max_wan`` and ``.failed`` for each of ``ids``; ``invalid`` and
    ``has_project`` are the row's truth values (never unknown). ``inline``: the program's status and
    failed ids as their own expressions, not read from its columns, so that a backend folds the overlay
    into them (one choice among texts; failed ids blank in more cases)."""
    by_id = {cp.program.id: cp for cp in compiled}
    out: dict[str, C.Node] = {}
    for pid in ids:
        cp = by_id.get(pid)
        if cp is None:  # not in force on as_of
            status: C.Node = C.Lit("not_in_force")
            failed: C.Node = C.Lit("")
            reward: C.Node = C.Lit(None, "i64")
        elif inline:  # the lowered failed ids are never unknown (blank or joined ids)
            status, failed = cp.columns[cp.col("status")], cp.columns[cp.col("failed")]
        else:
            status, failed = C.Col(cp.col("status")), C.Coalesce((C.Col(cp.col("failed")), C.Lit("")))
        if cp is not None:
            reward = C.Col(cp.col("reward")) if cp.program.reward is not None else C.Lit(None, "i64")
        arms: list[tuple[C.Node, C.Node]] = [(invalid, C.Lit("error"))]
        if cp is not None and cp.program.level == "project":
            arms.append((C.Not(has_project), C.Lit("not_applicable")))
        out[f"{pid}.status"] = C.Case(tuple(arms), status)
        # the program's reward is unknown unless its status is eligible: the row's status is eligible
        # where no overlay arm holds and the program's status is
        shown = C.And(tuple(C.Not(test) for test, _ in arms))
        out[f"{pid}.reward_max_wan"] = C.Hundredths(C.Case(((shown, reward),), C.Lit(None, "i64")))
        out[f"{pid}.failed"] = C.Case(tuple((test, C.Lit("")) for test, _ in arms), failed)
    return out
