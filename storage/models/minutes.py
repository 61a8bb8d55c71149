"""Minutes models (filled in by the minutes feature)."""
