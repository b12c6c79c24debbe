"""The entry point of the ``netcli`` command and of ``python -m netcli``."""

import os


def main() -> None:
    """Shell completion first, before the command framework loads; then the commands."""
    if os.environ.get("_NETCLI_COMPLETE"):
        from netcli import complete

        if complete.main() == 0:
            return
    from netcli.cli import main as run

    run()


if __name__ == "__main__":
    main()
