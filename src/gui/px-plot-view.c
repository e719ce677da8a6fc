/* px-plot-view.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An XY plot on screen, as the HTML report draws it (the same PxPlot and
 * frame): grid and values up the left, the measured x values along the
 * foot, each series a line (dashed for ideal and fitted ones), markers
 * with error bars for measured ones, and a legend under it. Hovering a
 * marker says its value; the plot's accessible description reads the
 * measured points.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-plot-view.h"

#define PAD 8.0
#define AXIS_GAP 6.0
#define SWATCH 12.0
#define LEGEND_GAP 14.0
#define HIT_RADIUS 10.0

struct _PxPlotView
{
  GtkWidget   parent_instance;

  PxPlot     *plot;
  /* Laid-out labels by text: laying text out costs more than drawing
   * it, and a plot's labels stay while it is shown. */
  GHashTable *layouts;
  /* Where the last frame put the plot's rectangle. */
  double      left, top, width, height;
  PxPlotFrame frame;
  gboolean    framed;
};

G_DEFINE_FINAL_TYPE (PxPlotView, px_plot_view, GTK_TYPE_WIDGET)

static PangoLayout *
get_layout (PxPlotView *self,
            const char *text,
            gboolean    bold)
{
  g_autofree char *key = g_strdup_printf ("%c%s", bold ? 'b' : 'r', text);
  PangoLayout *layout = g_hash_table_lookup (self->layouts, key);

  if (layout == NULL)
    {
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      if (bold)
        {
          PangoAttrList *attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          pango_layout_set_attributes (layout, attrs);
          pango_attr_list_unref (attrs);
        }
      g_hash_table_insert (self->layouts, g_steal_pointer (&key), layout);
    }
  return layout;
}

static void
show_text (PxPlotView *self,
           cairo_t    *cr,
           const char *text,
           gboolean    bold,
           double      x,
           double      y,
           double      align_x,
           double      align_y)
{
  PangoLayout *layout = get_layout (self, text, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - align_x * w), round (y - align_y * h));
  pango_cairo_show_layout (cr, layout);
}

static int
text_width (PxPlotView *self,
            const char *text)
{
  int w;

  pango_layout_get_pixel_size (get_layout (self, text, FALSE), &w, NULL);
  return w;
}

static char *
dup_value (double v)
{
  return g_strdup_printf ("%g", v);
}

static void
set_color (cairo_t       *cr,
           const PxColor *c,
           double         alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, alpha);
}

/* The legend's rows: each series a swatch and its name, wrapped to
 * @width; returns the height it takes and draws it if @cr is set. */
static double
legend (PxPlotView *self,
        cairo_t    *cr,
        double      x0,
        double      y0,
        double      width,
        double      line_h)
{
  double x = x0, y = y0;

  for (guint i = 0; i < self->plot->series->len; i++)
    {
      PxPlotSeries *s = g_ptr_array_index (self->plot->series, i);
      double w = SWATCH + 4 + text_width (self, s->name);

      if (x > x0 && x + w > x0 + width)
        {
          x = x0;
          y += line_h;
        }
      if (cr != NULL)
        {
          set_color (cr, &s->color, 1);
          if (s->dashed)
            {
              cairo_rectangle (cr, x, y + line_h / 2 - 1, SWATCH, 2.5);
              cairo_fill (cr);
            }
          else
            {
              cairo_rectangle (cr, x, y + (line_h - SWATCH) / 2, SWATCH, SWATCH);
              cairo_fill (cr);
            }
        }
      if (cr != NULL)
        {
          GdkRGBA fg;

          G_GNUC_BEGIN_IGNORE_DEPRECATIONS
          gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
          G_GNUC_END_IGNORE_DEPRECATIONS
          gdk_cairo_set_source_rgba (cr, &fg);
          show_text (self, cr, s->name, FALSE, x + SWATCH + 4, y + line_h / 2, 0, 0.5);
        }
      x += w + LEGEND_GAP;
    }
  return y + line_h - y0;
}

/**
 * px_plot_view_draw:
 *
 * Draws the plot into @cr over @width × @height: on screen, and for a
 * snapshot or a benchmark.
 */
void
px_plot_view_draw (PxPlotView *self,
                   cairo_t    *cr,
                   int         width,
                   int         height)
{
  const PxPlot *plot = self->plot;
  GdkRGBA fg;
  int line_h;
  double y_labels = 0, legend_h, h, w;
  double dashes[] = { 5, 4 };

  g_return_if_fail (PX_IS_PLOT_VIEW (self));

  self->framed = FALSE;
  if (plot == NULL)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  pango_layout_get_pixel_size (get_layout (self, plot->title, TRUE), NULL, &line_h);
  gdk_cairo_set_source_rgba (cr, &fg);
  show_text (self, cr, plot->title, TRUE, PAD, PAD, 0, 0);
  if (!px_plot_get_frame (plot, &self->frame))
    {
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.6);
      show_text (self, cr, _("Nothing measured yet"), FALSE, width / 2.0, height / 2.0, 0.5,
                 0.5);
      return;
    }
  for (int line = 0; line < self->frame.n_lines; line++)
    {
      g_autofree char *label = dup_value (line * self->frame.step);

      y_labels = MAX (y_labels, text_width (self, label));
    }
  legend_h = legend (self, NULL, PAD, 0, width - 2 * PAD, line_h);
  self->left = PAD + line_h + AXIS_GAP + y_labels + AXIS_GAP;
  self->top = PAD + line_h + PAD;
  /* Room on the right for half the last label along the foot. */
  {
    g_autoptr(GArray) ticks = px_plot_dup_ticks (plot, &self->frame);
    double right = PAD;

    if (ticks->len > 0)
      {
        g_autofree char *last = dup_value (g_array_index (ticks, double, ticks->len - 1));

        right = MAX (right, text_width (self, last) / 2.0 + 2);
      }
    w = width - self->left - PAD - right;
  }
  h = height - self->top - (AXIS_GAP + line_h) * 2 - PAD - legend_h - PAD;
  if (w < 40 || h < 40)
    return;
  self->width = w;
  self->height = h;
  self->framed = TRUE;

#define PX(x) (self->left + px_plot_frame_x (plot, &self->frame, (x)) * w)
#define PY(y) (self->top + h - px_plot_frame_y (&self->frame, (y)) * h)

  /* The grid and the values up the left. */
  cairo_set_line_width (cr, 1);
  for (int line = 0; line < self->frame.n_lines; line++)
    {
      double v = line * self->frame.step;
      double y = round (PY (v)) + 0.5;
      g_autofree char *label = dup_value (v);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.15);
      cairo_move_to (cr, self->left, y);
      cairo_line_to (cr, self->left + w, y);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
      show_text (self, cr, label, FALSE, self->left - AXIS_GAP, y, 1, 0.5);
    }
  /* The measured x values along the foot, and the axes' names. */
  {
    g_autoptr(GArray) ticks = px_plot_dup_ticks (plot, &self->frame);

    for (guint k = 0; k < ticks->len; k++)
      {
        double x = g_array_index (ticks, double, k);
        g_autofree char *label = dup_value (x);

        show_text (self, cr, label, FALSE, PX (x), self->top + h + AXIS_GAP, 0.5, 0);
      }
  }
  show_text (self, cr, plot->x_label, FALSE, self->left + w / 2,
             self->top + h + AXIS_GAP * 2 + line_h, 0.5, 0);
  cairo_save (cr);
  cairo_translate (cr, PAD, self->top + h / 2);
  cairo_rotate (cr, -G_PI / 2);
  {
    PangoLayout *layout = get_layout (self, plot->y_label, FALSE);

    /* Up the side, no longer than the plot is high. */
    pango_layout_set_width (layout, (int)h * PANGO_SCALE);
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
    cairo_move_to (cr, -h / 2, 0);
    pango_cairo_show_layout (cr, layout);
  }
  cairo_restore (cr);

  /* The series: lines clipped to the frame, then markers. */
  cairo_save (cr);
  /* Markers at the frame's ends show whole; lines past its top stop. */
  cairo_rectangle (cr, self->left - 6, self->top - 1, w + 12, h + 8);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < plot->series->len; i++)
    {
      PxPlotSeries *s = g_ptr_array_index (plot->series, i);
      gboolean pen_down = FALSE;

      set_color (cr, &s->color, 1);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dashes, s->dashed ? 2 : 0, 0);
      for (guint k = 0; k < s->x->len; k++)
        {
          double x = g_array_index (s->x, double, k), y = g_array_index (s->y, double, k);

          if (!isfinite (y) || (plot->log_x && x <= 0))
            {
              pen_down = FALSE;
              continue;
            }
          /* Far past the top, a fitted curve leaves the frame. */
          y = MIN (y, self->frame.top * 2);
          if (pen_down)
            cairo_line_to (cr, PX (x), PY (y));
          else
            cairo_move_to (cr, PX (x), PY (y));
          pen_down = TRUE;
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (!s->markers)
        continue;
      cairo_set_line_width (cr, 1.5);
      for (guint k = 0; k < s->x->len; k++)
        {
          double x = g_array_index (s->x, double, k), y = g_array_index (s->y, double, k);
          double e = g_array_index (s->error, double, k);

          if (!isfinite (y) || (plot->log_x && x <= 0))
            continue;
          if (isfinite (e) && e > 0)
            {
              cairo_move_to (cr, PX (x), PY (MAX (y - e, 0)));
              cairo_line_to (cr, PX (x), PY (y + e));
              cairo_move_to (cr, PX (x) - 3, PY (MAX (y - e, 0)));
              cairo_line_to (cr, PX (x) + 3, PY (MAX (y - e, 0)));
              cairo_move_to (cr, PX (x) - 3, PY (y + e));
              cairo_line_to (cr, PX (x) + 3, PY (y + e));
              cairo_stroke (cr);
            }
          cairo_arc (cr, PX (x), PY (y), 3.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
#undef PX
#undef PY

  legend (self, cr, PAD, height - PAD - legend_h, width - 2 * PAD, line_h);
}

static void
px_plot_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  px_plot_view_draw (PX_PLOT_VIEW (widget), cr, width, height);
  cairo_destroy (cr);
}

/**
 * px_plot_view_dup_reading:
 *
 * What the marker nearest (@x, @y) measured, if one is within reach:
 * "workers 4: Measured 3.85 ± 0.05". Returns: (nullable): the reading.
 */
char *
px_plot_view_dup_reading (PxPlotView *self,
                          double      x,
                          double      y)
{
  const PxPlot *plot = self->plot;
  double best = HIT_RADIUS * HIT_RADIUS;
  PxPlotSeries *found = NULL;
  guint found_k = 0;

  g_return_val_if_fail (PX_IS_PLOT_VIEW (self), NULL);

  if (plot == NULL || !self->framed)
    return NULL;
  for (guint i = 0; i < plot->series->len; i++)
    {
      PxPlotSeries *s = g_ptr_array_index (plot->series, i);

      if (!s->markers)
        continue;
      for (guint k = 0; k < s->x->len; k++)
        {
          double vx = g_array_index (s->x, double, k), vy = g_array_index (s->y, double, k);
          double dx, dy;

          if (!isfinite (vy) || (plot->log_x && vx <= 0))
            continue;
          dx = self->left + px_plot_frame_x (plot, &self->frame, vx) * self->width - x;
          dy = self->top + self->height - px_plot_frame_y (&self->frame, vy) * self->height - y;
          if (dx * dx + dy * dy <= best)
            {
              best = dx * dx + dy * dy;
              found = s;
              found_k = k;
            }
        }
    }
  if (found == NULL)
    return NULL;
  {
    double e = g_array_index (found->error, double, found_k);
    double vx = g_array_index (found->x, double, found_k);
    double vy = g_array_index (found->y, double, found_k);

    if (isfinite (e) && e > 0)
      /* Translators: a plot's point under the pointer: the x axis's
       * name and value, the series, the value and its spread */
      return g_strdup_printf (_("%s %g: %s %.4g ± %.2g"), plot->x_label, vx, found->name, vy, e);
    /* Translators: a plot's point under the pointer: the x axis's name
     * and value, the series and the value */
    return g_strdup_printf (_("%s %g: %s %.4g"), plot->x_label, vx, found->name, vy);
  }
}

/* Where the last frame drew the value (@vx, @vy); FALSE before one. */
gboolean
px_plot_view_locate (PxPlotView *self,
                     double      vx,
                     double      vy,
                     double     *x,
                     double     *y)
{
  g_return_val_if_fail (PX_IS_PLOT_VIEW (self), FALSE);

  if (self->plot == NULL || !self->framed)
    return FALSE;
  *x = self->left + px_plot_frame_x (self->plot, &self->frame, vx) * self->width;
  *y = self->top + self->height - px_plot_frame_y (&self->frame, vy) * self->height;
  return TRUE;
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  g_autofree char *reading = px_plot_view_dup_reading (PX_PLOT_VIEW (widget), x, y);

  if (reading == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, reading);
  return TRUE;
}

static void
px_plot_view_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  PxPlotView *self = PX_PLOT_VIEW (widget);

  GTK_WIDGET_CLASS (px_plot_view_parent_class)->css_changed (widget, change);
  g_hash_table_remove_all (self->layouts);
  gtk_widget_queue_draw (widget);
}

static void
px_plot_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 280 : 220;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 420 : 280;
}

static void
px_plot_view_finalize (GObject *object)
{
  PxPlotView *self = PX_PLOT_VIEW (object);

  g_clear_pointer (&self->plot, px_plot_free);
  g_hash_table_unref (self->layouts);

  G_OBJECT_CLASS (px_plot_view_parent_class)->finalize (object);
}

static void
px_plot_view_class_init (PxPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = px_plot_view_finalize;
  widget_class->snapshot = px_plot_view_snapshot;
  widget_class->measure = px_plot_view_measure;
  widget_class->css_changed = px_plot_view_css_changed;
  widget_class->query_tooltip = query_tooltip_cb;
  gtk_widget_class_set_css_name (widget_class, "plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
px_plot_view_init (PxPlotView *self)
{
  self->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
px_plot_view_new (void)
{
  return g_object_new (PX_TYPE_PLOT_VIEW, NULL);
}

/**
 * px_plot_view_set_plot:
 * @plot: (transfer full) (nullable): the plot to show
 */
void
px_plot_view_set_plot (PxPlotView *self,
                       PxPlot     *plot)
{
  g_autofree char *description = NULL;

  g_return_if_fail (PX_IS_PLOT_VIEW (self));

  g_clear_pointer (&self->plot, px_plot_free);
  self->plot = plot;
  /* Labels come and go with the values: keep the cache to this plot's. */
  if (g_hash_table_size (self->layouts) > 256)
    g_hash_table_remove_all (self->layouts);
  description = plot != NULL ? px_plot_dup_description (plot) : g_strdup ("");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  plot != NULL ? plot->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const PxPlot *
px_plot_view_get_plot (PxPlotView *self)
{
  g_return_val_if_fail (PX_IS_PLOT_VIEW (self), NULL);

  return self->plot;
}
