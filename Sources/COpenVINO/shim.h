// OpenVINO's C API (runtime of the PP-OCR recognizer), unpacked from its PyPI wheel by scripts/install-paddle.sh.
// Imported only by the Paddle module.
#ifndef PRESCREEN_COPENVINO_SHIM_H
#define PRESCREEN_COPENVINO_SHIM_H
#include <openvino/c/openvino.h>
#endif
