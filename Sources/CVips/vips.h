// libvips and libheif, as Debian installs them (libvips-dev, libheif-dev).
#include <vips/vips.h>
#include <libheif/heif.h>
