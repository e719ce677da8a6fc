/* px-scale.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the graphs on screen and the charts of the HTML report share:
 * round steps for axes, numbers with SI prefixes, times on a time axis,
 * and the colours of workers and of what a series means.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "px-scale.h"

/* GNOME palette: hues ordered so neighbours contrast. */
static const guint32 worker_palette[] = {
  0x3584e4, /* blue 3 */
  0xff7800, /* orange 3 */
  0x2ec27e, /* green 4 */
  0xe01b24, /* red 3 */
  0x9141ac, /* purple 3 */
  0xe5a50a, /* yellow 5 */
  0x2190a4, /* teal */
  0xd56199, /* pink */
  0x986a44, /* brown 3 */
  0x6f8396, /* slate */
  0x1a5fb4, /* blue 5 */
  0xc061cb, /* purple 2 */
};

static const guint32 role_palette[PX_N_COLORS] = {
  [PX_COLOR_WAITING] = 0x3584e4,     /* blue 3 */
  [PX_COLOR_QUEUED] = 0x33d17a,      /* green 3 */
  [PX_COLOR_IN_FLIGHT] = 0xff7800,   /* orange 3 */
  [PX_COLOR_THROUGHPUT] = 0x9141ac,  /* purple 3 */
  [PX_COLOR_IDLE] = 0x9a9996,        /* light 5 */
  [PX_COLOR_COMPUTE] = 0x3584e4,     /* blue 3 */
  [PX_COLOR_LOCK_WAIT] = 0xe01b24,   /* red 3 */
  [PX_COLOR_IO_WAIT] = 0xf6d32d,     /* yellow 3 */
  [PX_COLOR_IPC] = 0x9141ac,         /* purple 3 */
  [PX_COLOR_GIL_WAIT] = 0xff7800,    /* orange 3 */
  [PX_COLOR_FAILED] = 0x241f31,      /* dark 3 */
  [PX_COLOR_SIGNAL_WAIT] = 0x2190a4, /* teal */
};

/* Tick spacings of a time axis, in seconds. */
static const double time_steps[] = {
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30,
  60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
};

static void
color_from_rgb (guint32  rgb,
                PxColor *color)
{
  color->red = ((rgb >> 16) & 0xff) / 255.0;
  color->green = ((rgb >> 8) & 0xff) / 255.0;
  color->blue = (rgb & 0xff) / 255.0;
}

static void
color_from_hsv (double   h,
                double   s,
                double   v,
                PxColor *color)
{
  double sector = h * 6;
  int i = (int)floor (sector) % 6;
  double f = sector - floor (sector);
  double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
  double rgb[6][3] = {
    { v, t, p }, { q, v, p }, { p, v, t }, { p, q, v }, { t, p, v }, { v, p, q },
  };

  color->red = rgb[i][0];
  color->green = rgb[i][1];
  color->blue = rgb[i][2];
}

/* Colour of worker (or core) @index, the same in graphs, the worker
 * table, the timeline and reports: the palette, then hues spread around
 * the colour wheel. */
void
px_palette_get_worker (guint    index,
                       PxColor *color)
{
  g_return_if_fail (color != NULL);

  if (index < G_N_ELEMENTS (worker_palette))
    {
      color_from_rgb (worker_palette[index], color);
      return;
    }

  /* Hues a golden angle apart never repeat; saturation and value stay
   * in a band that reads on light and dark backgrounds alike. */
  color_from_hsv (fmod (0.13 + index * 0.618033988749895, 1.0),
                  index % 3 == 0 ? 0.55 : index % 3 == 1 ? 0.7 : 0.85,
                  index % 2 == 0 ? 0.85 : 0.7,
                  color);
}

/* Colour of host @index (launcher=ssh or srun) in the worker table, the
 * timeline and the throughput graph: deep shades of hues the first
 * workers' colours (blue, orange, green, red, purple) do not use, so a
 * host's swatch is not read as a worker's; then the workers' hues from
 * the far end. */
void
px_palette_get_host (guint    index,
                     PxColor *color)
{
  static const guint32 host_palette[] = {
    0x0e6b70, /* deep teal */
    0x8a6a00, /* dark gold */
    0x9c1f6e, /* deep magenta */
    0x3d4f63, /* dark slate */
    0x63452c, /* brown 5 */
    0x4b6a12, /* olive */
  };

  g_return_if_fail (color != NULL);

  if (index < G_N_ELEMENTS (host_palette))
    color_from_rgb (host_palette[index], color);
  else
    px_palette_get_worker (1000 + index, color);
}

void
px_palette_get_role (PxColorRole  role,
                     PxColor     *color)
{
  g_return_if_fail (role < PX_N_COLORS);

  color_from_rgb (role_palette[role], color);
}

/* "#3584e4" */
void
px_color_to_hex (const PxColor *color,
                 char           hex[8])
{
  g_snprintf (hex, 8, "#%02x%02x%02x",
              (guint)lround (CLAMP (color->red, 0, 1) * 255),
              (guint)lround (CLAMP (color->green, 0, 1) * 255),
              (guint)lround (CLAMP (color->blue, 0, 1) * 255));
}

/* The smallest of 1, 2, 2.5, 5 × 10^n that is >= @v. */
double
px_scale_nice_ceil (double v)
{
  double magnitude;
  double f;

  if (!(v > 0) || !isfinite (v))
    return 1;
  magnitude = pow (10, floor (log10 (v)));
  f = v / magnitude;
  if (f <= 1 + 1e-9)
    return magnitude;
  if (f <= 2 + 1e-9)
    return 2 * magnitude;
  if (f <= 2.5 + 1e-9)
    return 2.5 * magnitude;
  if (f <= 5 + 1e-9)
    return 5 * magnitude;
  return 10 * magnitude;
}

/**
 * px_scale_value_step:
 * @top: the top of the value axis, a px_scale_nice_ceil() value
 * @max_intervals: at most this many intervals (2 to 5 fit a graph)
 * @n_lines: (out): how many grid lines, zero included
 *
 * Returns: a step of 1, 2, 2.5 or 5 × 10^n, preferring one that divides
 *   @top so that the top gets a line and a label too.
 */
double
px_scale_value_step (double  top,
                     int     max_intervals,
                     int    *n_lines)
{
  double step = px_scale_nice_ceil (top / MAX (max_intervals, 1));

  for (double candidate = step; candidate <= top;
       candidate = px_scale_nice_ceil (candidate * 1.001))
    {
      double intervals = top / candidate;

      if (fabs (intervals - round (intervals)) < 1e-6)
        {
          step = candidate;
          break;
        }
    }

  *n_lines = (int)floor (top / step + 1e-6) + 1;
  return step;
}

const double *
px_scale_get_time_steps (guint *n_steps)
{
  *n_steps = G_N_ELEMENTS (time_steps);
  return time_steps;
}

/* The first time step at least @min_spacing pixels apart when @span
 * seconds take @width pixels. */
double
px_scale_time_step (double span,
                    double width,
                    double min_spacing)
{
  for (guint i = 0; i < G_N_ELEMENTS (time_steps); i++)
    if (span > 0 && time_steps[i] * width / span >= min_spacing)
      return time_steps[i];
  return time_steps[G_N_ELEMENTS (time_steps) - 1];
}

/* Fewest decimals, up to @max, that show @v exactly. */
int
px_scale_count_decimals (double v,
                         int    max)
{
  for (int d = 0; d < max; d++)
    {
      double scaled = v * pow (10, d);

      if (fabs (scaled - round (scaled)) < 1e-6 * MAX (1, fabs (scaled)))
        return d;
    }
  return max;
}

void
px_scale_choose_prefix (double       magnitude,
                        double      *divisor,
                        const char **prefix)
{
  magnitude = fabs (magnitude);
  if (magnitude >= 1e9)
    *divisor = 1e9, *prefix = "G";
  else if (magnitude >= 1e6)
    *divisor = 1e6, *prefix = "M";
  else if (magnitude >= 1e3)
    *divisor = 1e3, *prefix = "k";
  else
    *divisor = 1, *prefix = "";
}

/* "50 %", "1.2 k tasks/s": @v scaled by @divisor with its SI prefix. */
/* Whether @unit is a symbol written after a number ("%", "B", "B/s"),
 * rather than a word ("tasks", "cores") that a chart's title says once:
 * "1 tasks" would be wrong, and "0.5 cores" reads badly. */
gboolean
px_unit_is_symbol (const char *unit)
{
  gsize len = unit != NULL ? strlen (unit) : 0;

  if (len == 0)
    return FALSE;
  if (g_str_equal (unit, "%"))
    return TRUE;
  if (g_str_has_suffix (unit, "/s"))
    len -= 2;
  return len <= 2 && g_ascii_isalpha (unit[0]);
}

char *
px_format_value (double      v,
                 double      divisor,
                 const char *prefix,
                 int         max_decimals,
                 const char *unit)
{
  double scaled = v / divisor;
  int decimals = px_scale_count_decimals (scaled, max_decimals);
  gboolean has_unit = unit != NULL && unit[0] != '\0';
  /* A unit's symbol takes its prefix as one word ("12 MB"); a unit in
   * words is a word of its own ("1.2 k tasks/s"). */
  gboolean symbol = has_unit && strlen (unit) <= 2 && g_ascii_isalpha (unit[0]);

  if (prefix[0] != '\0' && symbol)
    return g_strdup_printf ("%.*f %s%s", decimals, scaled, prefix, unit);
  if (prefix[0] != '\0' && has_unit)
    return g_strdup_printf ("%.*f %s %s", decimals, scaled, prefix, unit);
  if (prefix[0] != '\0')
    return g_strdup_printf ("%.*f %s", decimals, scaled, prefix);
  if (has_unit)
    return g_strdup_printf ("%.*f %s", decimals, scaled, unit);
  return g_strdup_printf ("%.*f", decimals, scaled);
}

/* A value as a reading shows it: three significant digits. */
char *
px_format_reading (double      v,
                   const char *unit)
{
  double divisor;
  const char *prefix;
  double scaled;

  if (isnan (v))
    return g_strdup ("—");
  px_scale_choose_prefix (v, &divisor, &prefix);
  scaled = fabs (v / divisor);
  return px_format_value (v, divisor, prefix, scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2, unit);
}

/* "1.5 s" below a minute, "1:30" or "1:02:05" above; @step bounds the
 * decimals: "0.5 s", "1 s", "1.5 s". */
char *
px_format_time (double t,
                double step,
                double axis_end)
{
  int decimals = px_scale_count_decimals (t, step >= 1 ? 0 : step >= 0.1 ? 1
                                             : step >= 0.01 ? 2 : 3);
  gint64 scale = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1000;
  gint64 units;
  gint64 minute;
  gint64 hours, minutes, seconds, fraction;

  if (axis_end < 60)
    /* Translators: a time in seconds on the graphs' time axis. */
    return g_strdup_printf (_("%.*f s"), decimals, t);

  /* Integer arithmetic, so 119.999 s reads 2:00 and never 1:60. */
  units = llround (MAX (t, 0) * scale);
  minute = 60 * scale;
  hours = units / (60 * minute);
  minutes = units / minute % 60;
  seconds = units % minute / scale;
  fraction = units % scale;

  if (axis_end >= 3600)
    {
      if (decimals > 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT
                                ".%0*" G_GINT64_FORMAT,
                                hours, minutes, seconds, decimals, fraction);
      return g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                              hours, minutes, seconds);
    }
  minutes += 60 * hours;
  if (decimals > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                            minutes, seconds, decimals, fraction);
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, minutes, seconds);
}
