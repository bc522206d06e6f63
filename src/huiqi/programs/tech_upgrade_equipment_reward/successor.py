"""粤工信规字〔2024〕7号《制造业当家重点任务保障专项企业技术改造资金管理实施细则》: the version in force
from 2025-01-01 (valid 3 years), replacing 粤工信规字〔2021〕5号 before its stated expiry.

Known only from a repost (政策通, citing the GD gazette 2025/1): quality R, every criterion says so.
The 设备奖励 keeps the seed's conditions, floors and rates; the per-project cap becomes 1,500 万元
(``parameters_2024.yaml``). The new financing subsidies are not project-equipment rewards: they are
listed as manual checks and notes, not computed.
"""

from __future__ import annotations

from pathlib import Path

from huiqi.programs.external import UNVERIFIED, external_version
from huiqi.rules.params import load_parameters
from huiqi.rules.program import ManualCheck, Program

DOC = "tech-upgrade-fund-2024"
PARAMETERS = load_parameters(Path(__file__).with_name("parameters_2024.yaml"))

#: the seed's clauses that the repost's summary of 7号 covers, each cited to the summary's own item;
#: the other conditions of 第八条（一） have 7号 counterparts that were not seen: they cite the
#: 设备奖励 summary as a whole (and every criterion says the text was not verified)
_CITE_ALL = f"{DOC} 设备奖励"
_ARTICLES = {
    "第八条第（一）项第5目": f"{DOC} 设备奖励门槛",
    "第十条第（一）项": f"{DOC} 设备奖励比例",
}


def _cite(ref: str) -> str:
    return _ARTICLES.get(ref, _CITE_ALL)


def successor() -> Program:
    from huiqi.programs.tech_upgrade_equipment_reward import build

    return build(
        external_version(DOC),
        PARAMETERS,
        cite=_cite,
        note=f"条件沿用粤工信规字〔2021〕5号 第八条（一），7号 对应条文原文未见；{UNVERIFIED}",
        summary="制造业当家重点任务保障专项（企业技术改造资金）对已完工技改项目按不含税新设备购置额给予的事后奖励，"
        "单个项目不超过 1500 万元。",
        manual_checks=(
            ManualCheck("申报奖励的设备须在项目备案后至完工期间购置（建设期不超过 3 年）", f"{DOC} 设备购置期间"),
            ManualCheck(
                "设备购置额按不含税的新设备计算（旧设备、税额不计入 equipment_purchase_wan）", f"{DOC} 设备奖励门槛"
            ),
            ManualCheck(
                "另可申请贷款贴息（利息 30% 以内，最长 3 年，每年不超过 200 万元，贷款额 100 万元以上）、"
                "保险增信（保费 50% 以内，每年不超过 40 万元）或融资租赁补助（合同额 × LPR × 15%，不超过 200 万元，"
                "合同额 500 万元以上）三者之一，可与设备奖励同时享受",
                f"{DOC} 贷款贴息",
            ),
        ),
        notes=(
            "粤工信规字〔2024〕7号 自 2025-01-01 起施行，有效期 3 年；"
            "取代粤工信规字〔2021〕5号（其原定有效期至 2026-12-31）。",
            "单个项目奖励上限 1500 万元（据政策通转载）；具体比例由各地级以上市确定，新赛道生产端技改可提高。",
            "保险增信、融资租赁条款见 tech-upgrade-fund-2024 保险增信、融资租赁；风险补偿面向银行。",
            "本版本依据转载整理（来源质量 R），未经官方文本核实。",
        ),
    )
