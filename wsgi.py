"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from bot.config import SettingsError
from bot.web.app import create_app

try:
    app = create_app()
except SettingsError as error:  # one line naming the variable, not a traceback
    raise SystemExit(f"configuration error: {error}") from None
