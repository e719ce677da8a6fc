/* test-graph-frames.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart's frames on screen as GTK sees them: after a new sample on a
 * time axis that has not moved, the frame keeps the render nodes of its
 * grids, labels and all but the newest columns of its lines, so GTK
 * draws again only where the sample is; when the axis moves, the kept
 * parts are drawn again. The new sample is on screen where its time is,
 * and the frame drawn from the last one is pixel for pixel the frame a
 * new chart draws whole from the same samples. An export at another size
 * leaves the legend on screen clickable where it is drawn. The task
 * timeline keeps the columns of its tasks the same way.
 */

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>

#include "px-chart-layers.h"
#include "px-graph.h"
#include "px-history.h"
#include "px-task-layer-private.h"
#include "px-time-view.h"
#include "px-test-helpers.h"

#define WIDTH  600
#define HEIGHT 160

static gboolean have_display;

/* The nodes that draw, in order, through the ones that only group,
 * move or clip them. */
static void
collect_leaves (GskRenderNode *node,
                GPtrArray     *leaves)
{
  switch ((int)gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_leaves (gsk_container_node_get_child (node, i), leaves);
      break;

    case GSK_TRANSFORM_NODE:
      collect_leaves (gsk_transform_node_get_child (node), leaves);
      break;

    case GSK_CLIP_NODE:
      collect_leaves (gsk_clip_node_get_child (node), leaves);
      break;

    default:
      g_ptr_array_add (leaves, node);
    }
}

static GskRenderNode *
snapshot_graph (GtkWidget *graph)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  GTK_WIDGET_GET_CLASS (graph)->snapshot (graph, snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

static guint
count_shared (GPtrArray *now,
              GPtrArray *before)
{
  guint shared = 0;

  for (guint i = 0; i < now->len; i++)
    if (g_ptr_array_find (before, now->pdata[i], NULL))
      shared++;
  return shared;
}

/* Whether the texture has a pixel near @color in columns @x0 to @x1. */
static gboolean
has_color (GdkTexture    *texture,
           int            x0,
           int            x1,
           const GdkRGBA *color)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize)width * height);

  gdk_texture_download (texture, (guchar *)pixels, (gsize)width * 4);
  for (int y = 0; y < height; y++)
    for (int x = MAX (x0, 0); x <= MIN (x1, width - 1); x++)
      {
        guint32 p = pixels[(gsize)y * width + x];

        if (abs ((int)((p >> 16) & 0xff) - (int)(color->red * 255)) < 24 &&
            abs ((int)((p >> 8) & 0xff) - (int)(color->green * 255)) < 24 &&
            abs ((int)(p & 0xff) - (int)(color->blue * 255)) < 24)
          return TRUE;
      }
  return FALSE;
}

static GtkWidget *
new_graph_window (PxHistory     *time,
                  PxHistory     *values,
                  const GdkRGBA *color,
                  GtkWidget    **graph)
{
  GtkWidget *window = gtk_window_new ();

  /* Its size is the chart's, whatever the display; the pointer, wherever
   * it is, is not over it. */
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  *graph = px_graph_new ();
  gtk_widget_set_size_request (*graph, WIDTH, HEIGHT);
  gtk_widget_set_can_target (*graph, FALSE);
  px_graph_set_title (PX_GRAPH (*graph), "Frames");
  px_graph_add_series (PX_GRAPH (*graph), time, values, color, "Series", FALSE);
  gtk_window_set_child (GTK_WINDOW (window), *graph);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (*graph) != WIDTH || gtk_widget_get_height (*graph) != HEIGHT)
    g_main_context_iteration (NULL, TRUE);
  /* The window's time axis: ten seconds, while the run is at four. */
  px_time_view_set_extent (px_graph_get_time_view (PX_GRAPH (*graph)), 0, 10);
  return window;
}

static GdkTexture *
render (GtkWidget     *window,
        GskRenderNode *node,
        GtkWidget     *graph)
{
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (graph),
                                                           gtk_widget_get_height (graph)));
}

/* How many pixels of @a and @b differ; they must be the same size. */
static guint
count_differences (GdkTexture *a,
                   GdkTexture *b)
{
  int width = gdk_texture_get_width (a);
  int height = gdk_texture_get_height (a);
  g_autofree guint32 *pa = g_new (guint32, (gsize)width * height);
  g_autofree guint32 *pb = g_new (guint32, (gsize)width * height);
  guint n = 0;

  g_assert_cmpint (gdk_texture_get_width (b), ==, width);
  g_assert_cmpint (gdk_texture_get_height (b), ==, height);
  gdk_texture_download (a, (guchar *)pa, (gsize)width * 4);
  gdk_texture_download (b, (guchar *)pb, (gsize)width * 4);
  for (gsize i = 0; i < (gsize)width * height; i++)
    n += pa[i] != pb[i];
  return n;
}

/* That @node, a frame of a chart on @time and @values drawn from its
 * last frame, is pixel for pixel the frame a new chart draws whole. */
static void
assert_same_as_whole (GtkWidget     *window,
                      GskRenderNode *node,
                      PxHistory     *time,
                      PxHistory     *values,
                      const GdkRGBA *color)
{
  GtkWidget *other_graph;
  GtkWidget *other = new_graph_window (time, values, color, &other_graph);
  GskRenderNode *whole = snapshot_graph (other_graph);
  g_autoptr(GdkTexture) expected = render (window, whole, other_graph);
  g_autoptr(GdkTexture) got = render (window, node, other_graph);

  g_assert_cmpuint (count_differences (got, expected), ==, 0);
  gsk_render_node_unref (whole);
  gtk_window_destroy (GTK_WINDOW (other));
}

static void
test_kept_nodes (void)
{
  PxHistory *time = px_history_new (600);
  PxHistory *values = px_history_new (600);
  const GdkRGBA color = { 0.8, 0.1, 0.1, 1 };
  GtkWidget *window, *graph;
  PxTimeView *view;
  GskRenderNode *first, *second, *third;
  g_autoptr(GPtrArray) leaves1 = g_ptr_array_new ();
  g_autoptr(GPtrArray) leaves2 = g_ptr_array_new ();
  g_autoptr(GPtrArray) leaves3 = g_ptr_array_new ();
  graphene_rect_t changed = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  g_autoptr(GdkTexture) texture = NULL;
  guint shared, n_changed = 0;
  double x;

  if (!have_display)
    {
      g_test_skip ("No display: the chart's frames need GTK (run under xvfb-run)");
      return;
    }

  for (int i = 0; i < 40; i++)
    {
      px_history_push (time, i * 0.1);
      px_history_push (values, 30 + 20 * sin (i / 3.0));
    }
  window = new_graph_window (time, values, &color, &graph);
  view = px_graph_get_time_view (PX_GRAPH (graph));
  first = snapshot_graph (graph);
  collect_leaves (first, leaves1);

  /* A new sample is only queued a draw, as the window does. Its value
   * keeps the top of the axis where it was (100). */
  px_history_push (time, 4.0);
  px_history_push (values, 95);
  gtk_widget_queue_draw (graph);
  second = snapshot_graph (graph);
  collect_leaves (second, leaves2);

  g_assert_cmpuint (leaves2->len, ==, leaves1->len);
  g_assert_cmpuint (leaves2->len, >=, 6);
  shared = count_shared (leaves2, leaves1);
  for (guint i = 0; i < leaves2->len; i++)
    if (!g_ptr_array_find (leaves1, leaves2->pdata[i], NULL))
      {
        graphene_rect_t bounds;

        gsk_render_node_get_bounds (leaves2->pdata[i], &bounds);
        if (n_changed++ == 0)
          changed = bounds;
        else
          graphene_rect_union (&changed, &bounds, &changed);
      }
  g_test_message ("%u of %u nodes kept; changed from x %.0f to %.0f", shared, leaves2->len,
                  changed.origin.x, changed.origin.x + changed.size.width);
  /* The header, the grids and labels under and over the lines, and the
   * columns of lines before 3.9 s, are the same nodes: only the newest
   * change. */
  g_assert_true (leaves2->pdata[0] == leaves1->pdata[0]);
  g_assert_true (leaves2->pdata[1] == leaves1->pdata[1]);
  g_assert_true (leaves2->pdata[leaves2->len - 1] == leaves1->pdata[leaves1->len - 1]);
  g_assert_cmpuint (n_changed, >=, 1);
  g_assert_cmpuint (n_changed, <=, 2);
  g_assert_cmpfloat (changed.size.width, <=, 2 * 64 + 2);
  x = gtk_widget_get_width (graph) * 0.4;
  g_assert_cmpfloat (changed.origin.x, <=, x);
  g_assert_cmpfloat (changed.origin.x + changed.size.width, >=, x);

  /* What the frame shows: the sample's line reaches its time, 40 % of
   * the way along the axis. */
  texture = render (window, second, graph);
  g_assert_true (has_color (texture, (int)x - 6, (int)x, &color));
  g_assert_false (has_color (texture, (int)x + 8, gtk_widget_get_width (graph), &color));

  /* Drawn from the last frame, it is the frame drawn whole. */
  assert_same_as_whole (window, second, time, values, &color);

  /* Samples closer than a pixel, shown as the lowest and highest of
   * their column, and a gap. */
  for (int i = 0; i < 12; i++)
    {
      gsk_render_node_unref (second);
      px_history_push (time, 4.0 + (i + 1) * 0.002);
      px_history_push (values, i == 6 ? NAN : 20 + (i * 37) % 60);
      gtk_widget_queue_draw (graph);
      second = snapshot_graph (graph);
      assert_same_as_whole (window, second, time, values, &color);
    }
  g_ptr_array_set_size (leaves2, 0);
  collect_leaves (second, leaves2);

  /* The axis moves: what is under and over the lines is drawn again,
   * the header (title, legend) kept. */
  px_time_view_set_extent (view, 0, 20);
  third = snapshot_graph (graph);
  collect_leaves (third, leaves3);
  g_assert_true (leaves3->pdata[0] == leaves2->pdata[0]);
  g_assert_false (g_ptr_array_find (leaves2, leaves3->pdata[1], NULL));
  g_assert_false (g_ptr_array_find (leaves2, leaves3->pdata[leaves3->len - 1], NULL));
  /* And its frame is the one drawn whole on that axis. */
  {
    GtkWidget *other_graph;
    GtkWidget *other = new_graph_window (time, values, &color, &other_graph);
    GskRenderNode *whole;
    g_autoptr(GdkTexture) expected = NULL;
    g_autoptr(GdkTexture) got = NULL;

    px_time_view_set_extent (px_graph_get_time_view (PX_GRAPH (other_graph)), 0, 20);
    whole = snapshot_graph (other_graph);
    expected = render (window, whole, other_graph);
    got = render (window, third, other_graph);
    g_assert_cmpuint (count_differences (got, expected), ==, 0);
    gsk_render_node_unref (whole);
    gtk_window_destroy (GTK_WINDOW (other));
  }

  gsk_render_node_unref (first);
  gsk_render_node_unref (second);
  gsk_render_node_unref (third);
  gtk_window_destroy (GTK_WINDOW (window));
  px_history_unref (time);
  px_history_unref (values);
}

/* The last node a frame draws: the cursor's. */
static GskRenderNode *
last_leaf (GskRenderNode *frame)
{
  g_autoptr(GPtrArray) leaves = g_ptr_array_new ();

  collect_leaves (frame, leaves);
  g_assert_cmpuint (leaves->len, >, 0);
  return leaves->pdata[leaves->len - 1];
}

/* The cursor's node is kept while what it draws stays the same: new
 * samples after it, on an axis that has not moved, change nothing of
 * it. A cursor moved, or a new sample nearer it, whose dot is elsewhere,
 * gives a new node; each frame is the frame drawn whole. */
static void
test_kept_cursor (void)
{
  PxHistory *time = px_history_new (600);
  PxHistory *values = px_history_new (600);
  const GdkRGBA color = { 0.1, 0.5, 0.1, 1 };
  GtkWidget *window, *graph, *other, *other_graph;
  GskRenderNode *frames[4];
  g_autoptr(GdkTexture) got = NULL;
  g_autoptr(GdkTexture) expected = NULL;
  GskRenderNode *whole;

  if (!have_display)
    {
      g_test_skip ("No display: the chart's frames need GTK (run under xvfb-run)");
      return;
    }

  for (int i = 0; i < 40; i++)
    {
      px_history_push (time, i * 0.1);
      px_history_push (values, 50);
    }
  window = new_graph_window (time, values, &color, &graph);
  px_graph_set_cursor (PX_GRAPH (graph), 1.0);
  frames[0] = snapshot_graph (graph);

  /* A sample after the cursor: the same node. */
  px_history_push (time, 4.0);
  px_history_push (values, 90);
  gtk_widget_queue_draw (graph);
  frames[1] = snapshot_graph (graph);
  g_assert_true (last_leaf (frames[1]) == last_leaf (frames[0]));

  /* The cursor moved past the newest sample, which it reads: only its
   * node is new. */
  px_graph_set_cursor (PX_GRAPH (graph), 4.08);
  frames[2] = snapshot_graph (graph);
  {
    g_autoptr(GPtrArray) before = g_ptr_array_new ();
    g_autoptr(GPtrArray) after = g_ptr_array_new ();

    collect_leaves (frames[1], before);
    collect_leaves (frames[2], after);
    g_assert_cmpuint (after->len, ==, before->len);
    for (guint i = 0; i + 1 < after->len; i++)
      g_assert_true (after->pdata[i] == before->pdata[i]);
    g_assert_true (after->pdata[after->len - 1] != before->pdata[before->len - 1]);
  }

  /* A sample nearer the cursor, lower: its reading and dot move, so does
   * the node. */
  px_history_push (time, 4.1);
  px_history_push (values, 10);
  gtk_widget_queue_draw (graph);
  frames[3] = snapshot_graph (graph);
  g_assert_true (last_leaf (frames[3]) != last_leaf (frames[2]));

  /* And the frame is the one drawn whole, with its cursor where it is. */
  other = new_graph_window (time, values, &color, &other_graph);
  px_graph_set_cursor (PX_GRAPH (other_graph), 4.08);
  whole = snapshot_graph (other_graph);
  expected = render (window, whole, other_graph);
  got = render (window, frames[3], other_graph);
  g_assert_cmpuint (count_differences (got, expected), ==, 0);
  gsk_render_node_unref (whole);
  gtk_window_destroy (GTK_WINDOW (other));

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    gsk_render_node_unref (frames[i]);
  gtk_window_destroy (GTK_WINDOW (window));
  px_history_unref (time);
  px_history_unref (values);
}

/* @n tasks of 50 ms on two workers from time zero, each worker's after
 * the last; one more from 2.0 s to 2.05 s with @late. */
static GBytes *
tasks_until (guint    n,
             gboolean late)
{
  guint total = n + (late ? 1 : 0);
  PxTaskRecord *r = g_new0 (PxTaskRecord, total);

  for (guint i = 0; i < n; i++)
    r[i] = (PxTaskRecord) { .start_us = (i / 2) * 50000, .end_us = (i / 2 + 1) * 50000,
                            .worker = i % 2, .status = PX_TASK_DONE };
  if (late)
    r[n] = (PxTaskRecord) { .start_us = 2000000, .end_us = 2050000, .worker = 1,
                            .status = PX_TASK_DONE };
  return g_bytes_new_take (r, total * sizeof *r);
}

static GtkWidget *
new_timeline_window (GBytes     *records,
                     GtkWidget **graph)
{
  GtkWidget *window = gtk_window_new ();
  PxChartLayer *tasks = px_task_layer_new ();

  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  *graph = px_graph_new_empty ();
  px_graph_set_title (PX_GRAPH (*graph), "Tasks");
  px_graph_add_layer (PX_GRAPH (*graph), px_time_axis_new ());
  px_graph_add_layer (PX_GRAPH (*graph), tasks);
  px_graph_add_layer (PX_GRAPH (*graph), px_legend_new ());
  px_graph_add_layer (PX_GRAPH (*graph), px_cursor_layer_new ());
  px_task_layer_set_records (PX_TASK_LAYER (tasks), records, NULL, 2, 0);
  gtk_widget_set_size_request (*graph, WIDTH, HEIGHT);
  gtk_widget_set_can_target (*graph, FALSE);
  gtk_window_set_child (GTK_WINDOW (window), *graph);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (*graph) != WIDTH || gtk_widget_get_height (*graph) != HEIGHT)
    g_main_context_iteration (NULL, TRUE);
  px_time_view_set_extent (px_graph_get_time_view (PX_GRAPH (*graph)), 0, 5);
  return window;
}

/* The timeline's tasks are columns of pixels too: a task that ends at
 * the newest time is painted from where it begins, over the pixels
 * kept, and changes the columns where it is; the others stay the same
 * nodes; the frame is the one a new timeline draws whole. */
static void
test_timeline_columns (void)
{
  /* 38 tasks a lane: the second block of a lane's tasks (32 a block)
   * starts at 1.6 s, and holds the late one. */
  g_autoptr(GBytes) before = tasks_until (76, TRUE);
  g_autoptr(GBytes) after = tasks_until (76, TRUE);
  /* As a run's records do, the last task ends after the first frame. */
  PxTaskRecord *late = (PxTaskRecord *)g_bytes_get_data (before, NULL) + 76;
  g_autoptr(GPtrArray) leaves1 = g_ptr_array_new ();
  g_autoptr(GPtrArray) leaves2 = g_ptr_array_new ();
  g_autoptr(GPtrArray) leaves3 = g_ptr_array_new ();
  g_autoptr(GdkTexture) expected = NULL;
  g_autoptr(GdkTexture) got = NULL;
  GtkWidget *window, *graph, *other, *other_graph;
  GskRenderNode *first, *second, *third, *whole;
  PxTaskLayer *tasks;
  guint n_changed = 0, n_columns = 0;
  guint64 paints;
  double x;
  int scale;

  if (!have_display)
    {
      g_test_skip ("No display: the chart's frames need GTK (run under xvfb-run)");
      return;
    }

  late->status = PX_TASK_PENDING;
  window = new_timeline_window (before, &graph);
  tasks = PX_TASK_LAYER (px_graph_find_layer (PX_GRAPH (graph), PX_TYPE_TASK_LAYER));
  first = snapshot_graph (graph);
  collect_leaves (first, leaves1);

  late->status = PX_TASK_DONE;
  paints = tasks->screen_paints;
  px_task_layer_update (tasks);
  second = snapshot_graph (graph);
  collect_leaves (second, leaves2);
  g_assert_cmpuint (tasks->screen_paints, ==, paints + 1);
  /* From its block's start at 1.6 s, a third of the way, not from the
   * task's own at 2.0 s. */
  scale = gtk_widget_get_scale_factor (graph);
  g_test_message ("painted from column %d of %d", tasks->screen_painted_from,
                  gtk_widget_get_width (graph) * scale);
  g_assert_cmpint (tasks->screen_painted_from, >, 0.25 * gtk_widget_get_width (graph) * scale);
  g_assert_cmpint (tasks->screen_painted_from, <, 0.36 * gtk_widget_get_width (graph) * scale);

  /* Where the new task ends, 40 % of the way along the axis. */
  x = gtk_widget_get_width (graph) * 0.4;
  /* The header, then under the tasks the grids; over them, the lanes'
   * labels; between, the columns. */
  for (guint i = 2; i + 1 < leaves2->len; i++)
    {
      graphene_rect_t bounds;

      gsk_render_node_get_bounds (leaves2->pdata[i], &bounds);
      g_assert_cmpfloat (bounds.size.width, <=, 64);
      n_columns++;
      if (g_ptr_array_find (leaves1, leaves2->pdata[i], NULL))
        continue;
      n_changed++;
      g_assert_cmpfloat (bounds.origin.x, <=, x + 1);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, >=, x - 4);
    }
  g_test_message ("%u of %u columns of tasks changed", n_changed, n_columns);
  g_assert_cmpuint (n_columns, >=, 6);
  g_assert_cmpuint (n_changed, >=, 1);
  g_assert_cmpuint (n_changed, <=, 2);

  /* A frame with no new task (the pointer moved, samples came): the
   * same columns, not painted again. */
  paints = tasks->screen_paints;
  third = snapshot_graph (graph);
  collect_leaves (third, leaves3);
  g_assert_cmpuint (tasks->screen_paints, ==, paints);
  g_assert_cmpuint (leaves3->len, ==, leaves2->len);
  for (guint i = 1; i + 1 < leaves3->len; i++)
    g_assert_true (leaves3->pdata[i] == leaves2->pdata[i]);
  gsk_render_node_unref (third);

  other = new_timeline_window (after, &other_graph);
  whole = snapshot_graph (other_graph);
  expected = render (window, whole, other_graph);
  got = render (window, second, graph);
  g_assert_cmpuint (count_differences (got, expected), ==, 0);

  gsk_render_node_unref (whole);
  gsk_render_node_unref (first);
  gsk_render_node_unref (second);
  gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Zoomed out to 800 s, a lane's 32 tasks are a pixel or two (at either
 * scale), spread evenly over them: the late task changes its block's
 * pixels from the block's start, and the frame painted from there on
 * what was kept is still the one a new timeline draws whole. */
static void
test_timeline_merged_columns (void)
{
  g_autoptr(GBytes) before = tasks_until (76, TRUE);
  g_autoptr(GBytes) after = tasks_until (76, TRUE);
  PxTaskRecord *late = (PxTaskRecord *)g_bytes_get_data (before, NULL) + 76;
  g_autoptr(GdkTexture) expected = NULL;
  g_autoptr(GdkTexture) got = NULL;
  GtkWidget *window, *graph, *other, *other_graph;
  GskRenderNode *frame, *whole;
  PxTaskLayer *tasks;

  if (!have_display)
    {
      g_test_skip ("No display: the chart's frames need GTK (run under xvfb-run)");
      return;
    }

  late->status = PX_TASK_PENDING;
  window = new_timeline_window (before, &graph);
  px_time_view_set_extent (px_graph_get_time_view (PX_GRAPH (graph)), 0, 800);
  tasks = PX_TASK_LAYER (px_graph_find_layer (PX_GRAPH (graph), PX_TYPE_TASK_LAYER));
  gsk_render_node_unref (snapshot_graph (graph));

  late->status = PX_TASK_DONE;
  px_task_layer_update (tasks);
  frame = snapshot_graph (graph);
  g_assert_cmpint (tasks->screen_painted_from, >, 0);

  other = new_timeline_window (after, &other_graph);
  px_time_view_set_extent (px_graph_get_time_view (PX_GRAPH (other_graph)), 0, 800);
  whole = snapshot_graph (other_graph);
  expected = render (window, whole, other_graph);
  got = render (window, frame, graph);
  g_assert_cmpuint (count_differences (got, expected), ==, 0);

  gsk_render_node_unref (whole);
  gsk_render_node_unref (frame);
  gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
draw_frame (GtkWidget *graph)
{
  gsk_render_node_unref (snapshot_graph (graph));
}

/* The points of the legend's row that a click hits. A hit hides a
 * series and lays the legend out again: a frame later, a second click
 * shows it again. */
static GArray *
find_legend_hits (GtkWidget *graph)
{
  PxChartLayer *legend = px_graph_find_layer (PX_GRAPH (graph), PX_TYPE_LEGEND);
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (int));

  for (int x = 0; x < gtk_widget_get_width (graph); x += 2)
    if (px_chart_layer_pressed (legend, NULL, x, PX_CHART_PAD + 6))
      {
        g_array_append_val (hits, x);
        draw_frame (graph);
        g_assert_true (px_chart_layer_pressed (legend, NULL, x, PX_CHART_PAD + 6));
        draw_frame (graph);
      }
  return hits;
}

static void
test_legend_after_export (void)
{
  PxHistory *time = px_history_new (600);
  PxHistory *values = px_history_new (600);
  PxHistory *others = px_history_new (600);
  const GdkRGBA color = { 0.8, 0.1, 0.1, 1 };
  const GdkRGBA other_color = { 0.1, 0.1, 0.8, 1 };
  cairo_surface_t *surface;
  cairo_t *cr;
  GtkWidget *window, *graph;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;

  if (!have_display)
    {
      g_test_skip ("No display: the chart's frames need GTK (run under xvfb-run)");
      return;
    }

  for (int i = 0; i < 40; i++)
    {
      px_history_push (time, i * 0.1);
      px_history_push (values, 30);
      px_history_push (others, 60);
    }
  window = new_graph_window (time, values, &color, &graph);
  px_graph_add_series (PX_GRAPH (graph), time, others, &other_color, "Other", FALSE);
  draw_frame (graph);
  before = find_legend_hits (graph);
  g_assert_cmpuint (before->len, >, 0);

  /* A frame that keeps its header, after an export twice as wide. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2 * WIDTH, HEIGHT);
  cr = cairo_create (surface);
  px_graph_draw (PX_GRAPH (graph), cr, 2 * WIDTH, HEIGHT);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  px_history_push (time, 4.0);
  px_history_push (values, 30);
  px_history_push (others, 60);
  gtk_widget_queue_draw (graph);
  draw_frame (graph);

  after = find_legend_hits (graph);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpint (g_array_index (after, int, i), ==, g_array_index (before, int, i));

  gtk_window_destroy (GTK_WINDOW (window));
  px_history_unref (time);
  px_history_unref (values);
  px_history_unref (others);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add_func ("/px/graph/kept-nodes", test_kept_nodes);
  g_test_add_func ("/px/graph/kept-cursor", test_kept_cursor);
  g_test_add_func ("/px/graph/legend-after-export", test_legend_after_export);
  g_test_add_func ("/px/graph/timeline-columns", test_timeline_columns);
  g_test_add_func ("/px/graph/timeline-merged-columns", test_timeline_merged_columns);

  return g_test_run ();
}
