"""``python -m typeddcm.compat.cli``: the command line of :mod:`typeddcm.compat.cli.main`."""

from typeddcm.compat.cli.main import main

main()
