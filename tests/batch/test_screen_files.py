"""批量筛查的文件: hand cases for CSV, Excel and Parquet in and out, Chinese headers, bad rows, order."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from huiqi.batch import screen_file
from huiqi.batch.labels import path_of_header
from huiqi.batch.template import write_template
from huiqi.engine import default_engine
from huiqi.errors import InputError

AS_OF = dt.date(2022, 6, 1)
PROGRAMS = default_engine().program_ids()
TECH = "tech-upgrade-equipment-reward"


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def contract_rows() -> list[dict[str, str]]:
    return [
        {"enterprise.name": f"企业{i}", "enterprise.city": city, "enterprise.industry_code": "C3484",
         "enterprise.employees": str(120 + i), "enterprise.independent_legal_person": flag,
         "enterprise.financials.2021.revenue": str(17000 + i)}
        for i, (city, flag) in enumerate((("东莞", "是"), ("东京", "true"), ("汕头", "")))
    ]


def test_东京那一行是错误行_其余照常筛查(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    summary = screen_file(write_csv(tmp_path / "in.csv", contract_rows()), out, as_of=AS_OF)
    got = read_csv(out)
    assert [r["enterprise.name"] for r in got] == ["企业0", "企业1", "企业2"]
    assert list(got[0])[:6] == list(contract_rows()[0])
    assert all(got[1][f"{p}.status"] == "error" for p in PROGRAMS)
    assert got[1]["error"].startswith('enterprise.city: "东京" 不是广东省的地级以上市')
    assert not got[0]["error"] and not got[2]["error"]
    assert all(got[0][f"{p}.status"] != "error" for p in PROGRAMS)
    assert summary.rows == 3 and summary.error_rows == 1


def test_省外企业声明不在广东登记则不是错误(tmp_path: Path) -> None:
    rows = [{"enterprise.city": "东京", "enterprise.registered_in_guangdong": "否"}]
    out = tmp_path / "out.csv"
    screen_file(write_csv(tmp_path / "in.csv", rows), out, as_of=AS_OF)
    assert read_csv(out)[0]["error"] == ""


def test_中文表头作为别名() -> None:
    assert path_of_header("企业名称") == "enterprise.name"
    assert path_of_header("所在市") == "enterprise.city"
    assert path_of_header("营业收入(2020)") == "enterprise.financials.2020.revenue"
    assert path_of_header("营业收入（2020）（万元）") == "enterprise.financials.2020.revenue"
    assert path_of_header("设备购置总额(万元)") == "project.equipment_purchase_wan"
    assert path_of_header("不存在的列") is None


def tech_row(**changes: str) -> dict[str, str]:
    row = {"企业名称": "甲", "所在市": "东莞市", "国民经济行业代码": "3484", "在广东省内登记注册": "是",
           "在广东生产经营": "是", "具有独立法人资格": "1", "偷漏税或其他违法违规失信": "否", "失信被执行人": "否",
           "项目编号": "p1", "项目类型": "技术改造", "项目管理方式": "备案", "属于产业政策禁止投资建设项目": "否",
           "已获省财政资金支持": "false", "计划开工日期": "2021-04-01", "计划完工日期": "2022-12-31",
           "备案证发生变更": "否", "实际完工日期": "2022-05-30", "设备购置总额(万元)": "700",
           "已纳入技术改造投资统计": "true"}
    row.update(changes)
    return row


def test_中文表头的技改项目_恰好700万元符合(tmp_path: Path) -> None:
    rows = [tech_row(), tech_row(**{"设备购置总额(万元)": "699.99"}), tech_row(**{"设备购置总额(万元)": "abc"})]
    out = tmp_path / "out.csv"
    screen_file(write_csv(tmp_path / "in.csv", rows), out, as_of=AS_OF)
    got = read_csv(out)
    assert got[0][f"{TECH}.status"] == "eligible" and got[0][f"{TECH}.reward_max_wan"] == "140.00"
    assert got[1][f"{TECH}.status"] == "ineligible" and got[1][f"{TECH}.failed"] == "equipment-floor"
    assert got[2][f"{TECH}.status"] == "error"
    assert got[2]["error"].startswith('project.equipment_purchase_wan: "abc"')


def test_xlsx往返_结果表汇总表(tmp_path: Path) -> None:
    source = tmp_path / "in.xlsx"
    pl.DataFrame([tech_row(), tech_row(**{"所在市": "东京"})]).write_csv(tmp_path / "in.csv")
    screen_file(tmp_path / "in.csv", source, as_of=AS_OF)  # an Excel file to read back
    out = tmp_path / "out.xlsx"
    screen_file(source, out, as_of=AS_OF)
    from openpyxl import load_workbook

    book = load_workbook(out)
    assert book.sheetnames == ["筛查结果", "汇总", "说明"]
    sheet = book["筛查结果"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "企业名称" and f"{TECH}.status" in header and "error" in header
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    values = {h: c.value for h, c in zip(header, sheet[2], strict=True)}
    assert values[f"{TECH}.status"] == "eligible"
    assert values["技术改造设备事后奖励·结论"] == "符合"
    assert [c.value for c in sheet[3]][header.index(f"{TECH}.status")] == "error"
    assert any(row[1] == TECH for row in book["汇总"].iter_rows(values_only=True))


def test_parquet进出_保留列类型和顺序(tmp_path: Path) -> None:
    frame = pl.DataFrame({"note": ["a", "b"], "enterprise.city": ["广州", "深圳"],
                          "project.equipment_purchase_wan": [700.0, 652.4999999999999],
                          "project.completed_on": [dt.date(2022, 1, 1), None]})
    frame.write_parquet(tmp_path / "in.parquet")
    screen_file(tmp_path / "in.parquet", tmp_path / "out.parquet", as_of=AS_OF, chunk_size=1)
    out = pl.read_parquet(tmp_path / "out.parquet")
    assert out.columns[:4] == frame.columns
    assert out.select(frame.columns).equals(frame)
    assert out["error"].null_count() == 2


def test_坏文件报输入错误(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        screen_file(tmp_path / "missing.csv", tmp_path / "o.csv", as_of=AS_OF)
    (tmp_path / "x.txt").write_text("a")
    with pytest.raises(InputError):
        screen_file(tmp_path / "x.txt", tmp_path / "o.csv", as_of=AS_OF)
    (tmp_path / "bad.xlsx").write_text("not a zip")
    with pytest.raises(InputError):
        screen_file(tmp_path / "bad.xlsx", tmp_path / "o.csv", as_of=AS_OF)


def test_模板含中文表头_下拉列表和说明(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    columns = write_template(tmp_path / "t.xlsx", AS_OF)
    book = load_workbook(tmp_path / "t.xlsx")
    sheet = book["数据"]
    headers = [c.value for c in sheet[1]]
    assert "设备购置总额(万元)" in headers and "所在市" in headers
    assert [path_of_header(h) for h in headers] == columns
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert any("东莞" in f for f in lists) and '"是,否"' in lists
    notes = [r for r in book["填写说明"].iter_rows(values_only=True)]
    assert any(r[1] == "project.equipment_purchase_wan" and "技术改造设备事后奖励" in (r[3] or "") for r in notes)


def test_gbk编码的csv也能读(tmp_path: Path) -> None:
    source = tmp_path / "gbk.csv"
    source.write_bytes("企业名称,所在市\n甲,东京\n".encode("gb18030"))
    screen_file(source, tmp_path / "o.csv", as_of=AS_OF)
    assert read_csv(tmp_path / "o.csv")[0]["所在市"] == "东京"
