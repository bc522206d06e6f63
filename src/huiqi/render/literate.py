"""The literate view: each criterion beside the clause text it encodes, with its parameters.

The same object is printed by ``huiqi programs show``, served by the API and written to
``docs/programs/*.md`` (a test fails when the committed documents and the rules disagree).
"""

from __future__ import annotations

from typing import Any

from huiqi.rules.params import Parameter
from huiqi.rules.program import Criterion, Program, ProgramFamily


def _clause_text(criterion_or_ref: Any) -> str:
    try:
        return str(criterion_or_ref.text())
    except KeyError:
        return "（条款未在语料中找到 clause not found in the corpus）"


def _parameter(param: Parameter) -> dict[str, Any]:
    return {
        "id": param.id,
        "label": param.label,
        "unit": param.unit,
        "inclusive": param.inclusive,
        "values": [
            {
                "from": p.start.isoformat(),
                "to": p.end.isoformat() if p.end else None,
                "value": _plain(p.value),
                "clause": p.clause.to_json(),
            }
            for p in param.periods
        ],
    }


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)


def _criterion(criterion: Criterion, program: Program, parent: str | None) -> dict[str, Any]:
    expression = criterion.expression()
    return {
        "id": criterion.id,
        "label": criterion.label,
        "role": "applicability" if criterion in program.applicability else "eligibility",
        "part_of": parent,
        "clause": criterion.ref.to_json(),
        "clause_text": _clause_text(criterion.ref),
        "rule": expression.describe(),
        "inputs": expression.fields(),
        "parameters": [p for p in expression.params() if p in program.parameters],
        "question": criterion.question,
    }


def program_doc(program: Program) -> dict[str, Any]:
    """Everything a reviewer needs to check one program version against its text."""
    criteria = []
    for top in [*program.applicability, *program.criteria]:
        criteria.append(_criterion(top, program, None))
        for part in top.walk()[1:]:
            parent = next(c.id for c in top.walk() if part in c.parts)
            criteria.append(_criterion(part, program, parent))
    reward = program.reward
    return {
        "id": program.id,
        "title": program.title,
        "level": program.level,
        "summary": program.summary,
        "version": program.version.to_json(),
        "criteria": criteria,
        "reward": None
        if reward is None
        else {
            "rule": f"{reward.base.describe()} × {reward.rate.describe()}"
            + "".join(f"，不超过 {cap.describe()}" for cap in reward.caps),
            "clause": reward.ref.to_json(),
            "clause_text": _clause_text(reward.ref),
            "recipient": reward.recipient,
        },
        "manual_checks": [{"label": m.label, "clause": m.ref.to_json()} for m in program.manual_checks],
        "assumptions": [
            {
                "id": a.id,
                "question": a.question,
                "options": a.options,
                "default": a.default,
                "clause": a.ref.to_json(),
            }
            for a in program.assumptions
        ],
        "parameters": [_parameter(p) for p in program.parameters.values()],
        "notes": program.notes,
    }


def family_doc(family: ProgramFamily) -> dict[str, Any]:
    return {"id": family.id, "title": family.title, "versions": [program_doc(p) for p in family.versions]}


def to_markdown(doc: dict[str, Any]) -> str:
    """The literate view as Markdown (``docs/programs/<id>.md``)."""
    lines = [f"# {doc['title']} (`{doc['id']}`)", ""]
    for version in doc["versions"]:
        v = version["version"]
        lines += [f"## {v['number']}（{v['from']} 至 {v['to'] or '—'}）", "", version["summary"], ""]
        lines += ["| 条件 | 条款原文 | 规则 |", "|---|---|---|"]
        for c in version["criteria"]:
            clause = f"**{c['clause']['ref']}** {c['clause_text']}".replace("\n", "<br>").replace("|", "\\|")
            label = ("↳ " if c["part_of"] else "") + f"{c['label']}<br>`{c['id']}`"
            rule = c["rule"].replace("|", "\\|")
            lines.append(f"| {label} | {clause} | `{rule}` |")
        lines.append("")
        if version["reward"]:
            r = version["reward"]
            lines += [
                f"**奖励上限**（{r['clause']['ref']}）：`{r['rule']}`"
                + (f"；对象：{r['recipient']}" if r["recipient"] else ""),
                "",
            ]
        if version["assumptions"]:
            lines.append("**命名假设**")
            for a in version["assumptions"]:
                opts = "；".join(
                    f"`{k}`{'（默认）' if k == a['default'] else ''}：{t}" for k, t in a["options"].items()
                )
                lines.append(f"- `{a['id']}` {a['question']} {opts}")
            lines.append("")
        if version["manual_checks"]:
            lines.append("**需人工核实**")
            lines += [f"- {m['label']}（{m['clause']['ref']}）" for m in version["manual_checks"]]
            lines.append("")
        lines += ["**参数**", "", "| 参数 | 值 | 有效期 | 条款 |", "|---|---|---|---|"]
        for p in version["parameters"]:
            for value in p["values"]:
                shown = value["value"]
                shown = "、".join(map(str, shown)) if isinstance(shown, list) else shown
                lines.append(
                    f"| {p['label']} `{p['id']}` | {shown} {p['unit'] if p['unit'] not in ('ratio',) else ''} "
                    f"| {value['from']} 至 {value['to'] or '—'} | {value['clause']['ref']} |"
                )
        lines.append("")
    return "\n".join(lines)
