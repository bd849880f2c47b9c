#!/usr/bin/env python3
"""Makes the hostile inputs in Fixtures/bad/ (run from the package root; needs
exiftool and libvips-tools). Each is a small file a person could drop into an
inbox; Tests/EndToEndTests/BadInputTests.swift says what the gate must do
with each. The results are committed; this script documents and remakes them."""
import os, struct, subprocess, sys

corpus = sys.argv[1] if len(sys.argv) > 1 else "Fixtures/corpus"
out = "Fixtures/bad"
os.makedirs(out, exist_ok=True)
base = open(f"{corpus}/sharp-fixtures/Landscape_1.jpg", "rb").read()  # 600 x 450, MIT

def without_app1(jpeg):
    """The JPEG with its APP1 segments removed."""
    result, i = bytearray(jpeg[:2]), 2
    while i < len(jpeg) and jpeg[i] == 0xFF and jpeg[i + 1] != 0xDA:
        length = struct.unpack(">H", jpeg[i + 2:i + 4])[0]
        if jpeg[i + 1] != 0xE1:
            result += jpeg[i:i + 2 + length]
        i += 2 + length
    return bytes(result + jpeg[i:])

plain = without_app1(base)

def with_exif(tiff, copies=1):
    payload = b"Exif\0\0" + tiff
    segment = b"\xFF\xE1" + struct.pack(">H", len(payload) + 2) + payload
    return plain[:2] + segment * copies + plain[2:]

def tiff(order, entries, next_ifd=0, extra=b""):
    """A TIFF header and one IFD at offset 8; entries are (tag, type, count, value-or-offset)."""
    e = "<" if order == "II" else ">"
    body = order.encode() + struct.pack(e + "HI", 42, 8) + struct.pack(e + "H", len(entries))
    for tag, kind, count, value in entries:
        body += struct.pack(e + "HHII", tag, kind, count, value) if kind != 3 or count != 1 else struct.pack(e + "HHIHH", tag, kind, count, value, 0)
    return body + struct.pack(e + "I", next_ifd) + extra

def write(name, data):
    open(f"{out}/{name}", "wb").write(data)

# EXIF that loops, overflows or points outside itself, in both byte orders.
write("exif-ifd-points-to-itself.jpg", with_exif(tiff("II", [(0x0112, 3, 1, 1)], next_ifd=8)))
write("exif-ifd-points-to-itself-big-endian.jpg", with_exif(tiff("MM", [(0x0112, 3, 1, 1)], next_ifd=8)))
write("exif-count-near-4g.jpg", with_exif(tiff("II", [(0x010E, 2, 0xFFFFFFF0, 26)])))
write("exif-offset-near-4g.jpg", with_exif(tiff("MM", [(0x010E, 2, 40, 0xFFFFFFF0)])))
write("exif-makernote-huge.jpg", with_exif(tiff("II", [(0x8769, 4, 1, 26)], extra=struct.pack("<H", 1) + struct.pack("<HHII", 0x927C, 7, 0x7FFFFFFF, 44) + b"\0\0\0\0")))
write("exif-thumbnail-outside.jpg", with_exif(tiff("II", [(0x0112, 3, 1, 1)], next_ifd=26, extra=struct.pack("<H", 2) + struct.pack("<HHII", 0x0201, 4, 1, 0x00100000) + struct.pack("<HHII", 0x0202, 4, 1, 5000) + b"\0\0\0\0")))
write("exif-zero-denominator.jpg", with_exif(tiff("II", [(0x011A, 5, 1, 26)], extra=struct.pack("<II", 72, 0))))
write("several-exif-segments.jpg", with_exif(tiff("II", [(0x0112, 3, 1, 1)]), copies=2))

# Not photos at all, named as photos.
write("empty.jpg", b"")
write("text.jpg", b"Dear parents, the trip to the castle is on Friday.\n")
write("document.jpg", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
write("drawing.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" width="9000" height="9000"><circle r="4000"/></svg>\n')

# A header claiming 65535 x 65535 over 600 x 450 worth of data.
i = plain.index(b"\xFF\xC0")
write("header-65535x65535.jpg", plain[:i + 5] + struct.pack(">HH", 65535, 65535) + plain[i + 9:])

# A JPEG whose MPF secondary image carries its own GPS position, and one
# with a Motion Photo video after its end, as phones write them.
second = "/tmp/consentgate-secondary.jpg"
subprocess.run(["vips", "thumbnail", f"{corpus}/sharp-fixtures/Landscape_2.jpg", second, "64"], check=True)
subprocess.run(["exiftool", "-q", "-overwrite_original", "-GPSLatitude=51.5", "-GPSLatitudeRef=N", "-GPSLongitude=0.1", "-GPSLongitudeRef=W", second], check=True)
secondary = open(second, "rb").read()
mpf = b"MPF\0" + b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", 1) + struct.pack("<HHII", 0xB002, 7, 32, 26) + b"\0\0\0\0"
mpf += struct.pack("<IIIHH", 0x20030000, 0, 0, 0, 0) + struct.pack("<IIIHH", 0, len(secondary), 0, 0, 0)
app2 = b"\xFF\xE2" + struct.pack(">H", len(mpf) + 2) + mpf
write("mpf-secondary-with-gps.jpg", plain[:2] + app2 + plain[2:] + secondary)
write("motion-photo-trailer.jpg", plain + b"\0\0\0\x18ftypmp42\0\0\0\0isommp42" + b"\0" * 4096)

# A valid 16-bit PNG and a progressive JPEG: not hostile, but the paths a naive pipeline gets wrong.
subprocess.run(["vips", "thumbnail", f"{corpus}/sharp-fixtures/Landscape_3.jpg", "/tmp/consentgate-small.v", "200"], check=True)
subprocess.run(["vips", "cast", "/tmp/consentgate-small.v", "/tmp/consentgate-16.v", "ushort", "--shift"], check=True)
subprocess.run(["vips", "pngsave", "/tmp/consentgate-16.v", f"{out}/sixteen-bit.png", "--bitdepth", "16"], check=True)
subprocess.run(["vips", "copy", f"{corpus}/sharp-fixtures/Landscape_4.jpg", f"{out}/progressive.jpg[interlace,Q=80]"], check=True)
# Two frames, two different pictures: an animated GIF (GIF is refused
# whatever it holds) and an animated WebP (an animation is not a photo), made
# by ImageMagick; and a HEIC holding two separate images (the first primary),
# assembled by make-grid-heic.py from two that libheif encoded.
frames = []
for name in ["Landscape_5", "Portrait_5"]:
    frame = f"/tmp/consentgate-{name}.png"
    subprocess.run(["vips", "thumbnail", f"{corpus}/sharp-fixtures/{name}.jpg", frame, "120", "--height", "90", "--crop", "centre"], check=True)
    frames.append(frame)
for kind in ["gif", "webp"]:
    subprocess.run(["convert", "-delay", "50", "-loop", "0", *frames, "-strip", f"{out}/animated.{kind}"], check=True)
images = []
for name in ["Landscape_1", "Portrait_1"]:
    small = f"/tmp/consentgate-{name}.v"
    subprocess.run(["vips", "resize", f"{corpus}/sharp-fixtures/{name}.jpg", small, "0.5"], check=True)
    # Even sizes: libheif wraps an odd-sized image in a grid of its own.
    even = ["300", "224"] if name.startswith("Landscape") else ["224", "300"]
    subprocess.run(["vips", "crop", small, f"/tmp/consentgate-{name}.heic[Q=50,strip]", "0", "0", *even], check=True)
    images.append(f"/tmp/consentgate-{name}.heic")
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make-grid-heic.py"),
                f"{out}/several-images.heic", "--separate", *images], check=True)
print("made", len(os.listdir(out)), "files in", out)

# An iPhone-style HEIC: a 2 x 2 grid of 256 px HEVC tiles cropped to 480 x 360,
# with the EXIF an iPhone writes (GPS, make, model, serial number) in its own item.
subprocess.run(["vips", "thumbnail", f"{corpus}/sharp-fixtures/Landscape_6.jpg", "/tmp/consentgate-grid.v", "683", "--no-rotate"], check=True)
tiles = []
for row in range(2):
    for column in range(2):
        tile = f"/tmp/consentgate-tile-{row}-{column}.heic"
        subprocess.run(["vips", "crop", "/tmp/consentgate-grid.v", tile + "[Q=50,strip]", str(column * 256), str(row * 256), "256", "256"], check=True)
        tiles.append(tile)
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make-grid-heic.py"),
                f"{out}/phone-grid-with-gps.heic", "480", "360", "2", *tiles], check=True)
subprocess.run(["exiftool", "-q", "-overwrite_original", "-Make=Apple", "-Model=iPhone 13", "-SerialNumber=F17XK2QZ0D5N",
                "-GPSLatitude=51.5072", "-GPSLatitudeRef=N", "-GPSLongitude=0.1276", "-GPSLongitudeRef=W",
                "-DateTimeOriginal=2026:06:12 10:31:00", f"{out}/phone-grid-with-gps.heic"], check=True)
print("and", f"{out}/phone-grid-with-gps.heic")

# The same tiles as cameras other than Apple's write them. A Xiaomi phone's
# EXIF item (GPS, maker, serial number) wrapped as a JPEG APP1 segment; and a
# Sony camera's portrait photo, its rotation (here 90 degrees clockwise)
# listed before its size, so that libheif 1.15 announces the unturned size
# and decodes the turned picture.
if os.path.exists("/tmp/consentgate-xiaomi.exif"):  # exiftool -o never overwrites
    os.remove("/tmp/consentgate-xiaomi.exif")
subprocess.run(["exiftool", "-q", "-o", "/tmp/consentgate-xiaomi.exif", "-Make=Xiaomi", "-Model=M2012K11AG",
                "-SerialNumber=XM7Q2K8R4D", "-GPSLatitude=51.5072", "-GPSLatitudeRef=N", "-GPSLongitude=0.1276",
                "-GPSLongitudeRef=W", "-DateTimeOriginal=2026:06:12 10:31:00"], check=True)
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make-grid-heic.py"),
                f"{out}/xiaomi-exif-with-gps.heic", "--exif-app1", "/tmp/consentgate-xiaomi.exif",
                "480", "360", "2", *tiles], check=True)
os.remove("/tmp/consentgate-xiaomi.exif")
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make-grid-heic.py"),
                f"{out}/rotation-before-size.heic", "--rotation-first", "3", "480", "360", "2", *tiles], check=True)
print("and", f"{out}/xiaomi-exif-with-gps.heic", f"{out}/rotation-before-size.heic")

# Crafted: a picture whose own size ('ispe', 480 x 360) is the turn of what
# its data holds (360 x 480), with no rotation to explain it. Viewers that
# lay the picture out by its size show another area than libheif decodes.
# Once as a grid declaring 360 x 480, once as one HEVC image coded 360 x 480.
grid = [sys.executable, os.path.join(os.path.dirname(__file__), "make-grid-heic.py")]
subprocess.run(grid + [f"{out}/grid-size-disagrees.heic", "--size", "480x360", "360", "480", "2", *tiles], check=True)
subprocess.run(["vips", "crop", "/tmp/consentgate-grid.v", "/tmp/consentgate-upright.heic[Q=50,strip]", "0", "0", "360", "480"], check=True)
subprocess.run(grid + [f"{out}/turned-without-rotation.heic", "--size", "480x360", "--separate", "/tmp/consentgate-upright.heic"], check=True)
print("and", f"{out}/grid-size-disagrees.heic", f"{out}/turned-without-rotation.heic")

# A HEIC whose stored thumbnail is large (2056 x 1678, at least the channel's
# long edge) and shows something else than the picture: as after an edit
# that cropped someone out, by a tool that kept the old thumbnail. libvips'
# thumbnail would publish the stored thumbnail; the gate must publish the
# picture. The thumbnail is one flat magenta, easy to tell from the photo.
subprocess.run(["vips", "thumbnail", f"{corpus}/sharp-fixtures/2569067123_aca715a2ee_o.jpg",
                "/tmp/consentgate-primary.v", "2100", "--height", "1714", "--crop", "centre"], check=True)
subprocess.run(["vips", "copy", "/tmp/consentgate-primary.v", "/tmp/consentgate-primary.heic[Q=40,strip]"], check=True)
subprocess.run(["vips", "black", "/tmp/consentgate-black.v", "2056", "1678", "--bands", "3"], check=True)
subprocess.run(["vips", "linear", "/tmp/consentgate-black.v", "/tmp/consentgate-thumb.heic[Q=40,strip]", "1 1 1", "230 20 200", "--uchar"], check=True)
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make-grid-heic.py"),
                f"{out}/thumbnail-differs.heic", "--thumbnail", "/tmp/consentgate-primary.heic", "/tmp/consentgate-thumb.heic"], check=True)
print("and", f"{out}/thumbnail-differs.heic")

# A strip 16384 x 3 pixels: shrunk on load by libvips 8.14 to the channel's
# 2048 px it would be 0 rows high, and libvips aborts the whole process. The
# gate refuses its shape from the header (image.unusual-shape).
subprocess.run(["vips", "black", "/tmp/consentgate-strip.v", "16384", "3", "--bands", "3"], check=True)
subprocess.run(["vips", "linear", "/tmp/consentgate-strip.v", f"{out}/strip-16384x3.jpg[Q=75,strip]", "1 1 1", "90 140 60", "--uchar"], check=True)
print("and", f"{out}/strip-16384x3.jpg")

# A grid HEIC of 1000 x 800 whose one tile declares 1536 x 1536: libheif
# decodes every tile at the size it declares, so tile sizes are how a small
# file asks for a huge decode. No item may be larger than the picture (plus
# a coding block, and 1024 always): refused. And a 300 x 200 crop stored as
# one 512 px tile, as phones store small crops: published.
subprocess.run(["vips", "black", "/tmp/consentgate-bigtile.v", "1536", "1536", "--bands", "3"], check=True)
subprocess.run(["vips", "copy", "/tmp/consentgate-bigtile.v", "/tmp/consentgate-bigtile.heic[Q=30,strip]"], check=True)
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make-grid-heic.py"),
                f"{out}/oversized-tile.heic", "1000", "800", "1", "/tmp/consentgate-bigtile.heic"], check=True)
subprocess.run(["vips", "thumbnail", f"{corpus}/sharp-fixtures/Landscape_2.jpg", "/tmp/consentgate-smalltile.heic[Q=50,strip]", "512", "--height", "512", "--crop", "centre"], check=True)
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make-grid-heic.py"),
                f"{out}/small-crop.heic", "300", "200", "1", "/tmp/consentgate-smalltile.heic"], check=True)
print("and", f"{out}/oversized-tile.heic", f"{out}/small-crop.heic")

# A 100-megapixel HEIC of a few kilobytes: sixteen grey 2500 x 2500 tiles.
# libheif 1.15 decodes a grid whole: 650 MB for this one, if it were let.
subprocess.run(["vips", "black", "/tmp/consentgate-greytile.v", "2500", "2500", "--bands", "3"], check=True)
subprocess.run(["vips", "linear", "/tmp/consentgate-greytile.v", "/tmp/consentgate-greytile8.v", "1", "128", "--uchar"], check=True)
subprocess.run(["vips", "copy", "/tmp/consentgate-greytile8.v", "/tmp/consentgate-greytile.heic[Q=30,strip]"], check=True)
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make-grid-heic.py"),
                f"{out}/grid-100-megapixels.heic", "10000", "10000", "4"] + ["/tmp/consentgate-greytile.heic"] * 16, check=True)
print("and", f"{out}/grid-100-megapixels.heic")

# An animated PNG whose default image (red, with a black box) is not one of
# its frames (green): an APNG viewer never shows the default image. Any APNG
# is refused, as animated GIF and WebP are.
import zlib
def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
def png_rgb(width, height, colour):
    rows = b"".join(b"\0" + b"".join(bytes(colour(x, y)) for x in range(width)) for y in range(height))
    return zlib.compress(rows)
hidden = png_rgb(400, 300, lambda x, y: (0, 0, 0) if 100 < x < 300 and 100 < y < 200 else (255, 0, 0))
shown = png_rgb(400, 300, lambda x, y: (0, 200, 0))
apng = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 400, 300, 8, 2, 0, 0, 0))
        + png_chunk(b"acTL", struct.pack(">II", 1, 0)) + png_chunk(b"IDAT", hidden)
        + png_chunk(b"fcTL", struct.pack(">IIIIIHHBB", 0, 400, 300, 0, 0, 1, 1, 0, 0))
        + png_chunk(b"fdAT", struct.pack(">I", 1) + shown) + png_chunk(b"IEND", b""))
open(f"{out}/apng-hidden-default.png", "wb").write(apng)

# A progressive JPEG of 512 x 512 split into 2,000 scans (24 KB). libjpeg
# runs every scan over every block before the first row comes out, where no
# deadline can stop it: the same made 8000 x 8000 with 20,000 scans (2 MB)
# takes libvips 72 s to decode. Over 500 scans is refused.
def huffman_table(kind, ident, counts, values):
    return b"\xff\xc4" + struct.pack(">H", 19 + len(values)) + bytes([kind << 4 | ident]) + bytes(counts) + bytes(values)
blocks = (512 // 8) ** 2
bits = "0" * blocks
dc_scan = int(bits + "1" * (-len(bits) % 8), 2).to_bytes((len(bits) + 7) // 8, "big")
jpeg = bytearray(b"\xff\xd8" + b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([1] * 64))
jpeg += b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, 512, 512, 1) + bytes([1, 0x11, 0])
jpeg += huffman_table(0, 0, [1] + [0] * 15, [0]) + huffman_table(1, 0, [1] + [0] * 15, [0xC0])
jpeg += b"\xff\xda" + struct.pack(">HB", 8, 1) + bytes([1, 0x00, 0, 0, 0]) + dc_scan.replace(b"\xff", b"\xff\x00")
ac = "0" + format(blocks - 4096, "012b")  # one EOB run (EOB12) over every block
ac_scan = int(ac + "1" * (-len(ac) % 8), 2).to_bytes((len(ac) + 7) // 8, "big").replace(b"\xff", b"\xff\x00")
for _ in range(2000):
    jpeg += b"\xff\xda" + struct.pack(">HB", 8, 1) + bytes([1, 0x00, 1, 63, 0]) + ac_scan
jpeg += b"\xff\xd9"
open(f"{out}/scan-bomb.jpg", "wb").write(bytes(jpeg))
print("and", f"{out}/apng-hidden-default.png", f"{out}/scan-bomb.jpg")
