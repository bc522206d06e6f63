"""Versioned programs, documents outside the corpus, point tables and the 挂牌上市 tier."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import huiqi.programs
from huiqi.cli import app
from huiqi.engine import default_engine
from huiqi.programs.external import UNVERIFIED, external_docs, version_view
from huiqi.programs.inputs import PENDING_INPUTS, Pending, pending
from huiqi.programs.listing_tier import listing_tier
from huiqi.rules.clause import ClauseRef

ISME = {
    "enterprise": {
        "city": "东莞",
        "registered_in_guangdong": True,
        "financials": {
            "2021": {"revenue": 4200, "main_business_revenue": 3400},
            "2022": {
                "revenue": 5000,
                "main_business_revenue": 4000,
                "rd_expense": 300,
                "total_assets": 10000,
                "total_liabilities": 5000,
            },
        },
    }
}


def _result(profile: dict[str, Any], day: dt.date, program: str, **kw: Any) -> dict[str, Any]:
    out = default_engine().assess(profile, as_of=day, programs=[program], **kw)
    return dict(out["results"][0])


def _points(result: dict[str, Any], cid: str) -> Any:
    return next(c["actual"] for c in result["criteria"] if c["id"] == cid)


def test_external_clause_object_says_external_and_quality() -> None:
    clause = ClauseRef.parse("sse-star-rules-2019 2.1.2").to_json()
    assert clause["external"] is True and clause["quality"] == "P" and clause["sources"]
    assert "预计市值不低于人民币10亿元" in ClauseRef.parse("sse-star-rules-2019 2.1.2").text()
    with pytest.raises(KeyError):
        ClauseRef.parse("sse-star-rules-2019 9.9.9").to_json()


VERSIONS = Path(huiqi.programs.__file__).with_name("versions.yaml")


def test_registry_marks_every_document_and_encodes_no_recollection() -> None:
    docs = external_docs()
    encoded = {doc for family in yaml.safe_load(VERSIONS.read_text(encoding="utf-8")).values() for doc in family}
    assert all(docs[d].quality in {"P", "R"} for d in encoded if d in docs)  # M is never encoded as a rule
    assert docs["civil-code"].quality == "M"  # cited by a note only, never a rule's version
    assert docs["miit-sme-tiers-2022"].date_quality == "M"


def test_result_of_a_repost_based_version_says_so() -> None:
    profile = {"enterprise": {"city": "东莞"}, "projects": [{"id": "p1", "kind": "tech_upgrade"}]}
    result = _result(profile, dt.date(2025, 1, 1), "tech-upgrade-equipment-reward")
    assert result["version"]["number"] == "粤工信规字〔2024〕7号"
    assert all(UNVERIFIED in c["note"] for c in result["criteria"])
    assert all(c["clause"].get("external") for c in result["criteria"])
    older = _result(profile, dt.date(2024, 12, 31), "tech-upgrade-equipment-reward")
    assert older["superseded_by"] == {
        "doc": "tech-upgrade-fund-2024",
        "number": "粤工信规字〔2024〕7号",
        "from": "2025-01-01",
    }


@pytest.mark.parametrize(
    ("rd", "boundary", "points"),
    [(250, "higher", 20), (249.99, "higher", 15), (250, "lower", 15), (150, "higher", 15), (149.99, "higher", 10)],
)
def test_innovative_sme_rd_band_edges(rd: float, boundary: str, points: int) -> None:
    profile = json.loads(json.dumps(ISME))
    profile["enterprise"]["financials"]["2022"]["rd_expense"] = rd
    result = _result(profile, dt.date(2023, 6, 1), "innovative-sme", choices={"isme-band-boundary": boundary})
    assert _points(result, "points-rd-share") == points


@pytest.mark.parametrize(("liabilities", "points"), [(5500, 10), (5500.01, 5), (7500, 5), (7500.01, 0)])
def test_innovative_sme_debt_ratio_bands(liabilities: float, points: int) -> None:
    profile = json.loads(json.dumps(ISME))
    profile["enterprise"]["financials"]["2022"]["total_liabilities"] = liabilities
    assert _points(_result(profile, dt.date(2023, 6, 1), "innovative-sme"), "points-debt-ratio") == points


def test_score_shows_the_known_points_as_actual() -> None:
    result = _result(ISME, dt.date(2023, 6, 1), "innovative-sme")
    score = next(c for c in result["criteria"] if c["id"] == "score-total")
    assert score["actual"] == 75 and score["threshold"] == 60 and score["status"] == "pass"


def test_pending_inputs_are_unknown_until_the_profile_defines_them() -> None:
    for path, (kind, _) in PENDING_INPUTS.items():
        value = pending(path, "y-1")
        assert isinstance(value, Pending) and value.kind == kind


LISTED = {
    "enterprise": {
        "financials": {
            "2023": {"net_profit": 4000, "revenue": 30000},
            "2024": {"net_profit": 6000, "revenue": 35000},
        }
    }
}


def _assess(profile: dict[str, Any]) -> dict[str, Any]:
    return default_engine().assess(profile, as_of=dt.date(2025, 6, 1))


def test_tier_priority_when_a_board_standard_is_met() -> None:
    tier = listing_tier(_assess(LISTED))
    assert tier["tier"] == "priority" and "listing-chinext" in tier["boards"]
    assert tier["label"] == "优先支持拟挂牌上市企业" and tier["clause"]["ref"] == "二、（一）"


def test_tier_key_when_a_standard_is_within_one_years_growth() -> None:
    near = json.loads(json.dumps(LISTED))
    near["enterprise"]["financials"]["2024"].update({"net_profit": 5000, "revenue": 25000})
    tier = listing_tier(_assess(near))
    assert tier["tier"] == "key" and tier["boards"] == ["listing-chinext"]
    assert listing_tier(_assess(near), tolerance="0.05")["tier"] == "potential"


def test_tier_potential_otherwise_and_the_reading_is_switchable() -> None:
    small = {
        "enterprise": {
            "financials": {"2023": {"net_profit": 10, "revenue": 100}, "2024": {"net_profit": 10, "revenue": 100}}
        }
    }
    assert listing_tier(_assess(small))["tier"] == "potential"
    switched = listing_tier(_assess(small), reading="undetermined-counts")
    assert switched["tier"] == "key" and switched["assumption"]["option"] == "undetermined-counts"
    with pytest.raises(ValueError):
        listing_tier(_assess(small), reading="nope")


def test_assess_output_carries_the_tier_and_the_reading_switches_by_choice() -> None:
    assert _assess(LISTED)["listing_tier"]["tier"] == "priority"
    small = {"enterprise": {"financials": {"2024": {"net_profit": 10, "revenue": 100}}}}
    day = dt.date(2025, 6, 1)
    assert default_engine().assess(small, as_of=day)["listing_tier"]["tier"] == "potential"
    switched = default_engine().assess(small, as_of=day, choices={"listing-tier-rule": "undetermined-counts"})
    assert switched["listing_tier"]["tier"] == "key"
    # no listing program asked for: no tier
    assert "listing_tier" not in default_engine().assess(small, as_of=day, programs=["little-giant"])


def test_assess_text_report_names_the_tier_and_its_reading(tmp_path: Any) -> None:
    path = tmp_path / "listed.json"
    path.write_text(json.dumps({**LISTED, "as_of": "2025-06-01"}), encoding="utf-8")
    out = CliRunner().invoke(app, ["assess", str(path)])
    assert out.exit_code == 0
    assert "挂牌上市梯度：优先支持拟挂牌上市企业" in out.stdout
    assert "--assume listing-tier-rule=undetermined-counts" in out.stdout  # the other reading, as typed
    bad = CliRunner().invoke(app, ["assess", str(path), "--assume", "listing-tier-rule=nope"])
    assert bad.exit_code == 2 and "listing-tier-rule" in bad.output


def test_family_view_lists_dates_quality_and_changes() -> None:
    family = default_engine().families["little-giant"]
    view = version_view(family)
    assert [v["number"] for v in view] == [
        "工信厅企业函〔2021〕79号",
        "工信部企业〔2022〕63号",
        "工信部企业〔2026〕2号",
    ]
    assert view[1]["answers_until"] == "2026-03-31" and view[1]["quality"] == "R" and view[1]["changes"]
    # 79号 is a call that closed on 2021-05-06 (五、（三）2): it answers to that day, not to the day before 63号
    assert (view[0]["answers_until"], view[0]["gap"], view[0]["successor_from"]) == ("2021-05-06", True, "2022-08-01")
    assert view[1]["gap"] is False


def test_programs_show_versions_cli() -> None:
    out = CliRunner().invoke(app, ["programs", "show", "tech-upgrade-equipment-reward", "--versions"])
    assert out.exit_code == 0
    assert "粤工信规字〔2024〕7号  2025-01-01 至 2027-12-31（来源质量 R" in out.stdout
    assert "原定有效期至 2026-12-31" in out.stdout
    data = json.loads(
        CliRunner().invoke(app, ["programs", "show", "little-giant", "--versions", "--format", "json"]).stdout
    )
    assert len(data["versions"]) == 3
    text = CliRunner().invoke(app, ["programs", "show", "little-giant", "--versions"]).stdout
    assert "工信厅企业函〔2021〕79号  2021-04-19 至 2021-05-06" in text
    assert "2021-05-06 后不再作答；工信部企业〔2022〕63号 自 2022-08-01 起施行" in text


def test_2024_tech_upgrade_successor_names_its_own_fund_and_articles() -> None:
    from huiqi.programs.tech_upgrade_equipment_reward.successor import successor

    program = successor()
    assert "制造业当家重点任务保障专项" in program.summary and "先进制造业发展专项" not in program.summary
    refs = {c.id: c.ref.ref for c in program.all_criteria()}
    assert refs["equipment-floor"] == "设备奖励门槛" and program.reward is not None
    assert program.reward.ref.ref == "设备奖励比例"


def test_2026_ssme_ip_exemption_asks_for_a_ministerial_top3_award() -> None:
    """2号 附件1: the Ⅰ类知识产权 exemption is 近三年省部级以上科技奖励前三 — not 63号's 直通 (省级前三或国家级前五),
    which would also exempt the fourth and fifth of a national award."""
    from huiqi.programs.specialized_sme.successor import CRITERIA

    test = next(c for c in CRITERIA if c.id == "class1-ip").test
    assert test is not None
    asked = {node.path for node in test.walk() if isinstance(node, Pending)}
    assert "enterprise.innovation.ministerial_sci_award_top3" in asked
    assert "enterprise.innovation.national_sci_award_top3" in asked
    assert "enterprise.innovation.sci_award_top" not in asked
