"""WSGI entry point: `gunicorn -w 2 wsgi:app` (run the scheduler separately: `navigator scheduler`)."""

from navigator import create_app

app = create_app()
