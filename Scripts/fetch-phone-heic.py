#!/usr/bin/env python3
"""Fetch two real 12 MP iPhone HEICs for the benchmark, outside git.

They come from pillow-heif's source release on PyPI (its tests/images):
pug.heic (iPhone 13 Pro, iOS 16.2, 1.3 MB, with GPS) and arrow.heic
(iPhone 8 Plus, iOS 11.4, 0.8 MB). Both are 4032 x 3024 grids of 512 px
HEVC tiles, as every iPhone stores a photo. Each file is checked against
its SHA-256, so every benchmark run measures the same bytes.

    fetch-phone-heic.py DIR      prints the paths; exits 1 if it cannot

The 17 MB download is kept in DIR and not fetched again.
"""
import os
import sys
import tarfile

from pypi_release import fetch, sha256

URL = ("https://files.pythonhosted.org/packages/44/c1/"
       "82145984920ca055675af2c2795bd30da6f7461215c41f3c1eacb3d66353/pillow_heif-1.8.1.tar.gz")
RELEASE_SHA256 = "521ebffb8a181d56c3904e5a61f20903edee0d9d3275967b8fb345f866215c06"
PHOTOS = {
    "pug.heic": "1ddce96766efbfa0f6bdf634bdab26bdeff831393df8d67f4cdc7b7a7afebc67",
    "arrow.heic": "73f604d7353df4848505a1f45a5517f736857fe047372f95c2f3d671df92c22c",
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    wanted = {name: os.path.join(directory, name) for name in PHOTOS}
    try:
        if not all(os.path.exists(p) and sha256(p) == PHOTOS[n] for n, p in wanted.items()):
            with tarfile.open(fetch(URL, RELEASE_SHA256, directory)) as release:
                for member in release.getmembers():
                    name = os.path.basename(member.name)
                    if name in PHOTOS and "/heif_other/" in member.name:
                        with release.extractfile(member) as source, open(wanted[name], "wb") as out:
                            out.write(source.read())
            for name, path in wanted.items():
                if not os.path.exists(path) or sha256(path) != PHOTOS[name]:
                    raise ValueError(f"{name} missing or changed in {URL.rsplit('/', 1)[1]}")
    except (OSError, ValueError) as error:
        print(f"fetch-phone-heic: {error}", file=sys.stderr)
        sys.exit(1)
    for path in wanted.values():
        print(path)


if __name__ == "__main__":
    main()
