"""Entry point for ``aod`` and ``python -m aodcli``.

Only the CLI layer is imported here; the core loads inside each command.
"""

from __future__ import annotations


def main() -> None:
    from .cli.app import run

    run()


if __name__ == "__main__":
    main()
