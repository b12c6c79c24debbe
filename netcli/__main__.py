"""The entry point of the ``netcli`` command and of ``python -m netcli``."""

import os


def main() -> None:
    """Shell completion first, before the command framework loads; then the commands."""
    import gc

    # A run is short and makes few reference cycles, but imports and decoding make many objects,
    # and the cyclic collector's passes over them were a tenth of a lookup and about 30 % of an
    # explore at 100 x (issue 24). It stays off for the run; reference counting still frees
    # nearly everything. The questionnaire, which may stay open a long time, turns it back on
    # (explore.session.ask).
    gc.disable()
    if os.environ.get("_NETCLI_COMPLETE"):
        from netcli import complete

        if complete.main() == 0:
            return
    from netcli.cli import main as run

    run()


if __name__ == "__main__":
    main()
