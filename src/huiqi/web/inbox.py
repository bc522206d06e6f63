"""消息 ``/notices``: what matches (免申即享) and deadline reminders told the user, newest first, with a
button to mark each as read; and 邮件提醒 ``/account/email``, the address notices are mailed to (an admin
may set another user's with ``?user=ID``). Who sees which notice is :mod:`huiqi.service.routes.notices`'s
rule: only the user it is addressed to."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from huiqi.batch.labels import label_of
from huiqi.service import policy
from huiqi.service.accounts import AccountError, set_email
from huiqi.service.deps import SessionDep, client_ip
from huiqi.service.models import User as UserRow
from huiqi.service.routes import notices as api
from huiqi.service.routes.matches import section_path
from huiqi.web.base import User, render
from huiqi.web.fmt import STATUS_ZH
from huiqi.web.session import CSRF_FIELD, check_csrf

router = APIRouter(include_in_schema=False)
KIND_ZH = {"match": "政策匹配", "deadline": "期限提醒"}


@router.get("/notices", response_class=HTMLResponse)
def inbox(request: Request, who: User, session: SessionDep) -> HTMLResponse:
    rows = api.mine(session, who, limit=200)
    user = session.get(UserRow, who.id)
    items = [{"notice": n, "missing": [{"path": m, "label": label_of(section_path(m))} for m in n.missing]}
             for n in rows]
    return render(request, "notices.html", {"items": items, "status_zh": STATUS_ZH, "kind_zh": KIND_ZH,
                                            "email": user.email if user else None,
                                            "unread_here": sum(1 for n in rows if n.read_at is None)})


@router.post("/notices/{notice_id}/read")
async def read(request: Request, notice_id: int, who: User, session: SessionDep) -> Response:
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    api.mark_read(request, session, who, notice_id)
    return RedirectResponse(f"/notices#notice-{notice_id}", status_code=303)


@router.post("/notices/read-all")
async def read_all(request: Request, who: User, session: SessionDep) -> Response:
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    for notice in api.mine(session, who):
        if notice.read_at is None:
            api.mark_read(request, session, who, notice.id)
    return RedirectResponse("/notices", status_code=303)


def _target(session: Session, who: policy.Principal, user_id: int | None) -> UserRow:
    """The user whose address is shown: oneself, or — for an admin — anyone (404 for others)."""
    target = session.get(UserRow, user_id if user_id is not None else who.id)
    if target is None or (target.id != who.id and not who.is_admin):
        raise HTTPException(404)
    return target


@router.get("/account/email", response_class=HTMLResponse)
def email_form(request: Request, who: User, session: SessionDep, user: int | None = None) -> HTMLResponse:
    return render(request, "account_email.html", {"target": _target(session, who, user), "error": None})


@router.post("/account/email", response_class=HTMLResponse)
async def email_save(request: Request, who: User, session: SessionDep, user: int | None = None) -> HTMLResponse:
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    target = _target(session, who, user)
    try:
        set_email(session, target, str(form.get("email") or ""), who, client_ip(request))
    except AccountError as exc:
        return render(request, "account_email.html", {"target": target, "error": str(exc).split(" ")[0],
                                                      "value": str(form.get("email") or "")}, 422)
    return render(request, "account_email.html", {"target": target, "error": None, "done": True})
