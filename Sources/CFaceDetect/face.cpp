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

extern "C" int fd_detect(fd_cascade *cascade, const unsigned char *gray, int width, int height, int stride,
                         double resize, double angle_degrees, double scale_factor, int min_neighbors, int min_size,
                         int max_size, fd_rect *out, int capacity, int *working_width, int *working_height) {
    if (cascade == nullptr || gray == nullptr || out == nullptr || width <= 0 || height <= 0 || stride < width ||
        capacity < 0 || !(resize > 0 && resize <= 4) || !(scale_factor > 1) || min_size < 1) {
        return -1;
    }
    try {
        // A header over the caller's pixels; nothing is copied until the resize.
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
            cv::warpAffine(work, turned, m, work.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(255));
            work = turned;
        }
        if (working_width != nullptr) *working_width = work.cols;
        if (working_height != nullptr) *working_height = work.rows;
        if (work.cols < min_size || work.rows < min_size) return 0;
        std::vector<cv::Rect> found;
        std::vector<int> neighbors;
        cv::Size maxSize = max_size > 0 ? cv::Size(max_size, max_size) : cv::Size();
        cascade->classifier.detectMultiScale(work, found, neighbors, scale_factor, min_neighbors, 0,
                                             cv::Size(min_size, min_size), maxSize);
        int n = 0;
        for (size_t i = 0; i < found.size() && n < capacity; ++i) {
            out[n].x = found[i].x;
            out[n].y = found[i].y;
            out[n].width = found[i].width;
            out[n].height = found[i].height;
            out[n].neighbors = i < neighbors.size() ? neighbors[i] : 0;
            ++n;
        }
        return n;
    } catch (...) {
        return -1;
    }
}
