"""python -m netcli"""

from netcli.cli import main

main()
