"""One folder per program: its criteria beside the law text, its dated parameters, its hand cases.

:data:`PROGRAM_MODULES` lists them; each module defines ``family()`` returning its
:class:`~huiqi.rules.program.ProgramFamily` (the versions of the program over time).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from huiqi.rules.program import ProgramFamily

PROGRAM_MODULES = [
    "tech_upgrade_equipment_reward",
    "tech_upgrade_pre_reward_settlement",
    "inclusive_investment_reward",
    "gd_specialized_sme",
    "little_giant",
    "digital_benchmark",
    "innovative_sme",
    "specialized_sme",
    "listing_main_board",
    "listing_chinext",
    "listing_star",
    "listing_bse",
    "listing_neeq_innovation",
    "listing_neeq_basic",
]


def load_families() -> list[ProgramFamily]:
    """Every program family, in the order of :data:`PROGRAM_MODULES` (folders not yet written are
    skipped, so a program can be added one folder at a time)."""
    here = Path(__file__).parent
    return [
        importlib.import_module(f"huiqi.programs.{name}").family()
        for name in PROGRAM_MODULES
        if (here / name / "__init__.py").exists()
    ]
