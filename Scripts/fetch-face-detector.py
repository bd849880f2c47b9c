#!/usr/bin/env python3
"""Fetch the face detector, outside git: libfacedetection (Shiqi Yu,
BSD-3-Clause; a CNN whose weights are compiled in) as the PyPI wheel
yuface 2023.5.1 ships it, checked by SHA-256. Only the C++ library, the
OpenMP runtime it links to and the licence are kept, in the wheel's own
layout (the library finds libgomp through its RPATH, $ORIGIN/../yuface.libs):

    DIR/yuface/libfacedetection.so
    DIR/yuface.libs/libgomp-a34b3233.so.1.0.0
    DIR/LICENSE

    fetch-face-detector.py DIR      exits 1 if it cannot

Nothing is fetched again once DIR holds it. Nothing is ever downloaded at
run time: the program only loads what this put in place.
"""
import os
import sys
import zipfile

from pypi_release import fetch

URL = ("https://files.pythonhosted.org/packages/70/34/960d8baff630be8edb74a9708acb73e892ae414fd70cc36aeb67b7a57ca1/"
       "yuface-2023.5.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
WHEEL_SHA256 = "fd03270a672da75b89809a2c999d5728ef19c6e701408a4d0bc9c00480c864a0"
KEEP = {
    "yuface/libfacedetection.so": "yuface/libfacedetection.so",
    "yuface.libs/libgomp-a34b3233.so.1.0.0": "yuface.libs/libgomp-a34b3233.so.1.0.0",
    "yuface-2023.5.1.dist-info/LICENSE": "LICENSE",
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    directory = os.path.abspath(sys.argv[1])
    if all(os.path.exists(os.path.join(directory, kept)) for kept in KEEP.values()):
        return
    os.makedirs(directory, exist_ok=True)
    try:
        wheel = fetch(URL, WHEEL_SHA256, directory)
        with zipfile.ZipFile(wheel) as archive:
            for member, kept in KEEP.items():
                path = os.path.join(directory, kept)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path + ".part", "wb") as out:
                    out.write(archive.read(member))
                os.chmod(path + ".part", 0o755 if kept.endswith(".so") or ".so." in kept else 0o644)
                os.replace(path + ".part", path)
        os.remove(wheel)
    except (OSError, ValueError) as error:
        sys.exit(f"cannot fetch the face detector: {error}")


if __name__ == "__main__":
    main()
