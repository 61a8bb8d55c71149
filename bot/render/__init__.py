"""Pure rendering: strings, PNG, CSV, ICS and Markdown built from domain objects (no discord, no I/O)."""
