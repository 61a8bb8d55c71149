"""Agenda models (filled in by the agenda feature)."""
