// The C side of poppler-glib, cairo (with its PDF surface, for the corpus generator) and glib.
// Imported only by the PDF module (and the developer tool prescreen-gen).
#ifndef PRESCREEN_CPOPPLER_SHIM_H
#define PRESCREEN_CPOPPLER_SHIM_H
#include <glib.h>
#include <glib-object.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <poppler.h>
#endif
