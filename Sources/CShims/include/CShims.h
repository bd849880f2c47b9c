// consentgate's C: fixed-arity wrappers over libvips', libheif's and
// libexif's variadic and macro APIs, for Swift (which cannot call C
// variadic functions), and the loader of the face detector, a C++ library
// without a header. The only C the program has; Imaging alone uses it.
#include "cg_vips.h"
#include "cg_heif.h"
#include "cg_exif.h"
#include "cg_faces.h"
