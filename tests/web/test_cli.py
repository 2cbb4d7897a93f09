"""``advocate serve``: a thin command over ``advocate.web.serve``."""

from __future__ import annotations

from pathlib import Path

import pytest

import advocate.web
from advocate.cli import main
from advocate.web import Settings


def test_serve_passes_its_options_to_the_library_call(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Settings, str, int]] = []
    monkeypatch.setattr(advocate.web, "serve", lambda s, host, port: calls.append((s, host, port)))
    argv = [
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        "8080",
        "--data",
        "d",
        "--library",
        "lib",
        "--briefs",
        "b",
        "--workers",
        "3",
        "--queue",
        "0",
    ]
    assert main(argv) == 0
    settings, host, port = calls[0]
    assert (host, port) == ("0.0.0.0", 8080)
    assert (settings.data_dir, settings.library_dir, settings.briefs_dir) == (
        Path("d"),
        Path("lib"),
        Path("b"),
    )
    assert (settings.workers, settings.queue) == (3, 0)


def test_workers_default_to_one_per_core_and_need_at_least_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[Settings] = []
    monkeypatch.setattr(advocate.web, "serve", lambda s, host, port: calls.append(s))
    assert main(["serve"]) == 0
    assert (calls[0].workers, calls[0].queue) == (None, 8)
    with pytest.raises(SystemExit):
        main(["serve", "--workers", "0"])
    assert "expected a whole number of at least 1, got '0'" in capsys.readouterr().err


def test_a_bad_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--port", "http"])
    assert exited.value.code == 2
    assert "expected a port number from 1 to 65535, got 'http'" in capsys.readouterr().err
