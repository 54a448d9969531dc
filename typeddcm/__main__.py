"""``python -m typeddcm``: the ``typeddcm`` command line (see :mod:`typeddcm.cli`)."""

from __future__ import annotations

from typeddcm.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
