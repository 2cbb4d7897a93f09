"""write: safe names, atomic replacement, nothing left behind."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from advocate import write
from advocate.errors import AdvocateError
from advocate.write import ensure_folder, safe_name, write_atomic
from disks import full_disk, read_only_disk


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/x", "etc-x"),
        ("/absolute/path", "absolute-path"),
        ("Smith & Sons <Ltd>", "Smith-Sons-Ltd"),
        ("..", "document"),
        ("ئۇيغۇر 新疆", "ئۇيغۇر-新疆"),
    ],
)
def test_safe_name_never_leaves_the_folder(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


@pytest.mark.parametrize("name", ["..", ".", "", "///", "-.-", "\u00e9" * 500, "e\u0301" * 500, "x" * 300])
def test_a_documents_files_keep_their_extension_and_never_collide(tmp_path: Path, name: str) -> None:
    docx, pdf = safe_name(f"{name}.docx"), safe_name(f"{name}.pdf")
    assert (docx[:-5], docx[-5:], pdf[-4:]) == (pdf[:-4], ".docx", ".pdf")
    assert len(docx) <= write.MAX_NAME_CHARS and len(docx.encode("utf-8")) <= write.MAX_NAME_BYTES
    written = {write_atomic(tmp_path, f"{name}.{fmt}", fmt.encode()) for fmt in ("docx", "pdf")}
    assert sorted(path.read_bytes() for path in written) == [b"docx", b"pdf"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("...docx", "document.docx"),
        ("..pdf", "document.pdf"),
        ("\u00e9" * 500 + ".pdf", "\u00e9" * 95 + ".pdf"),
        ("a" * 300 + ".docx", "a" * 110 + ".docx"),
        ("report.v2.docx", "report.v2.docx"),
    ],
)
def test_the_extension_is_kept_and_the_rest_cut_to_leave_it_room(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


def test_write_atomic_stays_inside_the_output_folder(tmp_path: Path) -> None:
    written = write_atomic(tmp_path, "../../etc/x", b"data")
    assert written.parent == tmp_path
    assert written.read_bytes() == b"data"


def test_interrupted_write_keeps_previous_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_atomic(tmp_path, "letter.pdf", b"old")

    def crash(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path, "letter.pdf", b"new")
    assert (tmp_path / "letter.pdf").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]


_KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from advocate import write

def hang(descriptor):
    print("writing", flush=True)  # the temporary file holds part of the data now
    time.sleep(60)

write.os.fsync = hang
write.write_atomic(Path(sys.argv[1]), "letter.pdf", b"new" * 100_000)
"""


def test_13_process_killed_mid_write_keeps_previous_file_and_next_write_clears_its_temporary(
    tmp_path: Path,
) -> None:
    """#13: SIGKILL during a write leaves the previous file intact; a killed process cannot tidy up,
    so the next write into the folder removes the temporary file it left."""
    write_atomic(tmp_path, "letter.pdf", b"old")
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "writing\n"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert (tmp_path / "letter.pdf").read_bytes() == b"old"
    (left,) = (p for p in tmp_path.iterdir() if p.name.endswith(".part"))
    assert left.name.startswith(".letter.pdf.")
    next_run = "import sys; from pathlib import Path; from advocate.write import write_atomic as w; "
    subprocess.run(
        [sys.executable, "-c", next_run + "w(Path(sys.argv[1]), 'other.docx', b'x')", str(tmp_path)],
        check=True,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf", "other.docx"]


def test_temporaries_of_running_processes_and_other_hosts_are_left_alone(tmp_path: Path) -> None:
    """Workers of one run write into one folder at once: only a dead process's files are removed."""
    mine = tmp_path / f".a.pdf.{write.host_tag()}-{os.getpid()}.abc123.part"
    elsewhere = tmp_path / ".a.pdf.otherhost-1.abc123.part"
    dead = tmp_path / f".a.pdf.{write.host_tag()}-{2**22 + 1}.abc123.part"  # above Linux's pid_max default
    for path in (mine, elsewhere, dead):
        path.write_bytes(b"")
    assert write.sweep_temporaries(tmp_path) == [dead]
    assert write.sweep_temporaries(tmp_path) == []  # once per folder and process
    assert mine.exists() and elsewhere.exists()


@pytest.mark.parametrize("name", ["新" * 200, "ئ" * 200, "a" * 300, "😀" * 100])
def test_long_names_fit_the_file_system(tmp_path: Path, name: str) -> None:
    """A 200-character name in a script of 3 or 4 bytes a character (found by the property tests)."""
    assert len(safe_name(name).encode("utf-8")) <= write.MAX_NAME_BYTES
    assert write_atomic(tmp_path, f"0002-{name}.docx", b"x").read_bytes() == b"x"


# Issue 14, point 4: a disk that fails is a message naming the path and what to do.

NO_SPACE = "no space left on device (free some space on that disk, or choose a folder on another disk)"
READ_ONLY = "read-only file system (the disk is read-only: choose a folder on a writable disk)"


def test_a_full_disk_is_a_message_and_the_previous_file_stays_whole(tmp_path: Path) -> None:
    with full_disk(tmp_path / "disk", keep={"letter.pdf": b"old"}) as disk:
        with pytest.raises(AdvocateError) as raised:
            write_atomic(disk, "letter.pdf", b"new" * 100_000)
        assert str(raised.value) == f"{disk / 'letter.pdf'}: could not write the file: {NO_SPACE}"
        assert (disk / "letter.pdf").read_bytes() == b"old"
        assert sorted(p.name for p in disk.iterdir()) == [".filler", "letter.pdf"]


def test_a_partial_file_that_cannot_be_removed_is_named_after_the_first_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def stuck(path: Path, missing_ok: bool = False) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(os, "fsync", full)
    monkeypatch.setattr(Path, "unlink", stuck)
    with pytest.raises(AdvocateError) as raised:
        write_atomic(tmp_path, "letter.pdf", b"new")
    (partial,) = tmp_path.glob(".letter.pdf.*.part")
    assert str(raised.value) == (
        f"{tmp_path / 'letter.pdf'}: could not write the file: {NO_SPACE}; also could not remove the "
        f"partial file {partial}: permission denied"
    )


def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file")
    expected = (
        f"{tmp_path / 'out'}: expected a folder for the output, got a file (choose another folder, or "
        "move the file away)"
    )
    for folder in (tmp_path / "out", tmp_path / "out" / "letters" / "2024"):
        with pytest.raises(AdvocateError) as raised:
            write_atomic(folder, "letter.pdf", b"x")
        assert str(raised.value) == expected


def test_a_read_only_folder_is_a_message(tmp_path: Path) -> None:
    with read_only_disk(tmp_path / "disk") as disk:
        with pytest.raises(AdvocateError) as raised:
            write_atomic(disk, "letter.pdf", b"x")
        assert str(raised.value) == f"{disk / 'letter.pdf'}: could not write the file: {READ_ONLY}"
        with pytest.raises(AdvocateError) as raised:
            ensure_folder(disk / "out")
        assert str(raised.value) == f"{disk / 'out'}: could not make the folder: {READ_ONLY}"
