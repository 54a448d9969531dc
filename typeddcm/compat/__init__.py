"""pydicom's documented API over typeddcm's immutable core: ``import typeddcm.compat as pydicom``.

The modules mirror pydicom's (dataset, dataelem, sequence, tag, config, encaps,
misc, errors, filereader, filewriter, filebase, uid, pixel_data_handlers); the
package re-exports ``dcmread``, ``dcmwrite``, ``Dataset``, ``FileDataset``,
``DataElement`` and ``Sequence``.  A compat Dataset is a thread-safe mutable handle
on an immutable core Dataset: ``ds.freeze()`` gives the core, ``Dataset(core)``
wraps one.
"""

# The documented modules are attributes of the package, as ``pydicom.config`` is.
from . import (
    charset,
    config,
    datadict,
    dataelem,
    dataset,
    dicomdir,
    dicomio,
    encaps,
    errors,
    examples,
    filebase,
    filereader,
    fileutil,
    filewriter,
    hooks,
    jsonrep,
    misc,
    multival,
    pixel_data_handlers,
    pixels,
    sequence,
    tag,
    uid,
    util,
    valuerep,
    values,
)
from .config import debug
from .dataelem import DataElement
from .dataset import Dataset, FileDataset, FileMetaDataset
from .filereader import dcmread, read_dicomdir, read_file
from .filewriter import dcmwrite, write_file
from .interop import from_pydicom, to_pydicom
from .sequence import Sequence

__all__ = ["dicomio", "examples", "fileutil", "hooks",  # pydicom 3's small modules
           "DataElement", "Dataset", "FileDataset", "FileMetaDataset", "Sequence",
           "__version__", "__version_info__", "charset", "config", "datadict", "dataelem",
           "dataset", "debug", "dicomdir", "read_dicomdir",
           "dcmread", "dcmwrite", "encaps", "errors", "filebase", "filereader", "filewriter",
           "from_pydicom", "jsonrep", "misc", "multival", "pixel_data_handlers", "pixels", "read_file", "sequence", "tag",
           "to_pydicom", "uid", "util", "valuerep", "values", "write_file"]

__version__ = "0.1.0"
#: The version as a tuple of its numeric parts, as strings (as pydicom's: ("0", "1", "0")).
__version_info__ = tuple(__version__.split("+")[0].split(".")[:3])
