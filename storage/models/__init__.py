"""All models, imported so that ``Base.metadata`` knows every table (alembic autogenerate relies on it)."""

from storage.models import (
    agenda,
    attendance,
    circulation,
    deliverables,
    groups,
    guild,
    interactions,
    meetings,
    minutes,
    participation,
    polls,
    reach,
    reminders,
    templates,
    voice,
)
from storage.models.base import Base

__all__ = ["Base", "agenda", "attendance", "circulation", "deliverables", "groups", "guild", "interactions",
           "meetings", "minutes", "participation", "polls", "reach", "reminders", "templates",
           "voice"]
