"""A walk through every endpoint of the API on a scratch SQLite database, recorded as the examples of
the OpenAPI document (``api_examples.json`` beside this module; :mod:`huiqi.service.openapi` reads it).

Examples recorded from real calls cannot drift from what the service does: after changing an endpoint,
run ``python -m huiqi.service.tour`` again. A test walks the tour afresh and fails when an endpoint is
missing from the stored examples or its status or field names differ from them. Long lists keep their
first two items and long strings are cut, so the examples stay readable.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when walking only: the service itself never loads the test client
    from fastapi.testclient import TestClient

EXAMPLES_FILE = Path(__file__).with_name("api_examples.json")
KEEP_ITEMS = 2
KEEP_CHARS = 300
PASSWORD = "a-long-example-password"
AS_OF = "2023-06-01"
CLIENT_ADDRESS = ("192.0.2.10", 50000)  # a documentation address (RFC 5737) for the audit log's "ip"
SCREENING_CSV = (
    "enterprise.name,enterprise.city,project.id,project.kind,project.equipment_purchase_wan,"
    "project.completed_on,project.in_tech_upgrade_statistics\n"
    "东莞甲公司,东莞市,p1,tech_upgrade,900,2022-11-30,是\n"
    "佛山乙公司,佛山市,p2,tech_upgrade,650,2022-10-31,是\n"
)


class TourError(RuntimeError):
    """An endpoint answered other than the tour expects."""


def trim(value: Any) -> Any:
    """``value`` with lists cut to their first items and long strings cut, recursively; no real token."""
    if isinstance(value, dict):
        return {k: "TOKEN" if k == "access_token" else trim(v) for k, v in value.items()}
    if isinstance(value, list):
        return [trim(v) for v in value[:KEEP_ITEMS]]
    if isinstance(value, str) and len(value) > KEEP_CHARS:
        return value[:KEEP_CHARS] + "…"
    return value


class Recorder:
    """Calls the API and keeps the first exchange of every operation (method + path template)."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.examples: dict[str, dict[str, Any]] = {}

    def call(self, method: str, template: str, *, headers: dict[str, str] | None = None, expect: int = 200,
             query: dict[str, Any] | None = None, body: Any = None, form: dict[str, str] | None = None,
             files: dict[str, tuple[str, bytes]] | None = None, record: bool = True, **path: Any) -> Any:
        response = self.client.request(method, template.format(**path), params=query, json=body, data=form,
                                       files=files, headers=headers)
        if response.status_code != expect:
            raise TourError(f"{method} {template}: {response.status_code}, expected {expect}: {response.text[:500]}")
        is_json = response.headers.get("content-type", "").startswith("application/json") and response.content
        answer = response.json() if is_json else None
        key = f"{method} {template}"
        if record and key not in self.examples:
            entry: dict[str, Any] = {"status": response.status_code}
            for name, value in (("path", path), ("query", query), ("body", body), ("form", form)):
                if value:
                    entry[name] = trim(value)
            if answer is not None:
                entry["response"] = trim(answer)
            else:
                entry["content_type"] = response.headers.get("content-type", "").split(";")[0] or None
            self.examples[key] = entry
        return answer


def _open_endpoints(api: Recorder) -> None:
    from huiqi.service.schemas import EXAMPLE_PROFILE, EXAMPLE_TIMELINE_PROJECT

    profile = {k: v for k, v in EXAMPLE_PROFILE.items() if k != "as_of"}
    api.call("POST", "/api/v1/assess", query={"as_of": AS_OF}, body=profile)
    api.call("POST", "/api/v1/timeline", query={"as_of": "2021-10-01"}, body=EXAMPLE_TIMELINE_PROJECT)
    api.call("GET", "/api/v1/search", query={"q": "设备购置 奖励比例", "limit": 3})
    api.call("GET", "/api/v1/programs")
    api.call("GET", "/api/v1/programs/{program}", program="tech-upgrade-equipment-reward")
    api.call("GET", "/api/v1/docs")
    api.call("GET", "/api/v1/docs/{ident}", ident="tech-upgrade-fund#art8")
    api.call("POST", "/api/v1/advise", query={"as_of": AS_OF}, body=profile)
    from huiqi.service.routes.interview import EXAMPLE as INTERVIEW

    api.call("POST", "/api/v1/interview", body=INTERVIEW)
    api.call("POST", "/api/v1/funds/allocate", body={
        "projects": [
            {"project.id": "a", "enterprise.city": "东莞", "project.equipment_purchase_wan": 1000},
            {"project.id": "b", "enterprise.city": "东莞", "project.equipment_purchase_wan": 3000},
        ],
        "budget_wan": 400,
        "as_of": AS_OF,
    })


def _people(api: Recorder, state: Any) -> dict[str, dict[str, str]]:
    from huiqi.service.accounts import create_user

    people = {"province": ("gd-prov", "bureau", "广东省"), "dongguan": ("dg-bureau", "bureau", "东莞市"),
              "owner": ("dg-co", "enterprise", None), "admin": ("root", "admin", None)}
    headers = {}
    for who, (name, role, jurisdiction) in people.items():
        with state.sessions() as session:
            create_user(session, name, role, PASSWORD, jurisdiction)
        token = api.call("POST", "/api/v1/auth/token", body={"username": name, "password": PASSWORD})
        headers[who] = {"Authorization": f"Bearer {token['access_token']}"}
    return headers


def _enterprises(api: Recorder, h: dict[str, dict[str, str]]) -> int:
    from huiqi.service.schemas import EXAMPLE_ENTERPRISE, EXAMPLE_PROJECT

    body: dict[str, Any] = {"enterprise": EXAMPLE_ENTERPRISE, "projects": [EXAMPLE_PROJECT]}
    ent = api.call("POST", "/api/v1/enterprises", headers=h["owner"], body=body, expect=201)["id"]
    api.call("GET", "/api/v1/enterprises", headers=h["dongguan"])
    api.call("GET", "/api/v1/enterprises/{enterprise_id}", headers=h["owner"], enterprise_id=ent)
    changed = {**body, "enterprise": {**EXAMPLE_ENTERPRISE, "employees": 280}}
    api.call("PUT", "/api/v1/enterprises/{enterprise_id}", headers=h["owner"], body=changed, enterprise_id=ent)
    api.call("POST", "/api/v1/enterprises/{enterprise_id}/assessments", headers=h["owner"], body={"as_of": AS_OF},
             expect=201, enterprise_id=ent)
    api.call("GET", "/api/v1/enterprises/{enterprise_id}/assessments", headers=h["owner"], enterprise_id=ent)
    return int(ent)


def _screenings(api: Recorder, h: dict[str, dict[str, str]], state: Any) -> None:
    from huiqi.service import jobs

    job = api.call("POST", "/api/v1/screenings", headers=h["dongguan"], form={"as_of": AS_OF}, expect=202,
                   files={"file": ("企业名单.csv", SCREENING_CSV.encode())})["id"]
    jobs.run_pending(state)
    api.call("GET", "/api/v1/screenings", headers=h["dongguan"])
    api.call("GET", "/api/v1/screenings/{job_id}", headers=h["dongguan"], job_id=job)
    api.call("GET", "/api/v1/screenings/{job_id}/result", headers=h["dongguan"], query={"format": "csv"}, job_id=job)


def _rounds(api: Recorder, h: dict[str, dict[str, str]], ent: int) -> None:
    year = dt.date.today().year
    body = {"program": "tech-upgrade-equipment-reward", "year": year, "title": f"{year} 年度技改设备奖励",
            "project_cap_wan": 1500, "notice_ref": f"粤工信技改函〔{year}〕1号",
            "budgets": {"东莞": 3000}}
    spare = api.call("POST", "/api/v1/rounds", headers=h["province"], body=body, expect=201)["id"]
    api.call("DELETE", "/api/v1/rounds/{round_id}", headers=h["province"], expect=204, round_id=spare)
    round_id = api.call("POST", "/api/v1/rounds", headers=h["province"], body=body, expect=201)["id"]
    api.call("GET", "/api/v1/rounds", headers=h["dongguan"])
    api.call("GET", "/api/v1/rounds/{round_id}", headers=h["dongguan"], round_id=round_id)
    api.call("PATCH", "/api/v1/rounds/{round_id}", headers=h["province"], body={"budgets": {"东莞": 3200}},
             round_id=round_id)
    app_id = api.call("POST", "/api/v1/rounds/{round_id}/applications", headers=h["owner"], expect=201,
                      body={"enterprise_id": ent, "project": "p1"}, round_id=round_id)["id"]
    action = "/api/v1/applications/{app_id}/actions/{action}"
    api.call("POST", action, headers=h["owner"], body={}, app_id=app_id, action="submit", record=False)
    api.call("POST", action, headers=h["dongguan"], body={}, app_id=app_id, action="accept", record=False)
    for name, data in (("complete", {"passed": True, "note": "完工评价通过"}), ("score", {"score": 86}),
                       ("site_check", {"record": "现场审查：设备已安装投产"}),
                       ("enter_library", {"rank": 1, "minutes": "局党组会议纪要"})):
        api.call("POST", action, headers=h["dongguan"], body=data, app_id=app_id, action=name)
    api.call("GET", "/api/v1/rounds/{round_id}/applications", headers=h["dongguan"], round_id=round_id)
    api.call("GET", "/api/v1/applications/{app_id}", headers=h["dongguan"], app_id=app_id)
    api.call("POST", "/api/v1/rounds/{round_id}/allocate", headers=h["province"],
             body={"as_of": dt.date.today().isoformat()}, round_id=round_id)
    api.call("GET", "/api/v1/rounds/{round_id}/export/{kind}", headers=h["province"], round_id=round_id,
             kind="library")
    api.call("GET", "/api/v1/rounds/{round_id}/dashboard", headers=h["dongguan"], round_id=round_id)


def _bans(api: Recorder, h: dict[str, dict[str, str]], ent: int) -> None:
    body = {"reason": "拒不配合绩效评价", "reminded_on": "2025-01-02", "rectify_by": "2025-02-28"}
    ban = api.call("POST", "/api/v1/enterprises/{enterprise_id}/bans", headers=h["dongguan"], body=body,
                   expect=201, enterprise_id=ent)["id"]
    api.call("GET", "/api/v1/enterprises/{enterprise_id}/bans", headers=h["owner"], enterprise_id=ent)
    api.call("POST", "/api/v1/bans/{ban_id}/rectified", headers=h["dongguan"], body={"rectified_on": "2025-02-20"},
             ban_id=ban)


def _matches(api: Recorder, h: dict[str, dict[str, str]], state: Any) -> None:
    from huiqi.service import jobs

    match = api.call("POST", "/api/v1/matches", headers=h["dongguan"], expect=202,
                     body={"program": "tech-upgrade-equipment-reward", "as_of": AS_OF})["id"]
    jobs.run_pending(state)
    api.call("GET", "/api/v1/matches", headers=h["dongguan"])
    api.call("GET", "/api/v1/matches/{match_id}", headers=h["dongguan"], match_id=match)
    api.call("GET", "/api/v1/matches/{match_id}/enterprises", headers=h["dongguan"], query={"notified": "true"},
             match_id=match)
    notices = api.call("GET", "/api/v1/notices", headers=h["owner"])["items"]
    api.call("POST", "/api/v1/notices/{notice_id}/read", headers=h["owner"], notice_id=notices[0]["id"])


def walk() -> dict[str, dict[str, Any]]:
    """Every endpoint once, in a scratch database: the recorded examples by ``"METHOD /path/template"``."""
    from fastapi.testclient import TestClient

    from huiqi.service.app import create_app
    from huiqi.service.settings import Settings

    with tempfile.TemporaryDirectory(prefix="huiqi-tour-") as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'tour.db'}", secret_key="tour",  # type: ignore[arg-type]
                            inprocess_worker=False)
        app = create_app(settings)
        state = app.state.huiqi
        try:
            with TestClient(app, client=CLIENT_ADDRESS) as client:
                api = Recorder(client)
                _open_endpoints(api)
                people = _people(api, state)
                ent = _enterprises(api, people)
                _screenings(api, people, state)
                _rounds(api, people, ent)
                _bans(api, people, ent)
                _matches(api, people, state)
                api.call("GET", "/api/v1/audit", headers=people["admin"], query={"limit": 3})
        finally:
            state.engine.dispose()
    return dict(sorted(api.examples.items()))


def stored() -> dict[str, dict[str, Any]]:
    """The examples kept beside this module (empty if there are none)."""
    if not EXAMPLES_FILE.exists():
        return {}
    examples: dict[str, dict[str, Any]] = json.loads(EXAMPLES_FILE.read_text("utf-8"))
    return examples


def main() -> None:
    examples = walk()
    EXAMPLES_FILE.write_text(json.dumps(examples, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(examples)} operations → {EXAMPLES_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
