"""``huiqi db upgrade`` and ``huiqi users create`` (the service's command-line shell)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from huiqi.cli import app as cli
from huiqi.service.app import create_app

from .conftest import make_settings


def test_建库_建用户_再登录(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    upgraded = runner.invoke(cli, ["db", "upgrade", "--db", url])
    assert upgraded.exit_code == 0 and "0004" in upgraded.output
    made = runner.invoke(
        cli, ["users", "create", "dg-hm", "--role", "bureau", "--jurisdiction", "东莞市/虎门镇", "--password-stdin",
              "--db", url], input="password-123\n",
    )
    assert made.exit_code == 0, made.output
    assert "东莞市/虎门镇" in made.output
    again = runner.invoke(cli, ["users", "create", "dg-hm", "--role", "bureau", "--jurisdiction", "东莞市",
                                "--password-stdin", "--db", url], input="password-123\n")
    assert again.exit_code == 2
    app = create_app(make_settings(url))
    try:
        with TestClient(app) as client:
            response = client.post("/api/v1/auth/token", json={"username": "dg-hm", "password": "password-123"})
            assert response.status_code == 200
    finally:
        app.state.huiqi.engine.dispose()


def test_建用户时登记邮箱(tmp_path: Path) -> None:
    from huiqi.service.db import make_engine
    from huiqi.service.models import User

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    made = runner.invoke(cli, ["users", "create", "dg-co", "--role", "enterprise", "--email", "boss@dg-co.example.cn",
                               "--password-stdin", "--db", url], input="password-123\n")
    assert made.exit_code == 0, made.output
    bad = runner.invoke(cli, ["users", "create", "other", "--role", "enterprise", "--email", "boss at dg",
                              "--password-stdin", "--db", url], input="password-123\n")
    assert bad.exit_code == 2 and "电子邮箱" in bad.output
    engine = make_engine(url)
    try:
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            assert [(u.username, u.email) for u in session.query(User)] == [("dg-co", "boss@dg-co.example.cn")]
    finally:
        engine.dispose()


def test_错误的角色或辖区退出码为_2(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    for args in (["--role", "king"], ["--role", "bureau", "--jurisdiction", "东京"],
                 ["--role", "bureau"], ["--role", "enterprise", "--jurisdiction", "东莞市"]):
        result = runner.invoke(cli, ["users", "create", "x", *args, "--password-stdin", "--db", url],
                               input="password-123\n")
        assert result.exit_code == 2, (args, result.output)
    short = runner.invoke(cli, ["users", "create", "x", "--role", "admin", "--password-stdin", "--db", url],
                          input="short\n")
    assert short.exit_code == 2


def test_worker_once_运行排队的任务(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(cli, ["worker", "--once", "--db", url])
    assert result.exit_code == 0 and "已执行 0 个任务（筛查、匹配）" in result.output
