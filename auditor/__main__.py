"""The entry point of `python -m auditor` and of the `auditor` command."""

import gc
import sys

from auditor.run.signals import as_interrupt, install_stop_handlers, interrupted_exit_code


def run() -> int:
    """Catch Ctrl-C and SIGTERM from the first line, then import and run the CLI."""
    # Before the heavy imports: Python's own SIGINT handler would raise KeyboardInterrupt inside
    # whatever runs, and a finaliser running then (regex's SetBase.__del__) drops it silently.
    install_stop_handlers()
    try:
        from auditor.cli import main
    except BaseException as exc:  # nothing was written yet
        interrupt = as_interrupt(exc)  # also when the import wrapped the signal's exception in its own
        if interrupt is None:
            raise
        print("auditor: interrupted", file=sys.stderr)
        return interrupted_exit_code(interrupt)
    code = main()
    # The process ends here: the interpreter's last collections would walk every table still
    # alive (a tenth of a one-article scan's CPU) only for the system to take the memory back.
    # Frozen, they are skipped. Exit handlers still run, and every report is closed by now.
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(run())
