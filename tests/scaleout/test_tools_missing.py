"""Without Debian's redis-sentinel or pgbouncer the scale-out test is skipped with the reason, and under
CI=true it fails instead: CI must not pass by skipping it."""

from __future__ import annotations

import pytest

from tests.scaleout import conftest, servers


def test_a_missing_binary_skips_with_its_name_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(servers, "TOOLS", ("redis-server", "no-such-sentinel"))
    monkeypatch.setattr(conftest, "on_postgres", True)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-sentinel not installed"):
        conftest._require_tools()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        conftest._require_tools()
