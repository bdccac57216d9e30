"""The clinical risk management file as code: the content inventory, review status, the
hazard log, evaluation figures, the safety case evidence and post-go-live monitoring.

Plain Python (no Flask, SQLite or Twilio): the CLI, the staff pages and the tests call it.
docs/clinical-safety/ is the human side of the same file.
"""
