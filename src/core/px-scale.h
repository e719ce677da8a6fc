/* px-scale.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A colour, channels from 0 to 1. */
typedef struct
{
  double red;
  double green;
  double blue;
} PxColor;

/* Colours with a meaning, the same on screen and in reports. */
typedef enum
{
  PX_COLOR_WAITING,
  PX_COLOR_QUEUED,
  PX_COLOR_IN_FLIGHT,
  PX_COLOR_THROUGHPUT,
  PX_COLOR_IDLE,
  PX_COLOR_COMPUTE,
  PX_COLOR_LOCK_WAIT,
  PX_COLOR_IO_WAIT,
  PX_COLOR_IPC,
  PX_COLOR_GIL_WAIT,
  PX_COLOR_FAILED,
  PX_COLOR_SIGNAL_WAIT,
  PX_N_COLORS,
} PxColorRole;

void        px_palette_get_worker    (guint          index,
                                      PxColor       *color);
void        px_palette_get_host      (guint          index,
                                      PxColor       *color);
void        px_palette_get_role      (PxColorRole    role,
                                      PxColor       *color);
void        px_color_to_hex          (const PxColor *color,
                                      char           hex[8]);

double      px_scale_nice_ceil       (double         v);
double      px_scale_value_step      (double         top,
                                      int            max_intervals,
                                      int           *n_lines);
double      px_scale_time_step       (double         span,
                                      double         width,
                                      double         min_spacing);
const double *px_scale_get_time_steps (guint        *n_steps);
int         px_scale_count_decimals  (double         v,
                                      int            max);
void        px_scale_choose_prefix   (double         magnitude,
                                      double        *divisor,
                                      const char   **prefix);
gboolean    px_unit_is_symbol        (const char    *unit);
char       *px_format_value          (double         v,
                                      double         divisor,
                                      const char    *prefix,
                                      int            max_decimals,
                                      const char    *unit);
char       *px_format_reading        (double         v,
                                      const char    *unit);
char       *px_format_time           (double         t,
                                      double         step,
                                      double         axis_end);

G_END_DECLS
