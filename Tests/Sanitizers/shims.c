// The C target (Sources/CShims) under UndefinedBehaviorSanitizer and
// AddressSanitizer. Swift's compiler has no UBSan on Linux, so this C
// program calls the shims as the gate does, on every file given:
// header, EXIF parse and rebuild, shrink, deadline, encode.
//
//   make test-ubsan      (Tests/Sanitizers/run.sh)
#include "CShims.h"

static int gate_exif(const unsigned char *bytes, unsigned int size) {
    ExifData *source = cg_exif_parse(bytes, size);
    if (source == NULL)
        return 0;
    ExifByteOrder order = exif_data_get_byte_order(source);
    ExifData *rebuilt = cg_exif_new(order);
    for (int ifd = 0; ifd < EXIF_IFD_COUNT; ifd++) {
        for (unsigned int i = 0; i < cg_exif_count(source, (ExifIfd) ifd); i++) {
            ExifEntry *entry = cg_exif_entry_at(source, (ExifIfd) ifd, i);
            if (entry != NULL && ifd == EXIF_IFD_0 && rebuilt->ifd[ifd] != NULL)
                cg_exif_copy_entry(rebuilt, EXIF_IFD_0, entry);
        }
    }
    ExifEntry *orientation = cg_exif_find(source, EXIF_IFD_0, EXIF_TAG_ORIENTATION);
    if (orientation != NULL)
        (void) cg_exif_entry_short(orientation, order);
    (void) cg_exif_has_thumbnail(source);
    cg_exif_set_short(rebuilt, EXIF_IFD_0, EXIF_TAG_ORIENTATION, 1);
    cg_exif_set_ascii(rebuilt, EXIF_IFD_0, EXIF_TAG_ARTIST, "Hillside Primary School");
    unsigned char *saved = NULL;
    unsigned int length = 0;
    exif_data_save_data(rebuilt, &saved, &length);
    free(saved);
    exif_data_unref(rebuilt);
    exif_data_unref(source);
    return 1;
}


/// Faces in the first three bands of an 8-bit image, as the gate counts them; -1 if it cannot look.
static int faces;
static int count_faces(VipsImage *image) {
    if (!cg_faces_cpu_supported() || vips_image_get_bands(image) < 3) return -1;
    VipsImage *rgb = NULL;
    if (cg_extract_band(image, &rgb, 0, 3) != 0) return -1;
    size_t size = 0;
    unsigned char *bgr = vips_image_write_to_memory(rgb, &size);
    int width = vips_image_get_width(rgb), height = vips_image_get_height(rgb);
    cg_unref(rgb);
    if (!bgr) return -1;
    for (size_t i = 0; i + 2 < size; i += 3) { unsigned char red = bgr[i]; bgr[i] = bgr[i + 2]; bgr[i + 2] = red; }
    cg_face found[64];
    int count = cg_faces_detect(bgr, width, height, width * 3, found, 64);
    g_free(bgr);
    return count;
}

static const char *gate_pixels(const void *bytes, size_t size) {
    VipsImage *header = cg_header_from_buffer(bytes, size, cg_fail_on_error());
    if (header == NULL)
        return "header refused";
    int orientation = 1;
    (void) cg_image_get_int(header, "orientation", &orientation);
    (void) cg_has_field(header, "icc-profile-data");
    gchar **names = cg_field_names(header);
    g_strfreev(names);
    cg_unref(header);

    VipsImage *image = NULL, *next = NULL;
    // HEIF (an ISO box file: "ftyp" at 4) is decoded by libheif and a TIFF's
    // first page by libvips, then resized; the rest shrink on load.
    const int heif = size >= 12 && memcmp((const char *) bytes + 4, "ftyp", 4) == 0;
    const int tiff = size >= 4 && (memcmp(bytes, "II*", 4) == 0 || memcmp(bytes, "MM\0*", 4) == 0);
    if (heif || tiff) {
        VipsImage *primary = NULL;
        if (heif ? cg_heif_load_primary(bytes, size, &primary, 16384, 1) : cg_tiffload_first_page(bytes, size, &primary, cg_fail_on_error()))
            return "decode refused";
        int failed = cg_thumbnail_image(primary, &image, 512, cg_has_field(primary, "icc-profile-data") ? "srgb" : NULL);
        cg_unref(primary);
        if (failed)
            return "resize refused";
    } else if (cg_thumbnail_buffer(bytes, size, &image, 512, NULL, cg_fail_on_error()))
        return "decode refused";
    if (vips_image_hasalpha(image) && cg_flatten(image, &next, 255, 255, 255) == 0) { cg_unref(image); image = next; }
    if (cg_colourspace(image, &next, VIPS_INTERPRETATION_sRGB) == 0) { cg_unref(image); image = next; }
    if (cg_cast(image, &next, VIPS_FORMAT_UCHAR) == 0) { cg_unref(image); image = next; }
    cg_set_deadline(image, 30);
    // Decoded once into memory: the detector and the encoder both read it (a sequential decode reads once).
    VipsImage *decoded = vips_image_copy_memory(image);
    cg_unref(image);
    if (!decoded) return "decode refused";
    image = decoded;
    faces = count_faces(image);
    void *jpeg = NULL;
    size_t length = 0;
    const char *result = cg_jpegsave_buffer(image, &jpeg, &length, 85) == 0 ? "rendered" : "encode refused";
    if (cg_was_killed(image))
        result = "timed out";
    g_free(jpeg);
    cg_unref(image);
    return result;
}

int main(int argc, char **argv) {
    if (cg_vips_start(1) != 0)
        return 2;
    // The face detector's loader and its result parsing, where the processor can run it.
    if (cg_faces_cpu_supported()) {
        const char *detector = getenv("CONSENTGATE_FACE_DETECTOR_LIBRARY");
        char error[512] = "";
        if (cg_faces_load(detector ? detector : ".build/face-detector/yuface/libfacedetection.so", error, sizeof error) != 0) {
            fprintf(stderr, "face detector: %s\n", error);
            return 2;
        }
    }
    for (int i = 1; i < argc; i++) {
        gchar *bytes = NULL;
        gsize size = 0;
        if (!g_file_get_contents(argv[i], &bytes, &size, NULL))
            continue;
        VipsImage *probe = cg_header_from_buffer(bytes, size, cg_fail_on_error());
        int exif = 0;
        if (probe != NULL) {
            const void *blob = NULL;
            size_t blob_size = 0;
            if (vips_image_get_typeof(probe, "exif-data") &&
                vips_image_get_blob(probe, "exif-data", &blob, &blob_size) == 0)
                exif = gate_exif(blob, (unsigned int) blob_size);
            cg_unref(probe);
        }
        faces = -1;
        const char *pixels = gate_pixels(bytes, size);
        printf("%s: %s%s, faces %d\n", argv[i], pixels, exif ? ", EXIF rebuilt" : "", faces);
        vips_error_clear();
        g_free(bytes);
    }
    vips_shutdown();
    return 0;
}
