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

static const char *
number (char   *buffer,
        double  v)
{
  return g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.1f", v);
}

static void
write_plot (GString      *out,
            const PxPlot *plot)
{
  PxPlotFrame frame;
  double top, step;
  int n_lines;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
  double w = PLOT_W - LEFT - RIGHT, h = PLOT_H - TOP - BOTTOM;
  g_autofree char *title = g_markup_escape_text (plot->title, -1);

  if (!px_plot_get_frame (plot, &frame))
    return;
  top = frame.top;
  step = frame.step;
  n_lines = frame.n_lines;

#define PX(x) (LEFT + px_plot_frame_x (plot, &frame, (x)) * w)
#define PY(y) (TOP + h - px_plot_frame_y (&frame, (y)) * h)

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
    g_autoptr(GArray) ticks = px_plot_dup_ticks (plot, &frame);

    for (guint k = 0; k < ticks->len; k++)
      {
        double x = g_array_index (ticks, double, k);
        g_autofree char *label = g_strdup_printf ("%g", x);

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
      PxPlotSeries *s = g_ptr_array_index (plot->series, i);
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
      PxPlotSeries *s = g_ptr_array_index (plot->series, i);
      g_autofree char *name = g_markup_escape_text (s->name, -1);
      char color[8];

      px_color_to_hex (&s->color, color);
      g_string_append_printf (out, "<span class=\"swatch\" style=\"background:%s\"></span>%s%s",
                              color, name, s->dashed ? _(" (dashed)") : "");
    }
  g_string_append (out, "</figcaption></figure>\n");
}

/* The whole page. */
char *
_px_sweep_dup_html (PxSweep *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *name = px_profile_dup_localized (px_sweep_get_profile (self), "name");
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  g_autoptr(GPtrArray) rows = px_sweep_dup_rows (self);
  g_autoptr(GPtrArray) plots = px_sweep_dup_plots (self);

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

      px_sweep_append_fits (self, fits, FALSE);
      fits_html = g_markup_escape_text (fits->str, -1);
      g_string_append_printf (out, _("<h2>Scaling laws</h2>\n<pre>%s</pre>\n"), fits_html);
      if (sentence != NULL)
        {
          g_autofree char *s = g_markup_escape_text (sentence, -1);

          g_string_append_printf (out, "<p><b>%s</b></p>\n", s);
        }
    }
  for (guint i = 0; i < plots->len; i++)
    write_plot (out, g_ptr_array_index (plots, i));
  g_string_append (out, "</body></html>\n");
  return g_string_free (out, FALSE);
}
