"""Time one 免申即享 match (contract §11) over N stored enterprises, and the same match again (nobody is
told twice), on a scratch database: SQLite by default, or PostgreSQL with ``--db``.

Half the enterprises are eligible for the 技改 equipment reward (700 万元 of equipment in 东莞), half
undetermined (no 建设期, no answer on 产业政策), so every one gets a notice on the first run.

python benchmarks/match_bench.py [--enterprises 2000] [--db postgresql+psycopg://postgres@127.0.0.1/scratch]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from huiqi.service import jobs
from huiqi.service.accounts import create_user
from huiqi.service.app import create_app
from huiqi.service.models import Enterprise, MatchJob, Notice, ProfileVersion
from huiqi.service.settings import Settings

PROGRAM = "tech-upgrade-equipment-reward"
PROFILE: dict[str, Any] = {
    "enterprise": {"name": "", "city": "东莞", "county": "长安镇", "registered_in_guangdong": True,
                   "operating_in_guangdong": True, "independent_legal_person": True, "industry_code": "C3484",
                   "compliance": {"tax_violation": False}},
    "projects": [{"id": "p1", "kind": "tech_upgrade", "city": "东莞", "management": "filing",
                  "prohibited_by_policy": False, "filed_on": "2022-03-10", "planned_start": "2022-04-01",
                  "planned_completion": "2023-03-31", "completed_on": "2023-02-28", "equipment_purchase_wan": 700,
                  "in_tech_upgrade_statistics": True, "received_provincial_funding": False}],
}


def seed(app: Any, count: int) -> int:
    """``count`` enterprises, each with its own owner; the bureau's user id."""
    with app.state.huiqi.sessions() as session:
        bureau = create_user(session, "dg-bureau", "bureau", "benchmark-password", "东莞市").id
        owners = [create_user(session, f"owner-{i}", "enterprise", "benchmark-password").id for i in range(count)]
        for i, owner in enumerate(owners):
            profile = copy.deepcopy(PROFILE)
            profile["enterprise"]["name"] = f"东莞{i}号公司"
            if i % 2:
                for key in ("prohibited_by_policy", "planned_start", "planned_completion"):
                    del profile["projects"][0][key]
            ent = Enterprise(owner_id=owner, name=profile["enterprise"]["name"], city="东莞", county="长安镇")
            session.add(ent)
            session.flush()
            session.add(ProfileVersion(enterprise_id=ent.id, version=1, profile=profile, created_by=owner))
        session.commit()
    return bureau


def run(app: Any, bureau: int) -> tuple[float, MatchJob]:
    state = app.state.huiqi
    with state.sessions() as session:
        job = MatchJob(owner_id=bureau, program=PROGRAM, as_of=dt.date(2023, 6, 1), jurisdiction="东莞市",
                       status="queued", progress=0.0, notified=0)
        session.add(job)
        session.commit()
        job_id = job.id
    started = time.perf_counter()
    assert jobs.run_pending(state) == 1
    seconds = time.perf_counter() - started
    with state.sessions() as session:
        done = session.get(MatchJob, job_id)
        assert done is not None and done.status == "done", done and done.error
        session.expunge(done)
    return seconds, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--db", help="an empty database (default: a scratch SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="huiqi-match-bench-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app(Settings(database_url=url, inprocess_worker=False))  # type: ignore[arg-type]
        try:
            bureau = seed(app, args.enterprises)
            from huiqi.engine import default_engine

            default_engine().assess(PROFILE)  # rules compiled before the clock starts
            for label in ("first run", "second run"):
                seconds, job = run(app, bureau)
                print(f"{label}: {args.enterprises} enterprises in {seconds:.2f} s "
                      f"({args.enterprises / seconds:,.0f}/s), notified {job.notified}, counts {job.counts}")
            with app.state.huiqi.sessions() as session:
                print(f"notices stored: {session.scalar(select(func.count(Notice.id)))}  "
                      f"backend: {app.state.huiqi.engine.dialect.name}")
        finally:
            app.state.huiqi.engine.dispose()


if __name__ == "__main__":
    main()
