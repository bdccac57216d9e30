"""gunicorn settings, read by `gunicorn wsgi:app` from the repository root by itself.

Threads, not sync workers: a request waiting on SQLite's lock (at most
NAVIGATOR_WEBHOOK_BUSY_MS on the SMS webhook) then holds one thread, not a whole worker, so
one resident's wait never queues another's reply behind it. 2 processes x 32 threads on the
2-core machine; tests/test_webhook_fault.py measures 20 concurrent webhooks against a 30 s
write lock with exactly this file.
"""

preload_app = True  # wsgi.py loads the knowledge once; workers fork with it loaded
worker_class = "gthread"
workers = 2
threads = 32
timeout = 30  # well inside Twilio's 15 s is the app's job; this only reaps a stuck worker
graceful_timeout = 20
keepalive = 5
