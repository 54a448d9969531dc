"""typeddcm.compat.util.leanread against pydicom's lean reader and the core reader.

Where pydicom's lean reader works, the elements are the same tuples.  Where it
goes astray (item headers read as explicit VR, undefined-length values it does
not follow, deflated data) ours reads on: the top-level elements it yields are
then checked against the core reader's top level.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import typeddcm
from typeddcm.compat.util.leanread import (
    ITEM,
    ITEM_DELIMITER,
    SEQUENCE_DELIMITER,
    UNDEFINED_LENGTH,
    ElementTuple,
    data_element_generator,
    dicomfile,
)

pydicom = pytest.importorskip("pydicom")
from pydicom.util import leanread as theirs  # noqa: E402

from tests.codec.pydicom_files import wheel_files  # noqa: E402

FILES = wheel_files()


def _read_all(reader: Any, path: Path) -> list[ElementTuple] | str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with reader(path) as f:
                return list(f)
        except Exception as exc:  # the type is what we compare
            return type(exc).__name__


def _astray(elements: list[Any]) -> int | None:
    """Where pydicom read an item header as explicit VR (a VR of b"\\xff\\xff"), if it did."""
    for index, elem in enumerate(elements):
        if elem[0][0] == 0xFFFE and elem[1] is not None:
            return index
    return None


def _top_level(elements: list[ElementTuple]) -> list[int]:
    """The tags at depth 0: undefined-length values open a level, delimiters close it."""
    tags: list[int] = []
    depth = 0
    for (group, element), _vr, length, _value, _tell in elements:
        tag = group << 16 | element
        if depth == 0 and group != 0xFFFE:
            tags.append(tag)
        if length == UNDEFINED_LENGTH:
            depth += 1
        elif tag in (ITEM_DELIMITER, SEQUENCE_DELIMITER):
            depth -= 1
    return tags


def _core_top_level(path: Path) -> list[int] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            f = typeddcm.read(path)
        except Exception:  # the core refuses the file: no second oracle for it
            return None
    return [int(t) for t in f.meta] + [int(t) for t in f.dataset]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_elements_match_pydicoms_lean_reader(path: Path) -> None:
    """Equal tuples where pydicom reads the file; where it fails or strays, the core agrees."""
    ours = _read_all(dicomfile, path)
    expected = _read_all(theirs.dicomfile, path)
    if isinstance(expected, str) and expected != "NotImplementedError":
        pytest.fail(f"pydicom raised {expected}")
    if expected == "NotImplementedError" and ours == "NotImplementedError":
        return  # no transfer syntax in the file meta: both refuse it
    assert not isinstance(ours, str), ours
    strays = None if isinstance(expected, str) else _astray(expected)
    deflated = any(e[0] == (0x0002, 0x0010) and e[3] is not None and e[3].startswith(
        b"1.2.840.10008.1.2.1.99") for e in ours)
    if isinstance(expected, list) and strays is None and not deflated:
        assert ours == expected
        return
    if isinstance(expected, list):
        stop = strays if strays is not None else next(
            i for i, e in enumerate(expected) if e[0][0] != 2)
        assert ours[:stop] == expected[:stop]
    core = _core_top_level(path)
    if core is not None:
        assert _top_level(ours) == core


def test_pydicom_fails_where_ours_reads() -> None:
    """The superset is real: files pydicom's lean reader refuses or misreads, read here."""
    refused = [p for p in FILES if _read_all(theirs.dicomfile, p) == "NotImplementedError"
               and not isinstance(_read_all(dicomfile, p), str)]
    assert len(refused) >= 20


# --- hand-built data -----------------------------------------------------------------


def explicit(tag: int, vr: str, value: bytes, little: bool = True, length: int | None = None) -> bytes:
    order = "<" if little else ">"
    size = len(value) if length is None else length
    if vr in ("OB", "OW", "SQ", "UN", "UT", "UC", "UR", "OF", "OD", "OL", "OV", "SV", "UV"):
        return struct.pack(order + "HH2sHL", tag >> 16, tag & 0xFFFF, vr.encode(), 0, size) + value
    return struct.pack(order + "HH2sH", tag >> 16, tag & 0xFFFF, vr.encode(), size) + value


def implicit(tag: int, value: bytes, little: bool = True, length: int | None = None) -> bytes:
    order = "<" if little else ">"
    size = len(value) if length is None else length
    return struct.pack(order + "HHL", tag >> 16, tag & 0xFFFF, size) + value


def item(body: bytes, little: bool = True, defined: bool = True) -> bytes:
    if defined:
        return implicit(ITEM, body, little)
    return implicit(ITEM, body, little, UNDEFINED_LENGTH) + implicit(ITEM_DELIMITER, b"", little)


def seq_end(little: bool = True) -> bytes:
    return implicit(SEQUENCE_DELIMITER, b"", little)


def elements(data: bytes, implicit_vr: bool, little: bool = True, **kwargs: Any) -> list[Any]:
    return list(data_element_generator(io.BytesIO(data), implicit_vr, little, **kwargs))


def test_explicit_undefined_length_sequence_and_items() -> None:
    """Items and delimiters have no VR: tag + 4-byte length, in explicit VR data too."""
    inner = explicit(0x300A00C0, "IS", b"1 ")
    data = (explicit(0x300A00B0, "SQ", b"", length=UNDEFINED_LENGTH)
            + item(inner, defined=False) + item(inner) + seq_end()
            + explicit(0x300A00B2, "SH", b"M1"))
    got = elements(data, implicit_vr=False)
    assert [(e[0], e[1], e[2], e[3]) for e in got] == [
        ((0x300A, 0x00B0), b"SQ", UNDEFINED_LENGTH, None),
        ((0xFFFE, 0xE000), None, UNDEFINED_LENGTH, None),
        ((0x300A, 0x00C0), b"IS", 2, b"1 "),
        ((0xFFFE, 0xE00D), None, 0, b""),
        ((0xFFFE, 0xE000), None, len(inner), inner),  # a defined-length item: its bytes
        ((0xFFFE, 0xE0DD), None, 0, b""),
        ((0x300A, 0x00B2), b"SH", 2, b"M1"),
    ]
    assert got[2][4] == data.index(b"1 ")


def test_implicit_undefined_length_sequences_are_named_sq() -> None:
    """As pydicom: SQ from the dictionary, or from an item following (a private sequence)."""
    body = implicit(0x00100020, b"ID")
    data = (implicit(0x00091001, b"", length=UNDEFINED_LENGTH) + item(body) + seq_end()
            + implicit(0x00081115, b"", length=UNDEFINED_LENGTH) + seq_end()
            + implicit(0x00091002, b"", length=UNDEFINED_LENGTH) + seq_end())
    got = elements(data, implicit_vr=True)
    assert [(e[0], e[1]) for e in got] == [
        ((0x0009, 0x1001), b"SQ"), ((0xFFFE, 0xE000), None), ((0xFFFE, 0xE0DD), None),
        ((0x0008, 0x1115), b"SQ"), ((0xFFFE, 0xE0DD), None),
        ((0x0009, 0x1002), None), ((0xFFFE, 0xE0DD), None),  # empty and unknown: no VR
    ]
    assert got == list(theirs.data_element_generator(io.BytesIO(data[:len(data) - 16]), True,
                                                     True)) + got[-2:]


def test_un_of_undefined_length_holds_implicit_vr_data() -> None:
    """PS3.5 6.2.2: inside an undefined-length UN of explicit VR data, implicit VR LE."""
    nested = implicit(0x00100020, b"ID")
    data = (explicit(0x00091001, "UN", b"", length=UNDEFINED_LENGTH)
            + item(nested, defined=False) + seq_end()
            + explicit(0x00100030, "DA", b"20200101"))
    got = elements(data, implicit_vr=False)
    assert [(e[0], e[1], e[3]) for e in got] == [
        ((0x0009, 0x1001), b"UN", None), ((0xFFFE, 0xE000), None, None),
        ((0x0010, 0x0020), None, b"ID"), ((0xFFFE, 0xE00D), None, b""),
        ((0xFFFE, 0xE0DD), None, b""), ((0x0010, 0x0030), b"DA", b"20200101"),
    ]


def test_encapsulated_pixel_data_fragments_are_items() -> None:
    """pydicom's lean reader raises NotImplementedError here; ours yields the fragments."""
    data = (explicit(0x7FE00010, "OB", b"", length=UNDEFINED_LENGTH) + item(b"")
            + item(b"\xff\xd8\xff\xd9") + seq_end())
    got = elements(data, implicit_vr=False)
    assert [(e[0], e[3]) for e in got] == [
        ((0x7FE0, 0x0010), None), ((0xFFFE, 0xE000), b""),
        ((0xFFFE, 0xE000), b"\xff\xd8\xff\xd9"), ((0xFFFE, 0xE0DD), b"")]
    with pytest.raises(NotImplementedError):
        list(theirs.data_element_generator(io.BytesIO(data), False, True))


def test_big_endian() -> None:
    """Explicit VR big endian headers, values as stored."""
    data = explicit(0x00280010, "US", b"\x00\x02", little=False) + explicit(
        0x00100010, "PN", b"A^B ", little=False)
    got = elements(data, implicit_vr=False, little=False)
    assert got == list(theirs.data_element_generator(io.BytesIO(data), False, False))
    assert got[0][:4] == ((0x0028, 0x0010), b"US", 2, b"\x00\x02")


def test_stop_when_rewinds_to_the_header() -> None:
    """The element stop_when is true for is not yielded; the file is left at its header."""
    first = explicit(0x00100010, "PN", b"A^B ")
    data = first + explicit(0x7FE00010, "OB", b"\x00" * 8) + b"junk"
    fp = io.BytesIO(data)
    got = list(data_element_generator(fp, False, True, stop_when=lambda g, e: g == 0x7FE0))
    assert [e[0] for e in got] == [(0x0010, 0x0010)]
    assert fp.tell() == len(first)


def test_defer_size_skips_long_values() -> None:
    """Values over defer_size (a number or "1 KB") are None; reading goes on after them."""
    data = explicit(0x7FE00010, "OB", b"\x01" * 2000) + explicit(0x7FE00020, "OB", b"\x02" * 8)
    for defer in (1000, "1 KB", 1000.0):
        got = elements(data, implicit_vr=False, defer_size=defer)
        assert [(e[0], e[2], e[3]) for e in got] == [
            ((0x7FE0, 0x0010), 2000, None), ((0x7FE0, 0x0020), 8, b"\x02" * 8)]
    with pytest.raises(ValueError, match="size"):
        elements(data, implicit_vr=False, defer_size="lots")


def test_every_truncation_reads_without_struct_errors() -> None:
    """Cut anywhere: a prefix of the elements, warnings for what was cut, never struct.error."""
    pieces = [explicit(0x00100010, "PN", b"A^B "),
              explicit(0x300A00B0, "SQ", b"", length=UNDEFINED_LENGTH)
              + item(explicit(0x300A00C0, "IS", b"1 "), defined=False) + seq_end(),
              explicit(0x7FE00010, "OW", b"\x00\x01" * 4)]
    body = b"".join(pieces)
    # Cuts between top-level elements leave a shorter, whole dataset: nothing to warn about.
    boundaries = {sum(len(p) for p in pieces[:n]) for n in range(len(pieces) + 1)}
    whole = elements(body, implicit_vr=False)
    for cut in range(len(body)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = elements(body[:cut], implicit_vr=False)
        complete = [e for e in got if e[3] is None or len(e[3]) == e[2]]
        assert complete == whole[:len(complete)]
        assert len(got) <= len(whole)
        assert bool(caught) == (cut not in boundaries), f"cut at {cut}: {caught}"
        assert all(issubclass(w.category, UserWarning) for w in caught)


def test_bad_arguments() -> None:
    """TypeError for what is not a binary file object or a callable stop_when."""
    with pytest.raises(TypeError, match="file object"):
        list(data_element_generator(b"\x00" * 8, False, True))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="stop_when"):
        list(data_element_generator(io.BytesIO(b""), False, True, stop_when=3))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="binary"):
        list(data_element_generator(io.StringIO("abcdefgh"), False, True))  # type: ignore[arg-type]


# --- dicomfile ------------------------------------------------------------------------


def _part10(body: bytes, uid: bytes = b"1.2.840.10008.1.2.1\x00", preamble: bool = True) -> bytes:
    meta = explicit(0x00020010, "UI", uid) if uid else b""
    meta = explicit(0x00020000, "UL", struct.pack("<L", len(meta))) + meta
    return (b"\x00" * 128 + b"DICM" if preamble else b"") + meta + body


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "f.dcm"
    path.write_bytes(data)
    return path


def _iterate(path: Path) -> Iterator[ElementTuple]:
    with dicomfile(path) as f:
        yield from f


def test_dicomfile_preamble_meta_then_dataset(tmp_path: Path) -> None:
    """preamble is the 128 bytes; the meta comes first, then the dataset in its syntax."""
    body = implicit(0x00100010, b"A^B ")
    path = _write(tmp_path, _part10(body, b"1.2.840.10008.1.2\x00"))
    with dicomfile(path) as f:
        assert f.preamble == b"\x00" * 128
        got = list(f)
    assert [e[0] for e in got] == [(2, 0), (2, 0x10), (0x10, 0x10)]
    assert got[-1][1] is None  # implicit VR
    with theirs.dicomfile(path) as g:
        assert list(g) == got
    assert f.fobj.closed


def test_dicomfile_without_preamble(tmp_path: Path) -> None:
    """No "DICM" at 128: preamble None, reading starts at byte 0 (as pydicom's)."""
    path = _write(tmp_path, _part10(explicit(0x00100010, "PN", b"A^B "), preamble=False))
    with dicomfile(path) as f:
        assert f.preamble is None
        assert [e[0] for e in f] == [(2, 0), (2, 0x10), (0x10, 0x10)]


def test_dicomfile_refusals(tmp_path: Path) -> None:
    """No Transfer Syntax UID: NotImplementedError; a UID that is no transfer syntax: ValueError."""
    path = _write(tmp_path, _part10(explicit(0x00100010, "PN", b"A^B "), uid=b""))
    with pytest.raises(NotImplementedError, match="transfer syntax"):
        list(_iterate(path))
    path = _write(tmp_path, _part10(b"", uid=b"1.2.840.10008.5.1.4.1.1.2\x00"))
    with pytest.raises(ValueError, match="not a transfer syntax"):
        list(_iterate(path))
    with pytest.raises(FileNotFoundError):
        dicomfile(tmp_path / "missing.dcm")


def test_dicomfile_inflates_deflated_data(tmp_path: Path) -> None:
    """A deflated dataset is read inflated (pydicom's lean reader reads the deflated bytes)."""
    import zlib

    body = explicit(0x00100010, "PN", b"A^B ") + explicit(0x00100020, "LO", b"ID")
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = packer.compress(body) + packer.flush()
    path = _write(tmp_path, _part10(deflated, b"1.2.840.10008.1.2.1.99\x00"))
    got = list(_iterate(path))
    assert [(e[0], e[3]) for e in got[2:]] == [((0x10, 0x10), b"A^B "), ((0x10, 0x20), b"ID")]
    assert got[2][4] == 8  # offsets count in the inflated bytes
    path = _write(tmp_path, _part10(b"\xff" * 40, b"1.2.840.10008.1.2.1.99\x00"))
    with pytest.raises(ValueError, match="inflate"):
        list(_iterate(path))
