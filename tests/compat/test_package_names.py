"""The package-level names pydicom code imports, FileMetaDataset, and the tag type aliases."""

from __future__ import annotations

import copy
import pickle
import typing

import pytest

import typeddcm.compat as compat
from typeddcm.compat import config, dataset
from typeddcm.compat.dataelem import DataElement
from typeddcm.compat.tag import BaseTag, TagListType, TagType

pydicom = pytest.importorskip("pydicom")

#: The package names of the issue (pydicom 1.x's, and 2.x's FileMetaDataset).
PACKAGE_NAMES = ["__version__", "__version_info__", "dcmread", "read_file", "dcmwrite",
                 "write_file", "Dataset", "FileDataset", "FileMetaDataset", "DataElement",
                 "Sequence", "config", "debug"]


@pytest.mark.parametrize("name", PACKAGE_NAMES)
def test_package_name(name: str) -> None:
    assert hasattr(compat, name)
    if name not in ("read_file", "write_file", "debug"):  # not package names of pydicom 3
        assert hasattr(pydicom, name)


def test_star_import_gives_every_listed_name() -> None:
    namespace: dict[str, object] = {}
    exec("from typeddcm.compat import *", namespace)
    assert set(compat.__all__) <= set(namespace)
    assert {"FileMetaDataset", "debug", "__version_info__"} <= set(compat.__all__)


def test_version_info_has_pydicoms_shape() -> None:
    info = compat.__version_info__
    assert type(info) is tuple
    assert len(info) == 3
    assert all(part.isdigit() for part in info)
    assert ".".join(info) == compat.__version__
    assert type(pydicom.__version_info__) is tuple
    assert all(isinstance(part, str) for part in pydicom.__version_info__)


def test_read_and_write_aliases() -> None:
    assert callable(compat.read_file)
    assert callable(compat.write_file)


def test_debug_is_configs() -> None:
    assert compat.debug is config.debug
    with config.override():
        compat.debug(True, default_handler=False)
        assert config.debugging is True
        compat.debug(False)
        assert config.debugging is False


# --- FileMetaDataset ------------------------------------------------------------------------

ONLY_GROUP_2 = "Only group 2 data elements are allowed"


def _meta() -> compat.FileMetaDataset:
    meta = compat.FileMetaDataset()
    meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    return meta


def test_file_meta_dataset_is_a_dataset_of_group_two() -> None:
    meta = _meta()
    assert dataset.FileMetaDataset is compat.FileMetaDataset
    assert isinstance(meta, compat.Dataset)
    assert meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
    meta[0x00020012] = DataElement(0x00020012, "UI", "1.2.3")
    meta.add_new(0x00020013, "SH", "NAME")
    assert [int(t) for t in meta.keys()] == [0x00020002, 0x00020010, 0x00020012, 0x00020013]


def _refusals(meta: compat.FileMetaDataset) -> list[typing.Callable[[], object]]:
    return [
        lambda: setattr(meta, "PatientName", "Citizen^Jan"),
        lambda: meta.__setitem__(0x00100010, DataElement(0x00100010, "PN", "Citizen^Jan")),
        lambda: meta.add_new(0x00080018, "UI", "1.2.3"),
        lambda: meta.add(DataElement(0x00080018, "UI", "1.2.3")),
        lambda: meta.update({0x00100020: DataElement(0x00100020, "LO", "ID")}),
        lambda: meta.setdefault(0x00100020, DataElement(0x00100020, "LO", "ID")),
    ]


def test_file_meta_dataset_refuses_other_groups_and_keeps_its_content() -> None:
    meta = _meta()
    before = meta.freeze()
    for refusal in _refusals(meta):
        with pytest.raises(ValueError, match=r"Only group 2 .*\(0010, 00[12]0\)|\(0008, 0018\)"):
            refusal()
        assert meta.freeze() is before  # nothing changed, nothing lost


def test_pydicom_refuses_the_same() -> None:
    """The oracle: pydicom 3's FileMetaDataset raises ValueError for each of them."""
    from pydicom.dataelem import DataElement as TheirElement
    from pydicom.dataset import FileMetaDataset as Theirs

    theirs = Theirs()
    with pytest.raises(ValueError, match=ONLY_GROUP_2):
        theirs.PatientName = "Citizen^Jan"
    with pytest.raises(ValueError, match=ONLY_GROUP_2):
        theirs[0x00100010] = TheirElement(0x00100010, "PN", "Citizen^Jan")
    with pytest.raises(ValueError, match=ONLY_GROUP_2):
        theirs.add_new(0x00080018, "UI", "1.2.3")
    mixed = pydicom.Dataset()
    mixed.PatientName = "X"
    with pytest.raises(ValueError, match="only contain group 2"):
        Theirs(mixed)


def test_file_meta_dataset_from_datasets_and_mappings() -> None:
    source = compat.Dataset()
    source.TransferSyntaxUID = "1.2.840.10008.1.2"
    meta = compat.FileMetaDataset(source)
    assert meta.TransferSyntaxUID == "1.2.840.10008.1.2"
    assert compat.FileMetaDataset(meta.freeze()).TransferSyntaxUID == "1.2.840.10008.1.2"
    assert len(compat.FileMetaDataset({0x00020010: DataElement(0x00020010, "UI", "1.2")})) == 1
    source.PatientID = "ID"
    with pytest.raises(ValueError, match=r"\(0010, 0020\)"):
        compat.FileMetaDataset(source)
    with pytest.raises(ValueError, match=ONLY_GROUP_2):
        compat.FileMetaDataset(source.freeze())
    with pytest.raises(ValueError, match=ONLY_GROUP_2):
        compat.FileMetaDataset(PatientID="ID")


def test_file_meta_dataset_copies_stay_group_two() -> None:
    meta = _meta()
    for other in (copy.copy(meta), copy.deepcopy(meta), pickle.loads(pickle.dumps(meta))):
        assert type(other) is compat.FileMetaDataset
        assert other.TransferSyntaxUID == meta.TransferSyntaxUID
        with pytest.raises(ValueError, match=ONLY_GROUP_2):
            other.PatientID = "ID"
        other.ImplementationVersionName = "X"
    assert "ImplementationVersionName" not in meta


def test_file_meta_dataset_as_file_meta() -> None:
    ds = compat.Dataset()
    ds.file_meta = _meta()
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3"
    assert ds.file_meta.MediaStorageSOPInstanceUID == "1.2.3"
    with pytest.raises(ValueError, match=ONLY_GROUP_2):
        ds.file_meta.PatientID = "ID"


# --- tag type aliases at run time -------------------------------------------------------------


def test_tag_aliases_work_in_runtime_annotations() -> None:
    def takes(tags: TagListType | None = None, one: TagType | None = None) -> None: ...

    hints = typing.get_type_hints(takes)
    assert type(None) in typing.get_args(hints["tags"])
    assert list[BaseTag] in typing.get_args(TagListType)
    assert int in typing.get_args(TagType) and str in typing.get_args(TagType)
    aliases: list[object] = [TagListType, TagType]
    assert not any(isinstance(alias, str) for alias in aliases)  # real aliases, not text
    assert isinstance(0x00100010, typing.get_args(TagType)[0])
