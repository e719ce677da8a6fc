/* test-timeline.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The task timeline and the layers it is drawn with: stacked columns in
 * the raster, bars where the tasks ran and blank where the workers
 * idled, the readings over a task, a click selecting its span, and the
 * merging of tasks narrower than a pixel into how busy the worker was.
 */

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>

#include "px-chart-layers.h"
#include "px-graph.h"
#include "px-raster.h"
#include "px-scale.h"
#include "px-test-helpers.h"

#define WIDTH  416
#define HEIGHT 200

static gboolean have_display;

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(const guint32 *)(gconstpointer)(data + y * stride + 4 * x) & 0xffffff;
}

static guint32
role_rgb (PxColorRole role)
{
  PxColor c;

  px_palette_get_role (role, &c);
  return px_raster_color (c.red, c.green, c.blue) & 0xffffff;
}

static void
test_fill_stack (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2, 8);
  PxRaster r = { 0 };
  const double heights[] = { 2, 2.5 };
  const guint32 colors[] = { 0xffff0000, 0xff0000ff };
  guint32 *pixels;

  r.pixels = (guint32 *)(gpointer)cairo_image_surface_get_data (surface);
  r.stride = cairo_image_surface_get_stride (surface) / 4;
  r.width = 2;
  r.height = 8;
  r.top = r.height;
  r.bottom = 0;
  pixels = r.pixels;

  /* Red on rows 6-7, blue on 4-5 and half of 3; nothing above. */
  px_raster_fill_stack (&r, 1, 8, heights, colors, 2);
  g_assert_cmphex (pixels[7 * r.stride + 1], ==, 0xffff0000);
  g_assert_cmphex (pixels[6 * r.stride + 1], ==, 0xffff0000);
  g_assert_cmphex (pixels[5 * r.stride + 1], ==, 0xff0000ff);
  g_assert_cmphex (pixels[4 * r.stride + 1], ==, 0xff0000ff);
  /* Half covered: premultiplied half blue. */
  g_assert_cmpuint (pixels[3 * r.stride + 1] >> 24, >=, 0x7f);
  g_assert_cmpuint (pixels[3 * r.stride + 1] >> 24, <=, 0x81);
  g_assert_cmphex (pixels[2 * r.stride + 1], ==, 0);
  /* The other column is untouched; the rows drawn are known. */
  for (int y = 0; y < 8; y++)
    g_assert_cmphex (pixels[y * r.stride], ==, 0);
  g_assert_cmpint (r.top, ==, 3);
  g_assert_cmpint (r.bottom, ==, 8);

  /* A band that straddles rows mixes into them. */
  {
    const double mixed[] = { 0.5, 0.5 };

    px_raster_fill_stack (&r, 0, 1, mixed, colors, 2);
    g_assert_cmphex (pixels[0], ==, 0xff7f007f);
  }
  cairo_surface_destroy (surface);
}

/* A raster over a fresh @width × @height surface. */
static PxRaster
raster_new (cairo_surface_t *surface)
{
  PxRaster r = { 0 };

  r.pixels = (guint32 *)(gpointer)cairo_image_surface_get_data (surface);
  r.stride = cairo_image_surface_get_stride (surface) / 4;
  r.width = cairo_image_surface_get_width (surface);
  r.height = cairo_image_surface_get_height (surface);
  r.top = r.height;
  return r;
}

static void
test_polyline (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 12, 12);
  PxRaster r = raster_new (surface);
  const guint32 red = 0xffff0000;
  guint32 *pixels = r.pixels;
  int s = r.stride;

  /* Flat, one pixel wide, centred on row 2.5: row 2 covered whole from
   * the column of its start to that of its end, rows 1 and 3 not. */
  {
    const PxPoint flat[] = { { 1.5, 2.5 }, { 8.5, 2.5 } };

    px_raster_draw_polyline (&r, flat, 2, 0, 0, 1, 0.5, red, 1, FALSE);
    for (int x = 0; x < 12; x++)
      {
        g_assert_cmphex (pixels[2 * s + x], ==, x >= 1 && x <= 8 ? red : 0);
        g_assert_cmphex (pixels[1 * s + x], ==, 0);
        g_assert_cmphex (pixels[3 * s + x], ==, 0);
      }
    g_assert_cmpint (r.top, ==, 2);
    g_assert_cmpint (r.bottom, ==, 3);
  }

  /* Half a pixel each side of row 6: two rows half covered, at half
   * alpha a quarter. */
  {
    const PxPoint half[] = { { 0.5, 6 }, { 3.5, 6 } };

    px_raster_draw_polyline (&r, half, 2, 0, 0, 1, 0.5, red, 0.5, FALSE);
    for (int x = 0; x < 4; x++)
      for (int y = 5; y <= 6; y++)
        {
          g_assert_cmpuint (pixels[y * s + x] >> 24, >=, 0x3f);
          g_assert_cmpuint (pixels[y * s + x] >> 24, <=, 0x41);
        }
    g_assert_cmphex (pixels[7 * s], ==, 0);
  }

  /* A steep segment covers, in each column, the rows it crosses there:
   * from (9, 0) to (11, 10), five rows a column. */
  {
    const PxPoint steep[] = { { 9, 0 }, { 11, 10 } };

    px_raster_draw_polyline (&r, steep, 2, 0, 0, 1, 0, red, 1, FALSE);
    for (int y = 0; y < 10; y++)
      {
        g_assert_cmphex (pixels[y * s + 9], ==, y < 5 ? red : 0);
        g_assert_cmphex (pixels[y * s + 10], ==, y >= 5 ? red : 0);
      }
  }
  cairo_surface_destroy (surface);

  /* A NAN breaks the line: nothing between the runs. Points far off the
   * raster are clipped, and columns before its left are left alone. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 12, 12);
  r = raster_new (surface);
  pixels = r.pixels;
  {
    const PxPoint runs[] = {
      { 0.5, 4.5 }, { 2.5, 4.5 }, { NAN, NAN }, { 8.5, 4.5 }, { 10.5, 4.5 },
      { NAN, NAN }, { -1e12, 9.5 }, { 1e12, 9.5 },
    };

    r.left = 1;
    px_raster_draw_polyline (&r, runs, G_N_ELEMENTS (runs), 0, 0, 1, 0.5, red, 1, FALSE);
    for (int x = 0; x < 12; x++)
      {
        g_assert_cmphex (pixels[4 * s + x], ==, (x >= 1 && x <= 2) || (x >= 8 && x <= 10) ? red : 0);
        g_assert_cmphex (pixels[9 * s + x], ==, x >= 1 ? red : 0);
      }
  }
  cairo_surface_destroy (surface);
}

/* Two workers over one second: worker 0 runs task 0 the whole second,
 * half of it waiting on a lock; worker 1 idles, then runs task 1 from
 * 0.5 s, which fails. */
static GBytes *
two_tasks (void)
{
  PxTaskRecord *r = g_new0 (PxTaskRecord, 2);

  r[0] = (PxTaskRecord) { .enqueue_us = 1000000, .start_us = 1000000, .end_us = 2000000,
                          .worker = 0, .status = PX_TASK_DONE };
  r[1] = (PxTaskRecord) { .enqueue_us = 1000000, .start_us = 1500000, .end_us = 2000000,
                          .io_wait_us = 100000, .worker = 1, .attempt = 1,
                          .status = PX_TASK_FAILED };
  return g_bytes_new_take (r, 2 * sizeof *r);
}

/* The lock wait of two_tasks()'s task 0. */
static GBytes *
two_tasks_waits (void)
{
  PxTaskWaits *w = g_new0 (PxTaskWaits, 2);

  w[0].lock_wait_us = 500000;
  return g_bytes_new_take (w, 2 * sizeof *w);
}

static GtkWidget *
timeline_new (PxTaskLayer **tasks)
{
  GtkWidget *graph = g_object_ref_sink (px_graph_new_empty ());
  PxChartLayer *layer = px_task_layer_new ();

  px_graph_set_title (PX_GRAPH (graph), "Tasks");
  px_graph_add_layer (PX_GRAPH (graph), px_time_axis_new ());
  px_graph_add_layer (PX_GRAPH (graph), layer);
  px_graph_add_layer (PX_GRAPH (graph), px_legend_new ());
  px_graph_add_layer (PX_GRAPH (graph), px_selection_layer_new ());
  px_graph_add_layer (PX_GRAPH (graph), px_cursor_layer_new ());
  *tasks = PX_TASK_LAYER (layer);
  return graph;
}

/* Draws @graph on a white @surface, as an export does. */
static void
draw_on_white (GtkWidget       *graph,
               cairo_surface_t *surface)
{
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  px_graph_draw (PX_GRAPH (graph), cr, WIDTH, HEIGHT);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
}

/* The colours down the column at @t seconds, each once, in order. */
static GArray *
column_colours (cairo_surface_t *surface,
                double           t)
{
  GArray *colours = g_array_new (FALSE, FALSE, sizeof (guint32));
  int x = (int)(8 + t * (WIDTH - 16));

  for (int y = 0; y < HEIGHT; y++)
    {
      guint32 c = pixel_at (surface, x, y);

      if (colours->len == 0 || g_array_index (colours, guint32, colours->len - 1) != c)
        g_array_append_val (colours, c);
    }
  return colours;
}

static gboolean
has_colour (GArray  *colours,
            guint32  colour,
            guint   *index)
{
  for (guint i = 0; i < colours->len; i++)
    if (g_array_index (colours, guint32, i) == colour)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

static void
test_lanes (void)
{
  g_autoptr(GBytes) records = two_tasks ();
  g_autoptr(GBytes) waits = two_tasks_waits ();
  PxTaskLayer *tasks;
  GtkWidget *graph;
  GtkWidget *window;
  cairo_surface_t *surface;
  g_autoptr(GArray) early = NULL;
  g_autoptr(GArray) late = NULL;
  guint compute = 0, lock = 0, io = 0, failed = 0, k = 0;

  if (!px_test_require_display (have_display))
    return;

  graph = timeline_new (&tasks);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), graph);
  px_task_layer_set_records (tasks, records, waits, 2, 1000000);
  g_assert_cmpuint (px_task_layer_get_n_tasks (tasks), ==, 2);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  draw_on_white (graph, surface);

  /* At 0.25 s: worker 0's task, lock wait stacked over compute; worker
   * 1 idle below it, so nothing of the failed task or IO. */
  early = column_colours (surface, 0.25);
  g_assert_true (has_colour (early, role_rgb (PX_COLOR_LOCK_WAIT), &lock));
  g_assert_true (has_colour (early, role_rgb (PX_COLOR_COMPUTE), &compute));
  g_assert_cmpuint (lock, <, compute);
  g_assert_false (has_colour (early, role_rgb (PX_COLOR_IO_WAIT), &k));
  g_assert_false (has_colour (early, role_rgb (PX_COLOR_FAILED), &k));

  /* At 0.75 s: worker 1's failed task, marked along its top, below
   * worker 0's lane. */
  late = column_colours (surface, 0.75);
  g_assert_true (has_colour (late, role_rgb (PX_COLOR_FAILED), &failed));
  g_assert_true (has_colour (late, role_rgb (PX_COLOR_IO_WAIT), &io));
  g_assert_true (has_colour (late, role_rgb (PX_COLOR_LOCK_WAIT), &lock));
  g_assert_cmpuint (lock, <, failed);
  g_assert_cmpuint (failed, <, io);

  /* A category hidden from the legend leaves the bars. */
  px_chart_layer_set_key_hidden (PX_CHART_LAYER (tasks), 1, TRUE);
  draw_on_white (graph, surface);
  g_clear_pointer (&early, g_array_unref);
  early = column_colours (surface, 0.25);
  g_assert_false (has_colour (early, role_rgb (PX_COLOR_LOCK_WAIT), &k));
  g_assert_true (has_colour (early, role_rgb (PX_COLOR_COMPUTE), &k));

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (graph);
}

/* The plot of a chart WIDTH wide, its lanes from y 40 to 140. */
static void
init_frame (PxChartFrame *f,
            PxTimeView   *view)
{
  memset (f, 0, sizeof *f);
  f->view = view;
  f->x = 8;
  f->w = WIDTH - 16;
  f->y = 40;
  f->h = 100;
  f->t0 = 0;
  f->t1 = 1;
}

static void
test_read_and_select (void)
{
  g_autoptr(GBytes) records = two_tasks ();
  g_autoptr(GBytes) waits = two_tasks_waits ();
  g_autoptr(PxTimeView) view = px_time_view_new ();
  PxChartLayer *layer = px_task_layer_new ();
  PxTaskLayer *tasks = PX_TASK_LAYER (layer);
  PxChartFrame f;
  PxReadings readings;
  double start, end;
  gboolean found = FALSE;

  px_task_layer_set_records (tasks, records, waits, 2, 1000000);
  init_frame (&f, view);

  /* Over worker 1's task at 0.8 s: its id, attempt, queue wait, run
   * time, where its time went, and that it failed. */
  px_time_view_set_cursor (view, 0.8);
  f.pointer_y = 120;
  px_readings_init (&readings, 10);
  px_chart_layer_read_cursor (layer, &f, 0, &readings);
  g_assert_cmpstr (readings.heading, ==, "Task 1 on worker 1");
  g_assert_cmpstr (readings.names->pdata[0], ==, "Attempt");
  g_assert_cmpstr (readings.values->pdata[0], ==, "2");
  g_assert_cmpstr (readings.names->pdata[1], ==, "Queue wait");
  g_assert_cmpstr (readings.values->pdata[1], ==, "500.00 ms");
  g_assert_cmpstr (readings.names->pdata[2], ==, "Run time");
  g_assert_cmpstr (readings.values->pdata[2], ==, "500.00 ms");
  for (guint i = 0; i < readings.names->len; i++)
    if (g_str_equal (readings.names->pdata[i], "IO wait"))
      {
        g_assert_cmpstr (readings.values->pdata[i], ==, "100.00 ms");
        found = TRUE;
      }
  g_assert_true (found);
  g_assert_cmpstr (readings.names->pdata[readings.names->len - 1], ==, "Failed");
  px_readings_clear (&readings);

  /* Worker 1 idles before its task. */
  px_time_view_set_cursor (view, 0.2);
  px_readings_init (&readings, 10);
  px_chart_layer_read_cursor (layer, &f, 0, &readings);
  g_assert_cmpstr (readings.heading, ==, "Worker 1: idle");
  g_assert_cmpuint (readings.names->len, ==, 0);
  px_readings_clear (&readings);

  /* A click on worker 0's task selects it and its span; a click where
   * worker 1 idles clears both. */
  g_assert_true (px_chart_layer_pressed (layer, &f, f.x + 0.3 * f.w, 60));
  g_assert_cmpint (px_task_layer_get_selected (tasks), ==, 0);
  px_time_view_get_selection (view, &start, &end);
  g_assert_cmpfloat_with_epsilon (start, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (end, 1, 1e-9);
  g_assert_true (px_chart_layer_pressed (layer, &f, f.x + 0.2 * f.w, 120));
  g_assert_cmpint (px_task_layer_get_selected (tasks), ==, -1);
  px_time_view_get_selection (view, &start, &end);
  g_assert_true (isnan (start) && isnan (end));
  /* Below the lanes is not the timeline's. */
  g_assert_false (px_chart_layer_pressed (layer, &f, f.x + 0.3 * f.w, 150));

  g_assert_finalize_object (layer);
}

/* A thousand tasks of 1 ms in a lane shown 400 px wide over 1 s: each is
 * narrower than a pixel, and the lane shows the worker busy throughout,
 * in the share of compute and lock wait its tasks had. */
static void
test_merged (void)
{
  PxTaskRecord *r = g_new0 (PxTaskRecord, 1000);
  PxTaskWaits *w = g_new0 (PxTaskWaits, 1000);
  g_autoptr(GBytes) records = NULL;
  g_autoptr(GBytes) waits = NULL;
  PxTaskLayer *tasks;
  GtkWidget *graph, *window;
  cairo_surface_t *surface;
  g_autoptr(GArray) colours = NULL;
  guint k;

  if (!px_test_require_display (have_display))
    return;

  for (guint i = 0; i < 1000; i++)
    {
      r[i] = (PxTaskRecord) { .enqueue_us = 0, .start_us = 1000 * i + 1,
                              .end_us = 1000 * (i + 1), .status = PX_TASK_DONE };
      w[i].lock_wait_us = i % 2 ? 999 : 0;
    }
  records = g_bytes_new_take (r, 1000 * sizeof *r);
  waits = g_bytes_new_take (w, 1000 * sizeof *w);
  graph = timeline_new (&tasks);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), graph);
  px_task_layer_set_records (tasks, records, waits, 1, 1);
  g_assert_cmpuint (px_task_layer_get_n_tasks (tasks), ==, 1000);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  draw_on_white (graph, surface);

  /* Half compute, half lock wait, in every column across the run. */
  for (double t = 0.3; t < 0.95; t += 0.1)
    {
      g_clear_pointer (&colours, g_array_unref);
      colours = column_colours (surface, t);
      g_assert_true (has_colour (colours, role_rgb (PX_COLOR_LOCK_WAIT), &k));
      g_assert_true (has_colour (colours, role_rgb (PX_COLOR_COMPUTE), &k));
    }

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (graph);
}

/* Many lines at the cursor: their sum first, then the highest values, as
 * many as there is room for, and how many more. */
static void
test_many_readings (void)
{
  g_autoptr(PxTimeView) view = px_time_view_new ();
  g_autoptr(PxHistory) time = px_history_new (16);
  PxChartLayer *layer = px_line_layer_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify)px_history_unref);
  PxChartFrame f;
  PxReadings readings;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (surface);
  double sum = 0;

  px_history_push (time, 0.5);
  for (guint i = 0; i < 40; i++)
    {
      PxHistory *v = px_history_new (16);
      g_autofree char *label = g_strdup_printf ("Worker %u", i);
      GdkRGBA color = { 0.5, 0.5, 0.5, 1 };
      PxChartSeries *series;

      /* Worker 17 is the busiest, then 16, 15… */
      px_history_push (v, i <= 17 ? i : (i - 18) * 0.5);
      sum += i <= 17 ? i : (i - 18) * 0.5;
      series = px_chart_series_new (time, v, &color, label, FALSE);
      px_line_layer_add_series (PX_LINE_LAYER (layer), series);
      px_chart_series_unref (series);
      g_ptr_array_add (values, v);
    }
  init_frame (&f, view);
  f.cr = cr;
  f.y_top = 40;
  px_time_view_set_cursor (view, 0.5);
  px_readings_init (&readings, 6);
  px_chart_layer_read_cursor (layer, &f, 100, &readings);
  g_assert_cmpuint (readings.names->len, ==, 6);
  g_assert_cmpstr (readings.names->pdata[0], ==, "All together");
  {
    g_autofree char *expected = px_format_reading (sum, NULL);

    g_assert_cmpstr (readings.values->pdata[0], ==, expected);
  }
  g_assert_cmpstr (readings.names->pdata[1], ==, "Worker 17");
  g_assert_cmpstr (readings.names->pdata[2], ==, "Worker 16");
  g_assert_cmpstr (readings.names->pdata[3], ==, "Worker 15");
  g_assert_cmpuint (readings.n_more, ==, 40 - 5);
  px_readings_clear (&readings);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_assert_finalize_object (layer);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add_func ("/px/timeline/fill-stack", test_fill_stack);
  g_test_add_func ("/px/timeline/polyline", test_polyline);
  g_test_add_func ("/px/timeline/lanes", test_lanes);
  g_test_add_func ("/px/timeline/read-and-select", test_read_and_select);
  g_test_add_func ("/px/timeline/merged", test_merged);
  g_test_add_func ("/px/timeline/many-readings", test_many_readings);

  return g_test_run ();
}
