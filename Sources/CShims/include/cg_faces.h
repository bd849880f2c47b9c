#ifndef CG_FACES_H
#define CG_FACES_H

#include <stdint.h>

// libfacedetection (Shiqi Yu, BSD-3-Clause), a CNN face detector with its
// weights compiled in, as the PyPI wheel yuface 2023.5.1 ships it. Loaded at
// run time: the gate must say, not crash, when it is missing or the CPU
// cannot run it. Faces are located, never identified.

/// One face: a box in the pixels given, and the detector's confidence (0-100).
typedef struct {
    int x, y, width, height;
    int score;
} cg_face;

/// 1 if this CPU has what the library's code uses (AVX2 and FMA), else 0.
int cg_faces_cpu_supported(void);

/// Loads the library at `path` once per process. 0 on success; otherwise
/// -1 with a sentence in `error`.
int cg_faces_load(const char *path, char *error, int error_size);

/// Finds faces in 8-bit BGR pixels (`stride` bytes per row). Writes at most
/// `max` faces to `faces`; returns how many it found (may exceed `max`), or
/// -1 if the library is not loaded or memory ran out. Calls are serialised.
int cg_faces_detect(const uint8_t *bgr, int width, int height, int stride, cg_face *faces, int max);

#endif
