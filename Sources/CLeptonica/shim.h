// leptonica's image I/O and processing. Imported by the OCR module (and the developer tool prescreen-gen).
#ifndef PRESCREEN_CLEPTONICA_SHIM_H
#define PRESCREEN_CLEPTONICA_SHIM_H
#include <leptonica/allheaders.h>
#endif
