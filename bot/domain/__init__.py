"""Pure logic: plain dataclasses and functions, no I/O, `now` passed in, aware datetimes only."""
