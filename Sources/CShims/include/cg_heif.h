// HEIF/HEIC decoding through libheif's C API, handed to libvips as an image.
//
// Why not libvips' heifload: vips_thumbnail() uses a HEIF file's stored
// thumbnail instead of the picture whenever the thumbnail is at least the
// size asked for, and a stored thumbnail can show something the picture no
// longer does (an edit that cropped a child out). This decodes the primary
// image, never a thumbnail; and it skips heifload's line-by-line copy of
// the decoded picture.
#ifndef CONSENTGATE_CG_HEIF_H
#define CONSENTGATE_CG_HEIF_H

#include <vips/vips.h>
#include <libheif/heif.h>

/// The primary image of the HEIF file in `buf` (which must outlive only
/// this call): decoded by libheif with its transformations (rotation,
/// mirroring, crop) applied, 8 bits per sample, RGB or RGBA, its ICC
/// profile attached. The pixels belong to `*out` and are freed with it.
/// `long_side`: the primary image's longer side, as its header says; no
/// item in the file (a grid's tiles above all, each decoded at the size it
/// declares) may be larger, give or take a coding block, except that 1024
/// is always allowed (phones tile even a small crop in 512 px tiles).
/// `turns_before_size`: the file lists a quarter turn before the primary's
/// size (which libheif 1.15 does not tell; the caller reads it).
int cg_heif_load_primary(const void *buf, size_t len, VipsImage **out, int long_side,
                         int turns_before_size);

/// Down to `long_edge` (never up), and through an embedded profile to
/// `export_profile` when one is given: vips_thumbnail's resampling and
/// colour handling on an image already decoded.
int cg_thumbnail_image(VipsImage *in, VipsImage **out, int long_edge, const char *export_profile);

#endif
