/* px-legend.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The header of a chart: its title at the left and, right-aligned in one
 * or two rows, a key for each entry of every layer. What does not fit is
 * counted in a last "+N more". On screen the header is drawn into a kept
 * image, again only when what it shows changes: laying out a legend of
 * many workers every frame costs more than drawing their lines.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <graphene-gobject.h>

#include "px-chart-layers.h"
#include "px-scale.h"

#define MAX_ROWS 4

typedef struct
{
  PxChartLayer   *layer;
  guint           index;
  PxChartKey      key;
  double          width;
  int             row;
} Entry;

/* Where a key was last drawn on screen, to click on. */
typedef struct
{
  PxChartLayer   *layer;
  guint           index;
  graphene_rect_t area;
} Target;

struct _PxLegend
{
  PxChartLayer parent_instance;

  GArray          *targets;
  /* The header as last drawn, and what it was drawn for. */
  cairo_surface_t *image;
  double           image_h;
  gboolean         stale;
  int              width;
  gboolean         tall;
  double           scale;
  GdkRGBA          fg;
};

G_DEFINE_FINAL_TYPE (PxLegend, px_legend, PX_TYPE_CHART_LAYER)

static guint more_signal;

static void
collect_entries (PxChartFrame *f,
                 GArray       *entries)
{
  for (guint l = 0; l < f->layers->len; l++)
    {
      PxChartLayer *layer = g_ptr_array_index (f->layers, l);
      guint n = px_chart_layer_get_n_keys (layer);

      for (guint i = 0; i < n; i++)
        {
          Entry entry = { layer, i, { 0 }, 0, -1 };

          px_chart_layer_get_key (layer, i, &entry.key);
          if (entry.key.label != NULL && entry.key.label[0] != '\0')
            g_array_append_val (entries, entry);
        }
    }
}

/* Fills rows from the top right; returns the rows used. */
static int
draw_keys (PxLegend     *self,
           PxChartFrame *f,
           double        left,
           int           max_rows,
           double        row_height)
{
  double right = f->width - PX_CHART_PAD;
  double avail = right - left;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autofree char *more = NULL;
  double row_width[MAX_ROWS] = { 0 };
  double x[MAX_ROWS];
  guint shown = 0;
  int row = 0;
  int more_w = 0;
  int text_w, text_h;

  if (f->on_screen)
    g_array_set_size (self->targets, 0);
  collect_entries (f, entries);
  /* One line needs no key: the title says what it is. */
  if (entries->len < 2 || avail < 80)
    return 0;

  max_rows = CLAMP (max_rows, 1, MAX_ROWS);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = &g_array_index (entries, Entry, i);

      px_chart_frame_measure (f, e->key.label, &text_w, &text_h);
      e->width = PX_CHART_SWATCH + 4 + text_w;
      if (row_width[row] > 0 && row_width[row] + PX_CHART_SPACING + e->width > avail)
        {
          if (row + 1 >= max_rows)
            break;
          row++;
        }
      if (e->width > avail)
        break;
      row_width[row] += (row_width[row] > 0 ? PX_CHART_SPACING : 0) + e->width;
      e->row = row;
      shown++;
    }

  /* Make room for the count of the rest in the last row. */
  if (shown < entries->len)
    {
      for (;;)
        {
          g_free (more);
          /* Translators: the legend of a graph ends with this when its
           * other series do not fit. */
          more = g_strdup_printf (_("+%u more"), entries->len - shown);
          px_chart_frame_measure (f, more, &more_w, &text_h);
          if (shown == 0 || row_width[row] + PX_CHART_SPACING + more_w <= avail)
            break;
          for (guint i = entries->len; i-- > 0;)
            {
              Entry *e = &g_array_index (entries, Entry, i);

              if (e->row < 0)
                continue;
              /* The last item of its row: the spacing before it goes too. */
              row_width[e->row] -= e->width;
              if (row_width[e->row] > 0)
                row_width[e->row] -= PX_CHART_SPACING;
              e->row = -1;
              shown--;
              break;
            }
        }
      row_width[row] += (row_width[row] > 0 ? PX_CHART_SPACING : 0) + more_w;
    }

  for (int r = 0; r <= row; r++)
    x[r] = right - row_width[r];

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);
      double y;

      if (e->row < 0)
        continue;
      y = PX_CHART_PAD + e->row * row_height + (row_height - f->text_height) / 2;
      if (e->key.hidden)
        cairo_push_group (f->cr);
      px_chart_draw_swatch (f, &e->key.color, e->key.dashed, e->key.block, x[e->row],
                            y + f->text_height / 2.0);
      px_chart_frame_draw_text (f, e->key.label, x[e->row] + PX_CHART_SWATCH + 4, y, &f->fg,
                                0.8);
      if (e->key.hidden)
        {
          /* A hidden series keeps a faint entry, to click it back. */
          cairo_pop_group_to_source (f->cr);
          cairo_paint_with_alpha (f->cr, 0.3);
        }
      /* Only the screen's legend is clicked; an export keeps its own. */
      if (f->on_screen)
        {
          Target target = { e->layer, e->index, { { 0 } } };

          graphene_rect_init (&target.area, x[e->row] - PX_CHART_SPACING / 2.0,
                              PX_CHART_PAD + e->row * row_height,
                              e->width + PX_CHART_SPACING, row_height);
          g_array_append_val (self->targets, target);
        }
      x[e->row] += e->width + PX_CHART_SPACING;
    }
  if (more != NULL)
    {
      px_chart_frame_draw_text (f, more, x[row],
                                PX_CHART_PAD + row * row_height +
                                (row_height - f->text_height) / 2, &f->fg, 0.55);
      /* "+N more" opens the whole list (a target without a layer). */
      if (f->on_screen)
        {
          Target target = { NULL, 0, { { 0 } } };

          graphene_rect_init (&target.area, x[row] - PX_CHART_SPACING / 2.0,
                              PX_CHART_PAD + row * row_height, more_w + PX_CHART_SPACING,
                              row_height);
          g_array_append_val (self->targets, target);
        }
    }

  return row + 1;
}

static double
draw_header (PxLegend     *self,
             PxChartFrame *f)
{
  int title_w = 0, title_h = 0;
  double left, header_h;

  px_chart_frame_set_font (f, PX_CHART_FONT_TITLE);
  if (f->title != NULL && f->title[0] != '\0')
    {
      px_chart_frame_measure (f, f->title, &title_w, &title_h);
      px_chart_set_source (f->cr, &f->fg, 1);
      px_chart_frame_show (f, PX_CHART_PAD, PX_CHART_PAD - 2);
    }
  px_chart_frame_set_font (f, PX_CHART_FONT_SMALL);
  /* A unit in words, once, after the title: "Queue depth (tasks)". */
  if (title_w > 0 && f->unit != NULL && f->unit[0] != '\0' && !px_unit_is_symbol (f->unit))
    {
      g_autofree char *unit = g_strdup_printf ("(%s)", f->unit);
      int unit_w, unit_h;

      px_chart_frame_measure (f, unit, &unit_w, &unit_h);
      px_chart_set_source (f->cr, &f->fg, 0.6);
      px_chart_frame_show (f, PX_CHART_PAD + title_w + 6,
                           PX_CHART_PAD - 2 + (title_h - unit_h) / 2.0 + 1);
      title_w += 6 + unit_w;
    }
  left = PX_CHART_PAD + (title_w > 0 ? title_w + 24 : 0);
  header_h = MAX (title_h - 2, f->text_height + 2);
  return header_h * (draw_keys (self, f, left, f->height >= 260 ? 2 : 1, header_h) > 1 ? 2 : 1);
}

static double
px_legend_draw_header (PxChartLayer *layer,
                       PxChartFrame *f)
{
  PxLegend *self = PX_LEGEND (layer);
  int max_h = MIN (f->height, 4 * (f->text_height + PX_CHART_PAD));
  gboolean tall = f->height >= 260;

  /* An export draws its own, leaving the screen's image and what is
   * clicked on it as they are: a chart on screen may keep its header. */
  if (!f->on_screen || f->raster_scale <= 0)
    return draw_header (self, f);

  if (self->image == NULL || self->stale || self->width != f->width || self->tall != tall ||
      self->scale != f->raster_scale || !gdk_rgba_equal (&self->fg, &f->fg))
    {
      cairo_t *screen = f->cr;

      g_clear_pointer (&self->image, cairo_surface_destroy);
      self->image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                (int)ceil (f->width * f->raster_scale),
                                                (int)ceil (max_h * f->raster_scale));
      cairo_surface_set_device_scale (self->image, f->raster_scale, f->raster_scale);
      f->cr = cairo_create (self->image);
      self->image_h = draw_header (self, f);
      cairo_destroy (f->cr);
      f->cr = screen;
      self->stale = FALSE;
      self->width = f->width;
      self->tall = tall;
      self->scale = f->raster_scale;
      self->fg = f->fg;
    }

  cairo_save (f->cr);
  cairo_set_source_surface (f->cr, self->image, 0, 0);
  cairo_rectangle (f->cr, 0, 0, f->width, MIN (max_h, PX_CHART_PAD + self->image_h + 2));
  cairo_fill (f->cr);
  cairo_restore (f->cr);
  return self->image_h;
}

/* A click on a key hides what it stands for, or shows it again. */
static gboolean
px_legend_pressed (PxChartLayer       *layer,
                   const PxChartFrame *f,
                   double              x,
                   double              y)
{
  PxLegend *self = PX_LEGEND (layer);

  for (guint i = 0; i < self->targets->len; i++)
    {
      const Target *target = &g_array_index (self->targets, Target, i);
      PxChartKey key;

      if (!graphene_rect_contains_point (&target->area, &GRAPHENE_POINT_INIT (x, y)))
        continue;
      if (target->layer == NULL)
        {
          g_signal_emit (self, more_signal, 0, &target->area);
          return TRUE;
        }
      px_chart_layer_get_key (target->layer, target->index, &key);
      px_chart_layer_set_key_hidden (target->layer, target->index, !key.hidden);
      return TRUE;
    }
  return FALSE;
}

static void
px_legend_finalize (GObject *object)
{
  PxLegend *self = (PxLegend *)object;

  g_clear_pointer (&self->targets, g_array_unref);
  g_clear_pointer (&self->image, cairo_surface_destroy);

  G_OBJECT_CLASS (px_legend_parent_class)->finalize (object);
}

static void
px_legend_class_init (PxLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PxChartLayerClass *layer_class = PX_CHART_LAYER_CLASS (klass);

  object_class->finalize = px_legend_finalize;

  layer_class->draw_header = px_legend_draw_header;
  layer_class->pressed = px_legend_pressed;

  /**
   * PxLegend::more-clicked:
   * @area: where "+N more" is drawn, in the graph's coordinates
   *
   * The entries did not all fit, and the user asked for the rest.
   */
  more_signal = g_signal_new ("more-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                              NULL, NULL, NULL, G_TYPE_NONE, 1, GRAPHENE_TYPE_RECT);
}

static void
px_legend_init (PxLegend *self)
{
  self->targets = g_array_new (FALSE, FALSE, sizeof (Target));
  self->stale = TRUE;
}

PxChartLayer *
px_legend_new (void)
{
  return g_object_new (PX_TYPE_LEGEND, NULL);
}

/* The title or a key changed: the kept header is drawn again. */
void
px_legend_invalidate (PxLegend *self)
{
  g_return_if_fail (PX_IS_LEGEND (self));

  self->stale = TRUE;
  g_array_set_size (self->targets, 0);
}
