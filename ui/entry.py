"""The ``circle-facilitator`` entry point: a subcommand runs the CLI, none opens the app.

This lives in ``ui`` because the core never imports the UI. Qt is imported only when the app
opens, so the command line stays quick.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from facilitator import cli


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run either the CLI or the app."""
    args = cli.build_parser().parse_args(argv)
    if args.command is not None:
        return cli.run(args)
    from ui.app import run_app  # noqa: PLC0415 - Qt only when a window is wanted

    return run_app(args.db, sys.argv[:1])


if __name__ == "__main__":
    sys.exit(main())
