"""python -m emulator: run the LINE Platform emulator on its own."""

from __future__ import annotations

import argparse

from werkzeug.serving import run_simple

from emulator.app import create_emulator
from emulator.config import EmulatorConfig


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--webhook-url", help="the bot's /callback (env EMULATOR_WEBHOOK_URL)")
    parser.add_argument("--channel-secret", help="env LINE_CHANNEL_SECRET")
    parser.add_argument("--access-token", help="env LINE_CHANNEL_ACCESS_TOKEN")
    parser.add_argument("--reply-token-ttl", type=float, help="seconds a reply token stays valid (60)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    config = EmulatorConfig.from_env(
        webhook_url=args.webhook_url,
        channel_secret=args.channel_secret,
        access_token=args.access_token,
        reply_token_ttl=args.reply_token_ttl,
    )
    app = create_emulator(config)
    print(f"LINE emulator on http://{args.host}:{args.port} → webhook {config.webhook_url or '(none yet)'}")
    print(f"Chat page: http://{args.host}:{args.port}/")
    run_simple(args.host, args.port, app, threaded=True)


if __name__ == "__main__":
    main()
