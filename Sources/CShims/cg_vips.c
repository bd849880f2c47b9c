// cg_vips.h: the bodies.

#include <stdio.h>
#include <string.h>
#include "cg_vips.h"

static void cg_vips_discard_log(const gchar *domain, GLogLevelFlags level,
                                const gchar *message, gpointer data) {
    (void) domain; (void) level; (void) message; (void) data;
}

gchar *cg_vips_library_directory(void) {
    FILE *maps = fopen("/proc/self/maps", "re");
    if (maps == NULL)
        return NULL;
    char line[4096];
    gchar *directory = NULL;
    while (directory == NULL && fgets(line, sizeof line, maps) != NULL) {
        char *path = strchr(line, '/');
        if (path == NULL || strstr(path, "/libvips.so") == NULL)
            continue;
        path[strcspn(path, "\n")] = '\0';
        directory = g_path_get_dirname(path);
    }
    fclose(maps);
    return directory;
}

int cg_vips_start(int concurrency) {
    gchar *saved = g_strdup(g_getenv("VIPSHOME"));
    g_setenv("VIPSHOME", "/nonexistent/consentgate-no-vips-modules", TRUE);
    int failed = VIPS_INIT("consentgate");
    if (saved != NULL) g_setenv("VIPSHOME", saved, TRUE); else g_unsetenv("VIPSHOME");
    g_free(saved);
    if (failed)
        return -1;

    gchar *directory = cg_vips_library_directory();
    if (directory != NULL) {
        gchar *path = g_strdup_printf("%s/vips-modules-%d.%d/vips-heif.so", directory,
                                      VIPS_MAJOR_VERSION, VIPS_MINOR_VERSION);
        GModule *module = g_module_open(path, G_MODULE_BIND_LAZY);
        if (module != NULL)
            g_module_make_resident(module);
        g_free(path);
        g_free(directory);
    }

    // libvips reports recoverable problems as GLib warnings on stderr;
    // consentgate turns the ones that matter into refusals instead.
    g_log_set_handler("VIPS", (GLogLevelFlags) (G_LOG_LEVEL_WARNING |
        G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG),
        cg_vips_discard_log, NULL);
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    vips_operation_block_set("VipsForeignLoadJpeg", FALSE);
    vips_operation_block_set("VipsForeignLoadPng", FALSE);
    vips_operation_block_set("VipsForeignLoadWebp", FALSE);
    vips_operation_block_set("VipsForeignLoadTiff", FALSE);
    vips_operation_block_set("VipsForeignLoadHeif", FALSE);
    // Every photo is different: caching operations only costs memory.
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    if (concurrency > 0)
        vips_concurrency_set(concurrency);
    return 0;
}

/// Called by libvips as each part of an image is computed: past the
/// deadline (a monotonic time in microseconds, kept on the image), the
/// computation is killed and fails with an error.
static void cg_check_deadline(VipsImage *image, VipsProgress *progress, void *data) {
    (void) progress; (void) data;
    gint64 *deadline = g_object_get_data(G_OBJECT(image), "consentgate-deadline");
    if (deadline != NULL && g_get_monotonic_time() > *deadline) {
        // libvips clears its kill flag when it acts on it: keep our own.
        g_object_set_data(G_OBJECT(image), "consentgate-timed-out", GINT_TO_POINTER(1));
        vips_image_set_kill(image, TRUE);
    }
}

void cg_set_deadline(VipsImage *image, double seconds) {
    gint64 *deadline = g_new(gint64, 1);
    *deadline = g_get_monotonic_time() + (gint64) (seconds * 1e6);
    g_object_set_data_full(G_OBJECT(image), "consentgate-deadline", deadline, g_free);
    vips_image_set_progress(image, TRUE);
    g_signal_connect(image, "eval", G_CALLBACK(cg_check_deadline), NULL);
}

int cg_was_killed(VipsImage *image) {
    return g_object_get_data(G_OBJECT(image), "consentgate-timed-out") != NULL;
}

int cg_has_loader(const char *nickname) {
    return vips_type_find("VipsOperation", nickname) != 0;
}

int cg_fail_on_truncated(void) { return VIPS_FAIL_ON_TRUNCATED; }

int cg_fail_on_error(void) { return VIPS_FAIL_ON_ERROR; }

VipsImage *cg_header_from_buffer(const void *buf, size_t len, int fail_on) {
    return vips_image_new_from_buffer(buf, len, "", "fail_on", fail_on, NULL);
}

VipsImage *cg_image_from_file(const char *path) {
    return vips_image_new_from_file(path, "access", VIPS_ACCESS_RANDOM, NULL);
}

int cg_thumbnail_buffer(const void *buf, size_t len, VipsImage **out,
                        int long_edge, const char *export_profile,
                        int fail_on) {
    if (export_profile != NULL)
        return vips_thumbnail_buffer((void *) buf, len, out, long_edge,
            "height", long_edge, "size", VIPS_SIZE_DOWN,
            "export_profile", export_profile, "intent", VIPS_INTENT_PERCEPTUAL,
            "fail_on", fail_on, NULL);
    return vips_thumbnail_buffer((void *) buf, len, out, long_edge,
        "height", long_edge, "size", VIPS_SIZE_DOWN, "fail_on", fail_on, NULL);
}

int cg_thumbnail_exact(const void *buf, size_t len, VipsImage **out,
                       int width, int height) {
    return vips_thumbnail_buffer((void *) buf, len, out, width, "height", height,
        "size", VIPS_SIZE_FORCE, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

int cg_subsample(VipsImage *in, VipsImage **out, int across, int down) {
    return vips_subsample(in, out, across, down, NULL);
}

int cg_thumbnail_image_exact(VipsImage *in, VipsImage **out, int width, int height) {
    return vips_thumbnail_image(in, out, width, "height", height, "size", VIPS_SIZE_FORCE, NULL);
}

int cg_tiffload_first_page(const void *buf, size_t len, VipsImage **out, int fail_on) {
    return vips_tiffload_buffer((void *) buf, len, out, "page", 0, "n", 1, "fail_on", fail_on,
        "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

int cg_jpegload_shrink(const void *buf, size_t len, VipsImage **out, int shrink, int fail_on) {
    return vips_jpegload_buffer((void *) buf, len, out, "shrink", shrink, "fail_on", fail_on,
        "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

int cg_icc_to_srgb(VipsImage *in, VipsImage **out) {
    return vips_icc_transform(in, out, "srgb", "embedded", TRUE, "intent", VIPS_INTENT_PERCEPTUAL, NULL);
}

int cg_autorot(VipsImage *in, VipsImage **out) {
    return vips_autorot(in, out, NULL);
}

int cg_colourspace(VipsImage *in, VipsImage **out, VipsInterpretation space) {
    return vips_colourspace(in, out, space, NULL);
}

int cg_cast(VipsImage *in, VipsImage **out, VipsBandFormat format) {
    return vips_cast(in, out, format, NULL);
}

int cg_flatten(VipsImage *in, VipsImage **out, double r, double g, double b) {
    double colour[3] = { r, g, b };
    VipsArrayDouble *background = vips_array_double_new(colour, 3);
    int result = vips_flatten(in, out, "background", background, NULL);
    vips_area_unref(VIPS_AREA(background));
    return result;
}

int cg_extract_band(VipsImage *in, VipsImage **out, int band, int n) {
    return vips_extract_band(in, out, band, "n", n, NULL);
}

int cg_bandjoin2(VipsImage *a, VipsImage *b, VipsImage **out) {
    return vips_bandjoin2(a, b, out, NULL);
}

int cg_linear(VipsImage *in, VipsImage **out, const double *a,
              const double *b, int n) {
    return vips_linear(in, out, (double *) a, (double *) b, n, NULL);
}

int cg_resize(VipsImage *in, VipsImage **out, double scale) {
    return vips_resize(in, out, scale, NULL);
}

int cg_composite_over(VipsImage *base, VipsImage *overlay,
                      VipsImage **out, int x, int y) {
    return vips_composite2(base, overlay, out, VIPS_BLEND_MODE_OVER,
        "x", x, "y", y, NULL);
}

int cg_blend(VipsImage *weight, VipsImage *in1, VipsImage *in2, VipsImage **out) {
    return vips_ifthenelse(weight, in1, in2, out, "blend", TRUE, NULL);
}

int cg_insert(VipsImage *main, VipsImage *sub, VipsImage **out,
              int x, int y) {
    return vips_insert(main, sub, out, x, y, NULL);
}

int cg_extract_area(VipsImage *in, VipsImage **out,
                    int left, int top, int width, int height) {
    return vips_extract_area(in, out, left, top, width, height, NULL);
}

int cg_embed(VipsImage *in, VipsImage **out,
             int x, int y, int width, int height) {
    return vips_embed(in, out, x, y, width, height, NULL);
}

int cg_replicate(VipsImage *in, VipsImage **out, int across, int down) {
    return vips_replicate(in, out, across, down, NULL);
}

int cg_text(VipsImage **out, const char *text, const char *font,
            int width, int height) {
    // vips_text reads Pango markup: "St Peter & St Paul" must be drawn as written.
    gchar *escaped = g_markup_escape_text(text, -1);
    int result = vips_text(out, escaped, "font", font, "width", width, "height", height,
        "align", VIPS_ALIGN_CENTRE, NULL);
    g_free(escaped);
    return result;
}

int cg_label_srgb(VipsImage *in, VipsImage **out) {
    return vips_copy(in, out, "interpretation", VIPS_INTERPRETATION_sRGB, NULL);
}

int cg_black_rgba(VipsImage **out) {
    return vips_black(out, 1, 1, "bands", 4, NULL);
}

int cg_add_opaque_alpha(VipsImage *in, VipsImage **out) {
    return vips_bandjoin_const1(in, out, in->BandFmt == VIPS_FORMAT_USHORT ? 65535 : 255, NULL);
}

int cg_add(VipsImage *a, VipsImage *b, VipsImage **out) {
    return vips_add(a, b, out, NULL);
}

int cg_pngsave(VipsImage *in, const char *path) {
    return vips_pngsave(in, path, "strip", TRUE, NULL);
}

int cg_jpegsave_buffer(VipsImage *in, void **buf, size_t *len,
                       int quality) {
    return vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, NULL);
}

int cg_image_get_int(VipsImage *image, const char *name, int *out) {
    if (vips_image_get_typeof(image, name) == 0)
        return -1;
    return vips_image_get_int(image, name, out);
}

int cg_has_field(VipsImage *image, const char *name) {
    return vips_image_get_typeof(image, name) != 0;
}

gchar **cg_field_names(VipsImage *image) {
    return vips_image_get_fields(image);
}

void cg_unref(VipsImage *image) { g_object_unref(image); }
