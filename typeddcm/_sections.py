"""The container of generated tables shipped as package data (PS3.16 codes, PS3.3 IODs).

One file: a magic line, a provenance line, an index line (``name:size ...``), then each
section's text as a zlib stream.  A reader inflates only the sections it asks for, so a
table of megabytes costs nothing until used.  Written by the generators in tools/, read
by the modules that own each table; the bytes are read through :mod:`typeddcm.io`.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from pathlib import Path

import attrs

__all__ = ["ContainerTool", "pack_sections", "read_package_file", "split_sections",
           "unpack_sections", "write_container_file"]


def pack_sections(magic: bytes, provenance: str, sections: dict[str, str]) -> bytes:
    """The container's bytes: magic, provenance, the section index, the zlib streams."""
    streams = [zlib.compress(text.encode("utf-8"), 9) for text in sections.values()]
    index = " ".join(f"{name}:{len(stream)}" for name, stream in zip(sections, streams, strict=True))
    header = b"\n".join([magic, provenance.encode("ascii"), index.encode("ascii")]) + b"\n"
    return header + b"".join(streams)


def split_sections(data: bytes, magic: bytes, what: str) -> dict[str, bytes]:
    """Section name -> its zlib stream (not inflated); ValueError when ``data`` is not a
    container with ``magic`` (``what`` names it in the message)."""
    magic_line, _provenance, index, body = data.split(b"\n", 3)
    if magic_line != magic:
        msg = f"not {what} container (starts {magic_line[:30]!r}); regenerate it"
        raise ValueError(msg)
    sections = {}
    offset = 0
    for entry in index.decode("ascii").split():
        name, _, size = entry.partition(":")
        end = offset + int(size)
        sections[name] = body[offset:end]
        offset = end
    return sections


def unpack_sections(data: bytes, magic: bytes, what: str) -> dict[str, str]:
    """Every section of a container, inflated to its text."""
    return {name: zlib.decompress(stream).decode("utf-8")
            for name, stream in split_sections(data, magic, what).items()}


def read_package_file(module_file: str, package: str | None, name: str) -> bytes:
    """The package data file ``name`` beside ``module_file`` (a module's ``__file__``),
    or, when the package is not a plain folder (a zip import), through
    importlib.resources (~9 ms to import: only the fallback)."""
    from typeddcm.io import read_file_bytes

    try:
        return read_file_bytes(os.path.join(os.path.dirname(module_file), name))
    except OSError:
        from importlib.resources import files

        assert package is not None
        return files(package).joinpath(name).read_bytes()


# --- for the generators in tools/ (they write the containers this module reads) ---------


def write_container_file(target: Path, data: bytes) -> Path:
    """Put a generated container at ``target`` (its folder made), rewriting it only when
    the bytes changed (a regeneration with nothing new leaves the file untouched)."""
    from typeddcm.io import make_folders, read_file_bytes, write_bytes_atomically

    make_folders(target.parent)
    try:
        unchanged = read_file_bytes(target) == data
    except OSError:
        unchanged = False
    if not unchanged:
        write_bytes_atomically(target, data)
    return target


@attrs.frozen
class ContainerTool:
    """What a generator in tools/ is: ``build(source folder) -> sections`` written as one
    container at ``output`` (relative to the project root), with its command line."""

    magic: bytes
    provenance: str
    what: str  # "an IOD table": names the container in errors
    output: Path
    build: Callable[[Path], dict[str, str]]
    doc: str | None
    default_source: Path
    default_out: Path

    def write_container(self, sections: dict[str, str]) -> bytes:
        """The container's bytes for ``sections``."""
        return pack_sections(self.magic, self.provenance, sections)

    def read_container(self, data: bytes) -> dict[str, str]:
        """Every section of a container this tool writes, inflated."""
        return unpack_sections(data, self.magic, self.what)

    def generate(self, source: Path, out: Path) -> list[Path]:
        """Write the container under ``out`` from the TSV files in ``source``."""
        return [write_container_file(out / self.output, self.write_container(self.build(source)))]

    def main(self, argv: list[str] | None = None) -> int:
        """The command line: ``--source`` (the TSV folder), ``--out`` (the project root)."""
        import argparse

        parser = argparse.ArgumentParser(
            description=self.doc.splitlines()[0] if self.doc else None)
        parser.add_argument("--source", type=Path, default=self.default_source)
        parser.add_argument("--out", type=Path, default=self.default_out)
        args = parser.parse_args(argv)
        for path in self.generate(args.source, args.out):
            print(f"wrote {path} ({path.stat().st_size:,} bytes)")
        return 0
