"""WSGI entry point: `gunicorn wsgi:app` (gunicorn.conf.py beside it sets the workers; run
the scheduler separately: `navigator scheduler`)."""

from navigator import create_app
from navigator.runtime import warm_caches

app = create_app()
warm_caches()  # before gunicorn forks (preload_app): no cold first request in any worker
