"""Pickle and copy: datasets, elements, every VR, and files come back equal and byte-exact.

Datasets read from bytes are pickled as those bytes and read again when unpickled;
``same_tree`` checks that the copy is not only equal but the same lazy structure
(offsets, VRs and encodings the reader found, origins), which is what makes it write
back byte for byte.  No timings here: bench/bench_pickle.py measures.
"""

from __future__ import annotations

import copy
import multiprocessing
import pickle
import warnings
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import Dataset, DicomFile, keys
from typeddcm.codec import decode_dataset, encode_dataset
from typeddcm.codec.reader import Origin, RawValue
from typeddcm.codec.transfer_syntax import (
    EXPLICIT_VR_BIG_ENDIAN,
    EXPLICIT_VR_LITTLE_ENDIAN,
    IMPLICIT_VR_LITTLE_ENDIAN,
    TransferSyntax,
)
from typeddcm.element import Element
from typeddcm.errors import DicomWarning, FileClosedError
from typeddcm.strategies import VR_CODES, datasets, elements, vr_values
from typeddcm.tag import Tag
from typeddcm.vr import LO, LT, OB, OW, PN, SQ, US

from .codec.pydicom_files import wheel_files
from .ct_header import ct_file, ct_header_bytes

# Values decoded while comparing warn as they would in any read; not the subject here.
pytestmark = pytest.mark.filterwarnings("ignore::typeddcm.errors.DicomWarning")

PROTOCOLS = range(2, pickle.HIGHEST_PROTOCOL + 1)
SYNTAXES = (EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN)
FILES = wheel_files()
_PIXEL_DATA = 0x7FE00010


def wheel(name: str) -> Path:
    return next(p for p in FILES if p.name == name)


def again(obj: Any, protocol: int = pickle.HIGHEST_PROTOCOL) -> Any:
    return pickle.loads(pickle.dumps(obj, protocol))


def read(path: Path | bytes, **options: Any) -> DicomFile:
    """Our read of a wheel file (force for those without a Part 10 header), quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return typeddcm.read(path, **options)
        except typeddcm.errors.InvalidDicomError:
            return typeddcm.read(path, force=True, **options)


def outcome(make: Any) -> Any:
    """What ``make()`` gives, or the type of what it raises (for comparing two files)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return make()
    except Exception as exc:  # the original and the copy must fail alike
        return type(exc)


def start_of(ds: Dataset) -> int:
    origin = ds._origin
    assert isinstance(origin, Origin)
    return origin.start


def touch(ds: Dataset) -> None:
    """Decode every value (items too)."""
    for elem in ds.elements():
        vr = elem.vr
        if isinstance(vr, SQ):
            for item in vr.values:
                touch(item)


def same_tree(a: Dataset, b: Dataset, delta: int = 0) -> None:
    """``b`` is ``a`` as the reader made it: same raw records (offsets shifted by
    ``delta``), levels, origins and undefined-length styles, at every depth."""
    assert len(a) == len(b)
    oa, ob = a._origin, b._origin
    assert (oa is None) == (ob is None)
    if isinstance(oa, Origin):
        assert isinstance(ob, Origin)
        assert (oa.store is a._store) == (ob.store is b._store)
        assert oa.undefined_length == ob.undefined_length
        if oa.store is a._store:  # unchanged: its bytes are copied, so they must agree
            assert (oa.start + delta, oa.end + delta) == (ob.start, ob.end)
            assert (oa.body_start + delta, oa.body_end + delta) == (ob.body_start, ob.body_end)
            assert oa.encoding == ob.encoding
    for x, y in zip(a.elements(), b.elements(), strict=True):
        assert x.tag == y.tag and x._undefined_length == y._undefined_length
        rx, ry = x._raw, y._raw
        assert isinstance(rx, RawValue) == isinstance(ry, RawValue), x.tag
        if isinstance(rx, RawValue):
            assert isinstance(ry, RawValue)
            assert (rx.vr, rx.encoding) == (ry.vr, ry.encoding), x.tag
            assert ry.value_end - ry.value_start == rx.value_end - rx.value_start
            assert (ry.value_start - ry.start, ry.end - ry.value_end) == (
                rx.value_start - rx.start, rx.end - rx.value_end)
            lx, ly = rx.level, ry.level
            assert (lx.path, lx.depth, lx.options, lx.pixel_representation,
                    lx.bits_allocated) == (ly.path, ly.depth, ly.options,
                                           ly.pixel_representation, ly.bits_allocated)
            assert bytes(rx.bytes) == bytes(ry.bytes)
        assert x == y, x.tag
        vx = x.vr
        if isinstance(vx, SQ):
            vy = y.vr
            assert isinstance(vy, SQ)
            for ix, iy in zip(vx.values, vy.values, strict=True):
                same_tree(ix, iy, delta)


def same_bytes(a: Dataset, b: Dataset) -> None:
    """``a`` and ``b`` encode alike in every uncompressed syntax, like the original or not."""
    for syntax in SYNTAXES:
        for like_original in (True, False):
            mine = outcome(partial(encode_dataset, a, syntax, like_original=like_original))
            theirs = outcome(partial(encode_dataset, b, syntax, like_original=like_original))
            assert mine == theirs, (syntax.name, like_original)


def same_file(f: DicomFile, g: DicomFile) -> None:
    assert g == f
    assert g.transfer_syntax is f.transfer_syntax and g.preamble == f.preamble
    for like_original in (True, False):
        assert outcome(partial(g.to_bytes, like_original=like_original)) == outcome(
            partial(f.to_bytes, like_original=like_original))


# ----- VR objects -------------------------------------------------------------------


@pytest.mark.parametrize("code", VR_CODES)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_every_vr_pickles_and_copies(code: str, data: st.DataObject) -> None:
    """Each of the 33 VRs besides SQ: equal after pickling (every protocol), same class,
    same byte order; copy and deepcopy give the very object (VR objects are immutable)."""
    vr: Any = data.draw(vr_values(code))  # the families differ: array, data, values
    for protocol in PROTOCOLS:
        clone = again(vr, protocol)
        assert type(clone) is type(vr) and clone == vr and clone.values == vr.values
        assert str(clone) == str(vr)  # the same DICOM text (DS "2.50" stays "2.50")
        if hasattr(vr, "array"):
            assert clone.array.dtype == vr.array.dtype
            assert not clone.array.flags.writeable
        if hasattr(vr, "byteorder"):
            assert clone.byteorder == vr.byteorder and clone.data.readonly
    assert copy.copy(vr) is vr and copy.deepcopy(vr) is vr


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(max_elements=6))
def test_sq_pickles_and_copies(item: Dataset) -> None:
    """SQ, the 34th VR, holds datasets: equal after pickling; copies are the object."""
    sq = SQ([item, Dataset(), item])
    for protocol in PROTOCOLS:
        assert again(sq, protocol) == sq
    assert copy.copy(sq) is sq and copy.deepcopy(sq) is sq


def test_vr_objects_read_from_a_file_pickle() -> None:
    """Values viewing a file (bulk memoryviews over a memory map, big endian arrays)
    pickle to equal values that own their bytes, in the same byte order."""
    f = read(wheel("MR_small_bigendian.dcm"))
    for elem in f.dataset.elements():
        vr = elem.vr
        clone = again(vr)
        assert clone == vr, elem.tag
        if hasattr(vr, "array"):
            assert clone.array.dtype == vr.array.dtype
    pixels = f.dataset[keys.PixelData]
    assert isinstance(pixels, OW) and pixels.byteorder == ">"
    assert again(pixels).byteorder == ">"


# ----- elements -----------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(elements())
def test_elements_made_in_memory(elem: Element) -> None:
    for protocol in PROTOCOLS:
        clone = again(elem, protocol)
        assert clone == elem and clone.is_decoded and clone._raw is None
    assert copy.copy(elem) is elem and copy.deepcopy(elem) is elem


@settings(max_examples=50, deadline=None)
@given(datasets(max_elements=8, private=False, unambiguous=True), st.sampled_from(SYNTAXES),
       st.booleans())
def test_elements_read_from_bytes(ds: Dataset, syntax: TransferSyntax, decoded: bool) -> None:
    """A read element pickles as its bytes: the copy is lazy again, equal, and writes
    the same bytes as the original in the same dataset."""
    read_back = decode_dataset(encode_dataset(ds, syntax), syntax)
    for elem in read_back.elements():
        if decoded:
            touch(Dataset([elem]))
        clone = again(elem)
        assert not clone.is_decoded and clone == elem
        assert bytes(clone._raw.bytes) == bytes(elem._raw.bytes)  # type: ignore[union-attr]
        same_bytes(read_back, read_back.set(elem.tag, clone))


# ----- datasets -----------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_datasets_made_in_memory(ds: Dataset) -> None:
    for protocol in PROTOCOLS:
        clone = again(ds, protocol)
        assert clone == ds
        same_tree(ds, clone)
    same_bytes(ds, again(ds))
    assert copy.copy(ds) is ds and copy.deepcopy(ds) is ds


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(private=False, unambiguous=True), st.sampled_from(SYNTAXES))
def test_datasets_read_from_bytes(ds: Dataset, syntax: TransferSyntax) -> None:
    """Read from bytes (lazy): the copy is the same tree, before and after decoding."""
    read_back = decode_dataset(encode_dataset(ds, syntax), syntax)
    for protocol in PROTOCOLS:
        clone = again(read_back, protocol)
        assert clone == read_back
    clone = again(read_back)
    delta = start_of(clone) - start_of(read_back)
    same_tree(read_back, clone, delta)  # decodes both
    same_bytes(read_back, clone)
    same_tree(read_back, again(read_back), delta)  # pickled after decoding


@st.composite
def _changed(draw: st.DrawFn) -> tuple[Dataset, Dataset]:
    """A dataset read from bytes, and the same after random changes at any depth."""
    syntax = draw(st.sampled_from(SYNTAXES))
    implicit = syntax.implicit_vr
    ds = draw(datasets(private=not implicit, unambiguous=implicit))
    read_back = decode_dataset(encode_dataset(ds, syntax), syntax)
    changed = read_back
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(("set", "delete", "nested", "move")))
        tags = list(changed)
        if action == "set":
            elem = draw(elements(unambiguous=implicit))
            changed = changed.set(elem.tag, elem)
        elif action == "delete" and tags:
            changed = changed.delete(draw(st.sampled_from(tags)))
        elif action == "nested":
            paths = [(t, i) for t in tags if isinstance(changed[t].vr, SQ)
                     for i in range(len(changed[t].vr.values))]
            if paths:
                tag, index = draw(st.sampled_from(paths))
                sq = changed[tag].vr
                assert isinstance(sq, SQ)
                inner: list[Tag] = list(sq.values[index])
                delete = draw(st.booleans())
                if inner and delete:
                    changed = changed.delete_in((tag, index, draw(st.sampled_from(inner))))
                else:
                    elem = draw(elements(unambiguous=implicit))
                    changed = changed.set_in((tag, index, elem.tag), elem.vr)
        elif action == "move" and tags:
            # An element read at this level, stored under another copy: Dataset(elements).
            changed = Dataset(list(changed.elements()))
    return read_back, changed


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_changed())
def test_changed_datasets(pair: tuple[Dataset, Dataset]) -> None:
    """Changed after reading (set, delete, nested set/delete, origin lost): equal and
    byte-exact in every uncompressed syntax, like the original or not."""
    _, changed = pair
    clone = again(changed)
    assert clone == changed
    same_bytes(changed, clone)
    assert again(changed, 2) == changed


def test_elements_moved_between_files() -> None:
    """Elements and items read from one file stored in a dataset of another keep their bytes."""
    a, b = read(wheel("rtplan.dcm")), read(wheel("CT_small.dcm"))
    beams = a.dataset[0x300A00B0]
    mixed = b.dataset.set(0x300A00B0, beams).set(0x00100010, a.dataset[0x00100010])
    sq = beams.vr
    assert isinstance(sq, SQ)
    mixed = mixed.set(0x00081140, SQ([sq.values[0], Dataset()]))
    clone = again(mixed)
    assert clone == mixed
    same_bytes(mixed, clone)


def test_item_datasets_pickle_alone() -> None:
    """An item taken out of a read sequence pickles as its own bytes, style included."""
    f = read(wheel("rtplan.dcm"))
    for tag in f.dataset:
        vr = f.dataset[tag].vr
        if isinstance(vr, SQ):
            for item in vr.values:
                clone = again(item)
                assert clone == item
                delta = start_of(clone) - start_of(item)
                same_tree(item, clone, delta)
                same_bytes(Dataset().set(tag, SQ([item])), Dataset().set(tag, SQ([clone])))


def test_shared_objects_stay_shared() -> None:
    """One dataset met twice in a pickle comes back as one object."""
    ds = read(wheel("CT_small.dcm")).dataset
    first, second, changed = again((ds, ds, ds.set(keys.PatientID, "X")))
    assert first is second and first == ds and changed == ds.set(keys.PatientID, "X")


# ----- files --------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_wheel_files(path: Path) -> None:
    """Every file in pydicom's wheel, memory-mapped or from bytes, whole, header only or
    a few tags, unchanged or changed: equal, byte-exact, the same tree, the same warnings."""
    for f in (read(path, memory_map=True), read(path.read_bytes()),
              read(path, stop_before_pixels=True),
              read(path, specific_tags=[0x00100010, 0x00280010, 0x300A00B0])):
        clone = again(f)
        same_file(f, clone)
        same_tree(f.meta, clone.meta)
        same_tree(f.dataset, clone.dataset)
        assert [(type(w), w.problem, w.path, w.offset) for w in clone.warnings] == [
            (type(w), w.problem, w.path, w.offset) for w in f.warnings]
    f = read(path)
    for changed in (f.discard(_PIXEL_DATA), f.set(keys.PatientID, "CHANGED"),
                    f.with_dataset(Dataset(list(f.dataset.elements())))):
        clone = again(changed)
        same_file(changed, clone)
        same_bytes(changed.dataset, clone.dataset)


def test_files_made_in_memory() -> None:
    f = ct_file()
    for protocol in PROTOCOLS:
        same_file(f, again(f, protocol))
    assert copy.copy(f) is f and copy.deepcopy(f) is f


def test_out_of_band_buffers() -> None:
    """Protocol 5 hands the bytes out of band when asked (no copy into the pickle)."""
    # Read: the file's bytes; made in memory: the pixels (the header's texts stay in band).
    for f, most in ((read(wheel("CT_small.dcm")), 2048), (ct_file(), 8192)):
        buffers: list[pickle.PickleBuffer] = []
        data = pickle.dumps(f, 5, buffer_callback=buffers.append)
        assert buffers and len(data) < most
        same_file(f, pickle.loads(data, buffers=buffers))


def test_closed_files_refuse() -> None:
    f = read(wheel("CT_small.dcm"))
    dataset = f.dataset
    f.close()
    with pytest.raises(FileClosedError):
        pickle.dumps(f)
    with pytest.raises(FileClosedError):
        pickle.dumps(dataset)


def _bad_text_file() -> bytes:
    """A file whose Patient Name is not UTF-8 although the character set says so."""
    ds = Dataset().set(keys.SpecificCharacterSet, "ISO_IR 192").set(
        keys.SOPClassUID, "1.2.3").set(keys.SOPInstanceUID, "1.2.3.4").set(
        keys.PatientName, PN("X"))
    good = DicomFile.new(ds).to_bytes()
    return good.replace(b"PN\x02\x00X ", b"PN\x02\x00\xff\xfe")


def test_unpickling_is_quiet_until_values_are_read() -> None:
    """Warnings of the read are not issued again by unpickling; a value decoded later
    warns as it would have in the original, and the copy keeps the read's records."""
    data = _bad_text_file()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = typeddcm.read(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clone = again(f)
    assert not caught
    with pytest.warns(DicomWarning):
        str(clone.dataset[keys.PatientName])
    with pytest.warns(DicomWarning):
        str(again(f.dataset)[keys.PatientName])


# ----- sizes --------------------------------------------------------------------------


def _ratio(ds: Dataset, syntax: TransferSyntax) -> float:
    return len(pickle.dumps(ds)) / len(encode_dataset(ds, syntax))


def test_ct_headers_pickle_small() -> None:
    """A CT header pickles to at most 1.5x its encoded size: the wheel's CT files read
    without their pixels, or with the Pixel Data deleted; the synthetic header (about
    250 elements, private groups) read from bytes and built in memory."""
    checked = 0
    for path in FILES:
        header = read(path, stop_before_pixels=True)
        modality = header.dataset.get(keys.Modality)
        if modality is None or list(modality.values) != ["CT"]:
            continue
        checked += 1
        assert _ratio(header.dataset, header.transfer_syntax) <= 1.5, path.name
        full = read(path)
        no_pixels = full.dataset.discard(_PIXEL_DATA)
        assert _ratio(no_pixels, full.transfer_syntax) <= 1.5, path.name
    assert checked >= 10
    built = ct_file(pixels=False)
    assert len(built.dataset) >= 250
    synthetic = typeddcm.read(ct_header_bytes())
    assert _ratio(synthetic.dataset, synthetic.transfer_syntax) <= 1.1
    assert len(pickle.dumps(synthetic)) <= 1.1 * len(ct_header_bytes())
    assert _ratio(built.dataset, built.transfer_syntax) <= 1.5
    with_pixels = typeddcm.read(ct_header_bytes(pixels=True))
    assert _ratio(with_pixels.dataset.discard(_PIXEL_DATA), with_pixels.transfer_syntax) <= 1.1


def test_bulk_values_are_not_copied_twice() -> None:
    """Large values cost their size once: a file with 512 KiB of pixels pickles to
    about its own size."""
    data = ct_header_bytes(pixels=True)
    assert len(pickle.dumps(typeddcm.read(data))) <= len(data) + 1024
    made = ct_file()
    assert len(pickle.dumps(made)) <= len(made.to_bytes()) * 1.1


# ----- processes ----------------------------------------------------------------------


def read_in_child(path: str) -> DicomFile:
    """The worker of test_pool: read a file in another process and send it back."""
    return read(Path(path))


def test_pool_returns_dicom_files() -> None:
    """Files read in worker processes come back whole: equal to the parent's own reads,
    writing the same bytes."""
    names = ["CT_small.dcm", "rtplan.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm",
             "JPEG2000.dcm", "chrH31.dcm"]
    paths = [str(p) for p in FILES if p.name in names]
    assert len(paths) == len(names)
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.map(read_in_child, paths)
    for path, result in zip(paths, results, strict=True):
        same_file(read(Path(path)), result)


# ----- the tree shapes behind the pickled form ----------------------------------------


def test_changed_levels_are_cut_where_cheapest() -> None:
    """Deleting a large value in the middle of a level pickles neither it nor records
    for the whole level; the copy writes the same bytes."""
    ds = Dataset().update({keys.PatientName: "A^B", keys.PatientID: "1"})
    big = ds.set(0x00091010, LO("CREATOR")).set(0x00091011, OB(bytes(40_000))).set(
        0x00200010, "7").set(0xFFFCFFFC, OB(bytes(8)))
    read_back = decode_dataset(encode_dataset(big, EXPLICIT_VR_LITTLE_ENDIAN),
                               EXPLICIT_VR_LITTLE_ENDIAN)
    for changed in (read_back.delete(0x00091011), read_back.delete(0x00091011).delete(0x00091010),
                    read_back.set(0x00091011, OB(b"xy"))):
        data = pickle.dumps(changed)
        assert len(data) < 2000
        clone = pickle.loads(data)
        assert clone == changed
        same_bytes(changed, clone)


def test_values_that_text_cannot_carry() -> None:
    """Values made in memory that the compact text form could not give back exactly
    (a backslash inside one value, a big endian array) go as VR objects."""
    big_endian = US._trusted_array(US([1, 2]).array.astype(">u2"))
    ds = Dataset().set(0x00204000, LT("a\\b")).set(0x00280010, big_endian).set(
        0x00100010, PN(["A^B", ""]))
    clone = again(ds)
    assert clone == ds and clone[keys.Rows].array.dtype == big_endian.array.dtype
    assert clone[keys.ImageComments].values == ("a\\b",)
    assert clone[keys.PatientName].values == ds[keys.PatientName].values
    same_bytes(ds, clone)


def test_tags_and_undefined_lengths_survive() -> None:
    """Sequences and encapsulated data made with undefined length keep it."""
    item = Dataset().set(keys.PatientID, "1")
    seq = Element._make(Tag(0x00081140), SQ([item]))
    evolved = read(wheel("JPEG2000.dcm")).dataset
    tag = Tag(0x00082112)  # Source Image Sequence, read with undefined length
    changed = evolved.set(tag, SQ([item]))
    assert changed[tag].undefined_length
    clone = again(changed)
    assert clone[tag].undefined_length
    same_bytes(changed, clone)
    pixels = Element.encapsulated(_PIXEL_DATA, OB(b"\xfe\xff\x00\xe0\x00\x00\x00\x00"))
    ds = Dataset([seq, pixels])
    clone = again(ds)
    assert clone[_PIXEL_DATA].undefined_length and clone == ds
    same_bytes(ds, clone)
