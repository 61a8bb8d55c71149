"""Polls models (filled in by the polls feature)."""
