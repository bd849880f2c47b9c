"""Source releases from PyPI, fetched once into a folder and checked by
SHA-256: where the benchmark and the sweep get other projects' test images,
which are never kept in this repository."""
import hashlib
import os
import urllib.request


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(url, expected, directory):
    """The release at `url` in `directory`, downloaded unless it is already
    there with the `expected` SHA-256; ValueError if it does not match."""
    path = os.path.join(directory, url.rsplit("/", 1)[1])
    if not (os.path.exists(path) and sha256(path) == expected):
        partial = path + ".part"
        with urllib.request.urlopen(url, timeout=120) as response, open(partial, "wb") as out:
            while block := response.read(1 << 20):
                out.write(block)
        if sha256(partial) != expected:
            os.remove(partial)
            raise ValueError(f"{os.path.basename(path)} does not have the expected SHA-256")
        os.replace(partial, path)
    return path
