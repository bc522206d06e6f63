"""The 十四五 cluster data: complete, its clauses resolve, and the two look-ups answer as documented."""

from __future__ import annotations

import doctest

import pytest

import huiqi.programs.clusters as clusters_module
from huiqi.corpus.store import describe_clause
from huiqi.programs.clusters import LEVEL_LABELS, clusters_for, load_clusters, transformation_paths

GD_CITIES = {
    "广州", "深圳", "珠海", "佛山", "东莞", "惠州", "中山", "江门", "肇庆", "汕头", "汕尾",
    "揭阳", "潮州", "湛江", "茂名", "阳江", "韶关", "梅州", "河源", "清远", "云浮",
}  # fmt: skip


def test_twenty_clusters_ten_of_each_kind() -> None:
    clusters = load_clusters()
    assert len(clusters) == 20
    assert [c.kind for c in clusters] == ["pillar"] * 10 + ["emerging"] * 10
    assert len({c.id for c in clusters}) == 20


def test_every_clause_resolves() -> None:
    for cluster in load_clusters():
        for ref in (cluster.clause, cluster.box, cluster.digital_clause):
            doc, _, rest = ref.partition(" ")
            assert describe_clause(doc, rest)["id"]


def test_cluster_names_match_the_plan_headings() -> None:
    from huiqi.corpus.store import load_corpus

    corpus = load_corpus()
    for cluster in load_clusters():
        doc, _, rest = cluster.box.partition(" ")
        heading = corpus.resolve(doc, rest).heading or ""
        first = cluster.name.replace("与集成电路", "")  # the box says 半导体及集成电路
        assert first in heading, (cluster.name, heading)


def test_layout_levels_and_cities_are_valid() -> None:
    for cluster in load_clusters():
        assert set(cluster.layout) <= GD_CITIES
        assert set(cluster.unresolved) <= GD_CITIES
        assert not set(cluster.layout) & set(cluster.unresolved)
        assert set(cluster.layout.values()) <= set(LEVEL_LABELS)
        assert set(cluster.named_in_box) <= GD_CITIES


def test_pillar_table_gives_only_core_and_general() -> None:
    """The 支柱 table's ★★ cells cannot be told from empty ones: never recorded as 重点."""
    for cluster in load_clusters()[:10]:
        assert set(cluster.layout.values()) <= {"core", "general"}
        starred = len(cluster.layout) + len(cluster.unresolved)
        assert starred == 21  # every cell came through starred: hence unresolved


def test_guangzhou_and_shenzhen_are_core_for_every_emerging_cluster() -> None:
    for cluster in load_clusters()[10:]:
        assert cluster.level_in("广州") == "core"
        assert cluster.level_in("深圳") == "core"


def test_semiconductor_cluster_in_zhuhai_is_core_and_cited() -> None:
    found = {c["cluster"]: c for c in clusters_for("C3973", "珠海")}
    assert set(found) == {"electronic-information", "semiconductors-ic"}
    item = found["semiconductors-ic"]
    assert item["city_level"]["level"] == "core"
    assert item["clause"]["ref"] == "第三章第二节1"
    assert item["layout_clause"]["ref"] == "专栏11"
    assert item["mapping"]["basis"] == "interpretation"


def test_city_name_with_suffix_and_unstarred_city() -> None:
    item = clusters_for("C3973", "茂名市")[1]
    assert item["city_level"]["city"] == "茂名"
    assert item["city_level"]["level"] == "not_starred"


def test_yangjiang_new_energy_is_key_from_the_map_list() -> None:
    item = next(c for c in clusters_for("C3415", "阳江") if c["cluster"] == "new-energy")
    assert item["city_level"]["level"] == "key"


def test_zhaoqing_emerging_levels_are_unresolved() -> None:
    item = next(c for c in clusters_for("C40", "肇庆") if c["cluster"] == "precision-instruments")
    assert item["city_level"]["level"] == "unresolved"


def test_shantou_emerging_membership_without_level() -> None:
    item = next(c for c in clusters_for("C40", "汕头") if c["cluster"] == "precision-instruments")
    assert item["city_level"]["level"] == "listed"


def test_pillar_star_cells_unresolved() -> None:
    item = next(c for c in clusters_for("C36", "佛山") if c["cluster"] == "automobile")
    assert item["city_level"]["level"] == "core"
    item = next(c for c in clusters_for("C36", "韶关") if c["cluster"] == "automobile")
    assert item["city_level"]["level"] == "unresolved"


def test_division_partly_in_a_cluster() -> None:
    found = {c["cluster"]: c["mapping"]["match"] for c in clusters_for("C38")}
    assert found == {"smart-home-appliances": "code-covers-part", "new-energy": "code-covers-part"}
    found = {c["cluster"]: c["mapping"]["match"] for c in clusters_for("3856")}
    assert found == {"smart-home-appliances": "code-within"}


def test_non_manufacturing_codes_and_section_letters() -> None:
    assert [c["cluster"] for c in clusters_for("I6513")] == [
        "software-information-services",
        "blockchain-quantum",
        "digital-creativity",
    ]
    assert clusters_for("C") == []
    assert clusters_for("K7010") == []
    assert all("city_level" not in c for c in clusters_for("C39"))


def test_bad_code_is_an_error() -> None:
    with pytest.raises(ValueError):
        clusters_for("电子")


def test_transformation_paths_three_valued() -> None:
    paths = transformation_paths(leading_enterprise=True, sme=False, chain=True)
    assert [p["path"] for p in paths] == ["一企一策", "一行一策", "一园一策", "一链一策"]
    assert [p["applies"] for p in paths] == [True, False, None, True]
    assert paths[0]["clause"]["ref"] == "四、（一）"
    assert paths[3]["box"]["ref"] == "专栏4"
    assert all(p["basis"]["ref"] == "二、" for p in paths)


def test_module_examples() -> None:
    assert doctest.testmod(clusters_module).failed == 0
