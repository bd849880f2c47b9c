#!/usr/bin/env python3
"""Assemble an iPhone-style HEIC: one 'grid' image made of HEVC tiles.

An iPhone stores a 12 MP photo as 48 tiles of 512 x 512 (8 across, 6 down)
that libheif decodes in parallel and crops to 4032 x 3024. Debian 12's
libheif (1.15) cannot write grids, so each tile is encoded on its own (by
libvips, libheif and x265) and this script moves their bitstreams into one
file: ftyp, meta (hdlr, pitm, iloc, iinf, iref/dimg, iprp), mdat.

    make-grid-heic.py OUT.heic WIDTH HEIGHT COLUMNS TILE.heic...   (row by row)
    make-grid-heic.py OUT.heic --separate FIRST.heic OTHER.heic...  (several images)
    make-grid-heic.py OUT.heic --thumbnail PRIMARY.heic THUMB.heic   (THUMB as PRIMARY's thumbnail)

Before the mode, as a camera would write them:
    --exif-app1 TIFF.exif     an EXIF item wrapped as Xiaomi phones store it: a
                              whole JPEG APP1 segment (marker, length, Exif\0\0,
                              TIFF), its offset field pointing at the TIFF header
    --rotation-first QUARTERS the primary turned anticlockwise ('irot'), that
                              property listed before its size ('ispe'), as Sony
                              cameras list them
    --size WxH                the primary's size ('ispe') says WxH, whatever its
                              grid or bitstream holds (a crafted file)
"""
import struct
import sys


def boxes(data, start, end):
    """(type, start, payload start, end) of each box in data[start:end]."""
    i = start
    while i + 8 <= end:
        size, kind = struct.unpack(">I4s", data[i:i + 8])
        header = 8
        if size == 1:
            size = struct.unpack(">Q", data[i + 8:i + 16])[0]
            header = 16
        elif size == 0:
            size = end - i
        if size < header or i + size > end:
            raise ValueError("box runs past its parent")
        yield kind.decode("latin-1"), i, i + header, i + size
        i += size


def child(data, start, end, kind):
    for found, box_start, payload, box_end in boxes(data, start, end):
        if found == kind:
            return box_start, payload, box_end
    raise ValueError("no %s box" % kind)


def uint(data, at, size):
    return int.from_bytes(data[at:at + size], "big") if size else 0


def tile(path):
    """The HEVC configuration box and the bitstream of a file's primary image."""
    data = open(path, "rb").read()
    _, meta, meta_end = child(data, 0, len(data), "meta")
    meta += 4  # FullBox version and flags
    _, pitm, _ = child(data, meta, meta_end, "pitm")
    primary = uint(data, pitm + 4, 2 if data[pitm] == 0 else 4)

    _, iprp, iprp_end = child(data, meta, meta_end, "iprp")
    _, ipco, ipco_end = child(data, iprp, iprp_end, "ipco")
    properties = [data[s:e] for _, s, _, e in boxes(data, ipco, ipco_end)]
    _, ipma, _ = child(data, iprp, iprp_end, "ipma")
    version, flags = data[ipma], uint(data, ipma + 1, 3)
    at, hvcc = ipma + 8, None
    for _ in range(uint(data, ipma + 4, 4)):
        item = uint(data, at, 2 if version < 1 else 4)
        at += 2 if version < 1 else 4
        count = data[at]
        at += 1
        for _ in range(count):
            index = uint(data, at, 2) & 0x7FFF if flags & 1 else data[at] & 0x7F
            at += 2 if flags & 1 else 1
            if item == primary and index and properties[index - 1][4:8] == b"hvcC":
                hvcc = properties[index - 1]

    _, iloc, _ = child(data, meta, meta_end, "iloc")
    version = data[iloc]
    at = iloc + 4
    offset_size, length_size = data[at] >> 4, data[at] & 15
    base_size, index_size = data[at + 1] >> 4, (data[at + 1] & 15) if version in (1, 2) else 0
    at += 2
    count = uint(data, at, 2 if version < 2 else 4)
    at += 2 if version < 2 else 4
    bitstream = None
    for _ in range(count):
        item = uint(data, at, 2 if version < 2 else 4)
        at += 2 if version < 2 else 4
        method = 0
        if version in (1, 2):
            method = uint(data, at, 2) & 15
            at += 2
        at += 2  # data reference index
        base = uint(data, at, base_size)
        at += base_size
        extents = uint(data, at, 2)
        at += 2
        chunks = []
        for _ in range(extents):
            at += index_size
            offset = uint(data, at, offset_size)
            length = uint(data, at + offset_size, length_size)
            at += offset_size + length_size
            chunks.append(data[base + offset:base + offset + length])
        if item == primary:
            if method != 0:
                raise ValueError("%s: image data outside mdat" % path)
            bitstream = b"".join(chunks)
    if hvcc is None or bitstream is None:
        raise ValueError("%s: no HEVC primary image" % path)
    return hvcc, bitstream


def box(kind, payload):
    return struct.pack(">I4s", 8 + len(payload), kind.encode()) + payload


def full_box(kind, version, flags, payload):
    return box(kind, struct.pack(">I", version << 24 | flags) + payload)


def tile_size(path):
    data = open(path, "rb").read()
    _, meta, meta_end = child(data, 0, len(data), "meta")
    _, iprp, iprp_end = child(data, meta + 4, meta_end, "iprp")
    _, ipco, ipco_end = child(data, iprp, iprp_end, "ipco")
    _, ispe, _ = child(data, ipco, ipco_end, "ispe")
    return struct.unpack(">II", data[ispe + 4:ispe + 12])


def assemble(paths, grid=None, thumbnail=False, exif_app1=None, rotation_first=None, declared_size=None):
    """A HEIC of the primary images of `paths`: as the tiles of one grid
    image, grid = (width, height, columns), or, without a grid, as separate
    top-level images, the first one primary; with `thumbnail`, the second
    is the first one's thumbnail ('thmb' reference), whatever it shows.
    `exif_app1`, `rotation_first`, `declared_size` (w, h): see the options above."""
    images = [tile(path) + tile_size(path) for path in paths]
    configurations = []
    for hvcc, _, _, _ in images:
        if hvcc not in configurations:
            configurations.append(hvcc)
    sizes = []
    for _, _, width, height in images:
        if (width, height) not in sizes:
            sizes.append((width, height))
    extra = b""
    if grid:
        width, height, columns = grid
        rows = len(images) // columns
        if rows * columns != len(images) or rows > 256 or columns > 256:
            raise ValueError("tiles do not make a grid")
        extra = struct.pack(">BBBBHH", 0, 0, rows - 1, columns - 1, width, height)
    grid_id = len(images) + 1
    primary = grid_id if grid else 1
    exif_id = grid_id + 1 if grid else grid_id
    exif = b""
    if exif_app1 is not None:
        segment = b"\xff\xe1" + struct.pack(">H", 2 + 6 + len(exif_app1)) + b"Exif\0\0"
        exif = struct.pack(">I", len(segment)) + segment + exif_app1
    ftyp = box("ftyp", b"heic" + struct.pack(">I", 0) + b"mif1heic")

    def meta(mdat_start):
        offsets, at = [], mdat_start + 8
        for _, bitstream, _, _ in images:
            offsets.append((at, len(bitstream)))
            at += len(bitstream)
        if grid:
            offsets.append((at, len(extra)))
            at += len(extra)
        if exif:
            offsets.append((at, len(exif)))
        hdlr = full_box("hdlr", 0, 0, struct.pack(">I", 0) + b"pict" + bytes(12) + b"\0")
        pitm = full_box("pitm", 0, 0, struct.pack(">H", primary))
        iloc = full_box("iloc", 0, 0, struct.pack(">BBH", 0x44, 0x00, len(offsets)) + b"".join(
            struct.pack(">HHHII", item, 0, 1, offset, length) for item, (offset, length) in enumerate(offsets, 1)))
        hidden = 1 if grid else 0
        entries = [full_box("infe", 2, hidden, struct.pack(">HH", item, 0) + b"hvc1\0") for item in range(1, grid_id)]
        properties = configurations + [full_box("ispe", 0, 0, struct.pack(">II", w, h)) for w, h in sizes]
        turn = []  # the primary's irot, to come before its other properties
        if rotation_first is not None:
            properties.append(box("irot", struct.pack(">B", rotation_first % 4)))
            turn = [0x80 | len(properties)]
        declared = []  # a single primary's own 'ispe', when --size overrides it
        if declared_size and not grid:
            properties.append(full_box("ispe", 0, 0, struct.pack(">II", *declared_size)))
            declared = [len(properties)]
        associations = []
        for item, (hvcc, _, w, h) in enumerate(images, 1):
            indices = (turn if item == primary else []) + [0x80 | configurations.index(hvcc) + 1] + (
                declared if item == primary and declared else [len(configurations) + sizes.index((w, h)) + 1])
            associations.append(struct.pack(">HB", item, len(indices)) + bytes(indices))
        references = []
        if thumbnail:
            references.append(box("thmb", struct.pack(">HHH", 2, 1, 1)))
        if grid:
            entries.append(full_box("infe", 2, 0, struct.pack(">HH", grid_id, 0) + b"grid\0"))
            references.append(box("dimg", struct.pack(">HH", grid_id, len(images)) + b"".join(struct.pack(">H", i) for i in range(1, grid_id))))
            properties.append(full_box("ispe", 0, 0, struct.pack(">II", *(declared_size or grid[:2]))))
            associations.append(struct.pack(">HB", grid_id, 1 + len(turn)) + bytes(turn + [len(properties)]))
        if exif:
            entries.append(full_box("infe", 2, 0, struct.pack(">HH", exif_id, 0) + b"Exif\0"))
            references.append(box("cdsc", struct.pack(">HHH", exif_id, 1, primary)))
        iref = full_box("iref", 0, 0, b"".join(references)) if references else b""
        iinf = full_box("iinf", 0, 0, struct.pack(">H", len(entries)) + b"".join(entries))
        ipma = full_box("ipma", 0, 0, struct.pack(">I", len(associations)) + b"".join(associations))
        iprp = box("iprp", box("ipco", b"".join(properties)) + ipma)
        return full_box("meta", 0, 0, hdlr + pitm + iloc + iinf + iref + iprp)

    size = len(meta(0))
    mdat = box("mdat", b"".join(bitstream for _, bitstream, _, _ in images) + extra + exif)
    return ftyp + meta(len(ftyp) + size) + mdat


def main(argv):
    options = {}
    while len(argv) >= 4 and argv[2] in ("--exif-app1", "--rotation-first", "--size"):
        if argv[2] == "--exif-app1":
            options["exif_app1"] = open(argv[3], "rb").read()
        elif argv[2] == "--size":
            options["declared_size"] = tuple(int(n) for n in argv[3].split("x"))
        else:
            options["rotation_first"] = int(argv[3])
        argv = argv[:2] + argv[4:]
    if len(argv) >= 4 and argv[2] == "--separate":
        data = assemble(argv[3:], **options)
    elif len(argv) == 5 and argv[2] == "--thumbnail":
        data = assemble(argv[3:], thumbnail=True, **options)
    elif len(argv) >= 6:
        data = assemble(argv[5:], grid=(int(argv[2]), int(argv[3]), int(argv[4])), **options)
    else:
        sys.exit(__doc__)
    with open(argv[1], "wb") as file:
        file.write(data)


if __name__ == "__main__":
    main(sys.argv)
