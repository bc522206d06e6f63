"""Fund rounds, their budgets, applications with their events, and funding bans (issue 10).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from huiqi.service.db import JSONType, UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(14, 2)


def upgrade() -> None:
    op.create_table(
        "fund_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("notice_ref", sa.String(200), nullable=True),
        sa.Column("notice_date", sa.Date(), nullable=True),
        sa.Column("applications_close", sa.Date(), nullable=True),
        sa.Column("config_deadline", sa.Date(), nullable=True),
        sa.Column("report_deadline", sa.Date(), nullable=True),
        sa.Column("project_cap_wan", MONEY, nullable=True),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("allocation", JSONType, nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_fund_rounds_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_rounds")),
    )
    op.create_table(
        "round_budgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("group", sa.String(50), nullable=False),
        sa.Column("budget_wan", MONEY, nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["fund_rounds.id"], name=op.f("fk_round_budgets_round_id_fund_rounds")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_budgets")),
        sa.UniqueConstraint("round_id", "group", name=op.f("uq_round_budgets_round_id")),
    )
    op.create_index(op.f("ix_round_budgets_round_id"), "round_budgets", ["round_id"])
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("project", sa.String(100), nullable=False),
        sa.Column("title", sa.String(300), nullable=True),
        sa.Column("direction", sa.String(50), nullable=True),
        sa.Column("city", sa.String(50), nullable=True),
        sa.Column("county", sa.String(100), nullable=True),
        sa.Column("amount_wan", MONEY, nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("allocated_wan", MONEY, nullable=True),
        sa.Column("publicity_start", sa.Date(), nullable=True),
        sa.Column("publicity_end", sa.Date(), nullable=True),
        sa.Column("rating", sa.String(10), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("review", JSONType, nullable=False),
        sa.Column("flags", JSONType, nullable=False),
        sa.Column("submitted_version", sa.Integer(), nullable=True),
        sa.Column("eligibility_submitted", JSONType, nullable=True),
        sa.Column("reviewed_version", sa.Integer(), nullable=True),
        sa.Column("eligibility_reviewed", JSONType, nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_applications_created_by_users")),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"],
                                name=op.f("fk_applications_enterprise_id_enterprises")),
        sa.ForeignKeyConstraint(["round_id"], ["fund_rounds.id"], name=op.f("fk_applications_round_id_fund_rounds")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
    )
    op.create_index(op.f("ix_applications_enterprise_id"), "applications", ["enterprise_id"])
    op.create_index(op.f("ix_applications_city"), "applications", ["city"])
    op.create_index("ix_applications_round_state", "applications", ["round_id", "state"])
    op.create_table(
        "application_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(150), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("from_state", sa.String(20), nullable=True),
        sa.Column("to_state", sa.String(20), nullable=False),
        sa.Column("clauses", JSONType, nullable=False),
        sa.Column("detail", JSONType, nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_application_events_actor_id_users")),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"],
                                name=op.f("fk_application_events_application_id_applications")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_events")),
    )
    op.create_index(op.f("ix_application_events_application_id"), "application_events", ["application_id"])
    op.create_table(
        "funding_bans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reminded_on", sa.Date(), nullable=False),
        sa.Column("rectify_by", sa.Date(), nullable=False),
        sa.Column("rectified_on", sa.Date(), nullable=True),
        sa.Column("lifted", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_funding_bans_created_by_users")),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"],
                                name=op.f("fk_funding_bans_enterprise_id_enterprises")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_bans")),
    )
    op.create_index(op.f("ix_funding_bans_enterprise_id"), "funding_bans", ["enterprise_id"])


def downgrade() -> None:
    op.drop_table("funding_bans")
    op.drop_table("application_events")
    op.drop_table("applications")
    op.drop_table("round_budgets")
    op.drop_table("fund_rounds")
