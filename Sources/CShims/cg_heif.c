// cg_heif.h: the bodies.

#include <string.h>
#include "cg_heif.h"

static void cg_heif_release_pixels(VipsImage *image, struct heif_image *decoded) {
    (void) image;
    heif_image_release(decoded);
}

static int cg_heif_fail(struct heif_error error) {
    vips_error("heif", "%s", error.message != NULL ? error.message : "unknown libheif error");
    return -1;
}

int cg_heif_load_primary(const void *buf, size_t len, VipsImage **out, int long_side,
                         int turns_before_size) {
    struct heif_context *context = heif_context_alloc();
    struct heif_image_handle *handle = NULL;
    struct heif_decoding_options *options = NULL;
    struct heif_image *decoded = NULL;
    VipsImage *image = NULL;
    int result = -1;
    if (context == NULL) {
        vips_error("heif", "out of memory");
        return -1;
    }
    heif_context_set_maximum_image_size_limit(context, long_side + 64 > 1024 ? long_side + 64 : 1024);
    struct heif_error error = heif_context_read_from_memory_without_copy(context, buf, len, NULL);
    if (error.code != heif_error_Ok) { cg_heif_fail(error); goto done; }
    error = heif_context_get_primary_image_handle(context, &handle);
    if (error.code != heif_error_Ok) { cg_heif_fail(error); goto done; }

    const int alpha = heif_image_handle_has_alpha_channel(handle);
    const int bands = alpha ? 4 : 3;
    options = heif_decoding_options_alloc();
    if (options == NULL) { vips_error("heif", "out of memory"); goto done; }
    if (options->version >= 2)
        options->convert_hdr_to_8bit = 1;  // the derivative is an 8-bit JPEG
    error = heif_decode_image(handle, &decoded, heif_colorspace_RGB,
                              alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, options);
    if (error.code != heif_error_Ok) { cg_heif_fail(error); goto done; }

    const int width = heif_image_get_width(decoded, heif_channel_interleaved);
    const int height = heif_image_get_height(decoded, heif_channel_interleaved);
    int stride = 0;
    uint8_t *pixels = heif_image_get_plane(decoded, heif_channel_interleaved, &stride);
    // As libvips' loader does: the decoded size must be the one announced,
    // or that size turned by a quarter when the file lists a quarter turn
    // before its size, as Sony cameras do: libheif 1.15 then announces the
    // size before rotation ('ispe'), and decodes the picture turned as the
    // file says.
    const int announced_width = heif_image_handle_get_width(handle);
    const int announced_height = heif_image_handle_get_height(handle);
    const int announced = width == announced_width && height == announced_height;
    const int turned = turns_before_size && width == announced_height && height == announced_width
        && announced_width == heif_image_handle_get_ispe_width(handle)
        && announced_height == heif_image_handle_get_ispe_height(handle);
    if (pixels == NULL || !(announced || turned) || width <= 0 || height <= 0
        || heif_image_get_bits_per_pixel_range(decoded, heif_channel_interleaved) != 8
        || stride < width * bands) {
        vips_error("heif", "the decoded picture is not what its header announced");
        goto done;
    }
    // libvips wants rows back to back; libheif may pad them. Each row
    // moves to a lower address, so moving them in order is safe.
    const size_t row = (size_t) width * bands;
    if ((size_t) stride != row)
        for (int y = 1; y < height; y++)
            memmove(pixels + (size_t) y * row, pixels + (size_t) y * stride, row);

    image = vips_image_new_from_memory(pixels, row * height, width, height, bands, VIPS_FORMAT_UCHAR);
    if (image == NULL) goto done;
    g_signal_connect(image, "postclose", G_CALLBACK(cg_heif_release_pixels), decoded);
    decoded = NULL;  // now the image's
    image->Type = VIPS_INTERPRETATION_sRGB;

    // lcms reads full (prof) and restricted (rICC) ICC profiles; an nclx
    // description was already applied by libheif's YCbCr to RGB conversion.
    enum heif_color_profile_type profile = heif_image_handle_get_color_profile_type(handle);
    if (profile == heif_color_profile_type_prof || profile == heif_color_profile_type_rICC) {
        size_t size = heif_image_handle_get_raw_color_profile_size(handle);
        void *data = size > 0 ? g_malloc(size) : NULL;
        if (data != NULL) {
            error = heif_image_handle_get_raw_color_profile(handle, data);
            if (error.code != heif_error_Ok) { g_free(data); cg_heif_fail(error); goto done; }
            vips_image_set_blob(image, VIPS_META_ICC_NAME, (VipsCallbackFn) g_free, data, size);
        }
    }
    *out = image;
    image = NULL;
    result = 0;
done:
    if (image != NULL) g_object_unref(image);
    if (decoded != NULL) heif_image_release(decoded);
    if (options != NULL) heif_decoding_options_free(options);
    if (handle != NULL) heif_image_handle_release(handle);
    heif_context_free(context);
    return result;
}

int cg_thumbnail_image(VipsImage *in, VipsImage **out, int long_edge, const char *export_profile) {
    if (export_profile != NULL)
        return vips_thumbnail_image(in, out, long_edge, "height", long_edge, "size", VIPS_SIZE_DOWN,
            "export_profile", export_profile, "intent", VIPS_INTENT_PERCEPTUAL, NULL);
    return vips_thumbnail_image(in, out, long_edge, "height", long_edge, "size", VIPS_SIZE_DOWN, NULL);
}
