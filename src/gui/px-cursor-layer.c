/* px-cursor-layer.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cursor: a line at the time view's cursor, shared by every chart on
 * the view, and beside it, in the chart under the pointer, a box of what
 * each layer reads there.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-chart-layers.h"
#include "px-scale.h"

struct _PxCursorLayer
{
  PxChartLayer parent_instance;
};

G_DEFINE_FINAL_TYPE (PxCursorLayer, px_cursor_layer, PX_TYPE_CHART_LAYER)

static void
draw_readings (PxChartFrame *f,
               PxReadings   *readings,
               double        cursor_x)
{
  cairo_t *cr = f->cr;
  guint n_lines = readings->names->len;
  g_autofree char *more = NULL;
  gboolean any_name = FALSE;
  gboolean any_key = FALSE;
  double name_w = 0, value_w = 0;
  double line_h = f->text_height + 2;
  double box_w, box_h, box_x, box_y;
  double swatch_w;
  int text_w, text_h;

  if (n_lines == 0 && readings->heading == NULL)
    return;
  if (readings->heading == NULL)
    readings->heading = px_format_time (px_time_view_get_cursor (f->view), 0.01, f->t1);
  if (readings->n_more > 0)
    /* Translators: last line of the readings at the graph's cursor. */
    more = g_strdup_printf (ngettext ("…and %u more", "…and %u more", readings->n_more),
                            readings->n_more);

  px_chart_frame_set_font (f, PX_CHART_FONT_SMALL);
  for (guint i = 0; i < n_lines; i++)
    {
      const char *name = readings->names->pdata[i];

      px_chart_frame_measure (f, name, &text_w, &text_h);
      name_w = MAX (name_w, text_w);
      any_name |= name[0] != '\0';
      any_key |= g_array_index (readings->keys, PxChartKey, i).color.alpha > 0;
      px_chart_frame_measure (f, readings->values->pdata[i], &text_w, &text_h);
      value_w = MAX (value_w, text_w);
    }
  swatch_w = any_key ? PX_CHART_SWATCH + 6 : 0;
  box_w = swatch_w + (any_name ? name_w + 12 : 0) + value_w;
  px_chart_frame_measure (f, readings->heading, &text_w, &text_h);
  box_w = MAX (box_w, text_w);
  if (more != NULL)
    {
      px_chart_frame_measure (f, more, &text_w, &text_h);
      box_w = MAX (box_w, text_w);
    }
  box_w += 16;
  box_h = 10 + line_h * (1 + n_lines + (more != NULL ? 1 : 0));

  box_x = cursor_x + 10;
  if (box_x + box_w > f->x + f->w)
    box_x = cursor_x - 10 - box_w;
  box_x = MAX (box_x, 0);
  /* Below the header when it fits there, else over it too. */
  box_y = f->y + 4;
  if (box_y + box_h > f->height - PX_CHART_PAD / 2)
    box_y = MAX (PX_CHART_PAD / 2, f->height - PX_CHART_PAD / 2 - box_h);

  /* The widget paints no background; a popover-like box reads on both
   * light and dark themes. */
  px_chart_rounded_rectangle (cr, box_x, box_y, box_w, box_h, 6);
  px_chart_set_source (cr, &f->popover, 0.96);
  cairo_fill_preserve (cr);
  px_chart_set_source (cr, &f->fg, 0.15);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  box_x += 8;
  box_y += 5;
  px_chart_frame_draw_text (f, readings->heading, box_x, box_y, &f->fg, 0.55);
  for (guint i = 0; i < n_lines; i++)
    {
      const PxChartKey *key = &g_array_index (readings->keys, PxChartKey, i);
      double y = box_y + line_h * (i + 1);

      if (key->color.alpha > 0)
        px_chart_draw_swatch (f, &key->color, key->dashed, key->block, box_x,
                              y + f->text_height / 2.0);
      px_chart_frame_draw_text (f, readings->names->pdata[i], box_x + swatch_w, y, &f->fg, 0.8);
      px_chart_frame_measure (f, readings->values->pdata[i], &text_w, &text_h);
      px_chart_set_source (cr, &f->fg, 1);
      px_chart_frame_show (f, box_x + box_w - 16 - text_w, y);
    }
  if (more != NULL)
    px_chart_frame_draw_text (f, more, box_x, box_y + line_h * (n_lines + 1), &f->fg, 0.55);
}

/* The readings as a sentence: "0.52 s: Worker 0 48 %, Worker 1 51 %". */
static void
write_readings (GString          *text,
                const PxReadings *readings)
{
  g_string_append (text, readings->heading != NULL ? readings->heading : "");
  for (guint i = 0; i < readings->names->len; i++)
    {
      const char *name = readings->names->pdata[i];

      g_string_append (text, i == 0 ? ": " : ", ");
      if (name != NULL && name[0] != '\0')
        g_string_append_printf (text, "%s ", name);
      g_string_append (text, readings->values->pdata[i]);
    }
  if (readings->n_more > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, ngettext ("…and %u more", "…and %u more", readings->n_more),
                              readings->n_more);
    }
}

/* Where the cursor's line is in @f, whether the chart shows a box of
 * readings (@reading), and what the layers read there; FALSE when the
 * cursor is outside the frame. Clear @readings after a TRUE. */
static gboolean
gather (PxChartFrame *f,
        PxReadings   *readings,
        double       *x,
        gboolean     *reading)
{
  double cursor = px_time_view_get_cursor (f->view);
  guint room;

  if (isnan (cursor) || cursor < f->t0 || cursor > f->t1)
    return FALSE;

  *reading = (f->hovering || f->focused) && !f->selecting;
  *x = round (px_chart_frame_x_for_time (f, cursor)) + 0.5;
  /* Lines that fit in the widget, the heading included; a chart the
   * pointer is not over only marks the cursor. */
  room = (guint)MAX (0, (f->height - PX_CHART_PAD - 14) / (f->text_height + 2));
  px_readings_init (readings, *reading ? MIN (MAX (room, 2) - 1, PX_CHART_READING_LINES) : 0);
  for (guint i = 0; i < f->layers->len; i++)
    px_chart_layer_read_cursor (g_ptr_array_index (f->layers, i), f, *x, readings);

  /* The count of the rest needs a line of its own. */
  if (readings->n_more > 0 && readings->names->len > 1 && readings->names->len + 2 > room)
    {
      g_ptr_array_set_size (readings->names, readings->names->len - 1);
      g_ptr_array_set_size (readings->values, readings->values->len - 1);
      g_array_set_size (readings->keys, readings->keys->len - 1);
      readings->n_more++;
    }
  return TRUE;
}

static void
px_cursor_layer_draw_over (PxChartLayer *layer,
                           PxChartFrame *f)
{
  cairo_t *cr = f->cr;
  PxReadings readings;
  gboolean reading;
  double x;

  if (!gather (f, &readings, &x, &reading))
    return;

  px_chart_set_source (cr, &f->fg, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x, f->y);
  cairo_line_to (cr, x, f->y + f->h);
  cairo_stroke (cr);

  /* The dots, on the plot or just over its edges. */
  cairo_save (cr);
  cairo_rectangle (cr, f->x, f->y - 4, f->w, f->h + 8);
  cairo_clip (cr);
  for (guint i = 0; i < readings.dots->len; i++)
    {
      const PxReadingDot *dot = &g_array_index (readings.dots, PxReadingDot, i);

      cairo_arc (cr, dot->x, dot->y, 3, 0, 2 * G_PI);
      px_chart_set_source (cr, &dot->color, 1);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  if (reading)
    draw_readings (f, &readings, x);
  if (reading && f->reading != NULL)
    write_readings (f->reading, &readings);
  px_readings_clear (&readings);
}

/**
 * px_cursor_layer_describe:
 * @key: where to append the description
 *
 * Appends to @key what the cursor draws in @f, over what the frame's
 * look (its size, times, scale and colours) already says: the same key
 * in the same look draws the same pixels.
 */
void
px_cursor_layer_describe (PxCursorLayer *self,
                          PxChartFrame  *f,
                          GString       *key)
{
  PxReadings readings;
  gboolean reading;
  double x;

  g_return_if_fail (PX_IS_CURSOR_LAYER (self));

  if (!gather (f, &readings, &x, &reading))
    {
      g_string_append (key, "-;");
      return;
    }
  g_string_append_printf (key, "%a %d;", x, reading);
  for (guint i = 0; i < readings.dots->len; i++)
    {
      const PxReadingDot *dot = &g_array_index (readings.dots, PxReadingDot, i);

      g_string_append_printf (key, "%a %a %a %a %a %a;", dot->x, dot->y, dot->color.red,
                              dot->color.green, dot->color.blue, dot->color.alpha);
    }
  if (reading)
    {
      /* Its heading falls back to the cursor's time. */
      g_string_append_printf (key, "%a|%s|%u;", px_time_view_get_cursor (f->view),
                              readings.heading != NULL ? readings.heading : "", readings.n_more);
      for (guint i = 0; i < readings.names->len; i++)
        {
          const PxChartKey *k = &g_array_index (readings.keys, PxChartKey, i);

          g_string_append_printf (key, "%s|%s|%a %a %a %a %d %d;",
                                  (const char *)readings.names->pdata[i],
                                  (const char *)readings.values->pdata[i], k->color.red,
                                  k->color.green, k->color.blue, k->color.alpha, k->dashed,
                                  k->block);
        }
    }
  px_readings_clear (&readings);
}

static void
px_cursor_layer_class_init (PxCursorLayerClass *klass)
{
  PxChartLayerClass *layer_class = PX_CHART_LAYER_CLASS (klass);

  layer_class->draw_over = px_cursor_layer_draw_over;
}

static void
px_cursor_layer_init (PxCursorLayer *self)
{
}

PxChartLayer *
px_cursor_layer_new (void)
{
  return g_object_new (PX_TYPE_CURSOR_LAYER, NULL);
}
