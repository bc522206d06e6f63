"""Alembic migrations of the service database, run programmatically by :mod:`huiqi.service.migrate`."""
