"""批量筛查页面: an upload with the template's Chinese headers is summarised by its real cities."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient

from .conftest import csrf, login


def test_中文表头的上传按所在市汇总_不全是未填(client: TestClient) -> None:
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
