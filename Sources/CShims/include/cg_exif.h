// Accessors for libexif's macros and struct fields, for Swift.
#ifndef CONSENTGATE_CG_EXIF_H
#define CONSENTGATE_CG_EXIF_H

#include <libexif/exif-data.h>
#include <libexif/exif-entry.h>
#include <libexif/exif-content.h>
#include <libexif/exif-ifd.h>
#include <libexif/exif-tag.h>
#include <libexif/exif-utils.h>
#include <libexif/exif-mem.h>

/// An empty ExifData that invents nothing: exif_data_new() turns on
/// FOLLOW_SPECIFICATION, which adds tags of its own on save.
ExifData *cg_exif_new(ExifByteOrder order);

/// Parse untrusted EXIF. exif_data_load_data() returns void, so success is
/// judged by what came out: at least one entry in some IFD.
ExifData *cg_exif_parse(const unsigned char *bytes, unsigned int size);

unsigned int cg_exif_count(ExifData *data, ExifIfd ifd);

ExifEntry *cg_exif_entry_at(ExifData *data, ExifIfd ifd, unsigned int index);

ExifEntry *cg_exif_find(ExifData *data, ExifIfd ifd, ExifTag tag);

int cg_exif_has_thumbnail(ExifData *data);

/// Adds a copy of `source` (same tag, format and bytes) to `ifd` of `data`.
int cg_exif_copy_entry(ExifData *data, ExifIfd ifd, const ExifEntry *source);

int cg_exif_set_ascii(ExifData *data, ExifIfd ifd, ExifTag tag, const char *text);

int cg_exif_set_short(ExifData *data, ExifIfd ifd, ExifTag tag, ExifShort value);

ExifShort cg_exif_entry_short(const ExifEntry *entry, ExifByteOrder order);

#endif
