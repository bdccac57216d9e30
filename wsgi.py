"""WSGI entry point: `gunicorn wsgi:app` (gunicorn.conf.py beside it sets the workers; run
the scheduler separately: `navigator scheduler`). Like `navigator serve`, it readies the
database first (migrations, the embedded directory on an empty one): create_app does not."""

from navigator import create_app
from navigator.runtime import initialise, warm_caches

app = create_app()
initialise(app.config)  # once, before gunicorn forks (preload_app)
warm_caches()  # before gunicorn forks (preload_app): no cold first request in any worker
