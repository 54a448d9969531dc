/* typeddcm.pixels._packbits: the PackBits byte loops of RLE Lossless (PS3.5 Annex G) in C.
 *
 * Why C: PackBits is a sequential byte stream (each header says how far the next one
 * is), which numpy cannot vectorise and Python (even mypyc) walks at ~27 ns a byte.
 * Only the loops live here; frame headers, checks of the segment offsets, errors and
 * the numpy fallbacks stay in rle.py.  The buffer protocol is the whole interface (no
 * numpy headers, no library), so the extension builds wherever a C compiler does.
 *
 * Safety: lengths in the data are never trusted.  Every write position is proven inside
 * the output before the loop starts, and every read is checked against the segment's end.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Whether start, start + stride, ... (count positions) all lie inside [0, size). */
static int fits(Py_ssize_t start, Py_ssize_t stride, Py_ssize_t count, Py_ssize_t size)
{
    if (start < 0 || stride < 1 || count < 0)
        return 0;
    if (count == 0)
        return 1;
    /* Divided rather than multiplied, so that no product can overflow. */
    return start < size && (count - 1) <= (size - 1 - start) / stride;
}

/* Decode the PackBits stream [in, end) into out[0], ..., out[count - 1].  1 on success;
 * 0 when the stream ends before count bytes (or inside a run's bytes).  Bytes after
 * count are ignored and a last run that overshoots is cut: real encoders pad, and some
 * write a run past the end.  Writes are contiguous, so runs are memcpy/memset: a byte
 * loop writing with a stride straight into the final words measured 4-13 times slower
 * on whole frames (512x512 to 2140x1760, 16-bit). */
static int unpack_segment(const unsigned char *in, const unsigned char *end,
                          unsigned char *out, Py_ssize_t count)
{
    Py_ssize_t left = count;
    while (left > 0) {
        if (in >= end)
            return 0;
        unsigned char head = *in++;
        if (head < 128) { /* a literal of head + 1 bytes: all must be there */
            Py_ssize_t n = (Py_ssize_t)head + 1;
            if (end - in < n)
                return 0;
            Py_ssize_t m = n < left ? n : left;
            memcpy(out, in, (size_t)m);
            out += m;
            in += n;
            left -= m;
        } else if (head > 128) { /* a replicate run: 257 - head copies of the next byte */
            if (in >= end)
                return 0;
            Py_ssize_t n = 257 - (Py_ssize_t)head;
            Py_ssize_t m = n < left ? n : left;
            memset(out, *in++, (size_t)m);
            out += m;
            left -= m;
        } /* head == 128 (-128) is a no-op */
    }
    return 1;
}

/* Words from byte planes: sample s of pixel k is planes s*B .. s*B + B-1 (most
 * significant first, G.2) at byte k, shifted together into one native word, so the
 * result is in the machine's byte order on any machine.  S (samples) is passed as a
 * constant where it can be: with 1 the loop has no stride and the compiler vectorises it. */
#define WEAVE(T, B, S)                                                                   \
    do {                                                                                 \
        T *o = (T *)out;                                                                 \
        for (Py_ssize_t k = 0; k < pixels; k++)                                          \
            for (Py_ssize_t s = 0; s < (S); s++) {                                       \
                const unsigned char *p = planes + s * (B) * pixels + k;                  \
                uint64_t w = 0;                                                          \
                for (int j = 0; j < (B); j++)                                            \
                    w = (w << 8) | p[j * pixels];                                        \
                o[k * (S) + s] = (T)w;                                                   \
            }                                                                            \
    } while (0)

static void weave(const unsigned char *planes, Py_ssize_t pixels, Py_ssize_t nbytes,
                  Py_ssize_t samples, void *out)
{
    /* One and three samples (grey, colour) get constant loop bounds: 2-3 times faster. */
    int shape = samples == 1 ? 1 : samples == 3 ? 3 : 0;
    switch (nbytes * 16 + shape) {
    case 1 * 16 + 3: WEAVE(uint8_t, 1, 3); break; /* 1 * 16 + 1: one segment, no weave */
    case 1 * 16 + 0: WEAVE(uint8_t, 1, samples); break;
    case 2 * 16 + 1: WEAVE(uint16_t, 2, 1); break;
    case 2 * 16 + 3: WEAVE(uint16_t, 2, 3); break;
    case 2 * 16 + 0: WEAVE(uint16_t, 2, samples); break;
    case 4 * 16 + 1: WEAVE(uint32_t, 4, 1); break;
    case 4 * 16 + 3: WEAVE(uint32_t, 4, 3); break;
    case 4 * 16 + 0: WEAVE(uint32_t, 4, samples); break;
    default: WEAVE(uint64_t, 8, 1); break; /* 8 bytes: one sample (two would be 16 segments) */
    }
}

/* unpack_frame(frame, starts, out, nbytes, samples, pixels) -> int
 *
 * Decodes every segment of one RLE frame into `out`, pixels * samples words of nbytes
 * bytes in the machine's order, colour-by-pixel.  Segment i is frame[starts[i]:
 * starts[i + 1]] (the last runs to the frame's end); there must be nbytes * samples of
 * them.  Returns -1, or the index of the first segment that ends too early (rle.py
 * names it in its DecodeError).  Offsets and sizes are checked again here, whatever
 * rle.py checked: a wrong call is a ValueError, never a write out of bounds. */
static PyObject *unpack_frame(PyObject *self, PyObject *args)
{
    Py_buffer src, dst;
    PyObject *starts;
    Py_ssize_t nbytes, samples, pixels, bounds[16];
    (void)self;
    if (!PyArg_ParseTuple(args, "y*O!w*nnn:unpack_frame", &src, &PyTuple_Type, &starts, &dst,
                          &nbytes, &samples, &pixels))
        return NULL;
    /* nbytes and samples are checked before they are multiplied. */
    int words = (nbytes == 1 || nbytes == 2 || nbytes == 4 || nbytes == 8) && samples >= 1 &&
                samples <= 15;
    Py_ssize_t nseg = words ? nbytes * samples : 0;
    const char *wrong = NULL;
    if (!words || nseg > 15 || PyTuple_GET_SIZE(starts) != nseg)
        wrong = "unpack_frame: 1-15 segments of 1, 2, 4 or 8 bytes a sample, one start each";
    else if (pixels < 1 || pixels > PY_SSIZE_T_MAX / nseg || dst.len != pixels * nseg)
        wrong = "unpack_frame: the output is not pixels * samples * nbytes bytes";
    else if ((uintptr_t)dst.buf % (uintptr_t)nbytes != 0)
        wrong = "unpack_frame: the output is not aligned for its words";
    for (Py_ssize_t i = 0; wrong == NULL && i < nseg; i++) {
        bounds[i] = PyLong_AsSsize_t(PyTuple_GET_ITEM(starts, i));
        if (bounds[i] == -1 && PyErr_Occurred())
            break;
        if (bounds[i] < (i ? bounds[i - 1] : 0) || bounds[i] > src.len)
            wrong = "unpack_frame: segment starts must increase inside the frame";
    }
    if (wrong != NULL && !PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, wrong);
    if (PyErr_Occurred()) {
        PyBuffer_Release(&src);
        PyBuffer_Release(&dst);
        return NULL;
    }
    bounds[nseg] = src.len;
    /* One segment is decoded in place; several into planes that are then woven. */
    unsigned char *planes = nseg == 1 ? dst.buf : PyMem_RawMalloc((size_t)(nseg * pixels));
    if (planes == NULL) {
        PyBuffer_Release(&src);
        PyBuffer_Release(&dst);
        return PyErr_NoMemory();
    }
    const unsigned char *in = src.buf;
    Py_ssize_t failed = -1;
    /* Only raw memory is touched below, so other threads may run meanwhile. */
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < nseg && failed < 0; i++)
        if (!unpack_segment(in + bounds[i], in + bounds[i + 1], planes + i * pixels, pixels))
            failed = i;
    if (failed < 0 && nseg > 1)
        weave(planes, pixels, nbytes, samples, dst.buf);
    Py_END_ALLOW_THREADS
    if (planes != dst.buf)
        PyMem_RawFree(planes);
    PyBuffer_Release(&src);
    PyBuffer_Release(&dst);
    return PyLong_FromSsize_t(failed);
}

/* How many bytes from column j on equal the byte at j, within a row of `columns`. */
static Py_ssize_t run_at(const unsigned char *row, Py_ssize_t stride, Py_ssize_t j,
                         Py_ssize_t columns)
{
    unsigned char value = row[j * stride];
    Py_ssize_t k = j + 1;
    while (k < columns && row[k * stride] == value)
        k++;
    return k - j;
}

/* One row to PackBits at `out`; returns the bytes written.  The choices are those of
 * rle.py's numpy encoder, so both give the same bytes: runs of `minrep` or more are
 * replicated in pieces of at most 128 (never leaving a lone byte when minrep is 3:
 * 129 is written 127 + 2); everything between them is literal, in pieces of at most
 * 128.  With minrep 2 (pydicom's choice) a lone remainder is a literal of one. */
static Py_ssize_t pack_row(const unsigned char *row, Py_ssize_t stride, Py_ssize_t columns,
                           Py_ssize_t minrep, unsigned char *out)
{
    unsigned char *o = out;
    Py_ssize_t i = 0;
    while (i < columns) {
        /* The literal stretch [i, j): runs too short to replicate. */
        Py_ssize_t j = i, run = 0;
        while (j < columns) {
            run = run_at(row, stride, j, columns);
            if (run >= minrep)
                break;
            j += run;
            run = 0;
        }
        while (i < j) {
            Py_ssize_t n = j - i < 128 ? j - i : 128;
            *o++ = (unsigned char)(n - 1);
            for (Py_ssize_t k = 0; k < n; k++)
                *o++ = row[(i + k) * stride];
            i += n;
        }
        if (run == 0) /* the row ended inside the literal stretch */
            break;
        unsigned char value = row[j * stride];
        for (Py_ssize_t left = run; left > 0;) {
            Py_ssize_t n = left < 128 ? left : 128;
            if (left == 129 && minrep > 2)
                n = 127;
            *o++ = n == 1 ? 0 : (unsigned char)(257 - n);
            *o++ = value;
            left -= n;
        }
        i = j + run;
    }
    return o - out;
}

/* pack(plane, start, stride, rows, columns, pairs) -> bytes
 *
 * PackBits of the rows x columns bytes plane[start], plane[start + stride], ...: one
 * segment, each row encoded on its own (no run crosses a row end, G.3.1), no padding.
 * `pairs` replicates runs of 2 as well.  The strided read lets one call take one byte
 * of every sample straight from the pixel array's memory. */
static PyObject *pack(PyObject *self, PyObject *args)
{
    Py_buffer src;
    Py_ssize_t start, stride, rows, columns;
    int pairs;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*nnnnp:pack", &src, &start, &stride, &rows, &columns, &pairs))
        return NULL;
    /* Each piece costs at most two bytes per byte it covers (a literal of one: header and
     * byte), so 2 * rows * columns always suffices; it is checked for overflow too. */
    if (rows < 1 || columns < 1 || rows > PY_SSIZE_T_MAX / 2 / columns ||
        !fits(start, stride, rows * columns, src.len)) {
        PyBuffer_Release(&src);
        PyErr_SetString(PyExc_ValueError, "pack: rows, columns and stride overrun the plane");
        return NULL;
    }
    PyObject *result = PyBytes_FromStringAndSize(NULL, 2 * rows * columns);
    if (result == NULL) {
        PyBuffer_Release(&src);
        return NULL;
    }
    const unsigned char *in = (const unsigned char *)src.buf + start;
    unsigned char *out = (unsigned char *)PyBytes_AS_STRING(result);
    Py_ssize_t size = 0, minrep = pairs ? 2 : 3, row_step = columns * stride;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t r = 0; r < rows; r++)
        size += pack_row(in + r * row_step, stride, columns, minrep, out + size);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&src);
    if (_PyBytes_Resize(&result, size) < 0)
        return NULL;
    return result;
}

static PyMethodDef methods[] = {
    {"unpack_frame", unpack_frame, METH_VARARGS,
     "unpack_frame(frame, starts, out, nbytes, samples, pixels) -> int: every segment of an "
     "RLE frame into native words; -1, or the index of the first segment that ends early."},
    {"pack", pack, METH_VARARGS,
     "pack(plane, start, stride, rows, columns, pairs) -> bytes: PackBits of each row of "
     "plane[start::stride], rows x columns bytes."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_packbits", "PackBits loops of RLE Lossless; see rle.py.", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__packbits(void)
{
    return PyModule_Create(&module);
}
