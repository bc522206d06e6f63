"""批量筛查页面: an upload with the template's Chinese headers is summarised by its real cities."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient

from .conftest import csrf, login


def test_中文表头的上传按所在市汇总_下载的是给人看的Excel(client: TestClient) -> None:
    login(client, "dg-bureau")
    token = csrf(client.get("/screen").text)
    body = "企业名称,所在市,设备购置总额(万元)\n甲,东莞,700\n乙,佛山市,800\n丙,,900\n".encode()
    response = client.post("/screen", data={"csrf_token": token, "as_of": "2022-06-01"},
                           files={"file": ("企业.csv", body, "text/csv")}, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = response.headers["location"]
    for _ in range(100):
        html = client.get(page).text
        if "data-done" in html:
            break
        time.sleep(0.1)
    cities = set(re.findall(r'data-city="([^"]*)"', html))
    assert cities == {"东莞", "佛山", "（未填）"}, cities
    workbook = client.get(f"{page}/result.xlsx")
    assert workbook.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(workbook.content))
    assert book.sheetnames == ["筛查结果", "汇总", "按市汇总", "说明", "机读数据"]
    sheet = book["筛查结果"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["企业名称", "输入有误", "所在市"]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [r["企业名称"] for r in rows] == ["甲", "乙", "丙"]
    assert {r["技术改造设备事后奖励"] for r in rows} == {"待定"}  # a project without the rest of its data
    cities = {r[1] for r in book["按市汇总"].iter_rows(min_row=2, values_only=True)}
    assert "小计" in cities
