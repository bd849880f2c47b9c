#include "cg_faces.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// int *facedetect_cnn(unsigned char *result, unsigned char *bgr, int width, int height, int step)
// as the library exports it (a C++ name, no header shipped).
typedef int *(*facedetect_fn)(unsigned char *, unsigned char *, int, int, int);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static facedetect_fn detect_fn;

// The result buffer the library writes: a count, then 16 shorts a face;
// it needs at least 0x9000 bytes.
enum { RESULT_BYTES = 0x20000, SHORTS_PER_FACE = 16 };

int cg_faces_cpu_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

int cg_faces_load(const char *path, char *error, int error_size) {
    pthread_mutex_lock(&lock);
    int status = 0;
    if (!detect_fn) {
        void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        void *symbol = library ? dlsym(library, "_Z14facedetect_cnnPhS_iii") : NULL;
        if (!symbol) {
            snprintf(error, (size_t)error_size, "%s", library ? "it has no facedetect_cnn" : dlerror());
            if (library) dlclose(library);
            status = -1;
        } else {
            detect_fn = (facedetect_fn)symbol;  // kept loaded for the life of the process
        }
    }
    pthread_mutex_unlock(&lock);
    return status;
}

int cg_faces_detect(const uint8_t *bgr, int width, int height, int stride, cg_face *faces, int max) {
    unsigned char *result = malloc(RESULT_BYTES);
    if (!result) return -1;
    pthread_mutex_lock(&lock);
    int count = -1;
    if (detect_fn) {
        int *found = detect_fn(result, (unsigned char *)bgr, width, height, stride);
        count = found ? found[0] : 0;
        int most = (RESULT_BYTES - (int)sizeof(int)) / (SHORTS_PER_FACE * (int)sizeof(short));
        if (count < 0) count = 0;
        if (count > most) count = most;
        for (int i = 0; found && i < count && i < max; i++) {
            const short *face = (const short *)(found + 1) + SHORTS_PER_FACE * i;
            faces[i] = (cg_face){ .score = face[0], .x = face[1], .y = face[2], .width = face[3], .height = face[4] };
        }
    }
    pthread_mutex_unlock(&lock);
    free(result);
    return count;
}
