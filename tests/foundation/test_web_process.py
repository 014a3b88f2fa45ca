"""A web process with Redis only acknowledges: it never loads the handlers, the language layer or the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

from emulator import events
from tests import conftest

HEAVY = ("nlp", "pythainlp", "handlers.router", "bot.worker", "linebot.v3.messaging", "fakeredis",
         "matplotlib", "openpyxl", "PIL", "alembic", "registry")

SCRIPT = """
import json, sys
from bot.web.app import create_app
app = create_app()
body = sys.stdin.buffer.read()
response = app.test_client().post("/callback", data=body, headers={"X-Line-Signature": sys.argv[1]})
print(json.dumps({"status": response.status_code, "loaded": [m for m in sys.argv[2:] if m in sys.modules]}))
"""


def test_a_web_process_acknowledges_without_loading_what_only_workers_need(database_url, redis_namespace):
    environ = conftest.test_environ(database_url, conftest.REDIS_URL, LOGBOOK_REDIS_NAMESPACE=redis_namespace)
    body = events.webhook_body("U" + "0" * 32, [events.text(events.user_source("U" + "b" * 32), "สถานะ")])
    signature = events.sign(environ["LINE_CHANNEL_SECRET"], body)
    finished = subprocess.run(
        [sys.executable, "-c", SCRIPT, signature, *HEAVY],
        input=body, capture_output=True, env={**environ, "PYTHAINLP_OFFLINE": "1"}, timeout=60, check=True,
    )
    outcome = json.loads(finished.stdout.decode().strip().splitlines()[-1])
    assert outcome == {"status": 200, "loaded": []}
