"""rules_version hashes rule files by content and package-relative name: the same rules installed in two
places (``pip install .`` and ``pip install -e .``) give the same version, and a change gives another."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from huiqi.engine import default_engine, rules_digest


def _copy(tmp: Path, name: str) -> Path:
    source = Path(str(resources.files("huiqi.programs")))
    target = tmp / name / "site-packages" / "huiqi" / "programs"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_same_rules_in_two_places_give_one_version(tmp_path: Path) -> None:
    a, b = _copy(tmp_path, "a"), _copy(tmp_path, "deeper/b")
    assert rules_digest(a) == rules_digest(b)
    assert default_engine().rules_version.endswith("+" + rules_digest(a))


def test_a_changed_parameter_changes_the_version(tmp_path: Path) -> None:
    a, b = _copy(tmp_path, "a"), _copy(tmp_path, "b")
    params = b / "tech_upgrade_equipment_reward" / "parameters.yaml"
    params.write_text(params.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert rules_digest(a) != rules_digest(b)


def test_a_renamed_file_changes_the_version(tmp_path: Path) -> None:
    a, b = _copy(tmp_path, "a"), _copy(tmp_path, "b")
    (b / "versions.yaml").rename(b / "versions2.yaml")
    assert rules_digest(a) != rules_digest(b)
