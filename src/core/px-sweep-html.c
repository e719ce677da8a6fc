/* px-sweep-html.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sweep as one HTML page with SVG plots and no script: throughput and
 * wall time against the swept value (a line for each value of the other
 * axes), and for a sweep over workers the speedup and efficiency with
 * the ideal line, error bars from the repetitions, and the Amdahl,
 * Gustafson and USL fits drawn on to twice the most workers measured.
 * Text is text; colours are the window's.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-scale.h"
#include "px-sweep-private.h"

#define PLOT_W 640
#define PLOT_H 300
#define LEFT 56
#define RIGHT 16
#define TOP 30
#define BOTTOM 40

typedef struct
{
  const char *name;
  PxColor     color;
  gboolean    dashed;
  gboolean    markers;
  GArray     *x;
  GArray     *y;
  GArray     *error;
} Series;

typedef struct
{
  const char *title;
  const char *x_label;
  const char *y_label;
  gboolean    log_x;
  GPtrArray  *series;
} Plot;

static Series *
series_new (const char *name,
            guint       color,
            gboolean    dashed,
            gboolean    markers)
{
  Series *s = g_new0 (Series, 1);

  s->name = name;
  px_palette_get_worker (color, &s->color);
  s->dashed = dashed;
  s->markers = markers;
  s->x = g_array_new (FALSE, FALSE, sizeof (double));
  s->y = g_array_new (FALSE, FALSE, sizeof (double));
  s->error = g_array_new (FALSE, FALSE, sizeof (double));
  return s;
}

static void
series_free (gpointer data)
{
  Series *s = data;

  g_array_unref (s->x);
  g_array_unref (s->y);
  g_array_unref (s->error);
  g_free (s);
}

static void
series_add (Series *s,
            double  x,
            double  y,
            double  error)
{
  g_array_append_val (s->x, x);
  g_array_append_val (s->y, y);
  g_array_append_val (s->error, error);
}

static const char *
number (char   *buffer,
        double  v)
{
  return g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.1f", v);
}

static void
write_plot (GString    *out,
            const Plot *plot)
{
  double x0 = INFINITY, x1 = -INFINITY, top = 0, step;
  int n_lines;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
  double w = PLOT_W - LEFT - RIGHT, h = PLOT_H - TOP - BOTTOM;
  g_autofree char *title = g_markup_escape_text (plot->title, -1);

  for (guint i = 0; i < plot->series->len; i++)
    {
      Series *s = g_ptr_array_index (plot->series, i);

      for (guint k = 0; k < s->x->len; k++)
        {
          double x = g_array_index (s->x, double, k);
          double y = g_array_index (s->y, double, k) +
                     (isfinite (g_array_index (s->error, double, k))
                      ? g_array_index (s->error, double, k) : 0);

          if (!isfinite (x) || !isfinite (y))
            continue;
          x0 = MIN (x0, x);
          x1 = MAX (x1, x);
          top = MAX (top, y);
        }
    }
  if (!isfinite (x0) || x1 <= x0 || top <= 0)
    return;
  if (plot->log_x)
    {
      x0 = log (x0);
      x1 = log (x1);
    }
  top = px_scale_nice_ceil (top * 1.05);
  step = px_scale_value_step (top, 5, &n_lines);

#define PX(x) (LEFT + ((plot->log_x ? log (x) : (x)) - x0) / (x1 - x0) * w)
#define PY(y) (TOP + h - (y) / top * h)

  g_string_append_printf (out, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" "
                               "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                               "aria-label=\"%s\">\n", PLOT_W, PLOT_H, PLOT_W, PLOT_H, title);
  g_string_append_printf (out, "<text class=\"title\" x=\"%d\" y=\"18\">%s</text>\n", LEFT,
                          title);
  for (int line = 0; line < n_lines; line++)
    {
      double v = line * step;
      g_autofree char *label = g_strdup_printf ("%g", v);

      g_string_append_printf (out, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%s\" "
                                   "y2=\"%s\"/><text class=\"axis\" x=\"%d\" y=\"%s\" "
                                   "text-anchor=\"end\">%s</text>\n", LEFT, PLOT_W - RIGHT,
                              number (a, PY (v)), number (b, PY (v)), LEFT - 6,
                              number (a, PY (v) + 4), label);
    }
  /* The x values measured are the ticks. */
  {
    Series *first = g_ptr_array_index (plot->series, 0);

    for (guint k = 0; k < first->x->len; k++)
      {
        double x = g_array_index (first->x, double, k);
        g_autofree char *label = g_strdup_printf ("%g", x);

        /* Not every tick of a long sweep: ten at most. */
        if (first->x->len > 10 && k % ((first->x->len + 9) / 10) != 0)
          continue;
        g_string_append_printf (out, "<text class=\"axis\" x=\"%s\" y=\"%d\" "
                                     "text-anchor=\"middle\">%s</text>\n",
                                number (a, PX (x)), TOP + (int)h + 16, label);
      }
  }
  {
    g_autofree char *x_label = g_markup_escape_text (plot->x_label, -1);
    g_autofree char *y_label = g_markup_escape_text (plot->y_label, -1);

    g_string_append_printf (out, "<text class=\"axis\" x=\"%s\" y=\"%d\" "
                                 "text-anchor=\"middle\">%s</text>\n",
                            number (a, LEFT + w / 2), PLOT_H - 6, x_label);
    g_string_append_printf (out, "<text class=\"axis\" x=\"12\" y=\"%s\" "
                                 "transform=\"rotate(-90 12 %s)\" text-anchor=\"middle\">%s"
                                 "</text>\n", number (a, TOP + h / 2), number (b, TOP + h / 2),
                            y_label);
  }

  for (guint i = 0; i < plot->series->len; i++)
    {
      Series *s = g_ptr_array_index (plot->series, i);
      char color[8];
      gboolean pen_down = FALSE;

      px_color_to_hex (&s->color, color);
      g_string_append_printf (out, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s d=\"",
                              color, s->dashed ? " stroke-dasharray=\"5 4\"" : "");
      for (guint k = 0; k < s->x->len; k++)
        {
          double x = g_array_index (s->x, double, k), y = g_array_index (s->y, double, k);

          if (!isfinite (y))
            {
              pen_down = FALSE;
              continue;
            }
          /* Past the top, a fitted curve stops at the frame. */
          y = MIN (y, top);
          g_string_append_printf (out, "%s%s %s ", pen_down ? "L" : "M", number (a, PX (x)),
                                  number (b, PY (y)));
          pen_down = TRUE;
        }
      g_string_append (out, "\"/>\n");
      if (!s->markers)
        continue;
      for (guint k = 0; k < s->x->len; k++)
        {
          double x = g_array_index (s->x, double, k), y = g_array_index (s->y, double, k);
          double e = g_array_index (s->error, double, k);

          if (!isfinite (y))
            continue;
          if (isfinite (e) && e > 0)
            g_string_append_printf (out, "<line stroke=\"%s\" x1=\"%s\" x2=\"%s\" y1=\"%s\" "
                                         "y2=\"%s\"/>", color, number (a, PX (x)),
                                    number (b, PX (x)), number (a, PY (MAX (y - e, 0))),
                                    number (b, PY (MIN (y + e, top))));
          g_string_append_printf (out, "<circle fill=\"%s\" cx=\"%s\" cy=\"%s\" r=\"3.5\"/>",
                                  color, number (a, PX (x)), number (b, PY (y)));
        }
      g_string_append_c (out, '\n');
    }
#undef PX
#undef PY
  g_string_append (out, "</svg><figcaption class=\"legend\">");
  for (guint i = 0; i < plot->series->len; i++)
    {
      Series *s = g_ptr_array_index (plot->series, i);
      g_autofree char *name = g_markup_escape_text (s->name, -1);
      char color[8];

      px_color_to_hex (&s->color, color);
      g_string_append_printf (out, "<span class=\"swatch\" style=\"background:%s\"></span>%s%s",
                              color, name, s->dashed ? _(" (dashed)") : "");
    }
  g_string_append (out, "</figcaption></figure>\n");
}

/* Whether every point's first value is a number, so it can be an axis;
 * and whether they span enough for a log scale. */
static gboolean
numeric_first_axis (PxSweep  *self,
                    gboolean *log_x)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint i = 0; i < px_sweep_get_n_points (self); i++)
    {
      const char *text = px_sweep_get_point (self, i)->values[0];
      char *end = NULL;
      double v = g_ascii_strtod (text, &end);

      if (end == text || *end != '\0' || !isfinite (v))
        return FALSE;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  *log_x = lo > 0 && hi / lo >= 16;
  return px_sweep_get_n_points (self) > 1;
}

/* The values of every axis but the first, as a series' name. */
static char *
dup_rest (PxSweep            *self,
          const PxSweepPoint *point)
{
  GString *name = g_string_new (NULL);

  for (guint a = 1; a < px_sweep_get_n_axes (self); a++)
    g_string_append_printf (name, "%s%s=%s", a > 1 ? ", " : "", px_sweep_get_axis_key (self, a),
                            point->values[a]);
  return g_string_free (name, FALSE);
}

/* A plot of @figure against the first axis, a series for each value of
 * the other axes. */
static void
write_figure_plot (GString    *out,
                   PxSweep    *self,
                   const char *title,
                   const char *y_label,
                   gboolean    wall)
{
  g_autoptr(GPtrArray) series = g_ptr_array_new_with_free_func (series_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  Plot plot = { title, px_sweep_get_axis_key (self, 0), y_label, FALSE, series };

  if (!numeric_first_axis (self, &plot.log_x))
    return;
  for (guint i = 0; i < px_sweep_get_n_points (self); i++)
    {
      const PxSweepPoint *point = px_sweep_get_point (self, i);
      g_autofree char *rest = dup_rest (self, point);
      Series *s = NULL;

      for (guint k = 0; k < names->len; k++)
        if (g_str_equal (g_ptr_array_index (names, k), rest))
          s = g_ptr_array_index (series, k);
      if (s == NULL)
        {
          g_ptr_array_add (names, g_strdup (rest));
          s = series_new (rest[0] != '\0' ? g_ptr_array_index (names, names->len - 1)
                                          : title, series->len, FALSE, TRUE);
          g_ptr_array_add (series, s);
        }
      series_add (s, g_ascii_strtod (point->values[0], NULL),
                  !point->measured ? NAN : wall ? point->wall_s : point->throughput,
                  wall ? point->wall_sd : point->throughput_sd);
    }
  write_plot (out, &plot);
}

/* Speedup or efficiency against workers: measured, ideal, and each
 * law fitted, drawn on to twice the most workers. */
static void
write_scaling_plot (GString  *out,
                    PxSweep  *self,
                    gboolean  efficiency)
{
  g_autoptr(GPtrArray) series = g_ptr_array_new_with_free_func (series_free);
  Plot plot = { efficiency ? _("Efficiency") : _("Speedup"), _("workers"),
                efficiency ? _("speedup / workers") : _("× one worker's throughput"), FALSE,
                series };
  Series *measured = series_new (_("Measured"), 0, FALSE, TRUE);
  Series *ideal = series_new (_("Ideal"), 7, TRUE, FALSE);
  double most = 0, base = px_sweep_get_baseline (self);

  g_ptr_array_add (series, measured);
  for (guint i = 0; i < px_sweep_get_n_points (self); i++)
    {
      const PxSweepPoint *point = px_sweep_get_point (self, i);
      double n = g_ascii_strtod (point->values[0], NULL);
      double speedup = px_sweep_get_speedup (self, i);
      double error = NAN;

      if (point->measured && isfinite (point->throughput_sd) && base > 0)
        error = point->throughput_sd / base / (efficiency ? n : 1);
      series_add (measured, n, efficiency ? speedup / n : speedup, error);
      most = MAX (most, n);
    }
  g_ptr_array_add (series, ideal);
  series_add (ideal, 1, 1, NAN);
  series_add (ideal, 2 * most, efficiency ? 1 : 2 * most, NAN);
  for (PxFitModel m = 0; m < PX_FIT_N_MODELS; m++)
    {
      PxFit fit;
      Series *curve;

      if (!px_sweep_fit (self, m, &fit, NULL))
        continue;
      curve = series_new (px_fit_model_name (m), m + 1, TRUE, FALSE);
      for (guint k = 0; k <= 100; k++)
        {
          double n = 1 + (2 * most - 1) * k / 100.0;
          double s = px_fit_speedup (&fit, n);

          series_add (curve, n, efficiency ? s / n : s, NAN);
        }
      g_ptr_array_add (series, curve);
    }
  write_plot (out, &plot);
}

/* The whole page. */
char *
_px_sweep_dup_html (PxSweep *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *name = px_profile_dup_localized (px_sweep_get_profile (self), "name");
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  g_autoptr(GPtrArray) rows = _px_sweep_dup_rows (self);

  g_string_append_printf (out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                               "<title>%s</title>\n<style>\n"
                               "body{font-family:system-ui,sans-serif;max-width:960px;"
                               "margin:2em auto;padding:0 1em;color:#222;background:#fff}\n"
                               "table{border-collapse:collapse;margin:1em 0}td,th{border:1px "
                               "solid #ccc;padding:.3em .6em;text-align:right}th{background:"
                               "#f4f4f4}\n.grid{stroke:#ddd;stroke-width:1}.axis{font-size:11px;"
                               "fill:#555}.title{font-size:13px;font-weight:bold;fill:#222}\n"
                               ".legend{font-size:12px}.swatch{display:inline-block;width:.9em;"
                               "height:.9em;margin:0 .3em 0 .8em;vertical-align:-.1em}\n"
                               "@media (prefers-color-scheme: dark){body{color:#ddd;background:"
                               "#1e1e1e}th{background:#333}td,th{border-color:#555}.title{fill:"
                               "#ddd}.axis{fill:#aaa}.grid{stroke:#444}}\n</style></head><body>\n",
                          escaped);
  g_string_append_printf (out, _("<h1>Sweep of %s</h1>\n"), escaped);
  g_string_append (out, "<table>\n");
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      g_string_append (out, "<tr>");
      for (guint c = 0; row[c] != NULL; c++)
        {
          g_autofree char *cell = g_markup_escape_text (row[c], -1);

          g_string_append_printf (out, r == 0 ? "<th>%s</th>" : "<td>%s</td>", cell);
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
  if (px_sweep_is_worker_sweep (self))
    {
      g_autofree char *sentence = px_sweep_dup_fit_sentence (self);
      g_autoptr(GString) fits = g_string_new (NULL);
      g_autofree char *fits_html = NULL;

      _px_sweep_append_fits (self, fits, FALSE);
      fits_html = g_markup_escape_text (fits->str, -1);
      g_string_append_printf (out, _("<h2>Scaling laws</h2>\n<pre>%s</pre>\n"), fits_html);
      if (sentence != NULL)
        {
          g_autofree char *s = g_markup_escape_text (sentence, -1);

          g_string_append_printf (out, "<p><b>%s</b></p>\n", s);
        }
      write_scaling_plot (out, self, FALSE);
      write_scaling_plot (out, self, TRUE);
    }
  write_figure_plot (out, self, _("Throughput"), _("tasks/s"), FALSE);
  write_figure_plot (out, self, _("Wall time"), _("s"), TRUE);
  g_string_append (out, "</body></html>\n");
  return g_string_free (out, FALSE);
}
