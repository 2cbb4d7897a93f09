"""What the yamlfile tests share: a file written, problems as the lines they print."""

from __future__ import annotations

from pathlib import Path


def write(tmp_path: Path, text: str | bytes, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def messages(problems: list) -> list[str]:
    return [str(p) for p in problems]
