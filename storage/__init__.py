"""Persistence: SQLAlchemy 2 async models, repositories and alembic migrations. The only place with SQL."""
