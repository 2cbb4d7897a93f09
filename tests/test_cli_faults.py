"""Issue 14, point 4: a disk or folder that fails is a message, never a traceback, through the CLI as
a user runs it (a process of its own, so that a traceback would show on its stderr)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advocate.build import default_briefs  # noqa: F401  (loads the module the test patches)
from advocate.cli import main
from disks import full_disk, read_only_disk

REPO = Path(__file__).resolve().parents[1]
BRIEF = REPO / "briefs" / "constituent-letter.yaml"
NO_SPACE = "no space left on device (free some space on that disk, or choose a folder on another disk)"
READ_ONLY = "read-only file system (the disk is read-only: choose a folder on a writable disk)"
A_FILE = "got a file (choose another folder, or move the file away)"


def advocate(*args: str | Path) -> tuple[int, str]:
    """Run ``advocate ARGS`` from the repository; its exit status and the last line of its stderr
    (asserting no traceback anywhere in it)."""
    done = subprocess.run(
        [sys.executable, "-m", "advocate.cli", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    return done.returncode, lines[-1] if lines else ""


def test_build_onto_a_full_disk_names_the_file(tmp_path: Path) -> None:
    with full_disk(tmp_path / "disk") as disk:
        status, message = advocate("build", BRIEF, "--format", "docx", "--out", disk)
        assert (status, message) == (
            1,
            f"{disk / 'constituent-letter.docx'}: could not write the file: {NO_SPACE}",
        )
        assert sorted(p.name for p in disk.iterdir()) == [".filler"]


def test_build_into_a_file_or_a_read_only_folder_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("a file")
    expected = f"{out}: expected a folder for the output, {A_FILE}"
    assert advocate("build", BRIEF, "--format", "docx", "--out", out) == (1, expected)
    assert advocate("build", BRIEF, "--format", "docx", "--out", out / "sub") == (1, expected)
    with read_only_disk(tmp_path / "disk") as disk:
        assert advocate("build", BRIEF, "--format", "docx", "--out", disk / "sub") == (
            1,
            f"{disk / 'sub'}: could not make the folder: {READ_ONLY}",
        )
        assert advocate("build", BRIEF, "--format", "docx", "--out", disk) == (
            1,
            f"{disk / 'constituent-letter.docx'}: could not write the file: {READ_ONLY}",
        )


def test_letters_into_a_file_says_so_before_making_any(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("a file")
    people = REPO / "briefs" / "people.csv"
    assert advocate("letters", BRIEF, "--people", people, "--out", out, "--format", "docx") == (
        1,
        f"{out}: expected a folder for the output, {A_FILE}",
    )


def test_serve_with_a_data_folder_that_is_a_file_or_read_only_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.write_text("a file")
    assert advocate("serve", "--data", data, "--port", "1") == (
        1,
        f"{data}: expected a folder for the web app's data (--data), {A_FILE}",
    )
    with read_only_disk(tmp_path / "disk") as disk:
        assert advocate("serve", "--data", disk, "--port", "1") == (
            1,
            f"{disk / 'secret.key'}: could not write the signing key: {READ_ONLY}",
        )


def test_any_other_os_error_is_a_plain_message_at_the_top(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last resort: an ``OSError`` no write foresaw still reaches the user as one line."""

    def failing(*_: object, **__: object) -> list[Path]:
        raise OSError(errno.EIO, os.strerror(errno.EIO), "/dev/broken")

    monkeypatch.setattr(sys.modules["advocate.build"], "build", failing)
    assert main(["build", str(BRIEF)]) == 1
    assert capsys.readouterr().err == "/dev/broken: could not finish: input/output error\n"
