"""The entry point of `python -m auditor` and of the `auditor` command."""

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
    return main()


if __name__ == "__main__":
    sys.exit(run())
