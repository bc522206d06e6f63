"""The one core object: programs loaded once, compiled per ``as_of``, evaluated per profile or table.

``Engine.assess`` answers one profile with the full explanation of contract §2;
``Engine.evaluate_frame`` runs the very same compiled columns over a table (``huiqi screen``).
A program is lowered once per date and reading (:mod:`huiqi.rules.lower`); each backend compiles the
lowered columns when it first runs them (one profile: generated Python; a table: Polars or SQL). What
an answer says beside the results comes from the summaries the programs package registers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from huiqi import __version__
from huiqi.errors import FieldError, InputError, pydantic_message
from huiqi.profile.columns import frame_from_rows, profile_rows
from huiqi.profile.model import Profile, unknown_fields
from huiqi.rules.compiled import CompiledProgram, compile_program
from huiqi.rules.context import Context
from huiqi.rules.explain import explain
from huiqi.rules.params import ParameterSet
from huiqi.rules.program import Program, ProgramFamily
from huiqi.rules.to_source import evaluate_row

if TYPE_CHECKING:
    import polars as pl

    from huiqi.programs.summaries import Summary

STATUSES = ("eligible", "ineligible", "undetermined", "not_applicable", "not_in_force")


def parse_profile(data: Any) -> tuple[Profile, list[str]]:
    """Validate a §1 profile; InputError naming every bad field, warnings for unknown ones."""
    from pydantic import ValidationError

    from huiqi.profile.checks import cross_field_errors

    if not isinstance(data, dict):
        raise InputError("输入应为 JSON 对象 the profile must be a JSON object")
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        errors = [FieldError(path, pydantic_message(err, path))
                  for err in exc.errors(include_url=False) for path in [field_path(err["loc"])]]
        raise InputError(errors) from None
    problems = cross_field_errors(profile)
    if problems:
        raise InputError(problems)
    warnings = [f"{path}: 未定义的字段，已忽略 unknown field, ignored" for path in unknown_fields(profile)]
    return profile, warnings


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """``("projects", 0, "id")`` → ``projects[0].id``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class Choices:
    """The options chosen for named assumptions (``id → option``); defaults fill the rest."""

    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, mapping: dict[str, str] | None) -> Choices:
        return cls(tuple(sorted((mapping or {}).items())))

    def for_program(self, program: Program) -> dict[str, str]:
        chosen = dict(self.values)
        out = {}
        for assumption in program.assumptions:
            option = chosen.get(assumption.id, assumption.default)
            if option not in assumption.options:
                raise InputError(
                    f"假设 {assumption.id} 没有选项 {option!r}; options: {', '.join(assumption.options)}",
                    "assumptions",
                )
            out[assumption.id] = option
        return out


class Engine:
    """Loads every program family once; compiles them per date and assumptions (cached)."""

    def __init__(
        self, families: list[ProgramFamily] | None = None, summaries: tuple[Summary, ...] | None = None
    ) -> None:
        if families is None:
            from huiqi.programs import load_families

            families = load_families()
        if summaries is None:
            from huiqi.programs.summaries import SUMMARIES

            summaries = SUMMARIES
        self.families: dict[str, ProgramFamily] = {f.id: f for f in families}
        self.summaries = summaries

    @cached_property
    def rules_version(self) -> str:
        """The package version and a digest of every rule and parameter file: their names relative to
        ``huiqi/programs`` and their bytes, so that the same rules give the same version wherever the
        package is installed (``pip install .`` or ``-e .``, any directory)."""
        return f"{__version__}+{rules_digest(resources.files('huiqi.programs'))}"

    def program_ids(self) -> list[str]:
        return list(self.families)

    def compile(self, as_of: dt.date, choices: Choices = Choices(), ids: tuple[str, ...] = ()) -> list[CompiledProgram]:
        return _compile(self, as_of, choices, ids or tuple(self.families))

    # one profile -----------------------------------------------------------------------------
    def assess(
        self,
        data: Any,
        as_of: dt.date | None = None,
        choices: dict[str, str] | None = None,
        programs: list[str] | None = None,
    ) -> dict[str, Any]:
        """Contract §2 for one profile (a dict, or an already validated :class:`Profile`)."""
        profile, warnings = (data, []) if isinstance(data, Profile) else parse_profile(data)
        day = as_of or profile.as_of or dt.date.today()
        ids = self._ids(programs)
        compiled = self.compile(day, Choices.of(choices), ids)
        rows = profile_rows(profile)
        out = []
        for row in rows:
            merged = dict(row)
            for each in compiled:
                merged.update(evaluate_row(each, row))
            out.append(merged)
        results: list[dict[str, Any]] = []
        project_ids = [p.id for p in profile.projects]
        for fid in ids:
            family = self.families[fid]
            program = family.at(day)
            cp = next((c for c in compiled if c.program is program), None)
            if program is None or cp is None:
                results += self._not_in_force(family, day, program_ids_for(family, project_ids))
                continue
            if program.level == "enterprise":
                results.append({**self._head(family, program, None), **explain(cp, out[0])})
            elif not project_ids:
                results.append(self._no_project(family, program))
            else:
                for row, pid in zip(out, project_ids, strict=True):
                    results.append({**self._head(family, program, pid), **explain(cp, row)})
        return self._answer(profile, day, choices or {}, results, warnings)

    def _answer(
        self,
        profile: Profile,
        day: dt.date,
        choices: dict[str, str],
        results: list[dict[str, Any]],
        warnings: list[str],
    ) -> dict[str, Any]:
        """Contract §2's object: the summaries that read no result, the results, those that do."""
        from huiqi.programs.summaries import ABSENT

        answer: dict[str, Any] = {"as_of": day.isoformat(), "rules_version": self.rules_version}
        for of_results in (False, True):
            if of_results:
                answer.update(results=results, warnings=warnings)
            for summary in self.summaries:
                if summary.of_results is of_results:
                    value = summary.compute(answer, profile, day, choices)
                    if value is not ABSENT:
                        answer[summary.key] = value
        return answer

    def assess_with_polars(
        self, data: Any, as_of: dt.date, choices: dict[str, str] | None = None
    ) -> list[dict[str, Any]]:
        """The raw columns of every program for each row of one profile, computed by Polars: the
        same definitions as :meth:`assess`, through the batch compiler (used by the equality tests)."""
        profile, _ = (data, []) if isinstance(data, Profile) else parse_profile(data)
        from huiqi.rules.to_polars import evaluate

        compiled = self.compile(as_of, Choices.of(choices))
        columns = sorted({c for cp in compiled for c in cp.input_fields()})
        frame = frame_from_rows(profile_rows(profile), columns)
        return evaluate(frame, compiled).collect().to_dicts()

    # a table ---------------------------------------------------------------------------------
    def evaluate_frame(self, frame: pl.DataFrame | pl.LazyFrame, compiled: list[CompiledProgram]) -> pl.LazyFrame:
        from huiqi.rules.to_polars import evaluate

        return evaluate(frame, compiled)

    # helpers ---------------------------------------------------------------------------------
    def _ids(self, programs: list[str] | None) -> tuple[str, ...]:
        if not programs:
            return tuple(self.families)
        unknown = [p for p in programs if p not in self.families]
        if unknown:
            known = "、".join(self.families)
            raise InputError(f"没有这个政策项目：{'、'.join(unknown)}；可选：{known}", "programs")
        return tuple(programs)

    def _head(self, family: ProgramFamily, program: Program, project: str | None) -> dict[str, Any]:
        head: dict[str, Any] = {"program": family.id, "title": program.title, "project": project}
        successor = family.successor(program)
        if successor is not None:
            head["superseded_by"] = {
                "doc": successor.version.doc,
                "number": successor.version.number,
                "from": successor.version.start.isoformat(),
            }
        return head

    def _not_in_force(self, family: ProgramFamily, day: dt.date, projects: list[str | None]) -> list[dict[str, Any]]:
        program = family.nearest(day)
        version = program.version
        note = f"{version.number} 自 {version.start.isoformat()} 起施行" + (
            f"，至 {version.end.isoformat()} 止" if version.end else ""
        )
        return [
            {
                **self._head(family, program, project),
                "status": "not_in_force",
                "version": version.to_json(),
                "reward": None,
                "criteria": [],
                "failed": [],
                "manual_checks": [],
                "assumptions": [],
                "notes": [f"{day.isoformat()} 不在政策有效期内: {note}", *filter(None, [version.end_basis])],
            }
            for project in projects
        ]

    def _no_project(self, family: ProgramFamily, program: Program) -> dict[str, Any]:
        return {
            **self._head(family, program, None),
            "status": "not_applicable",
            "version": program.version.to_json(),
            "reward": None,
            "criteria": [],
            "failed": [],
            "manual_checks": [],
            "assumptions": [],
            "notes": ["画像中没有项目：本项政策按项目评估，请先填写项目"],
        }


def program_ids_for(family: ProgramFamily, project_ids: list[str]) -> list[str | None]:
    level = family.versions[0].level
    return list(project_ids) if level == "project" and project_ids else [None]


def rules_digest(root: Any) -> str:
    """12 hex digits of SHA-256 over each rule file's path relative to ``root`` (``/``-separated) and
    its bytes, in path order; never an absolute path."""
    digest = hashlib.sha256()
    for name, entry in sorted(_files(root, "")):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(entry.read_bytes())
    return digest.hexdigest()[:12]


def _files(root: Any, prefix: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for entry in root.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                out += _files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith((".py", ".yaml")):
            out.append((f"{prefix}{entry.name}", entry))
    return out


@lru_cache(maxsize=64)
def _compile(engine: Engine, as_of: dt.date, choices: Choices, ids: tuple[str, ...]) -> list[CompiledProgram]:
    compiled = []
    for fid in ids:
        program = engine.families[fid].at(as_of)
        if program is None:
            continue
        params = ParameterSet(dict(program.parameters))
        ctx = Context(as_of, params, choices.for_program(program))
        compiled.append(compile_program(program, ctx))
    return compiled


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    return Engine()
