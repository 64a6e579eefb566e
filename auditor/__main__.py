"""The entry point of `python -m auditor` and of the `auditor` command."""

import sys

from auditor.run.signals import install_stop_handlers, interrupted_exit_code


def run() -> int:
    """Catch Ctrl-C and SIGTERM from the first line, then import and run the CLI."""
    # Before the heavy imports: Python's own SIGINT handler would raise KeyboardInterrupt inside
    # whatever runs, and a finaliser running then (regex's SetBase.__del__) drops it silently.
    install_stop_handlers()
    try:
        from auditor.cli import main
    except KeyboardInterrupt as exc:  # nothing was written yet
        print("auditor: interrupted", file=sys.stderr)
        return interrupted_exit_code(exc)
    return main()


if __name__ == "__main__":
    sys.exit(run())
