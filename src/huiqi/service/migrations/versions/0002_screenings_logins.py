"""Screening jobs and login attempts (rate limiting).

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from huiqi.service.db import JSONType, UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(150), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index("ix_login_attempts_key", "login_attempts", ["username", "ip", "at"])
    op.create_table(
        "screening_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("input_format", sa.String(10), nullable=False),
        sa.Column("input_data", sa.LargeBinary(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=True),
        sa.Column("result_data", sa.LargeBinary(), nullable=True),
        sa.Column("summary", JSONType, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("worker", sa.String(200), nullable=True),
        sa.Column("heartbeat_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_screening_jobs_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_jobs")),
    )
    op.create_index(op.f("ix_screening_jobs_owner_id"), "screening_jobs", ["owner_id"])
    op.create_index("ix_screening_jobs_status", "screening_jobs", ["status", "id"])


def downgrade() -> None:
    op.drop_table("screening_jobs")
    op.drop_table("login_attempts")
