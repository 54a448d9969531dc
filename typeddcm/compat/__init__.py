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
    config,
    dataelem,
    dataset,
    encaps,
    errors,
    filebase,
    filereader,
    filewriter,
    misc,
    pixel_data_handlers,
    sequence,
    tag,
    uid,
    valuerep,
)
from .dataelem import DataElement
from .dataset import Dataset, FileDataset
from .filereader import dcmread, read_file
from .filewriter import dcmwrite, write_file
from .interop import from_pydicom, to_pydicom
from .sequence import Sequence

__all__ = ["DataElement", "Dataset", "FileDataset", "Sequence", "config", "dataelem", "dataset",
           "dcmread", "dcmwrite", "encaps", "errors", "filebase", "filereader", "filewriter",
           "from_pydicom", "misc", "pixel_data_handlers", "read_file", "sequence", "tag",
           "to_pydicom", "uid", "valuerep", "write_file"]

__version__ = "0.1.0"
