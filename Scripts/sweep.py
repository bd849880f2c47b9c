#!/usr/bin/env python3
"""Gate every test image of two image libraries, real and hostile, and check
what a user would notice. Needs PyPI (the images are not kept here).

    Scripts/sweep.py CONSENTGATE [CACHE_DIR]        (make sweep)

The images: Pillow 12.3.0's Tests/images (about 1,060 files: every format
Pillow reads, damaged and crafted files from its bug reports and fuzzers,
camera JPEGs), pillow-heif 1.8.1's tests/images (HEICs from iPhones, a
Xiaomi and Samsung phones, Sony cameras) and piexif 1.1.3's tests/images
(JPEGs from Canon, Casio, Olympus, Panasonic, Ricoh, Sigma and Sony cameras,
with their maker notes, owners' names and GPS). Each source release is checked
by SHA-256. Each file goes through `consentgate submit --nobody` by itself,
in one workspace where the running account is publicity staff.

It fails if any file:
  * ends in anything but approved (exit 0) or rejected (exit 3): a crash,
    a hang past 120 s, a usage error;
  * writes anything to standard error (a stack trace, a library warning);
  * is published with anything exiftool can find beyond the school's
    Orientation, Artist and Copyright (the same allowlist as the tests);
and if a real camera photo that must be published is not, or comes out
turned, or a picture stored in another orientation does not come out like
the upright one (mean difference of 15 or more out of 255; a wrong turn
gives 65 to 85; the lists below). It prints the count of each outcome code.
"""
import collections
import json
import os
import pwd
import subprocess
import sys
import tarfile
import tempfile
import zipfile

from pypi_release import fetch  # beside this script

RELEASES = {
    "pillow-12.3.0.tar.gz": (
        "https://files.pythonhosted.org/packages/1c/3d/bb7fca845737cf9d7dbde16ed1843984665ff2e0a518f5db43e77ec540b9/",
        "3b8182a766685eaa002637e28b4ec8d6b18819a0c71f579bf0dbaa5830297cce", "/Tests/images/"),
    "pillow_heif-1.8.1.tar.gz": (
        "https://files.pythonhosted.org/packages/44/c1/82145984920ca055675af2c2795bd30da6f7461215c41f3c1eacb3d66353/",
        "521ebffb8a181d56c3904e5a61f20903edee0d9d3275967b8fb345f866215c06", "/tests/images/"),
    "piexif-1.1.3.zip": (
        "https://files.pythonhosted.org/packages/fa/84/a3f25cec7d0922bf60be8000c9739d28d24b6896717f44cc4cfb843b1487/",
        "83cb35c606bf3a1ea1a8f0a25cb42cf17e24353fd82e87ae3884e74a302a5f1b", "/tests/images/"),
}
# Real camera photos the gate must publish, and the shape they come out in.
MUST_PUBLISH = {
    "pillow_heif-1.8.1/heif_other/pug.heic": "landscape",           # iPhone 13 Pro
    "pillow_heif-1.8.1/heif_other/arrow.heic": "portrait",          # iPhone 8 Plus, stored turned
    "pillow_heif-1.8.1/heif_special/xiaomi.heic": "landscape",      # EXIF as a JPEG APP1 segment
    "pillow_heif-1.8.1/heif_special/aux_YCbCr.heic": "landscape",   # Galaxy S25 Ultra
    "pillow_heif-1.8.1/heif_other/cat.hif": "landscape",            # Sony a7S III, 10 bits 4:2:2
    **{f"piexif-1.1.3/r_{make}.jpg": "landscape" for make in ["canon", "casio", "olympus", "pana", "ricoh", "sigma", "sony"]},
}
# Real camera photos the default configuration refuses, and the code it says.
MUST_REFUSE = {
    # Sony a7 IV, 33 MP at 10 bits: libheif 1.15 decodes it whole, about
    # 556 MB, over the default budget (limits.max_megapixels x 3 bytes);
    # raising limits.max_megapixels publishes it (docs/decisions.md).
    "pillow_heif-1.8.1/heif_special/guitar_cw90.hif": "image.too-large",
}
# The same picture stored turned or mirrored in each of EXIF's (JPEG) and
# TIFF's 8 orientations: each must be published looking like the first.
LOOK_ALIKE = {
    "pillow-12.3.0/hopper.jpg": [f"pillow-12.3.0/hopper_orientation_{n}.jpg" for n in range(2, 9)],
    "pillow-12.3.0/g4_orientation_1.tif": [f"pillow-12.3.0/g4_orientation_{n}.tif" for n in range(2, 9)],
}
ALLOWED_TAGS = {"IFD0:Orientation", "IFD0:Artist", "IFD0:Copyright", "Composite:ImageSize", "Composite:Megapixels"}
HARMLESS_FILE_TAGS = {"File:FileType", "File:FileTypeExtension", "File:MIMEType", "File:ExifByteOrder",
                      "File:ImageWidth", "File:ImageHeight", "File:EncodingProcess", "File:BitsPerSample",
                      "File:ColorComponents", "File:YCbCrSubSampling"}


def images(cache):
    """(name, path) of every image in the releases, fetched once into cache."""
    found = []
    for release, (url, expected, inside) in RELEASES.items():
        try:
            archive = fetch(url + release, expected, cache)
        except (OSError, ValueError) as error:
            sys.exit(f"sweep: {error}")
        stem = release.removesuffix(".tar.gz").removesuffix(".zip")
        folder = os.path.join(cache, stem)
        if not os.path.isdir(folder):
            if release.endswith(".zip"):
                with zipfile.ZipFile(archive) as archived:
                    names = [n for n in archived.namelist() if inside in n and not n.endswith("/")]
                    archived.extractall(folder + ".part", members=names)  # zipfile drops ".." and a leading "/"
            else:
                with tarfile.open(archive) as tar:
                    members = [m for m in tar.getmembers() if m.isfile() and inside in m.name]
                    tar.extractall(folder + ".part", members=members, filter="data")
            os.replace(folder + ".part", folder)
        for root, _, files in os.walk(folder):
            for file in sorted(files):
                path = os.path.join(root, file)
                name = stem + "/" + path.split(inside, 1)[1]
                found.append((name, path))
    return sorted(found)


def findings(tags):
    """What exiftool sees in a published file beyond the allowlist."""
    found = []
    for key in tags:
        group = key.split(":")[0]
        if key == "SourceFile" or key in ALLOWED_TAGS or key == "ExifTool:ExifToolVersion":
            continue
        if group == "File" and key in HARMLESS_FILE_TAGS or group == "System":
            continue
        found.append(key)
    return found


def mean_difference(a, b, scratch):
    """Mean absolute difference of two same-sized images (vips), or None."""
    steps = [["subtract", a, b, f"{scratch}/d.v"], ["abs", f"{scratch}/d.v", f"{scratch}/a.v"], ["avg", f"{scratch}/a.v"]]
    for step in steps:
        run = subprocess.run(["vips", *step], capture_output=True, text=True)
        if run.returncode != 0:
            return None
    return float(run.stdout)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    cache = sys.argv[2] if len(sys.argv) == 3 else ".build/sweep"
    os.makedirs(cache, exist_ok=True)
    files = images(cache)
    problems, outcomes = [], collections.Counter()
    with tempfile.TemporaryDirectory() as scratch:
        workspace = os.path.join(scratch, "workspace")
        def gate(*arguments, timeout=120):
            return subprocess.run([binary, "--workspace", workspace, *arguments], capture_output=True,
                                  text=True, errors="replace", timeout=timeout, stdin=subprocess.DEVNULL)
        for setup in (["init", "--from", "Config", "--school-name", "Hillside Primary School", "--logo", "Config/logo.png"],
                      ["staff", "add", "SWEEP", "--account", pwd.getpwuid(os.getuid()).pw_name, "--channels", "facebook"]):
            if gate(*setup).returncode != 0:
                sys.exit(f"sweep: consentgate {' '.join(setup)} failed")
        published = {}
        for name, path in files:
            try:
                run = gate("submit", path, "--nobody", "--json")
            except subprocess.TimeoutExpired:
                problems.append(f"{name}: still running after 120 s")
                continue
            if run.returncode not in (0, 3) or run.stderr:
                problems.append(f"{name}: exit {run.returncode}, stderr {run.stderr[:300]!r}")
                continue
            try:
                outcome = json.loads(run.stdout)
            except json.JSONDecodeError:
                problems.append(f"{name}: not the JSON outcome: {run.stdout[:200]!r}")
                continue
            codes = [reason["code"] for reason in outcome.get("reasons", [])]
            outcomes.update(codes or ["approved"])
            if name in MUST_REFUSE and codes != [MUST_REFUSE[name]]:
                problems.append(f"{name}: {codes or 'approved'}, expected {MUST_REFUSE[name]}")
            if outcome.get("derivative"):
                published[name] = outcome["derivative"]
        tags = json.loads(subprocess.run(["exiftool", "-a", "-G1", "-j", "-u", *published.values()],
                                         capture_output=True, text=True).stdout or "[]")
        by_path = {entry["SourceFile"]: entry for entry in tags}
        for name, output in published.items():
            extra = findings(by_path.get(output, {"missing": "exiftool read nothing"}))
            if extra:
                problems.append(f"{name}: published with {extra}")
        problems += [f"{name}: not among the files" for name in sorted(set(MUST_REFUSE) - {name for name, _ in files})]
        for name, shape in MUST_PUBLISH.items():
            if name not in published:
                problems.append(f"{name}: a real camera photo, not published")
                continue
            size = by_path.get(published[name], {})
            width, height = size.get("File:ImageWidth", 0), size.get("File:ImageHeight", 0)
            if (height > width) != (shape == "portrait"):
                problems.append(f"{name}: published {width} x {height}, expected {shape}")
        for upright, others in LOOK_ALIKE.items():
            for name in others:
                if name not in published or upright not in published:
                    problems.append(f"{name}: not published")
                    continue
                difference = mean_difference(published[name], published[upright], scratch)
                if difference is None or difference >= 15:
                    problems.append(f"{name}: published unlike {upright} (mean difference {difference})")
    print(f"{len(files)} files, {len(published)} published")
    for code, count in outcomes.most_common():
        print(f"  {count:5}  {code}")
    for problem in problems:
        print("PROBLEM", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
