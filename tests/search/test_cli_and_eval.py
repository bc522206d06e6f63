"""``huiqi search`` through typer's CliRunner, and the evaluation targets on the real eval set."""

from __future__ import annotations

import contextlib
import json

import pytest
from typer.testing import CliRunner

from huiqi.cli import app
from huiqi.search import SearchIndex
from huiqi.search.evaluate import evaluate, load_questions

runner = CliRunner()

#: the ten documents of the compilation's table of contents
MAIN_DOCUMENTS = {
    "tech-upgrade-filing", "tech-upgrade-fund", "inclusive-investment", "manufacturing-14fyp",
    "little-giant-2021", "gd-srdi-2020", "srdi-listing", "digital-transformation-plan",
    "digital-benchmark-2021", "digital-economy-regulation",
}


def _all_output(result: object) -> str:
    out = getattr(result, "output", "")
    with contextlib.suppress(ValueError):  # stderr not captured separately
        out += getattr(result, "stderr", "")
    return str(out)


def test_json输出符合合同第四节(search_index: SearchIndex) -> None:
    result = runner.invoke(app, ["search", "小巨人资产负债率要求", "--limit", "3", "--format", "json"])
    assert result.exit_code == 0, _all_output(result)
    data = json.loads(result.stdout)
    assert list(data) == ["hits"] and len(data["hits"]) == 3
    first = data["hits"][0]
    assert {"doc", "doc_title", "ref", "text", "score"} <= set(first)
    assert first["doc"] == "little-giant-2021" and first["ref"] == "三、"
    assert isinstance(first["score"], float)


def test_文本输出列出文件和条款编号(search_index: SearchIndex) -> None:
    result = runner.invoke(app, ["search", "技改项目备案两年没开工会怎样", "--limit", "2"])
    assert result.exit_code == 0, _all_output(result)
    assert "第二十二条" in result.stdout and "【" in result.stdout


def test_命令行按文件过滤(search_index: SearchIndex) -> None:
    result = runner.invoke(app, ["search", "奖励", "--doc", "inclusive-investment", "--format", "json"])
    assert result.exit_code == 0, _all_output(result)
    hits = json.loads(result.stdout)["hits"]
    assert hits and all(h["doc"] == "inclusive-investment" for h in hits)


@pytest.mark.parametrize("args", [
    ["search", ""], ["search", "   "], ["search"], ["search", "技改", "--doc", "nope"],
    ["search", "技改", "--limit", "0"],
])
def test_错误输入退出码为2且无堆栈(search_index: SearchIndex, args: list[str]) -> None:
    result = runner.invoke(app, args)
    output = _all_output(result)
    assert result.exit_code == 2, output
    assert "Traceback" not in output
    assert "error" in output.lower()


def test_评测集至少60题_覆盖全部10个文件_答案都存在(search_index: SearchIndex) -> None:
    questions = load_questions()
    assert len(questions) >= 60
    ids = {u.id for u in search_index.units}
    covered = {a.split("#")[0] for q in questions for a in q.answers}
    assert covered >= MAIN_DOCUMENTS
    for question in questions:
        assert question.answers and set(question.answers) <= ids, question.q


def test_评测指标达标_recall5至少09_MRR至少075(search_index: SearchIndex) -> None:
    report = evaluate(search_index)
    assert report.recall(5) >= 0.9, report.to_json()
    assert report.mrr >= 0.75, report.to_json()


def test_命令行评测输出指标(search_index: SearchIndex) -> None:
    result = runner.invoke(app, ["search", "--eval", "--format", "json"])
    assert result.exit_code == 0, _all_output(result)
    data = json.loads(result.stdout)
    assert data["recall@5"] >= 0.9 and data["mrr"] >= 0.75
