"""How bench/pydicom_suite.py classes the pydicom tests that fail on typeddcm.compat.

``classify(key, test_id, message)`` gives (group, class, note) for one lost test:
the first rule whose pattern matches "key | test id | message" names its group
(several cause keys can be one root cause) and classes it as a documented
``difference`` from the reference (the note cites docs/architecture.md) or a
``gap`` (the note says what is missing).  Tests no rule matches keep their cause
key as the group and are gaps: a missing module or name is missing; any other
failure is behaviour not yet looked at, which is a gap until a rule says otherwise.
"""

from __future__ import annotations

import re

ARCH = "docs/architecture.md, compat differences: "

#: (pattern, group or "" to keep the cause key, class, note); first match wins.
RULES: list[tuple[str, str, str, str]] = [
    # Documented differences (docs/architecture.md, "Where we differ from pydicom 3, on purpose").
    (r"\([0-9a-fA-F]{4}, [0-9a-fA-F]{4}\).*\([0-9a-fA-F]{4},[0-9a-fA-F]{4}\)|"
     r"\([0-9a-fA-F]{4},[0-9a-fA-F]{4}\).*\([0-9a-fA-F]{4}, [0-9a-fA-F]{4}\)",
     "tags print as (0010, 0010)", "difference",
     ARCH + "\"tags print as `(0010, 0010)` (the reference's form; pydicom 3: `(0010,0010)`)\""),
    (r"BaseTag\(65537\)|\(0001, 0001\)\.is_private", "BaseTag.is_private follows PS3.5",
     "difference", ARCH + "\"`BaseTag.is_private` follows PS3.5 (groups 1, 3, 5, 7, FFFF are not "
     "private)\""),
    (r"JPEGLossless\b.*1\.2\.840\.10008\.1\.2\.4\.(57|70)", "uid.JPEGLossless is 1.x's .70",
     "difference", ARCH + "\"`uid.JPEGLossless` is pydicom 1.x's 1.2.840.10008.1.2.4.70 (SV1)\""),
    (r"test_env_info.*'typeddcm' != 'pydicom'", "env_info reports typeddcm", "difference",
     "issue 16: `env_info` and `__version__` are typeddcm's own, not a claim to be pydicom"),
    (r"test_examples.*ct_small\.dcm", "examples are typeddcm's own samples", "difference",
     "issue 16: `examples` serves typeddcm's synthetic samples under pydicom's names (different "
     "content and file names), pydicom's files are not shipped"),
    (r"^error text differs", "error text differs (the exception type is pydicom's)", "difference",
     ARCH + "\"error and warning texts are typeddcm's own\": the exception type is the one pydicom "
     "raises (pytest.raises matched it), only the message differs"),
    (r"^warning text differs", "warning text differs (the warning category is pydicom's)",
     "difference",
     ARCH + "\"error and warning texts are typeddcm's own\": the warning category is pydicom's, "
     "its text differs"),
    (r"invalid IS value '[-+\d.eE]+': not an integer", "IS from a non-integral number is refused",
     "difference", ARCH + "\"`IS(5.5)` is a TypeError ... (1.x; 3.x makes an ISfloat)\""),
    (r"hasattr\(<pydicom\.filebase\.\w+ object.*'is_implicit_VR'\)", "DicomIO.is_implicit_VR is True "
     "until set", "difference", ARCH + "\"`DicomIO.is_implicit_VR` is True until set (1.x; 3.x raises "
     "AttributeError)\""),
    (r"test_util::TestCodify.*0x[0-9A-Fa-f]{4}", "codify writes lower-case hex", "difference",
     ARCH + "\"`codify` keeps 1.x's layout (... lower-case hex)\""),
    (r"No warnings of type \(<class 'DeprecationWarning'>", "no DeprecationWarning for the "
     "reference's names", "difference",
     ARCH + "\"the reference's names (`get_frame_offsets`, `generate_pixel_data*`, "
     "`DataElement_from_raw` ...) stay without pydicom 3's DeprecationWarning\" (1.x names stay)"),
    (r"test_default_for_reading_validation_mode", "reading validation mode defaults to IGNORE",
     "difference", ARCH + "\"`config.settings.reading_/writing_validation_mode` default to IGNORE "
     "(1.x was silent; pydicom >= 2.3: WARN)\""),
    # Gaps with a known root cause.
    (r"^(?:no warning|missing argument DataElement\.__init__\(validation_mode=\)) in "
     r"test_dataelem::TestDataElementValidation|^missing argument DataElement\.__init__\(validation_mode=\)",
     "missing argument DataElement.__init__(validation_mode=)", "gap",
     "pydicom 3's `DataElement(tag, VR, value, validation_mode=...)` is not accepted; every check "
     "of TestDataElementValidation passes it (inside `pytest.warns` the TypeError shows as DID NOT "
     "WARN)"),
    (r"objects are immutable", "value objects (PersonName, DSfloat, IS ...) are immutable", "gap",
     "compat's value objects are the core's immutable VR values; pydicom 3 code that assigns "
     "their attributes (`original_string`, `auto_format`) is refused"),
    (r"assert '' (?:==|is) None", "an element set to None reads back as ''", "gap",
     "pydicom 3 keeps None as the value of an empty element set to None; compat gives the VR's "
     "empty value ('')"),
    (r"0 bytes are too few for a DICOM dataset", "reading zero bytes is InvalidDicomError", "gap",
     "reading an empty buffer or file: pydicom 3 gives an empty dataset, compat raises InvalidDicomError"),
    (r"length must be a multiple of \d", "odd-length OW/OD/OF values refused on set", "gap",
     "PS3.5 requires whole words; compat refuses such a value when set, pydicom 3 keeps it"),
    (r"np\.uint8\(\d+\).*== \(\d+, \d+, \d+\)", "JPEG YCbCr pixels not converted to RGB", "gap",
     "pydicom 3 returns RGB for YBR_FULL_422 JPEG baseline data by default (as_rgb); compat returns "
     "the YCbCr samples"),
    (r"test_decoder_native.*'NoneType' object cannot be interpreted as an integer",
     "pixels 3.x decode: None where an int "
     "is needed", "gap", "pixels.decoders native `as_array/iter_array/as_buffer` on reference files "
     "fails (an option left None); a bug in the 3.x pixel entry points"),
    (r"missing (?:module|name) pydicom(?:\.\w+)*\._\w+|missing name _\w+ \(guarded import\)",
     "", "gap", "a private pydicom name (underscore: not public API) that the test file imports; "
     "only mirroring pydicom's internals would provide it"),
    (r"missing (?:module|name) pydicom\.pixels\.(?:decoders|encoders)\.\w+|"
     r"missing name pydicom\.pixels\.(?:decoders|encoders)\.base\.\w+|"
     r"missing name pydicom\.pixels\.common\.\w+|missing attribute Decoder\.|"
     r"missing attribute NoneType\.(?:supports_transfer_syntax|should_change)",
     "", "gap", "pydicom 3's pixel plugin machinery (decoder/encoder plugin modules, runners, "
     "Decoder/Encoder object API): compat decodes and encodes through typeddcm.pixels' registry"),
    (r"TestDatasetWithBufferedData|TestBufferedDataElement|missing attribute FileDataset\.buffer",
     "buffered (file-like) element values", "gap",
     "pydicom 3.0 accepts an open file object as a bulk value (read when written); compat needs bytes"),
    (r"missing module pydicom\.fileset", "", "gap", "`fileset` (DICOMDIR File-set API) not provided"),
    (r"missing module pydicom\.cli", "", "gap", "pydicom's command line (`pydicom show/codify`) not provided"),
    (r"missing attribute Dataset\.(?:from_json|to_json|to_json_dict)|test_json", "DICOM JSON model",
     "gap", "`Dataset.from_json/to_json/to_json_dict` (PS3.18 JSON) not provided"),
    (r"missing module pydicom\.data\.data_manager", "", "gap",
     "pydicom's download manager: compat.data searches configured folders and downloads nothing "
     "(by design, no network); tests of the downloader itself cannot pass"),
]

_COMPILED = [(re.compile(p, re.DOTALL), g, c, n) for p, g, c, n in RULES]


def classify(key: str, test_id: str, message: str) -> tuple[str, str, str]:
    """(group, "difference" or "gap", note) for one test lost on the shim."""
    text = f"{key} | {test_id} | {message}"
    for pattern, group, kind, note in _COMPILED:
        if pattern.search(text):
            return group or key, kind, note
    if key.startswith("missing module "):
        return key, "gap", "module not provided by typeddcm.compat"
    if key.startswith(("missing name ", "missing attribute ")):
        return key, "gap", "name not provided by typeddcm.compat"
    if key.startswith("missing argument "):
        return key, "gap", "keyword argument not accepted by typeddcm.compat"
    if key.startswith("skipped on the shim"):
        return key, "gap", "skipped under compat (a capability the test checks for is absent)"
    return key, "gap", "behaviour differs; not yet classified"
