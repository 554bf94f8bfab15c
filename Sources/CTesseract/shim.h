// The C API of tesseract. Imported only by the OCR module.
#ifndef PRESCREEN_CTESSERACT_SHIM_H
#define PRESCREEN_CTESSERACT_SHIM_H
#include <tesseract/capi.h>
#endif
