#!/usr/bin/env bash
# Runs the libFuzzer targets, each for SECONDS (default 60), seeded from
# Fixtures/corpus and Fixtures. Any crash, hang (over 10 s on one input),
# memory blow-up (over 2 GiB) or broken invariant stops it with a non-zero
# status and leaves the input in Tests/Fuzz/.build/artifacts/.
#
#   Tests/Fuzz/fuzz.sh [SECONDS] [TARGET...]     e.g. Tests/Fuzz/fuzz.sh 600 FuzzExif
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzExif FuzzReadback FuzzPeopleTags FuzzManifest FuzzRegister FuzzCaption FuzzRender)
corpus=${CONSENTGATE_CORPUS:-../../Fixtures/corpus}
fixtures=../../Fixtures

# SwiftPM hands swiftc `-sanitize=address -sanitize=fuzzer` as two flags in
# an order that changes from run to run, and swiftc keeps only the last: the
# Swift code then had either no coverage (libFuzzer fuzzed blind) or no ASan.
# One combined flag, passed last, gives it both.
build() {
    if ! swift build --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address > .build-log.txt 2>&1; then
        grep -E "error" .build-log.txt | head -20 >&2
        echo "fuzz targets did not build (Tests/Fuzz/.build-log.txt)" >&2
        exit 1
    fi
}
# A target built without coverage instrumentation fuzzes blind: libFuzzer
# then reports no "cov:" when it starts (that was the flag order above).
# Still checked, with one rebuild from scratch; a long run
# (FUZZ_REQUIRE_COVERAGE=1, the default) then refuses to go on; the short
# smoke run of `make test` says so loudly and mutates blind under ASan.
instrumented() {
    local probe=.build/probe
    mkdir -p "$probe" && printf 'II*\0\10\0\0\0' > "$probe/seed"
    local output
    output=$(.build/debug/FuzzReadback -runs=2 "$probe" 2>&1) || true
    grep -q "INITED cov:" <<< "$output" && return 0
    # What the probe said: a target that did not start at all looks the same.
    echo "probe (FuzzReadback -runs=2) printed:" >&2
    tail -5 <<< "$output" | sed 's/^/    /' >&2
    # And which of consentgate's own objects carry no coverage counters (in
    # a good build, none of the 77), for whoever finds the cause.
    local ours bare
    ours=$(find .build/debug/ -name '*.o' ! -name '*.swiftmodule.o' \
        | grep -E '/(ConsentGate|ConsentGateFuzzing|Imaging|ImageStructure|Fuzz[A-Za-z]+)\.build/' || true)
    bare=$(while read -r object; do [ -n "$object" ] && ! readelf -S "$object" | grep sancov > /dev/null && echo "$object"; done <<< "$ours" || true)
    echo "consentgate objects without sancov sections: $(grep -c . <<< "$bare") of $(grep -c . <<< "$ours")" >&2
    head -5 <<< "$bare" | sed 's/^/    /' >&2
    return 1
}
build
if ! instrumented; then
    echo "fuzz targets built without coverage instrumentation; rebuilding from scratch" >&2
    rm -rf .build/debug .build/x86_64-unknown-linux-gnu
    build
    if ! instrumented; then
        if [ "${FUZZ_REQUIRE_COVERAGE:-1}" = 1 ]; then
            echo "fuzz targets still not instrumented for coverage (Tests/Fuzz/.build-log.txt)" >&2
            exit 1
        fi
        echo "WARNING: fuzz targets not instrumented for coverage: this run mutates blind (ASan still on)" >&2
    fi
fi

seeds=.build/seeds
rm -rf "$seeds" && mkdir -p "$seeds"/{FuzzExif,FuzzReadback,FuzzPeopleTags,FuzzManifest,FuzzRegister,FuzzCaption,FuzzRender}
for image in "$corpus"/exiftool-images/* "$corpus"/sharp-fixtures/* "$fixtures"/photos/* "$fixtures"/bad/*; do
    name=$(basename "$image")
    size=$(stat -c %s "$image")
    exiftool -b -EXIF "$image" > "$seeds/FuzzExif/$name.exif" 2>/dev/null || true
    exiftool -b -XMP "$image" > "$seeds/FuzzPeopleTags/$name.xmp" 2>/dev/null || true
    [ "$size" -lt 400000 ] && cp "$image" "$seeds/FuzzReadback/" && cp "$image" "$seeds/FuzzRender/"
done
# People fields in the containers whose XMP the gate reads itself.
for image in "$fixtures"/bad/small-crop.heic "$fixtures"/photos/class-flag.png "$fixtures"/photos/sports-day.jpg; do
    exiftool -q -o "$seeds/FuzzReadback/people-$(basename "$image")" -XMP-iptcExt:PersonInImage=Seed \
        "-XMP-iptcExt:PersonInImageWDetails={PersonName=Seed Details}" -XMP-lr:HierarchicalSubject="People|Seed" "$image" || true
done
find "$seeds" -type f -empty -delete
cp "$fixtures"/manifests/* "$seeds/FuzzManifest/"
cp "$fixtures"/register/*.csv "$fixtures"/register/broken/*.csv "$seeds/FuzzRegister/"
cp FailCases/* "$seeds/FuzzReadback/" 2>/dev/null || true
cp "$fixtures"/captions/* "$seeds/FuzzCaption/"

mkdir -p .build/artifacts
export LSAN_OPTIONS="suppressions=$(pwd)/lsan.supp:print_suppressions=0"
status=0
for target in "${targets[@]}"; do
    mkdir -p ".build/corpus/$target"
    log=".build/artifacts/$target.log"
    if ".build/debug/$target" ".build/corpus/$target" "$seeds/$target" -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=".build/artifacts/$target-" > "$log" 2>&1; then
        echo "$target: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log" | tail -1), no crash"
    else
        echo "$target: FOUND A PROBLEM, see $log and .build/artifacts/$target-*" >&2
        tail -20 "$log" >&2
        status=1
    fi
done
exit $status
