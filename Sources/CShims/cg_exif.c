// cg_exif.h: the bodies.

#include <stdlib.h>
#include <string.h>
#include "cg_exif.h"

ExifData *cg_exif_new(ExifByteOrder order) {
    ExifData *data = exif_data_new();
    if (data == NULL)
        return NULL;
    exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_set_byte_order(data, order);
    return data;
}

ExifData *cg_exif_parse(const unsigned char *bytes, unsigned int size) {
    ExifData *data = exif_data_new();
    if (data == NULL)
        return NULL;
    exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_load_data(data, bytes, size);
    for (int i = 0; i < EXIF_IFD_COUNT; i++)
        if (data->ifd[i] != NULL && data->ifd[i]->count > 0)
            return data;
    exif_data_unref(data);
    return NULL;
}

unsigned int cg_exif_count(ExifData *data, ExifIfd ifd) {
    return data->ifd[ifd] == NULL ? 0 : data->ifd[ifd]->count;
}

ExifEntry *cg_exif_entry_at(ExifData *data, ExifIfd ifd, unsigned int index) {
    if (data->ifd[ifd] == NULL || index >= data->ifd[ifd]->count)
        return NULL;
    return data->ifd[ifd]->entries[index];
}

ExifEntry *cg_exif_find(ExifData *data, ExifIfd ifd, ExifTag tag) {
    return data->ifd[ifd] == NULL ? NULL : exif_content_get_entry(data->ifd[ifd], tag);
}

int cg_exif_has_thumbnail(ExifData *data) {
    return data->data != NULL && data->size > 0;
}

int cg_exif_copy_entry(ExifData *data, ExifIfd ifd, const ExifEntry *source) {
    if (source->size == 0 || source->data == NULL)
        return -1;
    ExifMem *mem = exif_mem_new_default();
    ExifEntry *entry = exif_entry_new_mem(mem);
    if (entry == NULL) { exif_mem_unref(mem); return -1; }
    entry->data = exif_mem_alloc(mem, source->size);
    exif_mem_unref(mem);
    if (entry->data == NULL) { exif_entry_unref(entry); return -1; }
    memcpy(entry->data, source->data, source->size);
    entry->size = source->size;
    entry->tag = source->tag;
    entry->format = source->format;
    entry->components = source->components;
    exif_content_add_entry(data->ifd[ifd], entry);
    exif_entry_unref(entry);
    return 0;
}

int cg_exif_set_ascii(ExifData *data, ExifIfd ifd, ExifTag tag, const char *text) {
    size_t length = strlen(text) + 1;
    ExifMem *mem = exif_mem_new_default();
    ExifEntry *entry = exif_entry_new_mem(mem);
    if (entry == NULL) { exif_mem_unref(mem); return -1; }
    entry->data = exif_mem_alloc(mem, (ExifLong) length);
    exif_mem_unref(mem);
    if (entry->data == NULL) { exif_entry_unref(entry); return -1; }
    memcpy(entry->data, text, length);
    entry->size = (unsigned int) length;
    entry->tag = tag;
    entry->format = EXIF_FORMAT_ASCII;
    entry->components = length;
    exif_content_add_entry(data->ifd[ifd], entry);
    exif_entry_unref(entry);
    return 0;
}

int cg_exif_set_short(ExifData *data, ExifIfd ifd, ExifTag tag, ExifShort value) {
    ExifMem *mem = exif_mem_new_default();
    ExifEntry *entry = exif_entry_new_mem(mem);
    if (entry == NULL) { exif_mem_unref(mem); return -1; }
    entry->data = exif_mem_alloc(mem, 2);
    exif_mem_unref(mem);
    if (entry->data == NULL) { exif_entry_unref(entry); return -1; }
    exif_set_short(entry->data, exif_data_get_byte_order(data), value);
    entry->size = 2;
    entry->tag = tag;
    entry->format = EXIF_FORMAT_SHORT;
    entry->components = 1;
    exif_content_add_entry(data->ifd[ifd], entry);
    exif_entry_unref(entry);
    return 0;
}

ExifShort cg_exif_entry_short(const ExifEntry *entry, ExifByteOrder order) {
    if (entry->format != EXIF_FORMAT_SHORT || entry->size < 2)
        return 0;
    return exif_get_short(entry->data, order);
}
