"""Compile lowered columns (:mod:`huiqi.rules.core`) to the source of one Python function of a row.

``huiqi assess`` evaluates every program on one row, a few hundred criteria per request. A program
becomes straight-line code: each distinct subexpression is computed once into a local, and the
columns come back as one dict (Kleene logic, nulls propagate, integer 分, exact ratios, all decided
by the lowering). ``tests/rules/test_lowering_backends.py`` checks it against Polars and SQL.

:func:`row_function` gives a whole program's function (``huiqi assess``); :func:`node_function` one
rule subtree's, cached (the advice solver and the interview's relevance walk evaluate many).

The source is generated from the rule definitions shipped with the package, never from input:
string constants go in through ``repr`` and every other constant through the function's namespace.
``CompiledProgram.__dict__["_row_source"]`` keeps the text, and tracebacks show its lines.
"""

from __future__ import annotations

import hashlib
import linecache
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from itertools import count
from types import CodeType
from typing import Any

from huiqi.rules import core as C
from huiqi.rules import expr as E
from huiqi.rules.compiled import CompiledProgram
from huiqi.rules.context import Context, RuleCompileError, shift_years
from huiqi.rules.lower import lower_expr

Row = dict[str, Any]
RowFunction = Callable[[Row], Row]


def _at_least(n: int, values: tuple[Any, ...]) -> bool | None:
    if sum(v is True for v in values) >= n:
        return True
    return False if sum(v is not False for v in values) < n else None


class _Writer:
    """Emits the body of ``def evaluate(row)``; ``atom`` names are locals or constants."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"shift_years": shift_years, "_at_least": _at_least, "Decimal": Decimal}
        self.lines: list[str] = []
        self.depth = 1
        self.memo: dict[str, str] = {}  # code → the local holding its value, per block
        self.never_none: set[str] = set()
        self.outputs: dict[str, str] = {}  # output column → its atom
        self.locals = count()
        self.constants: dict[tuple[type, Any], str] = {}
        #: the conditions the current block runs under, and what blocks under each path computed:
        #: a later block under the same path reads those locals (they are assigned once, earlier)
        self.path: tuple[str, ...] = ()
        self.blocks: dict[tuple[str, ...], dict[str, str]] = {}
        self.last_value = ""  # the atom the last block assigned

    # emitting ---------------------------------------------------------------------------------
    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def constant(self, value: Any) -> str:
        if value is None:
            return "None"
        if type(value) in (bool, int, str):
            atom = repr(value)
        else:
            key = (type(value), repr(value))  # equal constants, one name (a set tested twice)
            atom = self.constants.get(key, "")
            if not atom:
                atom = self.constants[key] = f"K{len(self.namespace)}"
                self.namespace[atom] = value
        self.never_none.add(atom)
        return atom

    def bind(self, code: str, never_none: bool = False) -> str:
        """A local holding ``code``'s value, computed once per block."""
        found = self.memo.get(code)
        if found is None:
            found = f"v{next(self.locals)}"
            self.line(f"{found} = {code}")
            self.memo[code] = found
            if never_none:
                self.never_none.add(found)
        return found

    def fresh(self) -> str:
        return f"v{next(self.locals)}"

    def unknown_if(self, *atoms: str) -> str:
        """The guard ``a is None or b is None`` over the atoms that may be None ('' if none may)."""
        return " or ".join(f"{a} is None" for a in atoms if a not in self.never_none)

    def guarded(self, code: str, *atoms: str, total: bool = True) -> str:
        """``code``, or None where one of ``atoms`` is None (``total``: ``code`` itself never is)."""
        if "None" in atoms:
            return "None"
        guard = self.unknown_if(*atoms)
        return self.bind(f"(None if {guard} else {code})" if guard else f"({code})", total and not guard)

    def enter(self, test: str) -> dict[str, str]:
        """Open a block running where ``test`` holds (a key: ``v3:then``); returns the memo to restore."""
        saved = self.memo
        self.path = (*self.path, test)
        self.memo = {**saved, **self.blocks.get(self.path, {})}
        self.depth += 1
        return saved

    def leave(self, saved: dict[str, str]) -> None:
        self.blocks[self.path] = self.memo
        self.path = self.path[:-1]
        self.memo = saved
        self.depth -= 1

    def block(self, node: C.Node, target: str, test: str) -> None:
        """An indented block assigning ``node``'s value to ``target``; what it computes stays inside."""
        saved = self.enter(test)
        self.last_value = self.value(node)
        self.line(f"{target} = {self.last_value}")
        self.leave(saved)

    # values -------------------------------------------------------------------------------------
    def value(self, node: C.Node) -> str:
        match node:
            case C.Col():
                found = self.outputs.get(node.name)
                return found if found is not None else self.bind(f"row.get({node.name!r})")
            case C.Lit():
                return self.constant(node.value)
            case C.Cmp():
                a, b = self.value(node.left), self.value(node.right)
                return self.guarded(f"{a} {node.op} {b}", a, b)
            case C.Arith():
                a, b = self.value(node.left), self.value(node.right)
                return self.guarded(f"{a} {node.op} {b}", a, b)
            case C.IDiv():
                a, b = self.value(node.left), self.value(node.right)
                return self.guarded(f"{a} // {b}", a, b)
            case C.Widen():
                return self.value(node.part)
            case C.And():
                return self.kleene([self.value(p) for p in node.parts], decisive=False)
            case C.Or():
                return self.kleene([self.value(p) for p in node.parts], decisive=True)
            case C.Not():
                v = self.value(node.part)
                return self.guarded(f"not {v}", v)
            case C.IsNotNull():
                return self.bind(f"({self.value(node.part)} is not None)", True)
            case C.IsNull():
                return self.bind(f"({self.value(node.part)} is None)", True)
            case C.AtLeast():
                parts = ", ".join(self.value(p) for p in node.parts)
                return self.bind(f"_at_least({node.n}, ({parts},))")
            case C.If() | C.Case():
                key = f"#{id(node)}"  # the same node read twice (a ratio's denominator): computed once
                found = self.memo.get(key)
                if found is None:
                    found = self.memo[key] = self.when(node) if isinstance(node, C.If) else self.case(node)
                return found
            case C.Coalesce():
                atoms = [self.value(p) for p in node.parts]
                code = "None"
                for atom in reversed(atoms):
                    if atom in self.never_none:  # a constant ends the chain
                        code = atom
                    elif atom != "None":
                        code = f"({atom} if {atom} is not None else {code})"
                return code if code in self.never_none or code == "None" else self.bind(code)
            case C.InSet():
                v = self.value(node.part)
                members = self.constant(frozenset(node.values) if _hashable(node.values) else node.values)
                return self.guarded(f"{v} in {members}", v)
            case C.ShiftYears():
                v = self.value(node.part)
                return self.guarded(f"shift_years({v}, {node.years})", v)
            case C.Slice():
                v = self.value(node.part)
                return self.guarded(f"{v}[{node.start}:{node.start + node.length}]", v)
            case C.Lookup():
                k, table = self.value(node.key), self.constant(dict(node.mapping))
                return self.guarded(f"{table}.get({k})", k, total=False)
            case C.Hundredths():
                v = self.value(node.part)
                return self.guarded(f"Decimal({v}).scaleb(-2)", v)
            case C.JoinIds():
                if not node.items:
                    return "''"
                ids = "".join(f"{ident!r}, " for ident, _ in node.items)
                flags = "".join(f"{self.flag(test)}, " for _, test in node.items)
                return self.bind(f"';'.join([i for i, f in zip(({ids}), ({flags})) if f])", True)
        raise RuleCompileError(f"cannot evaluate {type(node).__name__}")

    def flag(self, node: C.Node) -> str:
        """Code true exactly where ``node`` is TRUE."""
        if isinstance(node, C.Not):
            return f"{self.value(node.part)} is False"
        return f"{self.value(node)} is True"

    def kleene(self, atoms: list[str], decisive: bool) -> str:
        """Kleene AND (``decisive=False``: one False decides) or OR (one True decides)."""
        if repr(decisive) in atoms:
            return repr(decisive)
        atoms = [a for a in atoms if a != repr(not decisive)]  # parts that cannot decide
        if not atoms:
            return self.constant(not decisive)
        word = repr(decisive)
        decides = " or ".join(f"{a} is {word}" for a in atoms)
        unknown = self.unknown_if(*atoms)
        rest = f"None if {unknown} else {not decisive!r}" if unknown else repr(not decisive)
        return self.bind(f"({word} if {decides} else {rest})", not unknown)

    def when(self, node: C.If) -> str:
        """Three-valued if: an unknown condition gives unknown, or with ``agree`` the branches' common
        value (both run); a known condition runs only the branch taken."""
        c = self.value(node.cond)
        if c in ("True", "False"):  # a condition known when the code is written
            return self.value(node.then if c == "True" else node.other)
        if c == "None" and not node.agree:
            return "None"
        if isinstance(node.other, C.Lit) and node.other.value is None and not node.agree and _total(node.then):
            # a guard whose value cannot fail to compute (a cross-multiplication): computed where the
            # guard is, so the nested branches of a ladder read it instead of computing it again
            a = self.value(node.then)
            return "None" if a == "None" else self.bind(f"({a} if {c} else None)")
        target = self.fresh()
        if isinstance(node.other, C.Lit) and node.other.value is None and not node.agree:
            self.line(f"{target} = None")
            self.line(f"if {c}:")
            self.block(node.then, target, f"{c}:then")
            return target
        self.line(f"if {c} is None:")
        if node.agree:
            saved = self.enter(f"{c}:none")
            a, b = self.value(node.then), self.value(node.other)
            self.line(f"{target} = {a} if {a} == {b} else None")
            self.leave(saved)
        else:
            self.line(f"    {target} = None")
        self.line(f"elif {c}:")
        self.block(node.then, target, f"{c}:then")
        self.line("else:")
        self.block(node.other, target, f"{c}:else")
        return target

    def case(self, node: C.Case) -> str:
        """The first arm whose condition is TRUE (conditions computed up front), else the default."""
        conds = [self.value(cond) for cond, _ in node.arms]
        target = self.fresh()
        values = []
        for index, (cond, (_, value)) in enumerate(zip(conds, node.arms, strict=True)):
            test = cond if cond in self.never_none else f"{cond} is True"
            self.line(f"{'if' if index == 0 else 'elif'} {test}:")
            # the first arm runs where its condition is TRUE, as an If's ``then`` does
            key = f"{cond}:then" if index == 0 else f"{cond}:then|not {','.join(conds[:index])}"
            self.block(value, target, key)
            values.append(self.last_value)
        self.line("else:")
        self.block(node.default, target, f"none of {','.join(conds)}")
        values.append(self.last_value)
        if all(v in self.never_none for v in values):
            self.never_none.add(target)
        return target


def _total(node: C.Node) -> bool:
    """Whether computing ``node`` cannot raise where its guard fails (no division in it)."""
    return not any(isinstance(n, C.IDiv | C.If | C.Case) for n in node.walk())


def _hashable(values: tuple[Any, ...]) -> bool:
    try:
        hash(values)
    except TypeError:
        return False
    return True


def columns_source(columns: dict[str, C.Node], single: bool = False) -> tuple[str, dict[str, Any]]:
    """The source of ``evaluate(row)`` returning ``columns``' values as a dict (``single``: the one
    column's value itself), and the namespace of its constants."""
    w = _Writer()
    for name, node in columns.items():
        w.outputs[name] = w.value(node)
    body = "\n".join(w.lines) or "    pass"
    if single:
        (atom,) = w.outputs.values()
        return f"def evaluate(row):\n{body}\n    return {atom}\n", w.namespace
    items = "".join(f"\n        {name!r}: {atom}," for name, atom in w.outputs.items())
    return f"def evaluate(row):\n{body}\n    return {{{items}\n    }}\n", w.namespace


#: compiled code by source text: the same text (another date, the same subtree of another program)
#: is compiled once; its constants differ only in the namespace it runs in
_CODE: dict[str, CodeType] = {}
CODE_CACHE_SIZE = 4096


def _function(columns: dict[str, C.Node], label: str, single: bool = False) -> tuple[Any, str]:
    source, namespace = columns_source(columns, single)
    code = _CODE.get(source)
    if code is None:
        # named by content, so recompiling for another day reuses the entry instead of adding one
        digest = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()[:12]
        filename = f"<huiqi rules {label} {digest}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        if len(_CODE) >= CODE_CACHE_SIZE:
            _CODE.clear()
        code = _CODE[source] = compile(source, filename, "exec")
    exec(code, namespace)
    return namespace["evaluate"], source


def row_function(compiled: CompiledProgram) -> RowFunction:
    """``evaluate(row)`` of ``compiled``, generated once and kept on the compiled program."""
    cached: RowFunction | None = compiled.__dict__.get("_row_function")
    if cached is not None:
        return cached
    function: RowFunction
    function, source = _function(compiled.columns, compiled.program.id)
    compiled.__dict__["_row_source"] = source
    compiled.__dict__["_row_function"] = function
    return function


def evaluate_row(compiled: CompiledProgram, row: Row) -> Row:
    """Every lowered column of ``compiled`` on ``row``."""
    return row_function(compiled)(row)


def node_function(node: E.Expr, ctx: Context) -> Callable[[Row], Any]:
    """A function computing one rule subtree on a row (None: unknown). The caller keeps it (and
    ``node`` alive) for as long as it evaluates the subtree."""
    loose = replace(ctx, loose_ratios=True)
    function, _ = _function({"value": lower_expr(node, loose)}, "node", single=True)
    return function
