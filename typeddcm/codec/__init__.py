"""Sans-I/O DICOM codec: buffers in, datasets out, and back."""
