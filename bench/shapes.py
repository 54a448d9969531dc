"""Real-shaped synthetic files for the benchmarks: deep and wide sequences.

Strategy: a small hand-rolled encoder (explicit or implicit VR little endian,
defined or undefined lengths) writes files shaped like the sequence-heavy files
of real archives, which pydicom's test files under-represent:

* ``enhanced_mr_*``: an enhanced multi-frame MR image (PS3.3 C.7.6.16), 400
  frames of 64x64 16-bit pixels, shared functional groups, and a Per-frame
  Functional Groups Sequence of 400 items with 11 functional group sequences each
  (frame content, plane position and orientation, pixel measures, VOI LUT,
  rescale, MR frame type, timing, echo, averages, a private group);
* ``rt_plan_deep``: an RT plan, 12 beams of 40 control points, each holding
  beam-limiting-device positions and referenced dose items (four levels deep);
* ``sr_tree``: a structured report whose content tree is 6 levels deep, each
  container holding 4 children (a Content Sequence in every item);
* ``rt_struct``: an RT Structure Set of 100 ROIs and 50,000 contour points (1,000
  contours of 50 points, each with its Contour Image Sequence), ROI observations;
* ``segmentation``: a binary Segmentation header with a per-frame functional group
  item per frame (derivation image with its source, frame content with dimension
  index values, plane position, segment identification), 12,000 frames by default:
  the shape that takes pydicom seconds to read (its issue 1728).

``realworld_files()`` is issue 14's set: the CT of ``tests/ct_header.py`` (about 250
elements, four private groups), an enhanced MR of 1,000 frames, the RT Structure Set,
an SR tree 8 levels deep (fan-out 2) and the RT plan.

Every builder is deterministic.  ``shaped_files()`` gives (name, bytes) pairs.
"""

from __future__ import annotations

import struct

__all__ = ["realworld_files", "rt_struct", "segmentation", "shaped_files"]

LONG = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"})
UNDEFINED = 0xFFFFFFFF
ITEM = b"\xfe\xff\x00\xe0"
ITEM_END = b"\xfe\xff\x0d\xe0\x00\x00\x00\x00"
SEQUENCE_END = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
EXPLICIT_LE = "1.2.840.10008.1.2.1"
IMPLICIT_LE = "1.2.840.10008.1.2"


class Writer:
    """Encodes elements, items and sequences in one transfer syntax and length style."""

    def __init__(self, *, implicit: bool = False, undefined: bool = False) -> None:
        self.implicit = implicit
        self.undefined = undefined

    def element(self, tag: int, vr: str, value: bytes | str, *, length: int | None = None) -> bytes:
        data = value.encode("latin-1") if isinstance(value, str) else value
        if len(data) & 1:
            data += b"\x00" if vr in ("UI", "OB", "UN") else b" "
        size = len(data) if length is None else length
        if self.implicit:
            return struct.pack("<HHI", tag >> 16, tag & 0xFFFF, size) + data
        if vr in LONG:
            return struct.pack("<HH2s2xI", tag >> 16, tag & 0xFFFF, vr.encode(), size) + data
        return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr.encode(), size) + data

    def sequence(self, tag: int, items: list[bytes]) -> bytes:
        if self.undefined:
            body = b"".join(ITEM + struct.pack("<I", UNDEFINED) + i + ITEM_END for i in items)
            return self.element(tag, "SQ", body + SEQUENCE_END, length=UNDEFINED)
        body = b"".join(ITEM + struct.pack("<I", len(i)) + i for i in items)
        return self.element(tag, "SQ", body)

    def us(self, tag: int, *values: int) -> bytes:
        return self.element(tag, "US", struct.pack(f"<{len(values)}H", *values))

    def ul(self, tag: int, *values: int) -> bytes:
        return self.element(tag, "UL", struct.pack(f"<{len(values)}I", *values))

    def fd(self, tag: int, *values: float) -> bytes:
        return self.element(tag, "FD", struct.pack(f"<{len(values)}d", *values))


def part10(w: Writer, sop_class: str, dataset: bytes) -> bytes:
    """Preamble, file meta (always explicit VR little endian) and ``dataset``."""
    meta_writer = Writer()
    syntax = IMPLICIT_LE if w.implicit else EXPLICIT_LE
    meta = (meta_writer.element(0x00020001, "OB", b"\x00\x01")
            + meta_writer.element(0x00020002, "UI", sop_class)
            + meta_writer.element(0x00020003, "UI", "2.25.1234567890")
            + meta_writer.element(0x00020010, "UI", syntax)
            + meta_writer.element(0x00020012, "UI", "2.25.42"))
    group_length = meta_writer.element(0x00020000, "UL", struct.pack("<I", len(meta)))
    return b"\x00" * 128 + b"DICM" + group_length + meta + dataset


def _patient(w: Writer, modality: str) -> bytes:
    return b"".join([
        w.element(0x00080020, "DA", "20240102"), w.element(0x00080030, "TM", "101530"),
        w.element(0x00080060, "CS", modality), w.element(0x00080070, "LO", "typeddcm bench"),
        w.element(0x00100010, "PN", "Shape^Bench"), w.element(0x00100020, "LO", "BENCH-1"),
        w.element(0x00100030, "DA", "19700101"), w.element(0x00100040, "CS", "O"),
    ])


def _frame_groups(w: Writer, frame: int) -> bytes:
    """One item of the Per-frame Functional Groups Sequence, as enhanced MR files have them."""
    z = f"{-120.0 + frame * 0.6:.4f}"
    seq = w.sequence
    return b"".join([
        seq(0x00189112, [w.fd(0x00180080, 8.1) + w.fd(0x00181314, 12.0)]),  # MR Timing
        seq(0x00189114, [w.fd(0x00189082, 4.6) + w.us(0x00189241, 0)]),  # MR Echo
        seq(0x00189119, [w.fd(0x00189069, 1.0) + w.fd(0x00189073, 2.0)]),  # MR Averages
        seq(0x00189226, [w.element(0x00089208, "CS", "MAGNITUDE")
                         + w.element(0x00089209, "CS", "T1")
                         + w.element(0x00189005, "SH", "GRE")]),  # MR Image Frame Type
        seq(0x00209111, [  # Frame Content
            w.element(0x00189074, "DT", f"20240102101530.{frame:06d}") + w.fd(0x00189220, 8.1)
            + w.ul(0x00209057, frame + 1) + w.ul(0x00209128, 1) + w.ul(0x00209157, 1, frame + 1)]),
        seq(0x00209113, [w.element(0x00200032, "DS", f"-100.0\\-120.5\\{z}")]),
        seq(0x00209116, [w.element(0x00200037, "DS", "1\\0\\0\\0\\1\\0")]),
        seq(0x00289110, [w.element(0x00180050, "DS", "0.6")
                         + w.element(0x00280030, "DS", "0.5\\0.5")]),
        seq(0x00289132, [w.element(0x00281050, "DS", "600")
                         + w.element(0x00281051, "DS", "1200")]),
        seq(0x00289145, [w.element(0x00281052, "DS", "0") + w.element(0x00281053, "DS", "1")
                         + w.element(0x00281054, "LO", "US")]),
        w.element(0x20010010, "LO", "Philips Imaging DD 001")
        + seq(0x20011001, [w.element(0x20011002, "UN", b"\x01\x02\x03\x04")]),
    ])


def enhanced_mr(*, implicit: bool = False, undefined: bool = False, frames: int = 400) -> bytes:
    w = Writer(implicit=implicit, undefined=undefined)
    rows = cols = 64
    shared = w.sequence(0x52009229, [  # Shared Functional Groups
        w.sequence(0x00189006, [w.element(0x00180087, "DS", "3")])  # MR Imaging Modifier
        + w.sequence(0x00189042, [w.element(0x00181250, "SH", "HEAD")])])  # Receive Coil
    dataset = b"".join([
        w.element(0x00080008, "CS", "ORIGINAL\\PRIMARY\\M\\NONE"),
        w.element(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.4.1"),
        w.element(0x00080018, "UI", "2.25.1234567890"),
        _patient(w, "MR"),
        w.element(0x00200013, "IS", "1"),
        w.element(0x00280002, "US", struct.pack("<H", 1)),
        w.element(0x00280004, "CS", "MONOCHROME2"),
        w.element(0x00280008, "IS", str(frames)),
        w.us(0x00280010, rows), w.us(0x00280011, cols),
        w.us(0x00280100, 16), w.us(0x00280101, 12), w.us(0x00280102, 11), w.us(0x00280103, 0),
        shared,
        w.sequence(0x52009230, [_frame_groups(w, i) for i in range(frames)]),
        w.element(0x7FE00010, "OW", bytes(rows * cols * 2 * frames)),
    ])
    return part10(w, "1.2.840.10008.5.1.4.1.1.4.1", dataset)


def rt_plan_deep(*, undefined: bool = False) -> bytes:
    w = Writer(undefined=undefined)

    def control_point(beam: int, index: int) -> bytes:
        devices = [w.element(0x300A00B8, "CS", kind)
                   + w.element(0x300A011C, "DS", "\\".join(["-50", "50"] * (30 if kind == "MLCX" else 1)))
                   for kind in ("ASYMX", "ASYMY", "MLCX")]
        dose = [w.element(0x300A010C, "DS", "0.5") + w.element(0x300C0051, "IS", str(index))]
        return (w.element(0x300A0112, "IS", str(index))
                + w.sequence(0x300A011A, devices)
                + w.element(0x300A011E, "DS", f"{beam * 30}")
                + w.element(0x300A0134, "DS", f"{index / 40:.3f}")
                + w.sequence(0x300C0050, dose))

    beams = [w.element(0x300A00B2, "SH", "LINAC1") + w.element(0x300A00C0, "IS", str(b))
             + w.element(0x300A00C2, "LO", f"beam {b}") + w.element(0x300A00C4, "CS", "DYNAMIC")
             + w.element(0x300A0110, "IS", "40")
             + w.sequence(0x300A0111, [control_point(b, i) for i in range(40)])
             for b in range(1, 13)]
    dataset = b"".join([
        w.element(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.481.5"),
        w.element(0x00080018, "UI", "2.25.99"), _patient(w, "RTPLAN"),
        w.element(0x300A0002, "SH", "PLAN"), w.sequence(0x300A00B0, beams),
    ])
    return part10(w, "1.2.840.10008.5.1.4.1.1.481.5", dataset)


def sr_tree(*, undefined: bool = True, depth: int = 6, fanout: int = 4) -> bytes:
    w = Writer(undefined=undefined)

    def concept(code: str) -> bytes:
        return w.sequence(0x0040A043, [w.element(0x00080100, "SH", code)
                                       + w.element(0x00080102, "SH", "DCM")
                                       + w.element(0x00080104, "LO", f"concept {code}")])

    def node(level: int, number: int) -> bytes:
        head = w.element(0x0040A010, "CS", "CONTAINS")
        if level == depth:
            return (head + w.element(0x0040A040, "CS", "TEXT") + concept(f"{number}")
                    + w.element(0x0040A160, "UT", f"finding {number} at level {level}"))
        children = [node(level + 1, number * fanout + i) for i in range(fanout)]
        return (head + w.element(0x0040A040, "CS", "CONTAINER") + concept(f"{number}")
                + w.element(0x0040A050, "CS", "SEPARATE") + w.sequence(0x0040A730, children))

    dataset = b"".join([
        w.element(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.88.33"),
        w.element(0x00080018, "UI", "2.25.98"), _patient(w, "SR"),
        w.element(0x0040A040, "CS", "CONTAINER"), w.element(0x0040A050, "CS", "SEPARATE"),
        w.sequence(0x0040A730, [node(1, i) for i in range(fanout)]),
    ])
    return part10(w, "1.2.840.10008.5.1.4.1.1.88.33", dataset)


def rt_struct(*, rois: int = 100, points: int = 50_000, contours_per_roi: int = 10) -> bytes:
    w = Writer()
    frame_of_reference = "2.25.5550001"
    per_contour = points // (rois * contours_per_roi)

    def contour(roi: int, number: int) -> bytes:
        z = -100.0 + number * 2.5
        data = "\\".join(f"{40 * (roi % 7) + (i % 13) * 1.25:.2f}\\{-30.5 + (i % 11) * 0.75:.2f}\\{z:.1f}"
                          for i in range(per_contour))
        image = w.element(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2") + w.element(
            0x00081155, "UI", f"2.25.77{number:04d}")
        return (w.sequence(0x30060016, [image]) + w.element(0x30060042, "CS", "CLOSED_PLANAR")
                + w.element(0x30060046, "IS", str(per_contour)) + w.element(0x30060048, "IS", str(number + 1))
                + w.element(0x30060050, "DS", data))

    structure = [w.element(0x30060022, "IS", str(r + 1)) + w.element(0x30060024, "UI", frame_of_reference)
                 + w.element(0x30060026, "LO", f"ROI {r + 1}") + w.element(0x30060036, "CS", "MANUAL")
                 for r in range(rois)]
    contours = [w.element(0x3006002A, "IS", f"{r % 255}\\{(r * 7) % 255}\\{(r * 13) % 255}")
                + w.sequence(0x30060040, [contour(r, c) for c in range(contours_per_roi)])
                + w.element(0x30060084, "IS", str(r + 1)) for r in range(rois)]
    observations = [w.element(0x30060082, "IS", str(r + 1)) + w.element(0x30060084, "IS", str(r + 1))
                    + w.element(0x300600A4, "CS", "ORGAN") + w.element(0x300600A6, "PN", "")
                    for r in range(rois)]
    dataset = b"".join([
        w.element(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.481.3"),
        w.element(0x00080018, "UI", "2.25.97"), _patient(w, "RTSTRUCT"),
        w.element(0x30060002, "SH", "STRUCTURES"),
        w.sequence(0x30060020, structure), w.sequence(0x30060039, contours),
        w.sequence(0x30060080, observations),
    ])
    return part10(w, "1.2.840.10008.5.1.4.1.1.481.3", dataset)


def segmentation(*, frames: int = 12_000, segments: int = 4, undefined: bool = True) -> bytes:
    w = Writer(undefined=undefined)
    rows = cols = 64
    sop_class = "1.2.840.10008.5.1.4.1.1.66.4"

    def frame(number: int) -> bytes:
        segment, slice_number = number % segments + 1, number // segments
        source = (w.element(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2")
                  + w.element(0x00081155, "UI", f"2.25.66{slice_number:05d}")
                  + w.sequence(0x0040A170, [w.element(0x00080100, "SH", "121322")
                                            + w.element(0x00080102, "SH", "DCM")
                                            + w.element(0x00080104, "LO", "Source image for image processing operation")]))
        derivation = w.sequence(0x00089124, [w.sequence(0x00082112, [source])])
        content = w.sequence(0x00209111, [w.ul(0x00209157, segment, slice_number + 1)])
        position = w.sequence(0x00209113, [w.element(
            0x00200032, "DS", f"-120.5\\-130.25\\{-300.0 + slice_number * 0.625:.3f}")])
        identification = w.sequence(0x0062000A, [w.us(0x0062000B, segment)])
        return derivation + content + position + identification

    segment_items = [w.us(0x00620004, s + 1) + w.element(0x00620005, "LO", f"segment {s + 1}")
                     + w.element(0x00620008, "CS", "AUTOMATIC") for s in range(segments)]
    shared = w.sequence(0x52009229, [
        w.sequence(0x00209116, [w.element(0x00200037, "DS", "1\\0\\0\\0\\1\\0")])
        + w.sequence(0x00289110, [w.element(0x00180050, "DS", "0.625")
                                  + w.element(0x00280030, "DS", "0.7\\0.7")])])
    dataset = b"".join([
        w.element(0x00080008, "CS", "DERIVED\\PRIMARY"),
        w.element(0x00080016, "UI", sop_class), w.element(0x00080018, "UI", "2.25.96"),
        _patient(w, "SEG"),
        w.element(0x00200013, "IS", "1"),
        w.us(0x00280002, 1), w.element(0x00280004, "CS", "MONOCHROME2"),
        w.element(0x00280008, "IS", str(frames)), w.us(0x00280010, rows), w.us(0x00280011, cols),
        w.us(0x00280100, 1), w.us(0x00280101, 1), w.us(0x00280102, 0), w.us(0x00280103, 0),
        shared, w.sequence(0x52009230, [frame(i) for i in range(frames)]),
        w.element(0x00620001, "CS", "BINARY"), w.sequence(0x00620002, segment_items),
        w.element(0x7FE00010, "OB", bytes(rows * cols * frames // 8)),
    ])
    return part10(w, sop_class, dataset)


def realworld_files() -> list[tuple[str, bytes]]:
    """Issue 14's real-shaped set (the 12,000-frame segmentation is timed apart: pydicom
    needs seconds for its header)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.ct_header import ct_header_bytes

    return [
        ("ct_258_elements", ct_header_bytes(pixels=True)),
        ("enhanced_mr_1000_frames", enhanced_mr(frames=1000)),
        ("rt_struct_100_rois", rt_struct()),
        ("sr_tree_8_levels", sr_tree(depth=8, fanout=2)),
        ("rt_plan_deep", rt_plan_deep()),
    ]


def shaped_files() -> list[tuple[str, bytes]]:
    """The real-shaped files, by name."""
    return [
        ("enhanced_mr_defined", enhanced_mr()),
        ("enhanced_mr_undefined", enhanced_mr(undefined=True)),
        ("enhanced_mr_implicit", enhanced_mr(implicit=True)),
        ("rt_plan_deep", rt_plan_deep()),
        ("sr_tree", sr_tree()),
    ]
