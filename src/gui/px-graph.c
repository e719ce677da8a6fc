/* px-graph.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart: a widget that draws its layers (px-chart-layer.h) in order
 * over one plot area, on the time range of a PxTimeView it shares with
 * other charts, and turns the pointer (px-graph-pointer.c) and the keys
 * (px-graph-keys.c) into that view's cursor, zoom and selection.
 * px_graph_new () builds the line chart of the window's graphs; other
 * charts are built of the layers they need. A frame is drawn in
 * px-graph-draw.c.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-graph-private.h"
#include "px-scale.h"

enum {
  PROP_0,
  PROP_TITLE,
  PROP_UNIT,
  PROP_Y_MAX,
  PROP_EMPTY,
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

/* A frame for anything but new samples, which are only queued a draw:
 * the parts kept from the last frame are drawn again. */
void
_px_graph_redraw (PxGraph *self)
{
  self->look_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A frame for a new range or selection of the view: what is under and
 * over the data is drawn again, the header kept. */
void
_px_graph_redraw_plot (PxGraph *self)
{
  self->plot_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
connect_view (PxGraph *self)
{
  g_signal_connect_object (self->view, "range-changed", G_CALLBACK (_px_graph_redraw_plot),
                           self, G_CONNECT_SWAPPED);
  /* Only the cursor's own node reads the cursor, and it tells itself
   * whether it changed. */
  g_signal_connect_object (self->view, "notify::cursor", G_CALLBACK (gtk_widget_queue_draw),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "selection-changed", G_CALLBACK (_px_graph_redraw_plot),
                           self, G_CONNECT_SWAPPED);
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

  if (width <= 0 || height <= 0)
    return;

  _px_graph_snapshot_frame (PX_GRAPH (widget), snapshot, width, height,
                            gtk_widget_get_scale_factor (widget));
}

/* The graph's only children are the popovers of its legend. */
static void
px_graph_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
}

static void
px_graph_dispose (GObject *object)
{
  PxGraph *self = (PxGraph *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->layers != NULL)
    for (guint i = 0; i < self->layers->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->layers, i), self);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  self->lines = NULL;
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
  g_free (self->reading);
  px_text_cache_clear (&self->texts);
  g_clear_pointer (&self->header, gsk_render_node_unref);
  g_clear_pointer (&self->back, gsk_render_node_unref);
  g_clear_pointer (&self->front, gsk_render_node_unref);
  g_clear_pointer (&self->cursor, gsk_render_node_unref);
  g_free (self->cursor_key);

  G_OBJECT_CLASS (px_graph_parent_class)->finalize (object);
}

static void
px_graph_constructed (GObject *object)
{
  PxGraph *self = (PxGraph *)object;

  G_OBJECT_CLASS (px_graph_parent_class)->constructed (object);

  if (self->empty)
    return;
  px_graph_add_layer (self, px_value_axis_new ());
  px_graph_add_layer (self, px_time_axis_new ());
  px_graph_add_layer (self, px_line_layer_new ());
  px_graph_add_layer (self, px_legend_new ());
  px_graph_add_layer (self, px_selection_layer_new ());
  px_graph_add_layer (self, px_cursor_layer_new ());
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

    case PROP_EMPTY:
      g_value_set_boolean (value, self->empty);
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

    case PROP_EMPTY:
      self->empty = g_value_get_boolean (value);
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
  object_class->constructed = px_graph_constructed;

  widget_class->measure = px_graph_measure;
  widget_class->size_allocate = px_graph_size_allocate;
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

  /* A chart built in a template is a line chart unless it says not. */
  properties [PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

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
  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
  px_text_cache_init (&self->texts);
  self->view = px_time_view_new ();
  connect_view (self);

  _px_graph_init_pointer (self);
  _px_graph_init_keys (self);
}

/* A chart without layers, to build of those it needs. */
GtkWidget *
px_graph_new_empty (void)
{
  return g_object_new (PX_TYPE_GRAPH, "empty", TRUE, NULL);
}

/* A line chart: value and time axes, lines, the title and legend, the
 * selection and the cursor's readings. */
GtkWidget *
px_graph_new (void)
{
  return g_object_new (PX_TYPE_GRAPH, NULL);
}

static void
layer_keys_changed_cb (PxGraph *self)
{
  _px_graph_invalidate_legends (self);
  _px_graph_redraw (self);
}

/* Adds @layer over the others, taking ownership of it. */
void
px_graph_add_layer (PxGraph      *self,
                    PxChartLayer *layer)
{
  g_return_if_fail (PX_IS_GRAPH (self));
  g_return_if_fail (PX_IS_CHART_LAYER (layer));

  g_ptr_array_add (self->layers, layer);
  if (self->lines == NULL && PX_IS_LINE_LAYER (layer))
    {
      self->lines = PX_LINE_LAYER (layer);
      px_line_layer_set_heat_map (self->lines, self->heat_map);
    }
  g_signal_connect_object (layer, "changed", G_CALLBACK (_px_graph_redraw), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (layer, "data-changed", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (layer, "keys-changed", G_CALLBACK (layer_keys_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (PX_IS_LEGEND (layer))
    g_signal_connect_object (layer, "more-clicked", G_CALLBACK (_px_graph_show_all_keys), self,
                             G_CONNECT_SWAPPED);
  layer_keys_changed_cb (self);
}

/* The first layer of @type, or NULL. */
PxChartLayer *
px_graph_find_layer (PxGraph *self,
                     GType    type)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), NULL);

  for (guint i = 0; i < self->layers->len; i++)
    if (G_TYPE_CHECK_INSTANCE_TYPE (g_ptr_array_index (self->layers, i), type))
      return g_ptr_array_index (self->layers, i);
  return NULL;
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
  _px_graph_invalidate_legends (self);
  _px_graph_redraw (self);
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
  /* The legend's kept header says it after the title. */
  _px_graph_invalidate_legends (self);
  _px_graph_redraw (self);
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
  _px_graph_redraw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_Y_MAX]);
}

void
px_graph_clear_series (PxGraph *self)
{
  g_return_if_fail (PX_IS_GRAPH (self));
  g_return_if_fail (self->lines != NULL);

  px_line_layer_clear (self->lines);
}

/* Adds a line of @values over @time to the chart's line layer, which
 * keeps both alive; @color NULL takes the next worker colour. */
void
px_graph_add_series (PxGraph       *self,
                     PxHistory     *time,
                     PxHistory     *values,
                     const GdkRGBA *color,
                     const char    *label,
                     gboolean       dashed)
{
  g_autoptr(PxChartSeries) series = NULL;
  GdkRGBA next;

  g_return_if_fail (PX_IS_GRAPH (self));
  g_return_if_fail (self->lines != NULL);
  g_return_if_fail (time != NULL);
  g_return_if_fail (values != NULL);

  if (color == NULL)
    {
      px_graph_get_color (px_line_layer_get_n_series (self->lines), &next);
      color = &next;
    }
  series = px_chart_series_new (time, values, color, label, dashed);
  px_line_layer_add_series (self->lines, series);
}

/* Tells assistive technologies what the chart shows now: the latest
 * value of each visible series, for a screen reader to read out. Called
 * by the owner at a pace a listener can follow, not at every sample. */
void
px_graph_update_description (PxGraph *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (PX_IS_GRAPH (self));

  /* While the keyboard reads the cursor, what it reads stays. */
  if (self->reading != NULL)
    return;
  for (guint i = 0; i < self->layers->len; i++)
    px_chart_layer_describe (g_ptr_array_index (self->layers, i), self->unit, text);
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
  g_return_if_fail (self->lines != NULL);
  g_return_if_fail (index < px_line_layer_get_n_series (self->lines));

  px_chart_layer_set_key_hidden (PX_CHART_LAYER (self->lines), index, hidden);
}

gboolean
px_graph_get_series_hidden (PxGraph *self,
                            guint    index)
{
  PxChartKey key;

  g_return_val_if_fail (PX_IS_GRAPH (self), FALSE);
  g_return_val_if_fail (self->lines != NULL, FALSE);
  g_return_val_if_fail (index < px_line_layer_get_n_series (self->lines), FALSE);

  px_chart_layer_get_key (PX_CHART_LAYER (self->lines), index, &key);
  return key.hidden;
}

guint
px_graph_get_n_series (PxGraph *self)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), 0);

  return self->lines != NULL ? px_line_layer_get_n_series (self->lines) : 0;
}

/* All points of all series, visible or not. */
guint
px_graph_get_n_points (PxGraph *self)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), 0);

  return self->lines != NULL ? px_line_layer_get_n_points (self->lines) : 0;
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
/**
 * px_graph_set_heat_map:
 *
 * Draws the graph's lines as a heat map: a row each, coloured by its
 * value, for more lines than the eye can tell apart.
 */
void
px_graph_set_heat_map (PxGraph  *self,
                       gboolean  heat_map)
{
  g_return_if_fail (PX_IS_GRAPH (self));

  heat_map = !!heat_map;
  if (self->heat_map == heat_map)
    return;
  self->heat_map = heat_map;
  if (self->lines != NULL)
    px_line_layer_set_heat_map (self->lines, heat_map);
  _px_graph_redraw (self);
}

/**
 * px_graph_get_reading:
 *
 * Returns: (nullable): what the readings at the cursor say while the
 *   graph has the keyboard, as assistive technologies are told
 */
const char *
px_graph_get_reading (PxGraph *self)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), NULL);

  return self->reading;
}

gboolean
px_graph_get_heat_map (PxGraph *self)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), FALSE);

  return self->heat_map;
}

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
  _px_graph_redraw (self);
}

PxTimeView *
px_graph_get_time_view (PxGraph *self)
{
  g_return_val_if_fail (PX_IS_GRAPH (self), NULL);

  return self->view;
}

static void
set_rgba (GdkRGBA       *color,
          const PxColor *c)
{
  *color = (GdkRGBA) { c->red, c->green, c->blue, 1 };
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
  set_rgba (color, &c);
}

/* The colour of what a series means, as reports draw it too. */
void
px_graph_get_role_color (PxColorRole  role,
                         GdkRGBA     *color)
{
  PxColor c;

  g_return_if_fail (color != NULL);

  px_palette_get_role (role, &c);
  set_rgba (color, &c);
}

/* The colour of host @index, as the worker table and timeline show it. */
void
px_graph_get_host_color (guint    index,
                         GdkRGBA *color)
{
  PxColor c;

  g_return_if_fail (color != NULL);

  px_palette_get_host (index, &c);
  set_rgba (color, &c);
}
