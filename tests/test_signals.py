"""Stop signals from the entry point on: none is lost, not even one that lands inside a finaliser."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from auditor.run import signals
from auditor.run.signals import Interrupted, check_interrupted, install_stop_handlers, stop_on_signals

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def restored_handlers() -> Iterator[None]:
    """Put pytest's own SIGINT and SIGTERM handlers back, and forget any recorded signal."""
    previous = {sig: signal.getsignal(sig) for sig in signals.STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        signals._RECEIVED.clear()


class SignalledInFinaliser:
    """An object whose finaliser receives SIGTERM, as regex's SetBase.__del__ did during an import."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        sum(range(1000))  # bytecodes after the signal: Python runs the handler in here


def test_a_signal_inside_a_finaliser_is_recorded_and_raised_by_the_next_check(restored_handlers: None) -> None:
    install_stop_handlers()
    seen: list[object] = []
    hook, sys.unraisablehook = sys.unraisablehook, seen.append  # what Python does with a finaliser's exception
    try:
        SignalledInFinaliser()  # collected at once: the finaliser runs here
    finally:
        sys.unraisablehook = hook
    assert seen == []  # nothing raised, so nothing printed as "Exception ignored in …"
    assert signals._RECEIVED == [signal.SIGTERM]
    with pytest.raises(Interrupted) as raised:
        check_interrupted()
    assert raised.value.signum == signal.SIGTERM


def test_a_signal_recorded_before_the_cli_starts_stops_it_on_entry(restored_handlers: None) -> None:
    install_stop_handlers()
    SignalledInFinaliser()
    with pytest.raises(Interrupted) as raised, stop_on_signals():
        pytest.fail("the block must not run")
    assert raised.value.signum == signal.SIGTERM
    assert signals._RECEIVED == []  # the block's end forgets it: a later in-process main() starts clean


def test_a_signal_outside_a_finaliser_raises_at_once(restored_handlers: None) -> None:
    install_stop_handlers()
    with pytest.raises(Interrupted) as raised:
        os.kill(os.getpid(), signal.SIGINT)
        sum(range(1000))
    assert raised.value.signum == signal.SIGINT


def test_the_entry_point_stops_with_130_when_ctrl_c_lands_inside_a_finaliser_during_imports(tmp_path: Path) -> None:
    """The CI failure: SIGINT 0.08 s after start, dropped by a __del__ during the imports, and the run finished with 0."""
    script = (
        "import os, signal, sys\n"
        "from auditor.__main__ import run\n"
        "import auditor.cli as cli\n"
        "real = cli.main\n"
        "class Finaliser:\n"
        "    def __del__(self):\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "        sum(range(1000))\n"
        "def main(argv=None):\n"  # the signal lands in a finaliser after the handlers are in, before main()
        "    Finaliser()\n"
        "    return real(argv)\n"
        "cli.main = main\n"
        f"sys.argv = ['auditor', 'scan', {str(ROOT / 'samples')!r}, '--out', {str(tmp_path / 'out')!r}, '--fail-on', 'never']\n"
        "sys.exit(run())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert (done.returncode, done.stderr.decode()) == (130, "auditor: interrupted\n")
    assert not (tmp_path / "out").exists()


def test_a_stop_signal_inside_the_yaml_import_stays_an_interrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trial 8 (seed 7): SIGTERM during `import yaml` exited 8, 'partially initialized module yaml',
    because an `except` clause imported yaml again while the interrupt propagated."""
    from auditor.ruleset import loader

    calls: list[int] = []

    def cut_import() -> object:
        calls.append(1)
        if len(calls) == 1:
            raise Interrupted(signal.SIGTERM)  # the signal lands inside the first import
        raise AttributeError("partially initialized module 'yaml' has no attribute 'error'")  # any later import

    monkeypatch.setattr(loader, "_yaml", cut_import)
    with pytest.raises(Interrupted):
        loader.parse_file("rules: []\n", "x.yaml")



def wrapped_interrupt(signum: int) -> RuntimeError:
    """What Python 3.11 makes of a stop signal landing in a class body's `__set_name__` (a dataclass
    defined while a module is imported): the handler's `Interrupted` inside a RuntimeError."""
    try:
        os.kill(os.getpid(), signum)
        sum(range(1000))  # bytecodes after the signal: Python runs the handler in here
    except KeyboardInterrupt as exc:
        wrapper = RuntimeError("Error calling __set_name__ on 'Field' instance 'severity' in 'SourceTotal'")
        wrapper.__cause__ = exc
        return wrapper
    raise AssertionError("the signal was not delivered")


def test_ctrl_c_wrapped_while_the_parser_is_built_exits_130(
    restored_handlers: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Trial 10 (seed 20261216): Ctrl-C 0.1 s after start, inside the import of a command module, exited 1 with a traceback."""
    from auditor import cli

    def build_parser(config: object) -> None:
        raise wrapped_interrupt(signal.SIGINT)

    monkeypatch.setattr(cli, "build_parser", build_parser)
    assert cli.main(["scan", str(ROOT / "samples")]) == 130
    assert capsys.readouterr().err == "auditor: interrupted\n"
    assert signals._RECEIVED == []


def test_sigterm_wrapped_inside_a_command_is_no_internal_error(
    restored_handlers: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A command whose code turns the signal's exception into another one exits 143, not 8 as a bug."""
    from auditor import cli
    from auditor.commands import check

    def run(args: object) -> int:
        raise wrapped_interrupt(signal.SIGTERM)

    monkeypatch.setattr(check, "run", run)
    assert cli.main(["check", str(ROOT / "samples" / "002_4a125278bd414464.txt")]) == 143
    assert capsys.readouterr().err == "auditor: interrupted\n"


def test_a_scan_whose_interrupt_was_wrapped_removes_its_unfinished_reports(
    restored_handlers: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from auditor import cli
    from auditor.commands import scan

    def run_batch(*args: object, **kwargs: object) -> None:
        raise wrapped_interrupt(signal.SIGINT)

    monkeypatch.setattr(scan, "run_batch", run_batch)
    assert cli.main(["scan", str(ROOT / "samples"), "--out", str(tmp_path), "--run-id", "r", "-q"]) == 130
    assert capsys.readouterr().err == "auditor: interrupted; finished documents are kept, unfinished reports removed\n"
    assert [p for p in (tmp_path / "r").rglob("*") if not p.is_dir()] == []  # no report, no temporary file



def test_any_exception_leaving_the_block_after_a_stop_signal_is_that_interrupt(restored_handlers: None) -> None:
    """The interrupt is raised from what it became, so the traceback of the wrapper is kept for a reader."""
    install_stop_handlers()
    with pytest.raises(Interrupted) as raised, stop_on_signals():
        raise wrapped_interrupt(signal.SIGTERM)
    assert raised.value.signum == signal.SIGTERM
    assert isinstance(raised.value.__cause__, RuntimeError)
    assert signals._RECEIVED == []


def test_the_entry_point_stops_with_130_when_the_cli_import_wraps_ctrl_c(tmp_path: Path) -> None:
    script = (
        "import builtins, os, signal, sys\n"
        "from auditor.__main__ import run\n"
        "real = builtins.__import__\n"
        "def importing(name, *args, **kwargs):\n"
        "    if name == 'auditor.cli':\n"  # Ctrl-C lands while the CLI's modules are imported, and the import wraps it
        "        try:\n"
        "            os.kill(os.getpid(), signal.SIGINT)\n"
        "            sum(range(1000))\n"
        "        except KeyboardInterrupt as exc:\n"
        "            raise RuntimeError('Error calling __set_name__') from exc\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = importing\n"
        f"sys.argv = ['auditor', 'scan', {str(ROOT / 'samples')!r}, '--out', {str(tmp_path / 'out')!r}]\n"
        "sys.exit(run())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert (done.returncode, done.stderr.decode()) == (130, "auditor: interrupted\n")
    assert not (tmp_path / "out").exists()
