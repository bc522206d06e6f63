"""The check-up form: its fields in four steps, read off the profile model (kinds, bounds, options) and
the batch labels (Chinese words), each with the clauses of the criteria that read it; and the
conversion between the posted form, the §1 profile and the errors shown next to each field.

Form names are the §1 paths with dots (``enterprise.ip.invention_patents``, ``projects.0.kind``);
financial years are relative to the assessment date (``enterprise.financials.y1.revenue`` is the year
before ``as_of``), so the form works for any ``as_of``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from huiqi.batch.fields import field_spec, known_patterns
from huiqi.batch.labels import CHOICE_LABELS, label_of
from huiqi.identifiers import credit_code_error

STEPS = (
    ("basic", "企业基本信息"),
    ("finance", "财务数据"),
    ("innovation", "知识产权与创新"),
    ("project", "项目"),
)
YEARS_BACK = (3, 2, 1)
PROJECT_ID = "p1"
FIN_RE = re.compile(r"^enterprise\.financials\.(?:y(\d)|(\d{4}))\.(\w+)$")
GROUPS = {
    "enterprise.compliance": "合规情况（如实勾选：“是”表示发生过）",
    "enterprise.ip": "知识产权（与主要产品相关的有效数量）",
    "enterprise.specialization": "专业化",
    "enterprise.refinement": "精细化",
    "enterprise.specialty": "特色化",
    "enterprise.innovation": "创新能力",
    "enterprise.status": "已获认定",
    "project.pre_reward_2019": "2019 年度设备事前奖励（仅该类项目填写）",
}
HINTS = {
    "enterprise.credit_code": "18 位，末位为校验码（GB 32100-2015）",
    "enterprise.city": "地级以上市",
    "enterprise.county": "区、县（市）；东莞、中山填镇或街道",
    "enterprise.industry_code": "GB/T 4754-2017 行业代码，如 C3984",
    "enterprise.employees": "上年末从业人员",
    "project.code": "投资项目在线审批监管平台的项目代码",
}
UNITS = {"money": "万元", "int": "", "date": "", "bool": "", "str": "", "decimal": ""}
COUNT_UNITS = {"employees": "人", "rd_staff": "人", "degree_or_title_staff": "人", "years_in_niche": "年",
               "core_suppliers": "家", "review_score": "分", "market_share_rank_province": "名"}


@dataclass(frozen=True)
class HelpRef:
    program: str
    criterion: str
    ref: str
    url: str


@dataclass(frozen=True)
class FormField:
    name: str  # the form name
    pattern: str  # the §5 pattern (``project.kind``, ``enterprise.financials.*.revenue``)
    label: str
    kind: str
    unit: str
    step: str
    group: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    ge: Decimal | None = None
    le: Decimal | None = None
    helps: tuple[HelpRef, ...] = field(default=())

    @property
    def dom_id(self) -> str:
        return "f-" + self.name.replace(".", "-")


def _step(pattern: str) -> str:
    if pattern.startswith("project."):
        return "project"
    if ".financials." in pattern or pattern == "enterprise.equity_financing_2y_wan":
        return "finance"
    if pattern.split(".")[1] in ("ip", "specialization", "refinement", "specialty", "innovation", "status"):
        return "innovation"
    return "basic"


def _group(pattern: str) -> str:
    for prefix, title in GROUPS.items():
        if pattern.startswith(prefix + "."):
            return title
    return ""


@cache
def help_index() -> dict[str, tuple[HelpRef, ...]]:
    """§5 pattern → the criteria (of the programs in force today or latest) that read it."""
    from huiqi.engine import default_engine
    from huiqi.render.literate import family_doc
    from huiqi.web.fmt import clause_url

    found: dict[str, list[HelpRef]] = {}
    for family in default_engine().families.values():
        doc = family_doc(family)["versions"][-1]
        for crit in doc["criteria"]:
            for raw in crit["inputs"]:
                pattern = re.sub(r"\.\{y-\d\}\.", ".*.", raw)
                refs = found.setdefault(pattern, [])
                ref = HelpRef(doc["title"], crit["label"], crit["clause"]["ref"], clause_url(crit["clause"]))
                if all(r.url != ref.url or r.program != ref.program for r in refs):
                    refs.append(ref)
    return {k: tuple(v) for k, v in found.items()}


def _make(name: str, pattern: str, label: str) -> FormField:
    spec = field_spec(pattern.replace("*", "2020"))
    key = pattern.rsplit(".", 1)[-1]
    unit = UNITS.get(spec.kind, "") or COUNT_UNITS.get(key, "")
    if spec.kind == "int" and not unit:
        unit = "项" if pattern.startswith("enterprise.ip.") else ""
    words = CHOICE_LABELS.get(pattern, {})
    choices = tuple((c, words.get(c, c)) for c in spec.choices)
    return FormField(
        name=name, pattern=pattern, label=label, kind=spec.kind, unit=unit, step=_step(pattern),
        group=_group(pattern), choices=choices, hint=HINTS.get(pattern, ""), ge=spec.ge, le=spec.le,
        helps=help_index().get(pattern, ()),
    )


@cache
def form_fields() -> tuple[FormField, ...]:
    """Every field of the form, in step order."""
    out: list[FormField] = []
    for pattern in known_patterns():
        if pattern in ("project.id",) or pattern.startswith("project.events"):
            continue
        if "*" in pattern:
            for back in YEARS_BACK:
                name = pattern.replace("*", f"y{back}")
                made = _make(name, pattern, label_of(pattern.replace(".*.", ".2000.")).split("(")[0])
                out.append(FormField(**{**made.__dict__, "group": f"y{back}"}))
            continue
        name = pattern.replace("project.", "projects.0.", 1) if pattern.startswith("project.") else pattern
        out.append(_make(name, pattern, label_of(pattern)))
    order = {s: i for i, (s, _) in enumerate(STEPS)}
    groups = list(dict.fromkeys(["", "y3", "y2", "y1", *GROUPS.values()]))
    return tuple(sorted(out, key=lambda f: (order[f.step], groups.index(f.group))))


def fields_by_step() -> list[tuple[str, str, list[FormField]]]:
    return [(sid, title, [f for f in form_fields() if f.step == sid]) for sid, title in STEPS]


# --- form → profile -------------------------------------------------------------------------

def parse_as_of(raw: str | None) -> tuple[dt.date, str | None]:
    if not raw or not raw.strip():
        return dt.date.today(), None
    try:
        return dt.date.fromisoformat(raw.strip()), None
    except ValueError:
        return dt.date.today(), "请按 YYYY-MM-DD 填写日期"


def _convert(f: FormField, raw: str) -> tuple[Any, str | None]:
    """The JSON value of one filled-in field, or a Chinese message saying what is wrong."""
    if f.kind == "bool":
        return {"true": True, "false": False}.get(raw), None if raw in ("true", "false") else "请选择“是”或“否”"
    if f.choices:
        return raw, None if raw in dict(f.choices) else "请从列表中选择"
    if f.kind == "date":
        try:
            return dt.date.fromisoformat(raw).isoformat(), None
        except ValueError:
            return raw, "请按 YYYY-MM-DD 填写日期"
    if f.kind in ("money", "decimal", "int"):
        text = raw.replace(",", "").replace("，", "").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            return raw, "请填写数字" + (f"（单位：{f.unit}）" if f.unit else "")
        if not number.is_finite():
            return raw, "请填写数字"
        if f.kind == "int" and number != number.to_integral_value():
            return raw, "请填写整数"
        if number < 0 and (f.kind != "money" or f.pattern.endswith(("revenue", "assets", "liabilities",
                                                                     "rd_expense", "_wan"))):
            return raw, "不能为负数"
        if f.ge is not None and number < f.ge:
            return raw, f"不能小于 {f.ge}"
        if f.le is not None and number > f.le:
            return raw, f"不能大于 {f.le}"
        return (int(number) if f.kind == "int" else str(number)), None
    if f.pattern == "enterprise.credit_code":
        problem = credit_code_error(raw)
        return raw.upper(), (problem.split(" / ")[0] if problem else None)
    return raw, None


def _put(target: dict[str, Any], path: list[str], item: Any) -> None:
    for part in path[:-1]:
        nxt: Any = [] if part == "projects" else {}
        if isinstance(target, list):
            index = int(part)
            while len(target) <= index:
                target.append({})
            target = target[index]
        else:
            target = target.setdefault(part, nxt)
    target[path[-1]] = item


def profile_from_form(values: dict[str, str], as_of: dt.date) -> tuple[dict[str, Any], dict[str, str]]:
    """The §1 profile of a posted form and the errors found on the way (form name → message)."""
    errors: dict[str, str] = {}
    profile: dict[str, Any] = {"as_of": as_of.isoformat(), "enterprise": {}, "projects": []}
    for f in form_fields():
        raw = (values.get(f.name) or "").strip()
        if not raw:
            continue
        converted, problem = _convert(f, raw)
        if problem:
            errors[f.name] = problem
            continue
        path = f.name.split(".")
        if ".financials.y" in f.name:
            path[2] = str(as_of.year - int(path[2][1:]))
        _put(profile, path, converted)
    if profile["projects"]:
        project = profile["projects"][0]
        project["id"] = (values.get("projects.0.id") or PROJECT_ID).strip() or PROJECT_ID
        if len(project) == 1:
            profile["projects"] = []
    return profile, errors


def form_name(path: str, as_of: dt.date) -> str:
    """The form name of an error path of the core (``projects[0].city`` → ``projects.0.city``)."""
    name = path.replace("[", ".").replace("]", "")
    match = FIN_RE.match(name)
    if match and match.group(2):
        name = f"enterprise.financials.y{as_of.year - int(match.group(2))}.{match.group(3)}"
    return name


def form_from_profile(profile: dict[str, Any]) -> dict[str, str]:
    """The form values of a §1 profile (a stored one, or the bundled example)."""
    as_of, _ = parse_as_of(str(profile.get("as_of") or ""))
    values: dict[str, str] = {"as_of": as_of.isoformat()}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, item in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(node, list):
            if prefix == "projects":
                for i, item in enumerate(node[:1]):
                    walk(f"projects.{i}", item)
        elif node is not None:
            values[form_name(prefix, as_of)] = ("true" if node else "false") if isinstance(node, bool) else str(node)

    walk("", {"enterprise": profile.get("enterprise") or {}, "projects": profile.get("projects") or []})
    return values
