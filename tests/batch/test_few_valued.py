"""城市、区县、行业代码按不同取值各查一次: each distinct cell of these columns (and of the date, yes/no
and choice columns the fast path cannot read) is stripped, parsed or looked up and checked once and the
answers gathered back to the rows; a bad cell among good ones still gets its message on its own row, in
the same order within the row, and a blank cell stays null."""

from __future__ import annotations

import datetime as dt

import polars as pl

from huiqi.batch.validate import ChunkValidator, validate_chunk

COLUMNS = {
    "enterprise.city": "城市",
    "enterprise.county": "区县",
    "enterprise.industry_code": "行业",
    "enterprise.registered_in_guangdong": "省内",
    "project.city": "项目城市",
}
NEW_YORK = "「城市」：不是广东省的地级以上市，填写的是 纽约（省外企业请在「在广东省内登记注册」填“否”）"
ZZ = "「行业」：无法识别的国民经济行业代码“ZZ”：应为门类字母和/或 2–4 位数字，如 C3984、3984、C39、C"


def screen(**cells: list[str | None]) -> pl.DataFrame:
    height = len(next(iter(cells.values())))
    frame = {header: cells.get(header, ["广州", "天河区", "C3984", "是", "广州"][i:i + 1] * height)
             for i, header in enumerate(COLUMNS.values())}
    return validate_chunk(pl.DataFrame(frame, schema=dict.fromkeys(frame, pl.String)), COLUMNS)


def test_省外城市混在省内城市中报在原行() -> None:
    out = screen(城市=["广州", "广州市", " 纽约 ", "广州", " 广州 "])
    assert out["error"].to_list() == [None, None, f"第 4 行{NEW_YORK}", None, None]
    assert out["enterprise.city"].to_list() == ["广州", "广州", "纽约", "广州", "广州"]


def test_空白城市与行业代码仍为空且不报错() -> None:
    out = screen(城市=["广州", "  ", "", None], 行业=[" C ", "", None, "   "])
    assert out["enterprise.city"].to_list() == ["广州", None, None, None]
    assert out["enterprise.industry_code"].to_list() == ["C", None, None, None]
    assert out["error"].to_list() == [None] * 4


def test_同一行的多条消息顺序不变() -> None:
    out = screen(城市=["广州", "纽约", "广州"], 区县=["天河区", "天河区", "不存在区"], 行业=["C3984", "ZZ", "ZZ"])
    assert out["error"].to_list() == [
        None,
        f"第 3 行{NEW_YORK}；{ZZ}",
        f"第 4 行{ZZ}；「区县」：不在广州市，填写的是 不存在区",
    ]


def test_取值很多的列照常校验() -> None:
    counties = [f"第{i}区" for i in range(3000)] + ["天河区", " 越秀区 ", None]
    out = screen(城市=["广州"] * len(counties), 区县=counties)
    errors = out["error"].to_list()
    assert errors[:2] == ["第 2 行「区县」：不在广州市，填写的是 第0区", "第 3 行「区县」：不在广州市，填写的是 第1区"]
    assert errors[-3:] == [None, None, None]
    assert sum(e is not None for e in errors) == 3000
    assert out["enterprise.county"].to_list()[-3:] == ["天河区", "越秀区", None]


def read(path: str, cells: list[str | None]) -> tuple[pl.DataFrame, ChunkValidator]:
    validator = ChunkValidator(pl.DataFrame({"cell": cells}, schema={"cell": pl.String}), {path: "cell"})
    return validator.run(), validator


def test_快速路径读不了的日期按不同取值解析() -> None:
    days = [(dt.date(2000, 1, 1) + dt.timedelta(days=i)).isoformat() for i in range(3000)]
    out, validator = read("project.completed_on", [*days, " 2020-01-05 ", "2020/01/05", "  ", None, "2021-03-04 00:00"])
    assert "project.completed_on" in validator.distinct and "project.completed_on" not in validator.fast
    assert out["project.completed_on"].to_list() == [
        *(dt.date.fromisoformat(d) for d in days), dt.date(2020, 1, 5), None, None, None, dt.date(2021, 3, 4)]
    errors = out["error"].to_list()
    assert errors[3001] == "第 3003 行「cell」：应填 YYYY-MM-DD 格式的日期，填写的是 2020/01/05"
    assert sum(e is not None for e in errors) == 1


def test_快速路径读不了的是否与选项按不同取值解析() -> None:
    out, _ = read("project.filing_changed", ["是", " 否", "YES", "maybe", " ", None, "否"])
    assert out["project.filing_changed"].to_list() == [True, False, True, None, None, None, False]
    assert out["error"].to_list()[3] == "第 5 行「cell」：应填“是”或“否”（也可填 true/false、1/0），填写的是 maybe"
    out, _ = read("project.management", ["备案", " 核准 ", "filing", "其他", ""])
    assert out["project.management"].to_list() == ["filing", "approval", "filing", None, None]
    why = "应为以下之一：备案、核准、审批，填写的是 其他"
    assert out["error"].to_list() == [None, None, None, f"第 5 行「cell」：{why}", None]
