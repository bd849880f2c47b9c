// zlib, for the compressed XMP a PNG or HEIC may carry.
#ifndef CONSENTGATE_CZLIB_SHIM_H
#define CONSENTGATE_CZLIB_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

/// Inflates the zlib stream `in` into `out` (capacity `cap`). Returns the
/// number of bytes written, or -1 if the stream is broken, does not end, or
/// would not fit.
static inline long cg_inflate(const uint8_t *in, size_t len, uint8_t *out, size_t cap) {
    if (len > UINT32_MAX || cap > UINT32_MAX) return -1;
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit(&stream) != Z_OK) return -1;
    stream.next_in = (Bytef *) in;
    stream.avail_in = (uInt) len;
    stream.next_out = out;
    stream.avail_out = (uInt) cap;
    const int status = inflate(&stream, Z_FINISH);
    const long written = (long) stream.total_out;
    inflateEnd(&stream);
    return status == Z_STREAM_END ? written : -1;
}

#endif
