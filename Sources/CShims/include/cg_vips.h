// Fixed-arity wrappers over libvips' variadic and macro API, for Swift.
// Swift cannot call C variadic functions; every option consentgate uses is
// spelled out here and nowhere else.
#ifndef CONSENTGATE_CG_VIPS_H
#define CONSENTGATE_CG_VIPS_H

#include <vips/vips.h>

/// The folder libvips.so was mapped from, read from /proc/self/maps (dladdr
/// would need _GNU_SOURCE, which changes glibc's struct layouts under the
/// other C modules). g_free the result.
gchar *cg_vips_library_directory(void);

/// Start libvips once per process: only the loaders consentgate allows can
/// run, whatever a file's bytes claim to be. Returns 0 on success.
///
/// libvips loads every module in its module folder at start (ImageMagick,
/// poppler, OpenSlide, JPEG XL, HEIF): 17 ms and 7 MB, and a lot of parsing
/// code consentgate never wants reachable. Pointing VIPSHOME at a folder with
/// no modules during init skips them; the HEIF module alone is then loaded
/// from beside libvips itself.
int cg_vips_start(int concurrency);

/// Gives the computation of `image` at most `seconds`.
void cg_set_deadline(VipsImage *image, double seconds);

int cg_was_killed(VipsImage *image);

/// Whether a loader is registered (HEIF comes from a module).
int cg_has_loader(const char *nickname);

/// The loader's `fail_on` level as an int, so Swift need not see the enum.
int cg_fail_on_truncated(void);

int cg_fail_on_error(void);

/// Header only: libvips reads dimensions and metadata without decoding.
VipsImage *cg_header_from_buffer(const void *buf, size_t len, int fail_on);

VipsImage *cg_image_from_file(const char *path);

/// Shrink-on-load, autorotate, colour-manage. `export_profile` may be NULL.
int cg_thumbnail_buffer(const void *buf, size_t len, VipsImage **out,
                        int long_edge, const char *export_profile,
                        int fail_on);

/// Exactly width x height, ignoring aspect ratio: for fingerprints.
int cg_thumbnail_exact(const void *buf, size_t len, VipsImage **out,
                       int width, int height);

/// Every nth pixel, no filtering: the cheapest way to a small picture.
int cg_subsample(VipsImage *in, VipsImage **out, int across, int down);

int cg_thumbnail_image_exact(VipsImage *in, VipsImage **out, int width, int height);

/// A TIFF's first page, the picture itself: vips_thumbnail would take a
/// smaller later page of a pyramid instead, and a later page can show
/// anything. Read top to bottom.
int cg_tiffload_first_page(const void *buf, size_t len, VipsImage **out, int fail_on);

/// JPEG decoded at 1/shrink size by libjpeg itself (DCT scaling), read top to bottom.
int cg_jpegload_shrink(const void *buf, size_t len, VipsImage **out, int shrink, int fail_on);

/// Through the embedded ICC profile into sRGB. Perceptual, as lcms and most
/// viewers do by default: a print (CMYK) gamut squeezed, not clipped.
int cg_icc_to_srgb(VipsImage *in, VipsImage **out);

int cg_autorot(VipsImage *in, VipsImage **out);

int cg_colourspace(VipsImage *in, VipsImage **out, VipsInterpretation space);

int cg_cast(VipsImage *in, VipsImage **out, VipsBandFormat format);

int cg_flatten(VipsImage *in, VipsImage **out, double r, double g, double b);

int cg_extract_band(VipsImage *in, VipsImage **out, int band, int n);

int cg_bandjoin2(VipsImage *a, VipsImage *b, VipsImage **out);

int cg_linear(VipsImage *in, VipsImage **out, const double *a,
              const double *b, int n);

int cg_resize(VipsImage *in, VipsImage **out, double scale);

int cg_composite_over(VipsImage *base, VipsImage *overlay,
                      VipsImage **out, int x, int y);

/// Per-pixel mix of `in1` over `in2` weighted by `weight` (0-255, one band):
/// the alpha blend consentgate needs, in 8-bit integer arithmetic.
int cg_blend(VipsImage *weight, VipsImage *in1, VipsImage *in2, VipsImage **out);

int cg_insert(VipsImage *main, VipsImage *sub, VipsImage **out,
              int x, int y);

int cg_extract_area(VipsImage *in, VipsImage **out,
                    int left, int top, int width, int height);

/// Transparent padding (zero in every band, alpha included).
int cg_embed(VipsImage *in, VipsImage **out,
             int x, int y, int width, int height);

int cg_replicate(VipsImage *in, VipsImage **out, int across, int down);

/// A one-band text mask fitted into width x height (libvips picks the dpi).
/// `text` is drawn as written (markup characters are escaped).
int cg_text(VipsImage **out, const char *text, const char *font,
            int width, int height);

/// The same pixels, labelled as sRGB (constant images start "multiband").
int cg_label_srgb(VipsImage *in, VipsImage **out);

/// A 1 x 1 transparent RGBA image: "no mark", cached like any other.
int cg_black_rgba(VipsImage **out);

/// Adds an opaque alpha band.
int cg_add_opaque_alpha(VipsImage *in, VipsImage **out);

int cg_add(VipsImage *a, VipsImage *b, VipsImage **out);

int cg_pngsave(VipsImage *in, const char *path);

int cg_jpegsave_buffer(VipsImage *in, void **buf, size_t *len,
                       int quality);

int cg_image_get_int(VipsImage *image, const char *name, int *out);

int cg_has_field(VipsImage *image, const char *name);

/// NULL-terminated list of the metadata field names, to be g_strfreev'd.
gchar **cg_field_names(VipsImage *image);

void cg_unref(VipsImage *image);

#endif
