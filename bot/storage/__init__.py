"""Persistence: SQLAlchemy models, Alembic migrations and the engine/session factory."""
