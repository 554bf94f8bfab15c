// A plain C face-detection API over OpenCV's cv::CascadeClassifier (objdetect), so Swift imports it
// without C++ interop. Only the Vision module imports this target.
#ifndef CFACEDETECT_H
#define CFACEDETECT_H

#ifdef __cplusplus
extern "C" {
#endif

/// An opaque loaded cascade. Not safe for concurrent use: one per thread, or guard it.
typedef struct fd_cascade fd_cascade;

/// One detection in the pixels of the image passed in; `neighbors` is how many raw windows merged into it.
typedef struct fd_rect {
    int x;
    int y;
    int width;
    int height;
    int neighbors;
} fd_rect;

/// Loads a cascade XML file; NULL when the file is missing or not a cascade.
fd_cascade *fd_cascade_load(const char *path);

/// Frees a cascade (NULL is fine).
void fd_cascade_free(fd_cascade *cascade);

/// Detects objects at every scale on an image pyramid built with area averaging, on an 8-bit grey image
/// (`stride` bytes per row).
///
/// The image is first resized by `resize` (0 < resize <= 4; area averaging to shrink, bilinear to enlarge) and,
/// when `angle_degrees` is not 0, turned about its centre (counter-clockwise; the corners are filled from the
/// nearest edge); then the
/// border is repeated outward by `pad_fraction` of the shorter side (a face cut by the edge), and each level of a
/// pyramid shrunk by `level_factor` (area averaging) is searched for objects from `min_size` to about
/// `level_factor` times that (0: one level, every size). Rectangles come back in the working image's pixels (resized and turned, not
/// padded; they may reach past its edges). Returns the number written, or -1 on any error.
int fd_detect_pyramid(fd_cascade *cascade, const unsigned char *gray, int width, int height, int stride,
                      double resize, double angle_degrees, double pad_fraction, double level_factor,
                      double scale_factor, int min_neighbors, int min_size, fd_rect *out, int capacity,
                      int *working_width, int *working_height);

#ifdef __cplusplus
}
#endif

#endif
