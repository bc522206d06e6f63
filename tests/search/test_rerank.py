"""The reranker: trained on the tuning half only, it reorders the first clauses and nothing else."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from huiqi.search import SearchIndex, train
from huiqi.search import evaluate as evaluate_module
from huiqi.search.evaluate import SETS, load_questions
from huiqi.search.rerank import DEPTH, FEATURES, GAPS, _longest_common, _parent_id, features


def test_随包的模型用的是现在的特征_只在调参集上训练() -> None:
    about = json.loads(resources.files("huiqi.search").joinpath("ranker.json").read_text("utf-8"))
    assert about["features"] == list(FEATURES)
    assert about["on"] == list(SETS["tuning"])
    assert not set(about["on"]) & set(SETS["held-out"])
    assert about["questions"] == len(load_questions("tuning"))


def test_重排只动前DEPTH条_其余保持第一阶段的次序(search_index: SearchIndex) -> None:
    assert search_index.reranker is not None
    found = search_index.candidates("技改设备奖励", DEPTH + 40)
    assert found is not None and len(found.order) > DEPTH
    order = search_index.reranker.order(search_index, found)
    assert {n for n, _ in order[:DEPTH]} == {n for n, _ in found.order[:DEPTH]}
    assert [n for n, _ in order[DEPTH:]] == [n for n, _ in found.order[DEPTH:]]
    scores = [s for _, s in order]
    assert scores == sorted(scores, reverse=True)


def test_特征_问题的词在条款里的比例(search_index: SearchIndex) -> None:
    found = search_index.candidates("技改项目备案两年没开工会怎样", DEPTH)
    assert found is not None
    rows = {search_index.units[n].id: dict(zip(FEATURES, row, strict=True))
            for n, row in features(search_index, found)}
    # 第二十二条第四款 has 项目, 备案, 2年, 未 and 开工: five of the six terms (not 技改)
    assert rows["tech-upgrade-filing#art22-p4"]["cover_text"] == pytest.approx(5 / 6)
    # 第十八条第二款 speaks of an approval (核准), not of a filing: 备案 is missing
    assert rows["tech-upgrade-filing#art18-p2"]["cover_text"] == pytest.approx(4 / 6)
    assert rows["tech-upgrade-filing#art18-p2"]["ancestor"] > 0  # its 第十八条 matches too


def test_训练不读留出集_交叉验证能跑(search_index: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    real = evaluate_module.load_questions

    def tuning_only(name: str = "tuning") -> list[evaluate_module.Question]:
        assert name == "tuning", "the training read the held-out half"
        return real(name)[:40]

    monkeypatch.setattr(train, "load_questions", tuning_only)
    monkeypatch.setattr(train, "SETTINGS", ({"num_iterations": 5, "num_leaves": 3, "min_data_in_leaf": 5},))
    monkeypatch.setattr(train, "SEEDS", (1,))
    assert train.main([]) == 0
    data = train.examples(search_index, tuning_only())
    ranks = train.cross_validate(data, train.SETTINGS[0])
    assert len(ranks) == len(data) and any(r == 1 for r in ranks)


def test_特征_与同题最好候选的差距_逐字重合与同一上级的候选(search_index: SearchIndex) -> None:
    found = search_index.candidates("技改项目备案两年没开工会怎样", DEPTH)
    assert found is not None
    rows = [dict(zip(FEATURES, row, strict=True)) for _, row in features(search_index, found)]
    for name in GAPS:
        gaps = [row[f"{name}_gap"] for row in rows]
        assert max(gaps) == pytest.approx(0.0) and all(g <= 1e-12 for g in gaps)
        assert all(row[f"{name}_gap"] == pytest.approx(row[name] - max(r[name] for r in rows)) for row in rows)
    assert all(0.0 <= row["longest_common"] <= 1.0 and 0.0 <= row["trigrams"] <= 1.0 for row in rows)
    assert all(0.0 < row["sibling_rank"] <= 1.0 for row in rows)


def test_最长逐字重合与上级条款() -> None:
    assert _longest_common("两年没开工会怎样", "在2年期限内未开工建设") == 2  # 开工
    assert _longest_common("设备购置额", "按设备购置额的20%") == 5
    assert _longest_common("", "任何文字") == 0
    assert _parent_id("tech-upgrade-filing#art18-p2") == "tech-upgrade-filing#art18"
    assert _parent_id("tech-upgrade-filing#art18") == "tech-upgrade-filing"
