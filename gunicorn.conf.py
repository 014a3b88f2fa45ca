"""gunicorn settings for the webhook server (override any of them with GUNICORN_CMD_ARGS)."""

import multiprocessing
import os
import sys

bind = os.environ.get("BIND", "0.0.0.0:" + os.environ.get("PORT", "8000"))
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
keepalive = 5
# No max_requests: a recycled worker stops serving for the second it takes to start again, a stall that
# a steady webhook load turns into seconds of backlog; nothing in the web process grows per request.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = "info"


def post_worker_init(worker: object) -> None:
    """The app's long-lived objects leave the garbage collector's view: its full passes stay short,
    instead of pausing a request for tens of milliseconds to walk every loaded module."""
    import gc

    gc.freeze()


def on_starting(server: object) -> None:
    """A bad or missing setting stops the master with one line naming the variable, before any worker
    is forked (a worker that fails to boot would only be restarted)."""
    from bot.config import SettingsError, load_settings

    try:
        load_settings()
    except SettingsError as error:
        sys.exit(f"configuration error: {error}")
