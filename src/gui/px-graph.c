/* px-graph.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-graph.h"
#include "px-raster.h"
#include "px-scale.h"

/* Geometry, in pixels. */
#define PAD              8.0
#define HEADER_GAP       8.0
#define AXIS_GAP         4.0
#define LINE_WIDTH       1.5
#define MIN_SELECTION    4.0
#define LEGEND_SWATCH    14.0
#define LEGEND_SPACING   14.0
#define TOOLTIP_LINES    8
/* Above this many series the lines are thinner, and cairo's strokes
 * (SVG, PDF) trade antialiasing quality for speed: the lines are a
 * texture by then, not individual curves. */
#define FAST_SERIES      16
#define MAX_LAYOUTS      256

enum {
  FONT_SMALL,
  FONT_TITLE,
  FONT_BASE,
  N_FONTS
};

typedef struct
{
  PxHistory *time;
  PxHistory *values;
  GdkRGBA    color;
  char      *label;
  gboolean   dashed;
  gboolean   hidden;
  /* Where its legend entry was last drawn, to click on; empty if not. */
  graphene_rect_t legend;
} Series;

struct _PxGraph
{
  GtkWidget  parent_instance;

  char      *title;
  char      *unit;
  double     y_max;
  GArray    *series;

  /* The range, cursor and selection, shared with the window's other
   * graphs; a graph alone has one of its own. */
  PxTimeView *view;

  /* PxPointer state, in widget coordinates. */
  gboolean   hovering;
  gboolean   selecting;
  double     select_from;
  double     select_to;

  /* Reused between frames so drawing allocates nothing per point. */
  GArray    *points;
  /* Two line rasters, used in turn: the previous frame's render node may
   * still refer to one of them. */
  PxRasterSurfaces raster;
  /* The header as last drawn, and what it showed. */
  cairo_surface_t *header;
  double     header_h;
  /* What the kept header was drawn for; it is drawn again when any of
   * these changes, or when the title or series do (header_stale). */
  gboolean   header_stale;
  int        header_width;
  gboolean   header_tall;
  double     header_scale;
  GdkRGBA    header_fg;
  /* Laid-out labels by font and text, valid for one Pango context state. */
  GHashTable *layouts[N_FONTS];
  guint      layouts_serial;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_UNIT,
  PROP_Y_MAX,
  N_PROPS
};

enum {
  CURSOR_MOVED,
  RANGE_SELECTED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (PxGraph, px_graph, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* Everything one frame needs, worked out once by draw_graph (). */
typedef struct
{
  PxGraph              *self;
  cairo_t              *cr;
  PangoContext         *context;
  PangoLayout          *layout;
  const PangoFontDescription *font;
  int                   font_id;
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
  /* Device pixels per unit when the lines are drawn as pixels, else 0. */
  double                raster_scale;
  double                line_width;

  /* The plot area, and what it shows. */
  double                x;
  double                y;
  double                w;
  double                h;
  double                t0;
  double                t1;
  double                y_top;
} Frame;

static void
series_clear (gpointer data)
{
  Series *series = data;

  g_clear_pointer (&series->label, g_free);
}

static guint
series_length (const Series *series)
{
  return MIN (px_history_get_length (series->time),
              px_history_get_length (series->values));
}

/* First index in [0, n) whose time is >= @t; times increase. */
static guint
find_time (PxHistory *time,
           guint      n,
           double     t)
{
  guint lo = 0;
  guint hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (px_history_get (time, mid) < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Index of the sample nearest to @t, or -1 for an empty series. */
static int
find_nearest (const Series *series,
              double        t)
{
  guint n = series_length (series);
  guint i;

  if (n == 0)
    return -1;
  i = find_time (series->time, n, t);
  if (i == n)
    return n - 1;
  if (i > 0 && t - px_history_get (series->time, i - 1) < px_history_get (series->time, i) - t)
    return i - 1;
  return i;
}

static gboolean
same_time (double a,
           double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

/* The time window shown: the zoom range, else the whole data, at least
 * one second wide so the start of a run does not look stretched. */
static void
compute_view (PxGraph *self,
              double  *t0,
              double  *t1)
{
  double first = INFINITY;
  double last = -INFINITY;
  gboolean dropped = FALSE;

  if (px_time_view_get_zoomed (self->view))
    {
      px_time_view_get_range (self->view, t0, t1);
      return;
    }

  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *series = &g_array_index (self->series, Series, i);
      guint n = series_length (series);

      if (n == 0)
        continue;
      first = MIN (first, px_history_get (series->time, 0));
      last = MAX (last, px_history_get (series->time, n - 1));
      /* Once the ring has dropped its oldest samples, start at what is
       * left rather than at an empty zero. */
      if (px_history_get_dropped (series->time) > 0)
        dropped = TRUE;
    }

  if (!isfinite (first) || !isfinite (last))
    {
      *t0 = 0;
      *t1 = 1;
      return;
    }

  *t0 = dropped ? first : MIN (0, first);
  *t1 = MAX (last, *t0 + 1);
}

static double
x_for_time (const Frame *f,
            double       t)
{
  return f->x + (t - f->t0) * f->w / (f->t1 - f->t0);
}

static double
time_at_x (PxGraph *self,
           double   x)
{
  double t0, t1;
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * PAD;

  compute_view (self, &t0, &t1);
  if (w <= 0)
    return t0;
  return t0 + (CLAMP (x, PAD, PAD + w) - PAD) * (t1 - t0) / w;
}

static void
lookup_color (GtkStyleContext *style,
              const char      *name,
              const char      *other_name,
              const char      *fallback,
              GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (style, name, color) &&
      !gtk_style_context_lookup_color (style, other_name, color))
    gdk_rgba_parse (color, fallback);
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
set_font (Frame                      *f,
          const PangoFontDescription *font,
          int                         font_id)
{
  f->font = font;
  f->font_id = font_id;
}

/* Laying text out costs more than drawing it, and most labels are the same
 * from frame to frame: layouts are kept, a table a font, keyed by text. */
static PangoLayout *
lookup_layout (Frame      *f,
               const char *text)
{
  GHashTable *layouts = f->self->layouts[f->font_id];
  PangoLayout *layout = g_hash_table_lookup (layouts, text);

  if (layout == NULL)
    {
      if (g_hash_table_size (layouts) >= MAX_LAYOUTS)
        g_hash_table_remove_all (layouts);
      layout = pango_layout_new (f->context);
      pango_layout_set_font_description (layout, f->font);
      pango_layout_set_text (layout, text, -1);
      g_hash_table_insert (layouts, g_strdup (text), layout);
    }

  return layout;
}

static void
measure_text (Frame      *f,
              const char *text,
              int        *width,
              int        *height)
{
  f->layout = lookup_layout (f, text);
  pango_layout_get_pixel_size (f->layout, width, height);
}

/* Shows the text last measured. */
static void
show_text (Frame *f,
           double x,
           double y)
{
  cairo_move_to (f->cr, round (x), round (y));
  pango_cairo_show_layout (f->cr, f->layout);
}

static void
draw_text (Frame         *f,
           const char    *text,
           double         x,
           double         y,
           const GdkRGBA *color,
           double         alpha)
{
  f->layout = lookup_layout (f, text);
  set_source (f->cr, color, alpha);
  show_text (f, x, y);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h,
                   double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A short line in the series' colour and dash, as in the plot. */
static void
draw_swatch (Frame        *f,
             const Series *series,
             double        x,
             double        y)
{
  static const double dash[] = { 3, 2 };
  cairo_t *cr = f->cr;

  cairo_save (cr);
  cairo_set_line_width (cr, 3);
  cairo_set_line_cap (cr, series->dashed ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
  if (series->dashed)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  set_source (cr, &series->color, 1);
  cairo_move_to (cr, x + 1.5, y);
  cairo_line_to (cr, x + LEGEND_SWATCH - 1.5, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static gboolean
has_label (const Series *series)
{
  return series->label != NULL && series->label[0] != '\0';
}

/* The legend fills rows from the top right of the header; what does not
 * fit is counted in a last "+N more" item. Returns the rows used. */
static int
draw_legend (Frame  *f,
             double  left,
             int     max_rows,
             double  row_height)
{
  PxGraph *self = f->self;
  double right = f->width - PAD;
  double avail = right - left;
  g_autofree double *widths = NULL;
  g_autofree int *rows = NULL;
  g_autofree char *more = NULL;
  double row_width[4] = { 0 };
  guint n_labels = 0;
  guint shown = 0;
  int row = 0;
  int more_w = 0;
  int text_w, text_h;

  for (guint i = 0; i < self->series->len; i++)
    if (has_label (&g_array_index (self->series, Series, i)))
      n_labels++;
  if (n_labels < 2 || avail < 80)
    return 0;

  max_rows = CLAMP (max_rows, 1, (int)G_N_ELEMENTS (row_width));
  for (guint i = 0; i < self->series->len && f->raster_scale > 0; i++)
    graphene_rect_init (&g_array_index (self->series, Series, i).legend, 0, 0, 0, 0);
  widths = g_new0 (double, self->series->len);
  rows = g_new (int, self->series->len);
  for (guint i = 0; i < self->series->len; i++)
    rows[i] = -1;

  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *series = &g_array_index (self->series, Series, i);
      double item;

      if (!has_label (series))
        continue;
      measure_text (f, series->label, &text_w, &text_h);
      item = LEGEND_SWATCH + 4 + text_w;
      widths[i] = item;
      if (row_width[row] > 0 && row_width[row] + LEGEND_SPACING + item > avail)
        {
          if (row + 1 >= max_rows)
            break;
          row++;
        }
      if (item > avail)
        break;
      row_width[row] += (row_width[row] > 0 ? LEGEND_SPACING : 0) + item;
      rows[i] = row;
      shown++;
    }

  /* Make room for the count of the rest in the last row. */
  if (shown < n_labels)
    {
      for (;;)
        {
          g_free (more);
          /* Translators: the legend of a graph ends with this when its
           * other series do not fit. */
          more = g_strdup_printf (_("+%u more"), n_labels - shown);
          measure_text (f, more, &more_w, &text_h);
          if (shown == 0 || row_width[row] + LEGEND_SPACING + more_w <= avail)
            break;
          for (guint i = self->series->len; i-- > 0;)
            if (rows[i] >= 0)
              {
                int r = rows[i];

                /* The last item of its row: the spacing before it goes too. */
                row_width[r] -= widths[i];
                if (row_width[r] > 0)
                  row_width[r] -= LEGEND_SPACING;
                rows[i] = -1;
                shown--;
                break;
              }
        }
      row_width[row] += (row_width[row] > 0 ? LEGEND_SPACING : 0) + more_w;
    }

  /* Right-aligned rows. */
  {
    double x[G_N_ELEMENTS (row_width)];

    for (int r = 0; r <= row; r++)
      x[r] = right - row_width[r];

    for (guint i = 0; i < self->series->len; i++)
      {
        Series *series = &g_array_index (self->series, Series, i);
        double y;

        if (rows[i] < 0)
          continue;
        y = PAD + rows[i] * row_height + (row_height - f->text_height) / 2;
        if (series->hidden)
          cairo_push_group (f->cr);
        draw_swatch (f, series, x[rows[i]], y + f->text_height / 2.0);
        draw_text (f, series->label, x[rows[i]] + LEGEND_SWATCH + 4, y, &f->fg, 0.8);
        if (series->hidden)
          {
            /* A hidden series keeps a faint entry, to click it back. */
            cairo_pop_group_to_source (f->cr);
            cairo_paint_with_alpha (f->cr, 0.3);
          }
        /* Only the screen's legend is clicked; an export keeps its own. */
        if (f->raster_scale > 0)
          graphene_rect_init (&series->legend, x[rows[i]] - LEGEND_SPACING / 2.0,
                              PAD + rows[i] * row_height, widths[i] + LEGEND_SPACING,
                              row_height);
        x[rows[i]] += widths[i] + LEGEND_SPACING;
      }
    if (more != NULL)
      draw_text (f, more, x[row], PAD + row * row_height + (row_height - f->text_height) / 2,
                 &f->fg, 0.55);
  }

  return row + 1;
}

/* Highest value inside the time window, for auto-scaling. */
static double
find_visible_max (PxGraph *self,
                  double   t0,
                  double   t1)
{
  double max = -INFINITY;

  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *series = &g_array_index (self->series, Series, i);

      if (series->hidden)
        continue;
      guint n = series_length (series);
      guint first = find_time (series->time, n, t0);
      guint last = find_time (series->time, n, t1);

      /* One point either side, as drawn. */
      first = first > 0 ? first - 1 : 0;
      last = MIN (last + 1, n);
      for (guint j = first; j < last; j++)
        {
          double v = px_history_get (series->values, j);

          if (v > max)
            max = v;
        }
    }
  return max;
}

/* Value grid lines: 2 to 5 intervals of 1, 2, 2.5 or 5 × 10^n, as many
 * as the height leaves room to label, preferring a step that divides the
 * top so that it gets a line and a label too. */
static double
y_step (const Frame *f,
        int         *n_lines)
{
  int max_intervals = CLAMP ((int)(f->h / (2.0 * f->text_height)), 2, 5);

  return px_scale_value_step (f->y_top, max_intervals, n_lines);
}

static double
y_for_value (const Frame *f,
             double       v)
{
  return round (f->y + f->h - v * f->h / f->y_top) + 0.5;
}

static void
draw_y_grid (Frame *f)
{
  cairo_t *cr = f->cr;
  int n;
  double step = y_step (f, &n);

  cairo_set_line_width (cr, 1);
  for (int i = 1; i < n; i++)
    {
      double y = y_for_value (f, i * step);

      cairo_move_to (cr, f->x, y);
      cairo_line_to (cr, f->x + f->w, y);
    }
  set_source (cr, &f->fg, 0.12);
  cairo_stroke (cr);

  /* The zero line is the axis. */
  cairo_move_to (cr, f->x, y_for_value (f, 0));
  cairo_line_to (cr, f->x + f->w, y_for_value (f, 0));
  set_source (cr, &f->fg, 0.35);
  cairo_stroke (cr);
}

/* Labels go over the lines, on a backing of the background, at the left
 * of their grid line; zero goes without, as it would meet the time
 * labels. */
static void
draw_y_labels (Frame *f)
{
  cairo_t *cr = f->cr;
  int n;
  double step = y_step (f, &n);
  int max_decimals;
  double divisor;
  const char *prefix;

  px_scale_choose_prefix (f->y_top, &divisor, &prefix);
  max_decimals = px_scale_count_decimals (step / divisor, 3);

  for (int i = 1; i < n; i++)
    {
      g_autofree char *text = px_format_value (i * step, divisor, prefix, max_decimals, f->self->unit);
      double y = y_for_value (f, i * step);
      int text_w, text_h;

      measure_text (f, text, &text_w, &text_h);
      rounded_rectangle (cr, f->x, y - text_h / 2.0 - 1, text_w + 8, text_h + 2, 3);
      set_source (cr, &f->background, 0.85);
      cairo_fill (cr);
      set_source (cr, &f->fg, 0.6);
      show_text (f, f->x + 4, y - text_h / 2.0);
    }
}

static void
draw_time_axis (Frame *f)
{
  cairo_t *cr = f->cr;
  double span = f->t1 - f->t0;
  guint n_steps;
  const double *time_steps = px_scale_get_time_steps (&n_steps);
  double step = time_steps[n_steps - 1];
  double last_right = -INFINITY;
  double label_y = f->y + f->h + AXIS_GAP;
  int text_w, text_h;

  for (guint i = 0; i < n_steps; i++)
    {
      g_autofree char *widest = px_format_time (f->t1, time_steps[i], f->t1);
      double spacing = time_steps[i] * f->w / span;

      /* Measured with zeros for digits: as wide, and the same text from
       * one frame to the next, so its layout is made once. */
      for (char *c = widest; *c != '\0'; c++)
        if (g_ascii_isdigit (*c))
          *c = '0';
      measure_text (f, widest, &text_w, &text_h);
      if (spacing >= MAX (60, text_w + 24))
        {
          step = time_steps[i];
          break;
        }
    }

  cairo_set_line_width (cr, 1);
  for (double k = ceil (f->t0 / step - 1e-9); k * step <= f->t1 + 1e-9 * span; k++)
    {
      /* + 0 turns -0 into 0, which prints without a sign. */
      double t = k * step + 0.0;
      double x = round (x_for_time (f, t)) + 0.5;
      g_autofree char *text = px_format_time (t, step, f->t1);
      double label_x;

      if (x > f->x + 1 && x < f->x + f->w - 1)
        {
          set_source (cr, &f->fg, 0.07);
          cairo_move_to (cr, x, f->y);
          cairo_line_to (cr, x, f->y + f->h);
          cairo_stroke (cr);
        }

      set_source (cr, &f->fg, 0.35);
      cairo_move_to (cr, x, f->y + f->h);
      cairo_line_to (cr, x, f->y + f->h + 3);
      cairo_stroke (cr);

      measure_text (f, text, &text_w, &text_h);
      label_x = CLAMP (x - text_w / 2.0, 0, f->width - text_w);
      if (label_x < last_right + 8)
        continue;
      set_source (cr, &f->fg, 0.55);
      show_text (f, label_x, label_y);
      last_right = label_x + text_w;
    }
}

/* The visible samples of @series as plot points, NAN x between runs. With
 * more samples than pixel columns, each column keeps its first, lowest,
 * highest and last value, which looks the same for a fraction of the
 * path. */
static void
collect_points (Frame        *f,
                const Series *series,
                GArray       *points)
{
  guint n = series_length (series);
  guint first = find_time (series->time, n, f->t0);
  guint last = find_time (series->time, n, f->t1);
  double x_scale = f->w / (f->t1 - f->t0);
  double y_scale = f->h / f->y_top;
  double bottom = f->y + f->h;
  gboolean open = FALSE;
  double column = NAN;
  double col_x0 = 0, col_x1 = 0, col_first = 0, col_last = 0, col_min = 0, col_max = 0;
  guint col_count = 0;
  const PxPoint gap = { NAN, NAN };
  const double *t_run[2], *v_run[2];
  guint n_t_run, n_v_run, n_dummy;

  g_array_set_size (points, 0);
  first = first > 0 ? first - 1 : 0;
  last = MIN (last + 1, n);

#define FLUSH_COLUMN()                                                              \
  G_STMT_START {                                                                    \
    if (col_count == 1)                                                             \
      g_array_append_val (points, ((PxPoint) { col_x0, col_first }));                 \
    else if (col_count > 1)                                                         \
      {                                                                             \
        PxPoint p[4] = {                                                              \
          { col_x0, col_first }, { col_x0, col_min },                               \
          { col_x1, col_max }, { col_x1, col_last },                                \
        };                                                                          \
        g_array_append_vals (points, p, 4);                                         \
      }                                                                             \
    col_count = 0;                                                                  \
  } G_STMT_END

  px_history_get_runs (series->time, &t_run[0], &n_t_run, &t_run[1], &n_dummy);
  px_history_get_runs (series->values, &v_run[0], &n_v_run, &v_run[1], &n_dummy);

  for (guint i = first; i < last; i++)
    {
      double t = i < n_t_run ? t_run[0][i] : t_run[1][i - n_t_run];
      double v = i < n_v_run ? v_run[0][i] : v_run[1][i - n_v_run];
      double x, y;

      if (isnan (t) || isnan (v))
        {
          FLUSH_COLUMN ();
          if (open)
            g_array_append_val (points, gap);
          open = FALSE;
          column = NAN;
          continue;
        }

      x = f->x + (t - f->t0) * x_scale;
      y = bottom - v * y_scale;
      open = TRUE;

      if (floor (x) == column)
        {
          col_x1 = x;
          col_last = y;
          col_min = MAX (col_min, y);
          col_max = MIN (col_max, y);
          col_count++;
          continue;
        }

      FLUSH_COLUMN ();
      column = floor (x);
      col_x0 = col_x1 = x;
      col_first = col_last = col_min = col_max = y;
      col_count = 1;
    }
  FLUSH_COLUMN ();

#undef FLUSH_COLUMN
}

/* Builds the path of the runs in @points. */
static void
append_points (Frame        *f,
               const GArray *points)
{
  cairo_t *cr = f->cr;
  gboolean open = FALSE;

  cairo_new_path (cr);
  for (guint i = 0; i < points->len; i++)
    {
      const PxPoint *p = &g_array_index (points, PxPoint, i);

      if (isnan (p->x))
        open = FALSE;
      else if (!open)
        {
          cairo_move_to (cr, p->x, p->y);
          open = TRUE;
        }
      else
        cairo_line_to (cr, p->x, p->y);
    }
}

/* Vector lines, for SVG and PDF: cairo's stroker is exact but costs
 * about a microsecond a segment. */
static void
stroke_series (Frame *f)
{
  static const double dash[] = { 6, 4 };
  PxGraph *self = f->self;
  cairo_t *cr = f->cr;

  cairo_set_line_width (cr, f->line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (self->series->len > FAST_SERIES)
    {
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
    }

  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *series = &g_array_index (self->series, Series, i);

      if (series->hidden)
        continue;

      collect_points (f, series, self->points);
      if (self->points->len == 0)
        continue;

      append_points (f, self->points);
      set_source (cr, &series->color, 1);
      cairo_set_dash (cr, dash, series->dashed ? G_N_ELEMENTS (dash) : 0, 0);
      cairo_stroke (cr);
    }
}

static void
draw_series (Frame *f)
{
  PxGraph *self = f->self;
  cairo_t *cr = f->cr;
  cairo_surface_t *surface;
  PxRaster r;

  cairo_save (cr);
  /* The line's half-width may pass the top and bottom of the plot. */
  cairo_rectangle (cr, f->x, f->y - LINE_WIDTH, f->w, f->h + 2 * LINE_WIDTH);
  cairo_clip (cr);

  if (f->raster_scale <= 0)
    {
      stroke_series (f);
      cairo_restore (cr);
      return;
    }

  if (px_raster_begin (&self->raster, &r, (int)ceil (f->w * f->raster_scale),
                       (int)ceil ((f->h + 2 * LINE_WIDTH) * f->raster_scale)))
    {
      double half = f->line_width * f->raster_scale / 2;

      for (guint i = 0; i < self->series->len; i++)
        {
          const Series *series = &g_array_index (self->series, Series, i);
          guint32 color = px_raster_color (series->color.red, series->color.green,
                                           series->color.blue);

          if (series->hidden)
            continue;
          collect_points (f, series, self->points);
          px_raster_draw_polyline (&r, (const PxPoint *)(gpointer)self->points->data,
                                   self->points->len, f->x, f->y - LINE_WIDTH,
                                   f->raster_scale, half, color, series->color.alpha,
                                   series->dashed);
        }
    }
  surface = px_raster_end (&self->raster, &r, f->raster_scale);
  if (surface != NULL)
    {
      cairo_set_source_surface (cr, surface, f->x, f->y - LINE_WIDTH);
      if (r.bottom > r.top)
        {
          cairo_rectangle (cr, f->x, f->y - LINE_WIDTH + r.top / f->raster_scale, f->w,
                           (r.bottom - r.top) / f->raster_scale);
          cairo_fill (cr);
        }
      cairo_surface_destroy (surface);
    }
  cairo_restore (cr);
}

static void
draw_selection (Frame *f)
{
  PxGraph *self = f->self;
  cairo_t *cr = f->cr;
  double from = CLAMP (MIN (self->select_from, self->select_to), f->x, f->x + f->w);
  double to = CLAMP (MAX (self->select_from, self->select_to), f->x, f->x + f->w);

  set_source (cr, &f->accent, 0.2);
  cairo_rectangle (cr, from, f->y, to - from, f->h);
  cairo_fill (cr);

  set_source (cr, &f->accent, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (from) + 0.5, f->y);
  cairo_line_to (cr, round (from) + 0.5, f->y + f->h);
  cairo_move_to (cr, round (to) - 0.5, f->y);
  cairo_line_to (cr, round (to) - 0.5, f->y + f->h);
  cairo_stroke (cr);
}

/* The box of readings next to the cursor line. */
static void
draw_readings (Frame  *f,
               double  cursor_x,
               int    *nearest)
{
  PxGraph *self = f->self;
  cairo_t *cr = f->cr;
  g_autofree guint *shown = g_new (guint, self->series->len);
  guint n = 0;
  guint n_lines;
  guint room;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *heading = NULL;
  g_autofree char *more = NULL;
  gboolean any_label = FALSE;
  double name_w = 0, reading_w = 0;
  double line_h = f->text_height + 2;
  double box_w, box_h, box_x, box_y;
  double swatch_w;
  int text_w, text_h;

  /* The series hidden from the legend are left out here too. */
  for (guint i = 0; i < self->series->len; i++)
    if (!g_array_index (self->series, Series, i).hidden)
      shown[n++] = i;
  if (n == 0)
    return;

  /* Lines that fit in the widget below the top of the plot, the heading
   * and the count of the rest included. */
  room = (guint)MAX (0, (f->height - PAD / 2 - f->y - 14) / line_h);
  if (n + 1 <= MIN (room, TOOLTIP_LINES + 1))
    n_lines = n;
  else
    n_lines = CLAMP ((int)MIN (room, TOOLTIP_LINES + 2) - 2, 1, TOOLTIP_LINES);

  /* The time of the samples read, rather than of the pointer. */
  if (nearest[shown[0]] >= 0)
    {
      const Series *series = &g_array_index (self->series, Series, shown[0]);

      heading = px_format_time (px_history_get (series->time, nearest[shown[0]]), 0.01, f->t1);
    }
  else
    heading = px_format_time (px_time_view_get_cursor (self->view), 0.01, f->t1);

  for (guint i = 0; i < n_lines; i++)
    {
      const Series *series = &g_array_index (self->series, Series, shown[i]);
      double v = nearest[shown[i]] >= 0 ? px_history_get (series->values, nearest[shown[i]])
                                         : NAN;
      char *reading = px_format_reading (v, self->unit);

      g_ptr_array_add (names, g_strdup (has_label (series) ? series->label : ""));
      g_ptr_array_add (readings, reading);
      any_label |= has_label (series);
    }
  if (n > n_lines)
    {
      guint rest = n - n_lines;

      /* Translators: last line of the readings at the graph's cursor. */
      more = g_strdup_printf (ngettext ("…and %u more", "…and %u more", rest), rest);
    }

  set_font (f, f->small_font, FONT_SMALL);
  for (guint i = 0; i < n_lines; i++)
    {
      measure_text (f, names->pdata[i], &text_w, &text_h);
      name_w = MAX (name_w, text_w);
      measure_text (f, readings->pdata[i], &text_w, &text_h);
      reading_w = MAX (reading_w, text_w);
    }
  swatch_w = LEGEND_SWATCH + 6;
  box_w = swatch_w + (any_label ? name_w + 12 : 0) + reading_w;
  measure_text (f, heading, &text_w, &text_h);
  box_w = MAX (box_w, text_w);
  if (more != NULL)
    {
      measure_text (f, more, &text_w, &text_h);
      box_w = MAX (box_w, text_w);
    }
  box_w += 16;
  box_h = 10 + line_h * (1 + n_lines + (more != NULL ? 1 : 0));

  box_x = cursor_x + 10;
  if (box_x + box_w > f->x + f->w)
    box_x = cursor_x - 10 - box_w;
  box_x = MAX (box_x, 0);
  box_y = f->y + 4;

  /* The widget paints no background; a popover-like box reads on both
   * light and dark themes. */
  rounded_rectangle (cr, box_x, box_y, box_w, box_h, 6);
  set_source (cr, &f->popover, 0.96);
  cairo_fill_preserve (cr);
  set_source (cr, &f->fg, 0.15);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  box_x += 8;
  box_y += 5;
  draw_text (f, heading, box_x, box_y, &f->fg, 0.55);
  for (guint i = 0; i < n_lines; i++)
    {
      const Series *series = &g_array_index (self->series, Series, shown[i]);
      double y = box_y + line_h * (i + 1);

      draw_swatch (f, series, box_x, y + f->text_height / 2.0);
      draw_text (f, names->pdata[i], box_x + swatch_w, y, &f->fg, 0.8);
      measure_text (f, readings->pdata[i], &text_w, &text_h);
      set_source (cr, &f->fg, 1);
      show_text (f, box_x + box_w - 16 - text_w, y);
    }
  if (more != NULL)
    draw_text (f, more, box_x, box_y + line_h * (n_lines + 1), &f->fg, 0.55);
}

static void
draw_cursor (Frame *f)
{
  PxGraph *self = f->self;
  cairo_t *cr = f->cr;
  double x;
  g_autofree int *nearest = NULL;

  if (isnan (px_time_view_get_cursor (self->view)) || px_time_view_get_cursor (self->view) < f->t0 || px_time_view_get_cursor (self->view) > f->t1)
    return;

  x = round (x_for_time (f, px_time_view_get_cursor (self->view))) + 0.5;
  set_source (cr, &f->fg, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x, f->y);
  cairo_line_to (cr, x, f->y + f->h);
  cairo_stroke (cr);

  if (self->series->len == 0)
    return;

  nearest = g_new (int, self->series->len);
  for (guint i = 0; i < self->series->len; i++)
    nearest[i] = find_nearest (&g_array_index (self->series, Series, i), px_time_view_get_cursor (self->view));

  /* Dots where the line meets the series, while they stay few. */
  if (self->series->len <= TOOLTIP_LINES)
    {
      cairo_save (cr);
      cairo_rectangle (cr, f->x, f->y - 4, f->w, f->h + 8);
      cairo_clip (cr);
      for (guint i = 0; i < self->series->len; i++)
        {
          const Series *series = &g_array_index (self->series, Series, i);
          double v = nearest[i] >= 0 ? px_history_get (series->values, nearest[i]) : NAN;

          if (isnan (v) || series->hidden)
            continue;
          cairo_arc (cr, x, f->y + f->h - v * f->h / f->y_top, 3, 0, 2 * G_PI);
          set_source (cr, &series->color, 1);
          cairo_fill (cr);
        }
      cairo_restore (cr);
    }

  if (self->hovering && !self->selecting)
    draw_readings (f, x, nearest);
}

/* The header: title at the left, legend at the right; returns its
 * height. */
static double
draw_header (Frame *f)
{
  PxGraph *self = f->self;
  int title_w = 0, title_h = 0;
  double left, header_h;

  set_font (f, f->title_font, FONT_TITLE);
  if (self->title != NULL && self->title[0] != '\0')
    {
      measure_text (f, self->title, &title_w, &title_h);
      set_source (f->cr, &f->fg, 1);
      show_text (f, PAD, PAD - 2);
    }
  set_font (f, f->small_font, FONT_SMALL);
  left = PAD + (title_w > 0 ? title_w + 24 : 0);
  header_h = MAX (title_h - 2, f->text_height + 2);
  return header_h * (draw_legend (f, left, f->height >= 260 ? 2 : 1, header_h) > 1 ? 2 : 1);
}

/* On screen the header is drawn into a kept image, again only when what
 * it shows changes: laying out and drawing a legend of many workers
 * every frame costs more than their lines. */
static double
draw_header_kept (Frame *f)
{
  PxGraph *self = f->self;
  int max_h = MIN (f->height, 4 * (f->text_height + PAD));
  gboolean tall = f->height >= 260;

  if (self->header == NULL || self->header_stale || self->header_width != f->width ||
      self->header_tall != tall || self->header_scale != f->raster_scale ||
      !gdk_rgba_equal (&self->header_fg, &f->fg))
    {
      cairo_t *screen = f->cr;

      g_clear_pointer (&self->header, cairo_surface_destroy);
      self->header = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                 (int)ceil (f->width * f->raster_scale),
                                                 (int)ceil (max_h * f->raster_scale));
      cairo_surface_set_device_scale (self->header, f->raster_scale, f->raster_scale);
      f->cr = cairo_create (self->header);
      self->header_h = draw_header (f);
      cairo_destroy (f->cr);
      f->cr = screen;
      self->header_stale = FALSE;
      self->header_width = f->width;
      self->header_tall = tall;
      self->header_scale = f->raster_scale;
      self->header_fg = f->fg;
    }

  cairo_save (f->cr);
  cairo_set_source_surface (f->cr, self->header, 0, 0);
  cairo_rectangle (f->cr, 0, 0, f->width, MIN (max_h, PAD + self->header_h + 2));
  cairo_fill (f->cr);
  cairo_restore (f->cr);
  return self->header_h;
}

static void
draw_graph (PxGraph *self,
            cairo_t *cr,
            int      width,
            int      height,
            double   raster_scale)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkStyleContext *style;
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *base = pango_context_get_font_description (context);
  Frame f = { 0 };
  double header_h;
  double luminance;
  int size;
  int text_w;
  gboolean empty = TRUE;

  f.self = self;
  f.cr = cr;
  f.context = context;
  if (pango_context_get_serial (context) != self->layouts_serial)
    {
      for (guint i = 0; i < N_FONTS; i++)
        g_hash_table_remove_all (self->layouts[i]);
      self->layouts_serial = pango_context_get_serial (context);
      self->header_stale = TRUE;
    }
  f.width = width;
  f.height = height;
  f.raster_scale = raster_scale;
  /* Many lines read better thin. */
  f.line_width = self->series->len > FAST_SERIES ? 1.0 : LINE_WIDTH;

  style = gtk_widget_get_style_context (widget);
  gtk_style_context_get_color (style, &f.fg);
  /* The theme's named colours, libadwaita's then GTK's; a theme without
   * them gets Adwaita's, light or dark as its text is dark or light. */
  luminance = 0.2126 * f.fg.red + 0.7152 * f.fg.green + 0.0722 * f.fg.blue;
  f.dark = luminance > 0.5;
  lookup_color (style, "window_bg_color", "theme_bg_color",
                f.dark ? "#242424" : "#fafafa", &f.background);
  lookup_color (style, "popover_bg_color", "theme_base_color",
                f.dark ? "#383838" : "#ffffff", &f.popover);
  lookup_color (style, "accent_bg_color", "theme_selected_bg_color",
                "#3584e4", &f.accent);

  f.title_font = pango_font_description_copy (base);
  pango_font_description_set_weight (f.title_font, PANGO_WEIGHT_BOLD);
  f.small_font = pango_font_description_copy (base);
  size = pango_font_description_get_size (base);
  if (size <= 0)
    size = 10 * PANGO_SCALE;
  /* Axis labels are captions: smaller than the title. */
  if (pango_font_description_get_size_is_absolute (base))
    pango_font_description_set_absolute_size (f.small_font, size * 0.85);
  else
    pango_font_description_set_size (f.small_font, (int)(size * 0.85));

  set_font (&f, f.small_font, FONT_SMALL);
  measure_text (&f, "0123456789", &text_w, &f.text_height);
  header_h = raster_scale > 0 ? draw_header_kept (&f) : draw_header (&f);

  /* The plot spans the width: graphs of one width given one time range
   * put each second at the same x, so their cursors line up. */
  f.x = PAD;
  f.w = MAX (width - 2 * PAD, 1);
  f.y = PAD + header_h + HEADER_GAP;
  f.h = MAX (height - f.y - AXIS_GAP - f.text_height - PAD / 2, 1);

  compute_view (self, &f.t0, &f.t1);
  for (guint i = 0; i < self->series->len && empty; i++)
    empty = series_length (&g_array_index (self->series, Series, i)) == 0;

  if (self->y_max > 0)
    f.y_top = self->y_max;
  else
    f.y_top = MAX (1, px_scale_nice_ceil (find_visible_max (self, f.t0, f.t1) * 1.02));

  draw_y_grid (&f);
  draw_time_axis (&f);

  if (empty)
    {
      int text_h;

      set_font (&f, base, FONT_BASE);
      measure_text (&f, _("No data yet"), &text_w, &text_h);
      set_source (cr, &f.fg, 0.45);
      show_text (&f, f.x + (f.w - text_w) / 2, f.y + (f.h - text_h) / 2);
      set_font (&f, f.small_font, FONT_SMALL);
    }
  else
    draw_series (&f);
  draw_y_labels (&f);

  if (self->selecting && fabs (self->select_to - self->select_from) >= 1)
    draw_selection (&f);
  draw_cursor (&f);

  pango_font_description_free (f.title_font);
  pango_font_description_free (f.small_font);
}

static void
range_selected_cb (PxGraph *self,
                   double   start,
                   double   end)
{
  px_time_view_set_range (self->view, start, end);
}

static void
cursor_moved_cb (PxGraph *self,
                 double   time)
{
  px_time_view_set_cursor (self->view, time);
}

static void
view_changed_cb (PxGraph *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
connect_view (PxGraph *self)
{
  g_signal_connect_object (self->view, "range-changed", G_CALLBACK (view_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "notify::cursor", G_CALLBACK (view_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "selection-changed", G_CALLBACK (view_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
pointer_moved_cb (GtkEventControllerMotion *controller,
                  double                    x,
                  double                    y,
                  PxGraph                  *self)
{
  double t = time_at_x (self, x);
  double width = gtk_widget_get_width (GTK_WIDGET (self));

  self->hovering = TRUE;
  if (x < PAD || x > width - PAD)
    t = NAN;
  if (same_time (t, px_time_view_get_cursor (self->view)))
    return;
  g_signal_emit (self, signals [CURSOR_MOVED], 0, t);
}

static void
pointer_left_cb (GtkEventControllerMotion *controller,
                 PxGraph                  *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals [CURSOR_MOVED], 0, NAN);
}

static void
drag_began_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               PxGraph        *self)
{
  self->selecting = TRUE;
  self->select_from = self->select_to = x;
}

static void
drag_updated_cb (GtkGestureDrag *gesture,
                 double          dx,
                 double          dy,
                 PxGraph        *self)
{
  self->select_to = self->select_from + dx;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_ended_cb (GtkGestureDrag *gesture,
               double          dx,
               double          dy,
               PxGraph        *self)
{
  double from = MIN (self->select_from, self->select_from + dx);
  double to = MAX (self->select_from, self->select_from + dx);
  double start = time_at_x (self, from);
  double end = time_at_x (self, to);

  self->selecting = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (fabs (dx) > MIN_SELECTION && end > start)
    g_signal_emit (self, signals [RANGE_SELECTED], 0, start, end);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            PxGraph         *self)
{
  if (n_press == 2)
    {
      g_signal_emit (self, signals [RANGE_SELECTED], 0, NAN, NAN);
      return;
    }

  /* A click on a legend entry hides its series, or shows it again. */
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = &g_array_index (self->series, Series, i);

      if (graphene_rect_contains_point (&series->legend, &GRAPHENE_POINT_INIT (x, y)))
        {
          px_graph_set_series_hidden (self, i, !series->hidden);
          return;
        }
    }
}

static void
px_graph_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 300;
    }
  else
    {
      *minimum = 120;
      *natural = 140;
    }
}

static void
px_graph_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_graph (PX_GRAPH (widget), cr, width, height, gtk_widget_get_scale_factor (widget));
  cairo_destroy (cr);
}

static void
px_graph_dispose (GObject *object)
{
  PxGraph *self = (PxGraph *)object;

  /* The series point into histories their owner may be freeing. */
  if (self->series != NULL)
    g_array_set_size (self->series, 0);
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_clear_object (&self->view);

  G_OBJECT_CLASS (px_graph_parent_class)->dispose (object);
}

static void
px_graph_finalize (GObject *object)
{
  PxGraph *self = (PxGraph *)object;

  g_free (self->title);
  g_free (self->unit);
  g_clear_pointer (&self->series, g_array_unref);
  g_clear_pointer (&self->points, g_array_unref);
  for (guint i = 0; i < N_FONTS; i++)
    g_clear_pointer (&self->layouts[i], g_hash_table_unref);
  g_clear_pointer (&self->header, cairo_surface_destroy);
  px_raster_surfaces_clear (&self->raster);

  G_OBJECT_CLASS (px_graph_parent_class)->finalize (object);
}

static void
px_graph_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PxGraph *self = PX_GRAPH (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    case PROP_Y_MAX:
      g_value_set_double (value, self->y_max);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_graph_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PxGraph *self = PX_GRAPH (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      px_graph_set_title (self, g_value_get_string (value));
      break;

    case PROP_UNIT:
      px_graph_set_unit (self, g_value_get_string (value));
      break;

    case PROP_Y_MAX:
      px_graph_set_y_max (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_graph_class_init (PxGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_graph_dispose;
  object_class->finalize = px_graph_finalize;
  object_class->get_property = px_graph_get_property;
  object_class->set_property = px_graph_set_property;

  widget_class->measure = px_graph_measure;
  widget_class->snapshot = px_graph_snapshot;

  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_Y_MAX] =
    g_param_spec_double ("y-max", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PxGraph::cursor-moved:
   * @self: the graph
   * @time: the time under the pointer, in seconds; NAN when it leaves
   *
   * The user moved the pointer over the plot. The default handler puts
   * the time view's cursor there, for every graph that shares the view.
   * Not emitted by px_graph_set_cursor ().
   */
  signals [CURSOR_MOVED] =
    g_signal_new_class_handler ("cursor-moved",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (cursor_moved_cb),
                                NULL, NULL,
                                g_cclosure_marshal_VOID__DOUBLE,
                                G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  /**
   * PxGraph::range-selected:
   * @self: the graph
   * @start: first second of the selection, NAN to show everything
   * @end: last second of the selection, NAN to show everything
   *
   * The user dragged across the plot, or double-clicked it (NAN, NAN).
   * The default handler applies the range to the time view, so to every
   * graph that shares it; handlers connected normally run before it and
   * may stop the emission to keep the view unchanged.
   */
  signals [RANGE_SELECTED] =
    g_signal_new_class_handler ("range-selected",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (range_selected_cb),
                                NULL, NULL, NULL,
                                G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "pxgraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
px_graph_init (PxGraph *self)
{
  GtkEventController *motion;
  GtkGesture *drag;
  GtkGesture *click;

  self->series = g_array_new (FALSE, FALSE, sizeof (Series));
  g_array_set_clear_func (self->series, series_clear);
  self->points = g_array_new (FALSE, FALSE, sizeof (PxPoint));
  for (guint i = 0; i < N_FONTS; i++)
    self->layouts[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->view = px_time_view_new ();
  connect_view (self);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (pointer_moved_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (pointer_moved_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (pointer_left_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_began_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_updated_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_ended_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
px_graph_new (void)
{
  return g_object_new (PX_TYPE_GRAPH, NULL);
}

void
px_graph_set_title (PxGraph    *self,
                    const char *title)
{
  g_return_if_fail (PX_IS_GRAPH (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  if (title != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
  self->header_stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
}

const char *
px_graph_get_title (PxGraph *self)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), NULL);

  return self->title;
}

void
px_graph_set_unit (PxGraph    *self,
                   const char *unit)
{
  g_return_if_fail (PX_IS_GRAPH (self));

  if (g_strcmp0 (self->unit, unit) == 0)
    return;

  g_free (self->unit);
  self->unit = g_strdup (unit);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_UNIT]);
}

const char *
px_graph_get_unit (PxGraph *self)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), NULL);

  return self->unit;
}

/* @y_max > 0 fixes the top of the value axis; 0 scales it to the data. */
void
px_graph_set_y_max (PxGraph *self,
                    double   y_max)
{
  g_return_if_fail (PX_IS_GRAPH (self));

  y_max = MAX (y_max, 0);
  if (self->y_max == y_max)
    return;

  self->y_max = y_max;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_Y_MAX]);
}

void
px_graph_clear_series (PxGraph *self)
{
  g_return_if_fail (PX_IS_GRAPH (self));

  g_array_set_size (self->series, 0);
  self->header_stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The graph keeps @time and @values without owning them: they must
 * outlive the series, or px_graph_clear_series () be called first. */
void
px_graph_add_series (PxGraph       *self,
                     PxHistory     *time,
                     PxHistory     *values,
                     const GdkRGBA *color,
                     const char    *label,
                     gboolean       dashed)
{
  Series series = { 0 };

  g_return_if_fail (PX_IS_GRAPH (self));
  g_return_if_fail (time != NULL);
  g_return_if_fail (values != NULL);

  series.time = time;
  series.values = values;
  if (color != NULL)
    series.color = *color;
  else
    px_graph_get_color (self->series->len, &series.color);
  series.label = g_strdup (label);
  series.dashed = !!dashed;
  g_array_append_val (self->series, series);
  self->header_stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Tells assistive technologies what the graph shows now: the latest
 * value of each visible series, for a screen reader to read out. Called
 * by the owner at a pace a listener can follow, not at every sample. */
void
px_graph_update_description (PxGraph *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint listed = 0;

  g_return_if_fail (PX_IS_GRAPH (self));

  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *series = &g_array_index (self->series, Series, i);
      g_autofree char *reading = NULL;

      if (series->hidden || px_history_get_length (series->values) == 0)
        continue;
      if (listed++ == TOOLTIP_LINES)
        {
          g_string_append (text, "; …");
          break;
        }
      reading = px_format_reading (px_history_get_last (series->values), self->unit);
      g_string_append_printf (text, "%s%s: %s", text->len ? "; " : "",
                              has_label (series) ? series->label : "", reading);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->str, -1);
}

/* Hides series @index from the plot, the legend keeping a faint entry;
 * the user does the same by clicking the entry. */
void
px_graph_set_series_hidden (PxGraph  *self,
                            guint     index,
                            gboolean  hidden)
{
  g_return_if_fail (PX_IS_GRAPH (self));
  g_return_if_fail (index < self->series->len);

  g_array_index (self->series, Series, index).hidden = !!hidden;
  self->header_stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
px_graph_get_series_hidden (PxGraph *self,
                            guint    index)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), FALSE);
  g_return_val_if_fail (index < self->series->len, FALSE);

  return g_array_index (self->series, Series, index).hidden;
}

guint
px_graph_get_n_series (PxGraph *self)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), 0);

  return self->series->len;
}

/* All points of all series, visible or not. */
guint
px_graph_get_n_points (PxGraph *self)
{
  guint n = 0;

  g_return_val_if_fail (PX_IS_GRAPH (self), 0);

  for (guint i = 0; i < self->series->len; i++)
    n += series_length (&g_array_index (self->series, Series, i));
  return n;
}

/* Shows @start to @end, in seconds; NAN for both shows all the data.
 * Every graph sharing this one's time view follows. */
void
px_graph_set_range (PxGraph *self,
                    double   start,
                    double   end)
{
  g_return_if_fail (PX_IS_GRAPH (self));

  px_time_view_set_range (self->view, start, end);
}

/* The range set, or NAN and NAN when the graph shows all its data. */
void
px_graph_get_range (PxGraph *self,
                    double  *start,
                    double  *end)
{
  g_return_if_fail (PX_IS_GRAPH (self));

  px_time_view_get_range (self->view, start, end);
}

/* Puts the cursor line at @time, in seconds; NAN hides it. */
void
px_graph_set_cursor (PxGraph *self,
                     double   time)
{
  g_return_if_fail (PX_IS_GRAPH (self));

  px_time_view_set_cursor (self->view, time);
}

double
px_graph_get_cursor (PxGraph *self)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), NAN);

  return px_time_view_get_cursor (self->view);
}

/* Makes the graph show what @view shows: graphs that share a view zoom
 * and point together. */
void
px_graph_set_time_view (PxGraph    *self,
                        PxTimeView *view)
{
  g_return_if_fail (PX_IS_GRAPH (self));
  g_return_if_fail (PX_IS_TIME_VIEW (view));

  if (self->view == view)
    return;
  g_signal_handlers_disconnect_by_data (self->view, self);
  g_set_object (&self->view, view);
  connect_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

PxTimeView *
px_graph_get_time_view (PxGraph *self)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), NULL);

  return self->view;
}

/* Pixel surfaces get the lines as pixels, at their resolution; vector
 * ones (SVG, PDF) get cairo's strokes. */
static double
find_raster_scale (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_surface_type_t type = cairo_surface_get_type (target);
  cairo_matrix_t matrix;
  double x_scale, y_scale;

  if (type != CAIRO_SURFACE_TYPE_IMAGE && type != CAIRO_SURFACE_TYPE_RECORDING)
    return 0;
  cairo_get_matrix (cr, &matrix);
  if (matrix.xy != 0 || matrix.yx != 0 || matrix.xx <= 0 || matrix.yy <= 0)
    return 0;
  cairo_surface_get_device_scale (target, &x_scale, &y_scale);
  return MAX (matrix.xx * x_scale, matrix.yy * y_scale);
}

/* Draws the graph as on screen, in the widget's colours and font, so it
 * can be saved to a PNG or SVG surface. The caller paints the
 * background. */
void
px_graph_draw (PxGraph *self,
               cairo_t *cr,
               int      width,
               int      height)
{
  g_return_if_fail (PX_IS_GRAPH (self));
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;

  cairo_save (cr);
  draw_graph (self, cr, width, height, find_raster_scale (cr));
  cairo_restore (cr);
}

/* Colour of worker @index, the same in graphs and in the worker table:
 * the palette, then hues spread around the colour wheel. */
void
px_graph_get_color (guint    index,
                    GdkRGBA *color)
{
  PxColor c;

  g_return_if_fail (color != NULL);

  px_palette_get_worker (index, &c);
  *color = (GdkRGBA) { c.red, c.green, c.blue, 1 };
}

/* The colour of what a series means, as reports draw it too. */
void
px_graph_get_role_color (PxColorRole  role,
                         GdkRGBA     *color)
{
  PxColor c;

  g_return_if_fail (color != NULL);

  px_palette_get_role (role, &c);
  *color = (GdkRGBA) { c.red, c.green, c.blue, 1 };
}
