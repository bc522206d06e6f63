"""``huiqi demo``: the first thing a new user runs — a fresh example database with the bundled example
enterprise, a demo enterprise account and a demo bureau account (东莞市) with random passwords, served
on 127.0.0.1.

The database is always new: the demo never creates accounts on a configured database. Without
``--data-dir`` it lives in a temporary directory that is removed when the demo stops (nothing is left
behind run after run); with ``--data-dir`` (a new directory) it is kept there.
"""

from __future__ import annotations

import copy
import datetime as dt
import secrets
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI

DEMO_ENTERPRISE_USER = "demo-enterprise"
DEMO_BUREAU_USER = "demo-bureau"
DEMO_JURISDICTION = "东莞市"


@dataclass(frozen=True)
class Demo:
    app: FastAPI
    data_dir: Path
    passwords: dict[str, str]
    enterprise_id: int


def demo_profile(today: dt.date) -> dict[str, Any]:
    """The bundled example, plus a project filed last week so the 项目台账 has open deadlines."""
    from huiqi.web.checkup import example_profile

    profile = copy.deepcopy(example_profile())
    filed = today - dt.timedelta(days=7)
    profile["projects"].append({
        "id": "p2", "name": "注塑车间数字化改造", "kind": "tech_upgrade", "city": "东莞", "management": "filing",
        "filed_on": filed.isoformat(), "planned_start": (filed + dt.timedelta(days=40)).isoformat(),
        "planned_completion": (filed + dt.timedelta(days=400)).isoformat(), "equipment_purchase_wan": 950,
    })
    return profile


def build_demo(data_dir: Path | None = None) -> Demo:
    """Create the demo database and app (with the web UI mounted); nothing is served yet."""
    from huiqi.service import audit
    from huiqi.service.accounts import create_user
    from huiqi.service.app import create_app
    from huiqi.service.models import Enterprise, ProfileVersion
    from huiqi.service.settings import Settings
    from huiqi.web import mount

    root = data_dir or Path(tempfile.mkdtemp(prefix="huiqi-demo-"))
    db = root / "huiqi-demo.db"
    if db.exists():
        raise FileExistsError(f"{db} 已存在：演示只在新的空数据库中创建账号 / the demo needs a new database")
    root.mkdir(parents=True, exist_ok=True)
    settings = Settings(database_url=f"sqlite:///{db.resolve()}", data_dir=root)
    app = create_app(settings)
    mount(app)
    state = app.state.huiqi
    passwords = {DEMO_ENTERPRISE_USER: secrets.token_urlsafe(9), DEMO_BUREAU_USER: secrets.token_urlsafe(9)}
    profile = demo_profile(dt.date.today())
    with state.sessions() as session:
        owner = create_user(session, DEMO_ENTERPRISE_USER, "enterprise", passwords[DEMO_ENTERPRISE_USER], actor="demo")
        create_user(session, DEMO_BUREAU_USER, "bureau", passwords[DEMO_BUREAU_USER], DEMO_JURISDICTION, actor="demo")
        ent = profile["enterprise"]
        enterprise = Enterprise(owner_id=owner.id, name=ent["name"], city="东莞", county=ent.get("county"), version=1)
        session.add(enterprise)
        session.flush()
        session.add(ProfileVersion(enterprise_id=enterprise.id, version=1, created_by=owner.id,
                                   profile={"enterprise": ent, "projects": profile["projects"]}))
        audit.record(session, None, "create", "enterprise", enterprise.id, enterprise_id=enterprise.id,
                     actor="demo", detail={"version": 1, "seed": "examples/dongguan-equipment.json"})
        session.commit()
        enterprise_id = enterprise.id
    return Demo(app, root, passwords, enterprise_id)


def run(port: int = 8000, data_dir: Path | None = None) -> None:
    """Serve the demo until Ctrl+C; a temporary data directory is removed when it stops."""
    if data_dir is not None:
        _serve(port, data_dir, kept=True)
        return
    # uvicorn hands a SIGTERM back once it has shut down; leaving through SystemExit removes the folder too
    signal.signal(signal.SIGTERM, _leave)
    with tempfile.TemporaryDirectory(prefix="huiqi-demo-", ignore_cleanup_errors=True) as tmp:
        _serve(port, Path(tmp), kept=False)


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _serve(port: int, data_dir: Path, *, kept: bool) -> None:
    import uvicorn

    demo = build_demo(data_dir)
    url = f"http://127.0.0.1:{port}/"
    where = "保留" if kept else "临时目录，退出时删除；要保留请用 --data-dir"
    lines = [
        "惠企 演示",
        f"  数据目录：{demo.data_dir}（{where}）",
        f"  企业账号：{DEMO_ENTERPRISE_USER}  密码：{demo.passwords[DEMO_ENTERPRISE_USER]}",
        f"  主管部门账号（{DEMO_JURISDICTION}）：{DEMO_BUREAU_USER}  密码：{demo.passwords[DEMO_BUREAU_USER]}",
        f"  请在浏览器打开：{url}    （Ctrl+C 退出）",
    ]
    print("\n".join(lines), flush=True)
    uvicorn.run(demo.app, host="127.0.0.1", port=port, log_level="warning")
