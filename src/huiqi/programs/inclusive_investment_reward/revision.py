"""粤工信技改函〔2022〕7号: the 修订本 of the 普惠性制造业投资奖励 细则, issued 2022-06-18, valid 5 years.

Known only from a repost (政策通, citing gdii mmpost_3953652): quality R. What the repost says was
kept: the 2% rate on 2021–2025 新增实际固定资产投资 paid to city governments, the 10 亿元 / 5 亿元
floors, 测算项目 ≠ 支持项目 and the 清算 after 十四五 — those are encoded with ``parameters_2022.yaml``.
The article-level diff was not found: the other conditions are carried over from 45号, marked as
unverified, and a manual check asks for the 修订本's own text.
"""

from __future__ import annotations

from pathlib import Path

from huiqi.programs.external import UNVERIFIED, external_version
from huiqi.rules.params import load_parameters
from huiqi.rules.program import ManualCheck, Program

DOC = "inclusive-investment-2022"
PARAMETERS = load_parameters(Path(__file__).with_name("parameters_2022.yaml"))


def _cite(ref: str) -> str:
    return f"{DOC} 修订本"


def revision() -> Program:
    from huiqi.programs.inclusive_investment_reward import build

    return build(
        external_version(DOC),
        PARAMETERS,
        cite=_cite,
        note=f"沿用粤工信技改函〔2021〕45号 的条件，修订本逐条内容未见；{UNVERIFIED}",
        manual_checks=(
            ManualCheck(
                "对照修订本原文核实申报条件（45号 与修订本的逐条差异未见，本版本沿用45号条件）", f"{DOC} 修订本"
            ),
        ),
        notes=(
            "粤工信技改函〔2022〕7号（修订本）2022-06-18 印发，有效期 5 年，取代45号（其原定有效期至 2026-09-02）。",
            "修订本与45号的逐条差异未见：除门槛、比例和清算外，其余条件沿用45号，须对照修订本原文核实（来源质量 R）。",
            "2026 年为“十四五”清算年：如珠海按 累计投资 × 2% − 已拨 清算（据转载）。",
        ),
    )
