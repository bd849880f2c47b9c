#!/usr/bin/env bash
# How the photos in Fixtures/photos were made from ../shared/corpus (run from
# the package root; needs libvips-tools and exiftool). The results are
# committed; this script documents them and can remake them.
set -euo pipefail
corpus=${1:-Fixtures/corpus}
out=Fixtures/photos
mkdir -p "$out"

# A phone photo stored sideways (EXIF orientation 6). recurser/exif-orientation-examples, MIT.
cp "$corpus/sharp-fixtures/Landscape_6.jpg" "$out/sports-day.jpg"

# A 1600 px photo carrying the GPS position, camera serial number and owner
# name a phone would add. Photo: flickr.com/photos/grizdave/2569067123 (sharp's benchmark image).
vips thumbnail "$corpus/sharp-fixtures/2569067123_aca715a2ee_o.jpg" "$out/school-trip.jpg[Q=88]" 1600
exiftool -q -overwrite_original \
  -GPSLatitude=51.501364 -GPSLatitudeRef=N -GPSLongitude=0.141890 -GPSLongitudeRef=W \
  -SerialNumber=SN-4411-2208 -OwnerName="A. Parent" -Make=Apple -Model="iPhone 13" \
  -XMP-photoshop:City="Hillside" -IPTC:City="Hillside" "$out/school-trip.jpg"

# A PNG with transparency. Wikimedia Commons, public domain.
cp "$corpus/sharp-fixtures/Flag_of_the_Netherlands-alpha.png" "$out/class-flag.png"

# Half of a photo: what a copy interrupted part way leaves behind.
head -c 60000 "$corpus/sharp-fixtures/Landscape_1.jpg" > "$out/half-copied.jpg"

# A drawing (SVG) given a photo's name.
cat > "$out/drawing.jpg" <<'SVG'
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
  <rect width="800" height="600" fill="#87ceeb"/><circle cx="400" cy="300" r="120" fill="#ffd700"/>
</svg>
SVG

# Photos whose own XMP names who is in them (see Fixtures/register/register.csv).
# recurser/exif-orientation-examples, MIT.
cp "$corpus/sharp-fixtures/Portrait_1.jpg" "$out/tagged-ruby.jpg"
exiftool -q -overwrite_original -XMP-iptcExt:PersonInImage="Ruby Clarke" "$out/tagged-ruby.jpg"
cp "$corpus/sharp-fixtures/Landscape_1.jpg" "$out/tagged-isla-mwg.jpg"
exiftool -q -overwrite_original '-XMP-mwg-rs:RegionInfo={AppliedToDimensions={W=600,H=450,Unit=pixel},RegionList=[{Area={X=0.5,Y=0.5,W=0.1,H=0.1,Unit=normalized},Name=Isla Murray,Type=Face},{Area={X=0.2,Y=0.5,W=0.1,H=0.1,Unit=normalized},Name=Rex,Type=Pet}]}' "$out/tagged-isla-mwg.jpg"
cp "$corpus/sharp-fixtures/Landscape_2.jpg" "$out/tagged-amara-mp.jpg"
exiftool -q -overwrite_original '-XMP-MP:RegionInfoMP={Regions=[{PersonDisplayName=Amara Okafor}]}' "$out/tagged-amara-mp.jpg"

# Photos declared by manifests in Fixtures/manifests.
cp "$corpus/sharp-fixtures/Landscape_3.jpg" "$out/reading-corner.jpg"
cp "$corpus/sharp-fixtures/Landscape_4.jpg" "$out/bake-sale.jpg"
cp "$corpus/sharp-fixtures/Portrait_2.jpg" "$out/assembly.jpg"
chmod 644 "$out"/*
