"""pydicom's command line interface (``pydicom.cli``), over typeddcm.compat.

Run it as ``python -m typeddcm.compat.cli`` (or ``python -m typeddcm.compat.cli.main``)
with pydicom's subcommands and options::

    python -m typeddcm.compat.cli show [-x] [-t] [-q] FILESPEC
    python -m typeddcm.compat.cli codify [-e N] [-p] [-s NAME] FILESPEC [OUTFILE]
    python -m typeddcm.compat.cli help [SUBCOMMAND]

``FILESPEC`` is ``[pydicom::]filename[::element]``: ``pydicom::`` names a test file
found by :mod:`typeddcm.compat.data` (see there for the folders searched), and
``element`` a path into the dataset such as ``BeamSequence[0].BeamNumber``.  No
console script is installed (the ``pydicom`` command belongs to pydicom).

Modules: :mod:`.main` (the parser, file specifications, ``help``), :mod:`.show`
and :mod:`.codify` (the two subcommands, each with pydicom's ``add_subparser``).
"""
