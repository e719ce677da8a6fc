/* px-chart-frame.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the layers of a chart share while one frame is drawn: the cairo
 * context, fonts and theme colours, the plot's rectangle and the times
 * and values it spans, and where the pointer is.
 */

#pragma once

#include <gtk/gtk.h>

#include "px-time-view.h"

G_BEGIN_DECLS

/* Geometry, in pixels. */
#define PX_CHART_PAD            8.0
#define PX_CHART_HEADER_GAP     8.0
#define PX_CHART_AXIS_GAP       4.0
#define PX_CHART_LINE_WIDTH     1.5
#define PX_CHART_SWATCH         14.0
#define PX_CHART_SPACING        14.0
/* Readings listed beside the cursor before "…and N more". */
#define PX_CHART_READING_LINES  8

typedef enum
{
  PX_CHART_FONT_SMALL,
  PX_CHART_FONT_TITLE,
  PX_CHART_FONT_BASE,
  PX_CHART_N_FONTS
} PxChartFont;

/* Laid-out labels by font and text, kept from frame to frame for one
 * Pango context state: laying text out costs more than drawing it. */
typedef struct
{
  GHashTable *layouts[PX_CHART_N_FONTS];
  guint       serial;
} PxTextCache;

typedef struct _PxGraph PxGraph;

typedef struct
{
  PxGraph              *graph;
  /* The chart's layers, PxChartLayer, in drawing order. */
  GPtrArray            *layers;
  PxTimeView           *view;
  cairo_t              *cr;
  PangoContext         *context;
  PxTextCache          *texts;
  PangoLayout          *layout;
  const PangoFontDescription *font;
  PxChartFont           font_id;
  const PangoFontDescription *base_font;
  PangoFontDescription *small_font;
  PangoFontDescription *title_font;
  GdkRGBA               fg;
  GdkRGBA               background;
  GdkRGBA               popover;
  GdkRGBA               accent;
  gboolean              dark;
  int                   width;
  int                   height;
  int                   text_height;
  /* Device pixels per unit when drawn as pixels (the screen, PNG), else
   * 0 (SVG, PDF): then layers draw with cairo's vector paths. */
  double                raster_scale;
  const char           *title;
  const char           *unit;

  /* The plot area, and what it shows. */
  double                x;
  double                y;
  double                w;
  double                h;
  double                t0;
  double                t1;
  double                y_top;
  /* The plot is rows, one a series coloured by its value (a heat map),
   * not lines against a value axis. */
  gboolean              rows;

  /* Drawn on the screen, not exported: what is clicked is laid out. */
  gboolean              on_screen;
  /* The pointer, in widget coordinates, on screen only. */
  gboolean              hovering;
  double                pointer_x;
  double                pointer_y;
  gboolean              selecting;
  double                select_from;
  double                select_to;
  /* The keyboard's: the readings at the cursor show as for the pointer,
   * and the cursor layer writes what they say into @reading, for
   * assistive technologies. */
  gboolean              focused;
  GString              *reading;
} PxChartFrame;

void          px_text_cache_init        (PxTextCache   *cache);
void          px_text_cache_clear       (PxTextCache   *cache);
gboolean      px_text_cache_validate    (PxTextCache   *cache,
                                         PangoContext  *context);

void          px_chart_frame_set_font   (PxChartFrame  *f,
                                         PxChartFont    font_id);
void          px_chart_frame_measure    (PxChartFrame  *f,
                                         const char    *text,
                                         int           *width,
                                         int           *height);
void          px_chart_frame_show       (PxChartFrame  *f,
                                         double         x,
                                         double         y);
void          px_chart_frame_draw_text  (PxChartFrame  *f,
                                         const char    *text,
                                         double         x,
                                         double         y,
                                         const GdkRGBA *color,
                                         double         alpha);
double        px_chart_frame_x_for_time (const PxChartFrame *f,
                                         double         t);
double        px_chart_frame_time_at_x  (const PxChartFrame *f,
                                         double         x);
void          px_chart_set_source       (cairo_t       *cr,
                                         const GdkRGBA *color,
                                         double         alpha);
void          px_chart_rounded_rectangle (cairo_t      *cr,
                                          double        x,
                                          double        y,
                                          double        w,
                                          double        h,
                                          double        r);
void          px_chart_draw_swatch      (PxChartFrame  *f,
                                         const GdkRGBA *color,
                                         gboolean       dashed,
                                         gboolean       block,
                                         double         x,
                                         double         y);

G_END_DECLS
