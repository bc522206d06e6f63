"""Hand cases with exact expected advice: each boundary the text sets, time, and what nothing fixes."""

from __future__ import annotations

import datetime as dt

from advice_helpers import apply_changes, profile_of, reassess_day, result_for

from huiqi.advice import advise
from huiqi.engine import default_engine


def _entry(answer: dict, program: str, project: str | None = None) -> dict:
    return next(e for e in answer["advice"] if e["program"] == program and e["project"] == project)


def _verify(profile: dict, entry: dict, as_of: dt.date, choices: dict | None = None) -> str:
    day = reassess_day(entry, as_of)
    answer = default_engine().assess(
        apply_changes(profile, entry), as_of=day, choices=choices, programs=[entry["program"]]
    )
    return result_for(answer, entry)["status"]


def test_研发投入占比差_0_40_万元_补足到恰好_3_percent() -> None:
    """第四条（五）: R&D 290 on revenue 9680 (each year) → 290.40 = exactly 3%, 以上 includes it."""
    choices = {"srdi-rd-share-basis": "each-year"}
    profile, case = profile_of(
        "近两年研发投入占比 2.99%",
        {
            "enterprise": {
                "financials": {
                    "2019": {"revenue": 5000, "rd_expense": 200},
                    "2020": {"revenue": 9680, "rd_expense": 290},
                }
            }
        },
    )
    profile["enterprise"]["financials"]["2020"]["main_business_revenue"] = 9300
    answer = advise(profile, as_of=case.as_of, programs=["gd-specialized-sme"], choices=choices)
    entry = _entry(answer, "gd-specialized-sme")
    assert entry["status"] == "ineligible" and entry["reachable"] is True
    assert [(c["field"], c["from"], c["to"], c["criterion"]) for c in entry["changes"]] == [
        ("enterprise.financials.2020.rd_expense", 290.0, 290.4, "rd-share")
    ]
    assert entry["changes"][0]["clause"]["ref"] == "第四条第（五）项"
    assert "0.40 万元" in entry["changes"][0]["text"]
    assert _verify(profile, entry, case.as_of, choices) == "eligible"


def test_设备购置额_699_99_万元差_0_01_万元到_700() -> None:
    profile, case = profile_of("珠三角项目设备购置额 699.99 万元")
    answer = advise(profile, as_of=case.as_of, programs=["tech-upgrade-equipment-reward"])
    entry = _entry(answer, "tech-upgrade-equipment-reward", "p1")
    assert [(c["field"], c["from"], c["to"]) for c in entry["changes"]] == [
        ("project.equipment_purchase_wan", 699.99, 700.0)
    ]
    assert entry["changes"][0]["clause"]["ref"] == "第八条第（一）项第5目"
    assert _verify(profile, entry, case.as_of) == "eligible"


def test_差一分的设备购置额补到下一个_0_01_万元() -> None:
    profile, case = profile_of("差 1 分")
    entry = _entry(
        advise(profile, as_of=case.as_of, programs=["tech-upgrade-equipment-reward"]),
        "tech-upgrade-equipment-reward",
        "p1",
    )
    change = entry["changes"][0]
    assert (change["to"], change["from_exact"], change["by"]) == (700.0, "699.999999", "0.000001")


def test_成立未满三年的小巨人在满三年之日可达成() -> None:
    """三、（一）1 连续经营 3 年以上: founded 2018-05-05, assessed 2021-04-28 → 2021-05-05, no change.

    Both days fall in the call (企业填报 2021-04-28 to 05-06, 五、（三）2)."""
    profile, _ = profile_of("东莞省级专精特新企业上年营业收入 1.2 亿元", {"enterprise": {"established": "2018-05-05"}})
    as_of = dt.date(2021, 4, 28)
    entry = _entry(advise(profile, as_of=as_of, programs=["little-giant"]), "little-giant")
    assert entry["status"] == "ineligible"
    assert (entry["reachable"], entry["reachable_from"], entry["changes"]) == (True, "2021-05-05", [])
    assert _verify(profile, entry, as_of) == "eligible"


def test_合规问题无法通过调整解决() -> None:
    profile, case = profile_of("有偷漏税行为，不得推荐")
    entry = _entry(advise(profile, as_of=case.as_of, programs=[case.program]), case.program)
    assert (entry["reachable"], entry["reachable_from"], entry["changes"]) == (False, None, [])
    assert any(b["criterion"].endswith("violation") for b in entry["blocked"])


def test_一项不符合又有一项待定时_调整后仍须补充信息() -> None:
    profile, case = profile_of("近两年研发投入占比 2.99%", {"enterprise": {"sound_accounting": None}})
    entry = _entry(advise(profile, as_of=case.as_of, programs=[case.program]), case.program)
    assert entry["changes"][0]["field"] == "enterprise.financials.2020.rd_expense"
    assert entry["missing"] == ["enterprise.sound_accounting"]
    assert _verify(profile, entry, case.as_of) == "undetermined"


def test_待定时列出决定结论的字段() -> None:
    profile, case = profile_of("设备购置额未填写时结论待定而不是不符合")
    entry = _entry(advise(profile, as_of=case.as_of, programs=[case.program]), case.program, "p1")
    assert entry["status"] == "undetermined" and entry["reachable"] is True
    assert entry["missing"] == ["project.equipment_purchase_wan"] and entry["changes"] == []


def test_四类指标择一_只建议最便宜的一项() -> None:
    """第五条 at least one group: 发明专利 1 → 2 (one change), not several groups at once."""
    profile, case = profile_of("四类评价指标均不满足（发明专利只有 1 项）")
    entry = _entry(advise(profile, as_of=case.as_of, programs=[case.program]), case.program)
    assert [(c["field"], c["to"], c["criterion"]) for c in entry["changes"]] == [
        ("enterprise.ip.invention_patents", 2, "novel-invention-patents")
    ]


def test_提高投入费用后信息化占比被拉低_一并补足() -> None:
    """三、（二）2: raising the investment to 500 lowers the IT share below 60%; both are advised."""
    profile, case = profile_of(
        "东莞 5G+工业互联网项目投入 1200 万元",
        {
            "projects": [
                {"direction": "industrial_internet", "investment_ex_tax_wan": 499.99, "it_investment_wan": 299.994}
            ]
        },
    )
    entry = _entry(advise(profile, as_of=case.as_of, programs=["digital-benchmark"]), "digital-benchmark", "p1")
    assert sorted((c["field"], c["to"]) for c in entry["changes"]) == [
        ("project.investment_ex_tax_wan", 500.0),
        ("project.it_investment_wan", 300.0),
    ]
    assert _verify(profile, entry, case.as_of) == "eligible"


def test_符合条件的项目不给建议_不适用的项目不可达成() -> None:
    profile, case = profile_of("珠三角项目设备购置额 699.99 万元")
    answer = advise(profile, as_of=case.as_of)
    programs = {e["program"]: e for e in answer["advice"]}
    assert programs["inclusive-investment-reward"]["status"] == "not_applicable"
    assert programs["inclusive-investment-reward"]["reachable"] is False
    assert set(answer) >= {"as_of", "advice"}
    for entry in answer["advice"]:
        assert set(entry) >= {"program", "project", "status", "reachable", "reachable_from", "changes", "missing"}


def test_所需调整超出画像范围时说明原因而不是报输入错误() -> None:
    """as_of 9999-12-31: a listing standard would need financials of years the profile cannot hold
    (1949–2100); the caller's profile was valid, so that program gets no advice and a note, not a 422."""
    from huiqi.service.schemas import EXAMPLE_PROFILE

    profile = {k: v for k, v in EXAMPLE_PROFILE.items() if k != "as_of"}
    answer = advise(profile, as_of=dt.date(9999, 12, 31), programs=["listing-main-board"])
    entry = _entry(answer, "listing-main-board")
    assert entry["reachable"] is False and entry["changes"] == []
    assert "not a valid profile" in entry["note"]
