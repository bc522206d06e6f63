"""备案机关 (第三条、第四条), 项目代码, program calendars and the deadline table itself."""

import re
from datetime import date
from pathlib import Path

import pytest

from huiqi.errors import InputError
from huiqi.procedures import check_project_code, filing_authority
from huiqi.procedures.program_calendar import in_force_until, program_dates, validity_end
from huiqi.procedures.specs import table

SOURCE = Path(__file__).parents[2] / "src/huiqi/corpus/source/gd-industrial-policy-compilation-2021-11.md"


@pytest.mark.parametrize(
    ("project", "level", "name_part"),
    [
        ({"city": "佛山市", "county": "顺德区", "management": "filing"}, "county", "佛山市顺德区"),
        (
            {"city": "佛山", "county": "顺德区", "cross_region": True, "management": "filing"},
            "city",
            "佛山市工业",
        ),
        ({"city": "东莞市", "county": "长安镇", "management": "filing"}, "town", "长安镇（根据授权）"),
        ({"city": "中山", "management": "filing"}, "city", "中山市工业"),
        ({"city": "广州", "management": "approval"}, "catalogue", "核准的投资项目目录"),
    ],
)
def test_备案机关(project: dict, level: str, name_part: str) -> None:
    authority = filing_authority(project)
    assert authority is not None and authority.applicable
    assert authority.level == level and name_part in authority.name


def test_深圳不适用本细则() -> None:
    authority = filing_authority({"city": "深圳市", "management": "filing"})
    assert authority is not None and not authority.applicable and authority.clause.ref == "第三条"
    assert filing_authority({"management": "filing"}) is None


def test_新规范项目代码() -> None:
    code = check_project_code("2304-441900-04-01-135254", management="filing")
    assert (code.generation, code.issued, code.city) == ("gb-t-40058", "2023-04", "东莞")
    assert any("校验码" in w for w in code.warnings)
    late = check_project_code("2304-441900-04-01-135254", on_or_before=date(2023, 3, 1))
    assert any("晚于" in w for w in late.warnings)


def test_旧代码() -> None:
    code = check_project_code("2019-440515-44-03-062744", management="filing")
    assert (code.generation, code.issued, code.city) == ("pre-2020-11", "2019", "汕头")
    assert code.warnings == []
    mismatch = check_project_code("2019-440515-44-03-062744", management="approval")
    assert any("未经核实" in w for w in mismatch.warnings)


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("2019-440515-44-03-06274", "not a 项目代码"),
        ("2304-450100-04-01-135254", "not a Guangdong"),
        ("2304-449900-04-01-135254", "not a Guangdong"),
        ("2010-441900-04-01-135254", "neither a year"),
    ],
)
def test_项目代码错误(code: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        check_project_code(code, path="projects[0].code")


def test_项目日历() -> None:
    dates_2022 = {d.id: d.due.isoformat() for d in program_dates(2022)}
    assert (
        dates_2022["inclusive-ledger-h1"] == "2022-01-15"
        and dates_2022["inclusive-ledger-h2"] == "2022-07-15"
    )
    dates_2021 = {d.id: d for d in program_dates(2021)}
    assert dates_2021["digital-benchmark-configuration"].due == date(2021, 6, 30)
    assert dates_2021["digital-benchmark-report"].clause.ref == "五、（二）"
    assert "digital-benchmark-report" not in dates_2022
    assert validity_end("gd-specialized-sme-validity", date(2021, 6, 30)) == date(2024, 6, 30)
    assert validity_end("little-giant-validity", date(2020, 2, 29)) == date(2023, 2, 28)
    assert in_force_until() == (date(2021, 9, 1), date(2022, 8, 31))


CONTRACT_IDS = {
    "acceptance-notice",
    "evaluation-commission",
    "decision",
    "change-decision",
    "extension-decision",
    "filing-check",
    "start-report",
    "change-report",
    "start-or-expire",
    "extension-apply",
}


def test_合同中的期限编号齐全() -> None:
    assert {spec.id for spec in table().specs.values()} >= CONTRACT_IDS


def test_每个期限引用的条文在细则中存在() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    body = text[text.index("# 广东省工业和信息化厅关于 企业技术改造") : text.index("## 政策解读材料")]
    articles = set(re.findall(r"\*\*(第[一二三四五六七八九十]+条)\*\*", body))
    for spec in table().specs.values():
        article = re.match(r"第[一二三四五六七八九十]+条", spec.clause.ref)
        assert article and article.group(0) in articles, spec


@pytest.mark.parametrize(
    ("ref", "phrase"),
    [
        ("第十三条", "2 个工作日内一次告知"),
        ("第十四条", "4 个工作日内"),
        ("第十四条", "3 个工作日内反馈"),
        ("第十五条", "10 个工作日内作出决定"),
        ("第十七条", "10 个工作日内作出"),
        ("第十八条", "30 个工作日前"),
        ("第二十条", "3个工作日内核查"),
        ("第二十一条", "30个工作日前"),
        ("第二十二条", "届满前 30 个工作日内"),
        ("第二十二条", "开工后 30 个工作日内"),
        ("第三十七条", "有效期 1 年"),
    ],
)
def test_期限数字与原文一致(ref: str, phrase: str) -> None:
    text = SOURCE.read_text(encoding="utf-8")
    start = text.index(f"**{ref}**")
    end = text.index("**第", start + 5)
    assert phrase in text[start:end]


def test_所有引用均可在语料中解析() -> None:
    from huiqi.procedures.program_calendar import program_items

    refs = [s.clause for s in table().specs.values()] + [i.clause for i in program_items()]
    refs.append(table().in_force_clause)
    for ref in refs:
        out = ref.to_json()
        assert out["doc"] == ref.doc and out["doc_title"], ref
