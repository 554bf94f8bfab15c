// Thin wrapper: OpenCV's cascade detector behind a C API. Every C++ exception stops here.
#include "CFaceDetect.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <new>
#include <vector>

struct fd_cascade {
    cv::CascadeClassifier classifier;
};

extern "C" fd_cascade *fd_cascade_load(const char *path) {
    if (path == nullptr) return nullptr;
    try {
        fd_cascade *c = new (std::nothrow) fd_cascade();
        if (c == nullptr) return nullptr;
        if (!c->classifier.load(path) || c->classifier.empty()) {
            delete c;
            return nullptr;
        }
        return c;
    } catch (...) {
        return nullptr;
    }
}

extern "C" void fd_cascade_free(fd_cascade *cascade) { delete cascade; }

extern "C" int fd_detect_pyramid(fd_cascade *cascade, const unsigned char *gray, int width, int height, int stride,
                                 double resize, double angle_degrees, double pad_fraction, double level_factor,
                                 double scale_factor, int min_neighbors, int min_size, fd_rect *out, int capacity,
                                 int *working_width, int *working_height) {
    if (cascade == nullptr || gray == nullptr || out == nullptr || width <= 0 || height <= 0 || stride < width ||
        capacity < 0 || !(resize > 0 && resize <= 4) || !(scale_factor > 1) || min_size < 1 ||
        !(pad_fraction >= 0 && pad_fraction <= 1) || !(level_factor == 0 || (level_factor > 1.05 && level_factor <= 4))) {
        return -1;
    }
    try {
        cv::Mat src(height, width, CV_8UC1, const_cast<unsigned char *>(gray), static_cast<size_t>(stride));
        cv::Mat work;
        if (resize != 1) {
            int w = std::max(1, static_cast<int>(width * resize + 0.5));
            int h = std::max(1, static_cast<int>(height * resize + 0.5));
            // Area averaging to shrink; bilinear to enlarge a low-resolution scan.
            cv::resize(src, work, cv::Size(w, h), 0, 0, resize < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        } else {
            work = src;
        }
        if (angle_degrees != 0) {
            cv::Point2f centre(work.cols / 2.0f, work.rows / 2.0f);
            cv::Mat m = cv::getRotationMatrix2D(centre, angle_degrees, 1.0);
            cv::Mat turned;
            cv::warpAffine(work, turned, m, work.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
            work = turned;
        }
        if (working_width != nullptr) *working_width = work.cols;
        if (working_height != nullptr) *working_height = work.rows;
        // The border repeated outward, so that a face cut by the image's edge still fits a detection window.
        int pad = static_cast<int>(std::min(work.cols, work.rows) * pad_fraction);
        cv::Mat level;
        if (pad > 0) {
            cv::copyMakeBorder(work, level, pad, pad, pad, pad, cv::BORDER_REPLICATE);
        } else {
            level = work;
        }
        // Each level looks for faces from min_size to a little over level_factor times it, then the image is
        // shrunk by level_factor with area averaging: a big face is found on a properly averaged image rather
        // than on the classifier's own (unfiltered) downscaling, which aliases fine texture and blur alike.
        double scale = 1;
        int n = 0;
        // level_factor 0: one level, every size (the classifier's own scaling).
        int maxSide = level_factor > 0 ? static_cast<int>(min_size * level_factor * 1.15 + 1) : 0;
        while (level.cols >= min_size && level.rows >= min_size && n < capacity) {
            std::vector<cv::Rect> found;
            std::vector<int> neighbors;
            cascade->classifier.detectMultiScale(level, found, neighbors, scale_factor, min_neighbors, 0,
                                                 cv::Size(min_size, min_size), cv::Size(maxSide, maxSide));
            for (size_t i = 0; i < found.size() && n < capacity; ++i) {
                out[n].x = static_cast<int>(found[i].x * scale) - pad;
                out[n].y = static_cast<int>(found[i].y * scale) - pad;
                out[n].width = static_cast<int>(found[i].width * scale);
                out[n].height = static_cast<int>(found[i].height * scale);
                out[n].neighbors = i < neighbors.size() ? neighbors[i] : 0;
                ++n;
            }
            if (level_factor == 0) break;
            int w = static_cast<int>(level.cols / level_factor), h = static_cast<int>(level.rows / level_factor);
            if (w < min_size || h < min_size) break;
            cv::Mat smaller;
            cv::resize(level, smaller, cv::Size(w, h), 0, 0, cv::INTER_AREA);
            level = smaller;
            scale = static_cast<double>(work.cols + 2 * pad) / static_cast<double>(level.cols);
        }
        return n;
    } catch (...) {
        return -1;
    }
}
