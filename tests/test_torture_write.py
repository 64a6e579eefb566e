"""`check --write` on hostile files: links, other owners, concurrent edits, private modes, read-only folders (issue #16 item 8).

Each case either fixes the right file and keeps what the file was (link, owner, mode), or
leaves it untouched with a message on stderr and exit code 4; the other files of the same
command are still fixed and reported.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from surfaces import FIXED, run_cli

import auditor.commands.check as check_cmd
import auditor.fixes as fixes

BROKEN = "Hier, le service StarLink a parlé.\n"
FIXED_TEXT = "Hier, le service Starlink a parlé.\n"


@pytest.fixture()
def other(tmp_path: Path) -> Path:
    """A second file in the same command, which must be fixed whatever happens to the first."""
    path = tmp_path / "other.txt"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_symlink_is_written_through(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The link stays a link; its target gets the fix."""
    real = tmp_path / "real.txt"
    real.write_text(BROKEN, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    code, _, err = run_cli(capsys, "check", str(link), "--write", *FIXED)
    assert (code, err) == (0, f"{link}: applied 1 safe fix\n")
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert real.read_text(encoding="utf-8") == FIXED_TEXT


def test_hard_links_stay_linked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file with another hard link is rewritten in place: both names see the fix, one inode."""
    first = tmp_path / "a.txt"
    first.write_text(BROKEN, encoding="utf-8")
    second = tmp_path / "b.txt"
    os.link(first, second)
    inode = first.stat().st_ino
    code, _, _ = run_cli(capsys, "check", str(first), "--write", *FIXED)
    assert code == 0
    assert first.stat().st_ino == second.stat().st_ino == inode
    assert second.read_text(encoding="utf-8") == FIXED_TEXT


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_other_owner_is_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file owned by another user keeps its owner, group and mode (rewritten in place)."""
    path = tmp_path / "theirs.txt"
    path.write_text(BROKEN, encoding="utf-8")
    os.chown(path, 4321, 4321)
    os.chmod(path, 0o640)
    code, _, _ = run_cli(capsys, "check", str(path), "--write", *FIXED)
    st = path.stat()
    assert (code, st.st_uid, st.st_gid, st.st_mode & 0o777) == (0, 4321, 4321, 0o640)
    assert path.read_text(encoding="utf-8") == FIXED_TEXT


def test_edit_made_while_checking_is_not_lost(tmp_path: Path, other: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A file edited after it was read and before the fix is written is left as the editor saved it: message, exit 8."""
    path = tmp_path / "draft.txt"
    path.write_text(BROKEN, encoding="utf-8")
    audit = check_cmd.audit_text
    edited = "Hier, le service StarLink a parlé. Ajout de la rédaction.\n"

    def audit_then_edit(text: str, *args: object, **kwargs: object) -> object:
        result = audit(text, *args, **kwargs)
        if text == BROKEN and path.read_text(encoding="utf-8") == BROKEN:
            path.write_text(edited, encoding="utf-8")  # the editor saves meanwhile
        return result

    monkeypatch.setattr(check_cmd, "audit_text", audit_then_edit)
    code, _, err = run_cli(capsys, "check", str(path), str(other), "--write", *FIXED)
    assert code == 8
    assert err.splitlines() == [f"auditor: {path}: changed since it was checked; file left unchanged", f"{other}: applied 1 safe fix"]
    assert path.read_text(encoding="utf-8") == edited
    assert other.read_text(encoding="utf-8") == FIXED_TEXT


def test_edit_racing_the_rename_is_not_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stat signature is compared again just before the rename."""
    path = tmp_path / "draft.txt"
    path.write_text(BROKEN, encoding="utf-8")
    replace = os.replace

    def edit_first(src: str, dst: str) -> None:
        raise AssertionError("renamed over an edited file")

    write = os.write

    def write_then_edit(fd: int, data: bytes) -> int:
        n = write(fd, data)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("Ajout.\n")
        return n

    monkeypatch.setattr(os, "write", write_then_edit)
    monkeypatch.setattr(os, "replace", edit_first)
    with pytest.raises(fixes.FixError, match="changed since it was checked"):
        fixes.write_fixed(path, FIXED_TEXT, "utf-8", original=BROKEN)
    monkeypatch.setattr(os, "replace", replace)
    assert path.read_text(encoding="utf-8") == BROKEN + "Ajout.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]  # no temporary file left


def test_private_file_is_never_readable_by_others(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A 0600 file's replacement is 0600 before it holds a byte and when it is renamed into place."""
    path = tmp_path / "secret.txt"
    path.write_text(BROKEN, encoding="utf-8")
    os.chmod(path, 0o600)
    seen: list[int] = []
    write, replace = os.write, os.replace

    def spy_write(fd: int, data: bytes) -> int:
        seen.append(os.fstat(fd).st_mode & 0o777)
        return write(fd, data)

    def spy_replace(src: str, dst: str) -> None:
        seen.append(os.stat(src).st_mode & 0o777)
        replace(src, dst)

    monkeypatch.setattr(os, "write", spy_write)
    monkeypatch.setattr(os, "replace", spy_replace)
    code, _, _ = run_cli(capsys, "check", str(path), "--write", *FIXED)
    assert code == 0
    assert seen and set(seen) == {0o600}
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text(encoding="utf-8") == FIXED_TEXT


def test_read_only_folder_is_a_message_and_exit_8(tmp_path: Path, other: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that refuses the temporary file gives one line and exit code 4, not a traceback; other files are fixed."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "a.txt"
    path.write_text(BROKEN, encoding="utf-8")
    os.chmod(folder, 0o555)
    if os.geteuid() == 0:  # root writes anywhere: make the folder refuse as it would refuse a user
        real_open = os.open

        def refuse(name: str, flags: int, mode: int = 0o777) -> int:
            if os.path.dirname(name) == str(folder) and flags & os.O_CREAT:
                raise PermissionError(13, "Permission denied", name)
            return real_open(name, flags, mode)

        monkeypatch.setattr(os, "open", refuse)
    try:
        code, _, err = run_cli(capsys, "check", str(path), str(other), "--write", *FIXED)
    finally:
        os.chmod(folder, 0o755)
    assert code == 8
    assert err.splitlines() == [f"auditor: {path}: cannot write: Permission denied; file left unchanged", f"{other}: applied 1 safe fix"]
    assert path.read_text(encoding="utf-8") == BROKEN
    assert other.read_text(encoding="utf-8") == FIXED_TEXT
