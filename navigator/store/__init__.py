"""The only code that runs SQL: each module takes a sqlite3 connection, returns core dataclasses."""
