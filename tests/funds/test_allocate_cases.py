"""Hand-computed rounds: every figure below was worked out on paper from 第十条（一） and the options."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from funds_helpers import EXAMPLES, group, project, rewards, run

from huiqi.errors import InputError
from huiqi.funds.model import Deduction, MinHandling, Mode, Scope
from huiqi.funds.read import read_projects

D = Decimal


def test_梅州2024_按17点9比例_扣除清算和工作经费后_18个项目各在100至1500万元之间() -> None:
    # 5915 − 312.4 (2019 事前奖励清算) − 60 (工作经费) = 5542.6 to share. MZ2024-01 (9000) is held at
    # the 1500 cap; the other 17 hold 22550 of equipment. At 0.179: 1500 + 0.179 × 22550 = 5536.45
    # ≤ 5542.6; at 0.180: 1500 + 4059 = 5559 > 5542.6. MZ2024-19 (500) would get 89.5 < 100: left out;
    # with it the ratio would be 0.175 (1500 + 0.175 × 23050 = 5533.75; 0.176 → 5556.8).
    projects = read_projects(EXAMPLES / "meizhou-2024.csv")
    result = run(
        projects,
        {None: 5915},
        project_cap_wan=1500,
        project_min_wan=100,
        ratio_step="0.001",
        deductions=(Deduction("2019事前奖励清算", D("312.4")), Deduction("工作经费", D(60))),
    )
    g = group(result, "梅州")
    assert (g["ratio"], g["cap_ratio"], g["available_wan"]) == (0.179, 0.3, 5542.6)
    got = rewards(result)
    assert got["MZ2024-01"] == D(1500)
    assert got["MZ2024-02"] == D("100.24")  # 560 × 0.179
    assert got["MZ2024-11"] == D("220.97")  # 1234.5 × 0.179 = 220.9755, down to the 0.01
    assert got["MZ2024-18"] == D("588.10")  # 3285.5 × 0.179 = 588.1045
    assert got["MZ2024-19"] == 0
    funded = [a for a in result["allocations"] if a["funded"]]
    assert len(funded) == 18
    assert all(100 <= a["reward_wan"] <= 1500 for a in funded)
    # 1500 + 4036.45 − 0.0055 − 0.0045 (the two round-downs) = 5536.44
    assert g["allocated_wan"] == 5536.44 and g["unspent_wan"] == 6.16
    ids = {a["id"] for a in result["assumptions"]}
    assert {"funds-scope-city", "funds-mode-uniform-ratio", "funds-project-min-leave", "funds-deductions"} <= ids


def test_梅州2024_细网格下比例为0点179272() -> None:
    projects = [p for p in read_projects(EXAMPLES / "meizhou-2024.csv") if p.id != "MZ2024-19"]
    result = run(projects, {"梅州": "5542.6"}, project_cap_wan=1500)
    g = group(result, "梅州")
    # (5542.6 − 1500) / 22550 = 0.17927272…; the 1e-6 grid takes 0.179272
    assert g["ratio"] == 0.179272
    assert g["ratio_exact"].startswith("0.179272727272")
    assert D(str(g["allocated_wan"])) <= D("5542.6")


def test_湛江2023_14个项目按30比例共6660点1万元_未用完6718万元() -> None:
    # 1500 (ZJ-01: 6000 × 0.3 = 1800, capped) + 0.3 × 17200.34 = 6660.102 ≤ 6718 → the cap ratio.
    projects = [p for p in read_projects(EXAMPLES / "zhanjiang-2023.csv") if p.rank and p.rank <= 14]
    result = run(projects, {"湛江": 6718}, project_cap_wan=1500)
    g = group(result, "湛江")
    assert (g["ratio"], g["allocated_wan"], g["unspent_wan"]) == (0.3, 6660.1, 57.9)
    assert rewards(result)["ZJ2023-14"] == D("570.10")  # 1900.34 × 0.3 = 570.102
    assert next(a for a in result["allocations"] if a["project"] == "ZJ2023-01")["capped"] is True


def test_湛江2023_排序截止_第15名90万元超过余额57点9万元不予安排() -> None:
    projects = read_projects(EXAMPLES / "zhanjiang-2023.csv")
    result = run(projects, {"湛江": 6718}, project_cap_wan=1500, mode=Mode.rank_cutoff)
    last = result["allocations"][-1]
    assert (last["project"], last["funded"]) == ("ZJ2023-15", False)
    assert "57.90" in last["reason"] and "90.00" in last["reason"]
    assert group(result, "湛江")["allocated_wan"] == 6660.1


def test_湛江2023_统一比例_第15名加入后比例降到预算允许的最高值() -> None:
    projects = read_projects(EXAMPLES / "zhanjiang-2023.csv")
    result = run(projects, {"湛江": 6718}, project_cap_wan=1500)
    # (6718 − 1500) / (17200.34 + 300) = 0.298165…; ZJ-01 still capped (6000 × 0.298 > 1500)
    assert group(result, "湛江")["ratio"] == 0.298165
    assert all(a["funded"] for a in result["allocations"])


def test_区域口径_珠三角一个比例_粤东粤西粤北一个比例() -> None:
    projects = [
        project("dg", "东莞", 1000),
        project("fs", "佛山市", 3000),
        project("mz", "梅州", 1000),
        project("zj", "湛江", 2000),
    ]
    result = run(projects, {"珠三角": 600, "粤东粤西粤北地区": 1200}, scope=Scope.region)
    prd, ewn = group(result, "珠三角地区"), group(result, "粤东粤西粤北地区")
    assert (prd["ratio"], prd["allocated_wan"]) == (0.15, 600.0)  # 600 / 4000
    assert (ewn["ratio"], ewn["allocated_wan"], ewn["unspent_wan"]) == (0.3, 900.0, 300.0)  # cap ratio binds
    assert rewards(result) == {"dg": 150, "fs": 450, "mz": 300, "zj": 600}
    assert "funds-scope-region" in {a["id"] for a in result["assumptions"]}


def test_地市口径_每个地市各自的比例和预算() -> None:
    projects = [project("dg", "东莞", 1000), project("fs", "佛山", 3000), project("mz", "梅州", 1000)]
    result = run(projects, {"东莞": 100, "佛山市": 900, "梅州": 500})
    assert [(g["group"], g["ratio"]) for g in result["groups"]] == [("东莞", 0.1), ("佛山", 0.2), ("梅州", 0.3)]
    assert rewards(result) == {"dg": 100, "fs": 600, "mz": 300}


def test_单个项目上限_腾出的预算提高其余项目的比例() -> None:
    # 10000 is capped at 1500; (2000 − 1500) / 3000 = 1/6 → 0.166666 on the grid (not 2000/13000).
    projects = [project("big", "东莞", 10000), project("mid", "东莞", 2000), project("small", "东莞", 1000)]
    result = run(projects, {None: 2000}, project_cap_wan=1500)
    assert group(result, "东莞")["ratio"] == 0.166666
    assert rewards(result) == {"big": D(1500), "mid": D("333.33"), "small": D("166.66")}
    assert [a["capped"] for a in result["allocations"]] == [True, False, False]


def test_预算边缘的取整_向下取整不超预算() -> None:
    # 200.01 / 2000.1 = 0.1 exactly; 1000.05 × 0.1 = 100.005 each: half-up would pay 200.02 > 200.01.
    projects = [project("a", "中山", "1000.05"), project("b", "中山", "1000.05")]
    result = run(projects, {None: "200.01"})
    assert group(result, "中山")["ratio"] == 0.1
    assert rewards(result) == {"a": D("100.00"), "b": D("100.00")}


def test_排序截止_第一个放不下的项目及其后全部不予安排() -> None:
    # 东莞 at 20%: 200, 300, 100; budget 550 → first two (500), the third would fit (100 ≤ 50? no).
    projects = [
        project("r1", "东莞", 1000, 1),
        project("r2", "东莞", 1500, 2),
        project("r3", "东莞", 500, 3),
        project("r4", "东莞", 100, 4),
    ]
    result = run(projects, {None: 550}, mode=Mode.rank_cutoff)
    # r3 needs 100 > 50 left: cut; r4 (20) would fit but comes after the cut
    assert [a["funded"] for a in result["allocations"]] == [True, True, False, False]
    assert rewards(result)["r2"] == 300
    assert "预算截止" in result["allocations"][3]["reason"]


def test_排序截止_缺排序或排序重复是输入错误() -> None:
    with pytest.raises(InputError, match="rank"):
        run([project("a", "东莞", 1000, 1), project("b", "东莞", 1000)], {None: 100}, mode=Mode.rank_cutoff)
    with pytest.raises(InputError, match="重复"):
        run([project("a", "东莞", 1000, 1), project("b", "东莞", 1000, 1)], {None: 100}, mode=Mode.rank_cutoff)


def test_最低奖励额_raise_提高到最低额_其余按共同比例() -> None:
    # raise: 100 + 5000 r = 800 → r = 0.14; 400 × 0.3 = 120 ≥ 100, so 400 can be raised.
    projects = [project("s", "梅州", 400), project("m", "梅州", 2000), project("l", "梅州", 3000)]
    raised = run(projects, {None: 800}, project_min_wan=100, min_handling=MinHandling.raise_)
    assert group(raised, "梅州")["ratio"] == 0.14
    assert rewards(raised) == {"s": 100, "m": 280, "l": 420}
    assert raised["allocations"][0]["raised_to_min"] is True
    # leave: 400 × 0.148148 < 100 → dropped; 800 / 5000 = 0.16
    left = run(projects, {None: 800}, project_min_wan=100)
    assert group(left, "梅州")["ratio"] == 0.16
    assert rewards(left) == {"s": 0, "m": 320, "l": 480}
    assert "funds-project-min-leave" in {a["id"] for a in left["assumptions"]}


def test_最低奖励额_raise_按比例上限也达不到最低额的不予安排() -> None:
    projects = [project("tiny", "梅州", 300), project("m", "梅州", 2000)]  # 300 × 0.3 = 90 < 100
    result = run(projects, {None: 500}, project_min_wan=100, min_handling=MinHandling.raise_)
    assert rewards(result)["tiny"] == 0 and "达不到" in result["allocations"][0]["reason"]


def test_深圳和省外项目不予安排并说明理由() -> None:
    projects = [project("sz", "深圳市", 5000), project("hk", "香港", 5000), project("dg", "东莞", 1000)]
    result = run(projects, {None: 100})
    sz, hk, dg = result["allocations"]
    assert (sz["funded"], sz["reward_wan"], sz["group"]) == (False, 0.0, None)
    assert "深圳" in sz["reason"] and sz["clause"]["ref"] == "第八条第（一）项第5目"
    assert hk["funded"] is False and "不是广东省" in hk["reason"]
    assert dg["reward_wan"] == 100.0 and [g["group"] for g in result["groups"]] == ["东莞"]


def test_不带分组的预算只适用于单一分组() -> None:
    projects = [project("a", "东莞", 1000), project("b", "梅州", 1000)]
    with pytest.raises(InputError, match="GROUP="):
        run(projects, {None: 100})
    with pytest.raises(InputError, match="梅州"):
        run(projects, {"东莞": 100})
    with pytest.raises(InputError, match="深圳"):
        run(projects, {"东莞": 100, "梅州": 100, "深圳": 100})


def test_年度通知只能调低单个项目上限() -> None:
    with pytest.raises(InputError, match="5000"):
        run([project("a", "东莞", 1000)], {None: 100}, project_cap_wan=6000)


def test_扣除额超过预算是输入错误() -> None:
    with pytest.raises(InputError, match="扣除"):
        run([project("a", "东莞", 1000)], {None: 100}, deductions=(Deduction("工作经费", D(101)),))


def test_2025_年的轮次按2024年7号细则_单个项目上限_1500_万元() -> None:
    # 东莞 20,000 万元设备 × 20% = 4,000 万元; the version in force on 2025-06-01 (粤工信规字〔2024〕7号)
    # caps a project at 1,500 万元, as `huiqi assess` does on that date; 5号's 5,000 万元 no longer applies.
    result = run([project("a", "东莞", 20000)], {None: 10000}, as_of=dt.date(2025, 6, 1))
    assert rewards(result) == {"a": D(1500)}
    assert result["project_cap_wan"] == 1500
    with pytest.raises(InputError, match="1500"):
        run([project("a", "东莞", 20000)], {None: 10000}, as_of=dt.date(2025, 6, 1), project_cap_wan=1600)


def test_2024_年的轮次仍按2021年5号细则_上限_5000_万元() -> None:
    result = run([project("a", "东莞", 20000)], {None: 10000}, as_of=dt.date(2024, 12, 31))
    assert rewards(result) == {"a": D(4000)}


def test_轮次的参数与_assess_同一版本() -> None:
    from huiqi.engine import default_engine
    from huiqi.funds.policy import TECH_PROGRAM, fund_rules

    for day in (dt.date(2023, 6, 1), dt.date(2025, 6, 1)):
        program = default_engine().families[TECH_PROGRAM].at(day)
        assert program is not None
        assert fund_rules(day).version == program.version.number
        assert fund_rules(day).project_cap_wan == Decimal(str(program.parameters["project_cap"].at(day)))
