"""docs/deploy/: the Compose file and the Kubernetes manifests parse, and agree with the bot's settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.config import load_settings
from tests.conftest import TEST_DATA_KEY

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy"
README = DEPLOY.parents[1] / "README.md"


def _documents(path: Path) -> list[dict[str, Any]]:
    return [document for document in yaml.safe_load_all(path.read_text(encoding="utf-8")) if document]


def _manifests() -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for path in sorted((DEPLOY / "kubernetes").glob("*.yaml")):
        for document in _documents(path):
            found[(document["kind"], document["metadata"]["name"])] = document
    return found


def test_the_compose_file_runs_every_process_and_service_once() -> None:
    (compose,) = _documents(DEPLOY / "compose.yaml")
    services = compose["services"]
    processes = {"web", "worker", "clock", "migrate"}
    assert processes | {"postgres", "pgbouncer", "redis", "redis-replica", "sentinel"} <= set(services)
    assert "deploy" not in services["clock"], "one clock"
    assert services["pgbouncer"]["environment"]["POOL_MODE"] == "transaction"
    assert services["worker"]["environment"]["DATABASE_POOLER"] == "pgbouncer"


def test_kubernetes_runs_one_clock_and_scales_workers_on_the_rq_queue() -> None:
    manifests = _manifests()
    clock = manifests[("Deployment", "logbook-clock")]["spec"]
    assert clock["replicas"] == 1 and clock["strategy"]["type"] == "Recreate"
    (trigger,) = manifests[("ScaledObject", "logbook-worker")]["spec"]["triggers"]
    config = manifests[("ConfigMap", "logbook-config")]["data"]
    assert trigger["type"] == "redis-sentinel"
    assert trigger["metadata"]["addresses"] == config["REDIS_SENTINELS"]
    assert trigger["metadata"]["sentinelMaster"] == config["REDIS_SENTINEL_MASTER"]
    settings = load_settings({**config, "LOGBOOK_DATA_KEY": TEST_DATA_KEY, "LINE_CHANNEL_SECRET": "s",
                              "LINE_CHANNEL_ACCESS_TOKEN": "t", "DATABASE_URL": "postgresql://db/logbook"})
    assert trigger["metadata"]["listName"] == f"rq:queue:{settings.events_queue}"
    for name in ("logbook-web", "logbook-worker", "logbook-clock"):
        (container,) = manifests[("Deployment", name)]["spec"]["template"]["spec"]["containers"]
        assert {"configMapRef": {"name": "logbook-config"}} in container["envFrom"]
        assert {"secretRef": {"name": "logbook-keys"}} in container["envFrom"]


def test_every_variable_the_deployment_sets_is_a_documented_setting() -> None:
    documented = set(re.findall(r"^\| `([A-Z_]+)`", README.read_text(encoding="utf-8"), re.MULTILINE))
    documented |= {"PYTHAINLP_OFFLINE", "PYTHAINLP_READ_ONLY", "WEB_CONCURRENCY"}
    manifests = _manifests()
    variables = set(manifests[("ConfigMap", "logbook-config")]["data"])
    variables |= set(manifests[("Secret", "logbook-keys")]["stringData"])
    (compose,) = _documents(DEPLOY / "compose.yaml")
    variables |= set(compose["services"]["web"]["environment"])
    assert variables - documented == set()
