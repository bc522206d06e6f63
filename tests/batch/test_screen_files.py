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
    assert got[1]["error"].startswith("第 3 行「enterprise.city」（所在市）：不是广东省的地级以上市，填写的是 东京")
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
    assert got[2]["error"] == "第 4 行「设备购置总额(万元)」：应填数值（单位万元），填写的是 abc"


def write_xlsx(path: Path, rows: list[dict[str, str] | None]) -> Path:
    """An input workbook as a clerk fills it (None: a blank row left in the middle)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    header = list(next(r for r in rows if r))
    sheet.append(header)
    for row in rows:
        sheet.append([row[h] for h in header] if row else [])
    book.save(path)
    return path


def test_xlsx结果_人看的列在前_中文结论_打印设置_汇总与图表(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from huiqi.batch.labels import STATUS_SHORT

    source = write_xlsx(tmp_path / "in.xlsx", [tech_row(企业名称="东莞市甲精密电子科技有限公司"), None,
                                               tech_row(所在市="东京"), tech_row(**{"设备购置总额(万元)": "699.99"}),
                                               tech_row(所在市="佛山", 企业名称="乙")])
    out = tmp_path / "out.xlsx"
    screen_file(source, out, as_of=AS_OF)
    book = load_workbook(out)
    assert book.sheetnames == ["筛查结果", "汇总", "按市汇总", "说明", "机读数据"]

    sheet = book["筛查结果"]
    header = [c.value for c in sheet[1]]
    title = "技术改造设备事后奖励"
    assert header[:6] == ["企业名称", "输入有误", "项目编号", "所在市", title, f"{title}·奖励上限(万元)"]
    assert not any("." in h for h in header)  # no §5 path on the sheet a person reads
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [r["企业名称"] for r in rows] == ["东莞市甲精密电子科技有限公司", "甲", "甲", "乙"]
    assert [r[title] for r in rows] == ["符合", "输入有误", "不符合", "符合"]
    assert rows[0][f"{title}·奖励上限(万元)"] == 140 and rows[2][f"{title}·奖励上限(万元)"] is None
    assert rows[1]["输入有误"].startswith("第 4 行「所在市」：不是广东省的地级以上市，填写的是 东京")  # row 3 was blank
    assert rows[2][f"{title}·未满足条件"].startswith("符合条件的设备购置总额不低于地区下限（珠三角 700 万元")
    assert rows[2][f"{title}·未满足条件"].endswith("（差 0.01 万元）")
    statuses = {r[h] for r in rows for h in header if h in {f.title for f in default_engine().families.values()}}
    assert statuses <= set(STATUS_SHORT.values())
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref
    assert sheet.column_dimensions["A"].width >= 2 * len("东莞市甲精密电子科技有限公司")  # the name is not cut
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1" and sheet.print_area

    overview = list(book["汇总"].iter_rows(values_only=True))
    words = ("符合", "不符合", "待定", "不适用", "不在有效期", "输入有误")
    assert overview[0] == ("政策", *words, "合计", "奖励上限合计(万元)")
    assert overview[1] == (title, 2, 1, 0, 0, 0, 1, 4, 280)
    charts = book["汇总"]._charts
    assert len(charts) == 1 and len(charts[0].series) == len(STATUS_SHORT)  # the legend names every status
    by_city = list(book["按市汇总"].iter_rows(values_only=True))
    assert (title, "东莞", 1, 1, 0, 0, 0, 0, 2, 140) in by_city
    assert (title, "佛山", 1, 0, 0, 0, 0, 0, 1, 140) in by_city
    assert (title, "小计", 2, 1, 0, 0, 0, 1, 4, 280) in by_city
    assert ("创新型中小企业", "小计", 0, 0, 0, 0, 3, 1, 4, None) in by_city  # nothing decided: the subtotal alone
    assert not any(r[0] == "创新型中小企业" and r[1] != "小计" for r in by_city)
    notes = [r[0] for r in book["说明"].iter_rows(values_only=True)]
    assert all(word in notes for word in STATUS_SHORT.values())

    machine = list(book["机读数据"].iter_rows(values_only=True))
    assert machine[0][:3] == ("enterprise.name", "project.id", f"{TECH}.status") and machine[0][-1] == "error"
    assert [r[2] for r in machine[1:]] == ["eligible", "error", "ineligible", "eligible"]
    assert machine[3][4] == "equipment-floor"


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
    with pytest.raises(InputError, match=r"^「bad\.xlsx」不是可以读取的 Excel 文件"):
        screen_file(tmp_path / "bad.xlsx", tmp_path / "o.csv", as_of=AS_OF)


def test_空的xlsx和只有表头的模板(tmp_path: Path) -> None:
    from openpyxl import Workbook

    Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(InputError, match=r"^「empty\.xlsx」的第一个工作表是空的"):
        screen_file(tmp_path / "empty.xlsx", tmp_path / "o.csv", as_of=AS_OF)
    write_template(tmp_path / "t.xlsx", AS_OF)
    summary = screen_file(tmp_path / "t.xlsx", tmp_path / "o.xlsx", as_of=AS_OF)
    assert summary.rows == 0
    assert summary.warnings[-1].startswith("「t.xlsx」只有表头，没有数据行")


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
    assert any(r[4] == "project.equipment_purchase_wan" and "技术改造设备事后奖励" in (r[3] or "") for r in notes)


def test_模板按填写顺序_按主题分组_表头带单位(tmp_path: Path) -> None:
    from huiqi.batch.labels import topic_of

    columns = write_template(tmp_path / "t.xlsx", dt.date(2026, 6, 1))
    topics = [topic_of(p) for p in columns]
    assert topics == sorted(topics, key=topics.index)  # each topic in one block
    assert columns[0] == "enterprise.name" and topics[-1].startswith("项目")
    assert columns.index("project.planned_start") < columns.index("project.planned_completion")
    # 标杆's call (open until 2021-08-15) asks for the build period: start before end there too
    during_call = write_template(tmp_path / "t2021.xlsx", dt.date(2021, 7, 1))
    assert during_call.index("project.build_start") < during_call.index("project.build_end")
    years = [int(p.split(".")[2]) for p in columns if p.startswith("enterprise.financials.")]
    assert years == sorted(years) and len(set(years)) > 1
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "t.xlsx")["数据"]
    headers = [c.value for c in sheet[1]]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    assert "计划开工日期(YYYY-MM-DD)" in headers and "发明专利数(件)" in headers
    assert "营业收入(2025)(万元)" in headers and "设备购置总额(万元)" in headers


def test_gbk编码的csv也能读(tmp_path: Path) -> None:
    source = tmp_path / "gbk.csv"
    source.write_bytes("企业名称,所在市\n甲,东京\n".encode("gb18030"))
    screen_file(source, tmp_path / "o.csv", as_of=AS_OF)
    assert read_csv(tmp_path / "o.csv")[0]["enterprise.city"] == "东京"  # the alias read as its §5 path


def test_错误写明行号与所填的列_跨块也对(tmp_path: Path) -> None:
    """The row a person sees in the file (header = row 1), the header they typed, the cell as typed."""
    rows = [{"企业名称": f"企业{i}", "营业收入(2025)(万元)": "100", "enterprise.employees": "5"} for i in range(5)]
    rows[3]["营业收入(2025)(万元)"] = "-1200"
    rows[4]["enterprise.employees"] = "五"
    out = tmp_path / "out.csv"
    screen_file(write_csv(tmp_path / "in.csv", rows), out, as_of=AS_OF, chunk_size=2)
    errors = [r["error"] for r in read_csv(out)]
    assert errors[:3] == ["", "", ""]
    assert errors[3] == "第 5 行「营业收入(2025)(万元)」：不能为负数，填写的是 -1200"
    assert errors[4] == "第 6 行「enterprise.employees」（从业人员）：应填整数，填写的是 五"
    assert not any("Value error" in e or "must" in e for e in errors)
    pl.read_csv(tmp_path / "in.csv", infer_schema=False).write_parquet(tmp_path / "in.parquet")
    screen_file(tmp_path / "in.parquet", tmp_path / "out.parquet", as_of=AS_OF, chunk_size=2)
    assert pl.read_parquet(tmp_path / "out.parquet")["error"][3].startswith("第 4 行")  # Parquet has no header row
