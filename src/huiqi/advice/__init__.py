"""Counterfactual advice (contract §9): the smallest verified changes that make a program eligible.

``advise(profile)`` answers, for each program a profile does not meet, which allow-listed fields to
change and to what (:mod:`huiqi.advice.fields`), solved from the programs' own expression trees
(:mod:`huiqi.advice.solver`) and confirmed by the engine (:mod:`huiqi.advice.advise`).

Example::

    from huiqi.advice import advise
    advise({"as_of": "2021-06-01", "enterprise": {...}})["advice"][0]["changes"]
"""

from __future__ import annotations

from huiqi.advice.advise import advise
from huiqi.advice.fields import DECISIONS, OUTCOMES, changeable

__all__ = ["DECISIONS", "OUTCOMES", "advise", "changeable"]
