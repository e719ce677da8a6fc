/* bench-graph.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cost of redrawing the four graphs of the window, as cairo drawing
 * alone and through GTK's snapshot and renderer, against a baseline
 * measured in turn with it in this same run: the 64 worker lines stroked
 * by cairo as plain paths, the way a chart is commonly drawn, without
 * antialiasing; and the graph's own behaviour.
 * Needs a display: `xvfb-run meson test -C _build --benchmark -v`.
 */

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>

#include "px-graph.h"
#include "px-history.h"
#include "px-bench.h"
#include "px-test-helpers.h"

#define GRAPH_WIDTH   900
#define GRAPH_HEIGHT  180
#define N_SAMPLES     600
#define N_WORKERS     64
#define N_CORES       8
#define N_FRAMES      50
#define TARGET_MS     4.0
/* All four graphs, at most this share of cairo stroking the worker
 * lines alone, without antialiasing (its fastest). Measured in turn
 * with it, the graphs draw from colder caches than alone: about 0.29
 * here, 5.4 ms against 18.6 ms, when alone they take 3.5 to 4.3 ms. */
#define TARGET_RATIO  0.35


enum {
  GRAPH_WORKERS,
  GRAPH_QUEUE,
  GRAPH_THROUGHPUT,
  GRAPH_CORES,
  N_GRAPHS
};

/* Histories as the sampler would fill them after a minute at 10 Hz. */
typedef struct
{
  PxHistory *time;
  PxHistory *workers[N_WORKERS];
  PxHistory *queue[2];
  PxHistory *throughput;
  PxHistory *cores[N_CORES];
  GtkWidget *graphs[N_GRAPHS];
} Data;

static gboolean have_display;

static gboolean
require_display (void)
{
  return px_test_require_display (have_display);
}

static double
clamp_noise (GRand  *rand,
             double  v,
             double  noise,
             double  max)
{
  return CLAMP (v + g_rand_double_range (rand, -noise, noise), 0, max);
}

static void
data_fill (Data *data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  data->time = px_history_new (N_SAMPLES);
  for (guint w = 0; w < N_WORKERS; w++)
    data->workers[w] = px_history_new (N_SAMPLES);
  for (guint q = 0; q < 2; q++)
    data->queue[q] = px_history_new (N_SAMPLES);
  data->throughput = px_history_new (N_SAMPLES);
  for (guint c = 0; c < N_CORES; c++)
    data->cores[c] = px_history_new (N_SAMPLES);

  for (guint i = 0; i < N_SAMPLES; i++)
    {
      double t = i * 0.1;
      double waiting = MAX (0, 180 - 3.2 * t + 12 * sin (t * 0.7));

      px_history_push (data->time, t);
      for (guint w = 0; w < N_WORKERS; w++)
        {
          double v = 70 + 25 * sin (t * 0.35 + w * 0.4);

          /* Some workers pause: gaps in their lines. */
          if (w % 9 == 4 && t > 20 + w % 5 && t < 24 + w % 5)
            v = NAN;
          else
            v = clamp_noise (rand, v, 8, 100);
          px_history_push (data->workers[w], v);
        }
      px_history_push (data->queue[0], round (waiting));
      px_history_push (data->queue[1], round (clamp_noise (rand, waiting > 0 ? 60 : 0, 2, 64)));
      px_history_push (data->throughput,
                       t < 1 ? NAN : clamp_noise (rand, 1150 + 120 * sin (t * 0.2), 90, 1e6));
      for (guint c = 0; c < N_CORES; c++)
        px_history_push (data->cores[c],
                         clamp_noise (rand, 80 + 15 * sin (t * 0.5 + c), 10, 100));
    }
}

static void
data_clear (Data *data)
{
  for (guint g = 0; g < N_GRAPHS; g++)
    if (data->graphs[g] != NULL)
      px_graph_clear_series (PX_GRAPH (data->graphs[g]));
  g_clear_pointer (&data->time, px_history_unref);
  for (guint w = 0; w < N_WORKERS; w++)
    g_clear_pointer (&data->workers[w], px_history_unref);
  for (guint q = 0; q < 2; q++)
    g_clear_pointer (&data->queue[q], px_history_unref);
  g_clear_pointer (&data->throughput, px_history_unref);
  for (guint c = 0; c < N_CORES; c++)
    g_clear_pointer (&data->cores[c], px_history_unref);
}

static void
add_series (GtkWidget  *graph,
            PxHistory  *time,
            PxHistory  *values,
            guint       index,
            const char *label)
{
  GdkRGBA color;

  px_graph_get_color (index, &color);
  px_graph_add_series (PX_GRAPH (graph), time, values, &color, label, FALSE);
}

static GtkWidget *
worker_graph_new (Data  *data,
                  guint  n_workers)
{
  GtkWidget *graph = g_object_ref_sink (px_graph_new ());

  px_graph_set_title (PX_GRAPH (graph), "CPU per worker");
  px_graph_set_unit (PX_GRAPH (graph), "%");
  px_graph_set_y_max (PX_GRAPH (graph), 100);
  for (guint w = 0; w < n_workers; w++)
    {
      g_autofree char *label = g_strdup_printf ("Worker %u", w + 1);

      add_series (graph, data->time, data->workers[w], w, label);
    }
  return graph;
}

/* The graphs of the window; the caller owns them (floating references
 * sunk). */
static void
data_build_graphs (Data *data)
{
  data->graphs[GRAPH_WORKERS] = worker_graph_new (data, N_WORKERS);
  /* As the window draws more than 16 workers: a row a worker. */
  px_graph_set_heat_map (PX_GRAPH (data->graphs[GRAPH_WORKERS]), TRUE);
  for (guint g = GRAPH_WORKERS + 1; g < N_GRAPHS; g++)
    data->graphs[g] = g_object_ref_sink (px_graph_new ());

  px_graph_set_title (PX_GRAPH (data->graphs[GRAPH_QUEUE]), "Queue");
  px_graph_set_unit (PX_GRAPH (data->graphs[GRAPH_QUEUE]), "tasks");
  add_series (data->graphs[GRAPH_QUEUE], data->time, data->queue[0], 0, "Waiting");
  add_series (data->graphs[GRAPH_QUEUE], data->time, data->queue[1], 1, "Running");

  px_graph_set_title (PX_GRAPH (data->graphs[GRAPH_THROUGHPUT]), "Throughput");
  px_graph_set_unit (PX_GRAPH (data->graphs[GRAPH_THROUGHPUT]), "tasks/s");
  add_series (data->graphs[GRAPH_THROUGHPUT], data->time, data->throughput, 2, "Completed");

  px_graph_set_title (PX_GRAPH (data->graphs[GRAPH_CORES]), "CPU per core");
  px_graph_set_unit (PX_GRAPH (data->graphs[GRAPH_CORES]), "%");
  px_graph_set_y_max (PX_GRAPH (data->graphs[GRAPH_CORES]), 100);
  for (guint c = 0; c < N_CORES; c++)
    {
      g_autofree char *label = g_strdup_printf ("CPU %u", c + 1);

      add_series (data->graphs[GRAPH_CORES], data->time, data->cores[c], c, label);
    }
}

static void
data_free_graphs (Data *data)
{
  for (guint g = 0; g < N_GRAPHS; g++)
    {
      if (data->graphs[g] == NULL)
        continue;
      px_graph_clear_series (PX_GRAPH (data->graphs[g]));
      g_clear_object (&data->graphs[g]);
    }
}

static void
paint_background (cairo_t  *cr,
                  gboolean  dark)
{
  if (dark)
    cairo_set_source_rgb (cr, 0x24 / 255.0, 0x24 / 255.0, 0x24 / 255.0);
  else
    cairo_set_source_rgb (cr, 0xfa / 255.0, 0xfa / 255.0, 0xfa / 255.0);
  cairo_paint (cr);
}

/* Milliseconds to stroke the worker series with cairo, as plain paths
 * over the plot, in the graph's colours: the baseline. */
static double
stroke_ms (Data            *data,
           cairo_surface_t *surface)
{
  gint64 start = g_get_monotonic_time ();
  cairo_t *cr = cairo_create (surface);
  guint n = px_history_get_length (data->time);
  double t1 = px_history_get (data->time, n - 1);

  paint_background (cr, FALSE);
  cairo_set_line_width (cr, 1);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (guint w = 0; w < N_WORKERS; w++)
    {
      GdkRGBA color;

      for (guint i = 0; i < n; i++)
        {
          double x = 8 + px_history_get (data->time, i) * (GRAPH_WIDTH - 16) / t1;
          double y = GRAPH_HEIGHT - 24 - px_history_get (data->workers[w], i) *
                     (GRAPH_HEIGHT - 48) / 100;

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      px_graph_get_color (w, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Milliseconds to draw @graphs into @surface, once each. */
static double
draw_once_ms (GtkWidget       **graphs,
              guint             n_graphs,
              cairo_surface_t  *surface)
{
  gint64 start = g_get_monotonic_time ();

  for (guint g = 0; g < n_graphs; g++)
    {
      cairo_t *cr = cairo_create (surface);

      paint_background (cr, FALSE);
      px_graph_draw (PX_GRAPH (graphs[g]), cr, GRAPH_WIDTH, GRAPH_HEIGHT);
      cairo_destroy (cr);
    }
  cairo_surface_flush (surface);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Median milliseconds to draw @graphs into an image surface each. */
static double
draw_median_ms (GtkWidget **graphs,
                guint       n_graphs)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         GRAPH_WIDTH, GRAPH_HEIGHT);
  double times[N_FRAMES];

  for (int frame = -5; frame < N_FRAMES; frame++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint g = 0; g < n_graphs; g++)
        {
          cairo_t *cr = cairo_create (surface);

          paint_background (cr, FALSE);
          px_graph_draw (PX_GRAPH (graphs[g]), cr, GRAPH_WIDTH, GRAPH_HEIGHT);
          cairo_destroy (cr);
        }
      cairo_surface_flush (surface);
      if (frame >= 0)
        times[frame] = (g_get_monotonic_time () - start) / 1000.0;
    }

  cairo_surface_destroy (surface);
  return px_test_median (times, N_FRAMES);
}

static GtkWidget *
window_new (Data *data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  for (guint g = 0; g < N_GRAPHS; g++)
    {
      gtk_widget_set_size_request (data->graphs[g], GRAPH_WIDTH, GRAPH_HEIGHT);
      gtk_box_append (GTK_BOX (box), data->graphs[g]);
    }
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), GRAPH_WIDTH, N_GRAPHS * GRAPH_HEIGHT);
  return window;
}

/* Draws the four graphs stacked, as the window shows them, to a PNG in
 * the build folder for a person to look at. */
static void
write_png (Data       *data,
           gboolean    dark,
           const char *name)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, GRAPH_WIDTH,
                                                         N_GRAPHS * GRAPH_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);

  paint_background (cr, dark);
  for (guint g = 0; g < N_GRAPHS; g++)
    {
      cairo_save (cr);
      cairo_translate (cr, 0, g * GRAPH_HEIGHT);
      px_graph_draw (PX_GRAPH (data->graphs[g]), cr, GRAPH_WIDTH, GRAPH_HEIGHT);
      cairo_restore (cr);
    }
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_test_message ("wrote %s", path);
}

static void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
wait_until_mapped (GtkWidget *widget)
{
  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0)
    g_main_context_iteration (NULL, TRUE);
  /* Let the first frames settle. */
  for (guint i = 0; i < 20 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/* ---- behaviour ---- */

static void
range_selected_cb (PxGraph *graph,
                   double   start,
                   double   end,
                   gpointer user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
stop_range_cb (PxGraph *graph,
               double   start,
               double   end,
               gpointer user_data)
{
  g_signal_stop_emission_by_name (graph, "range-selected");
}

static void
cursor_moved_cb (PxGraph *graph,
                 double   time,
                 gpointer user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* Whether some pixel of @surface differs from its first one. */
static gboolean
surface_has_drawing (cairo_surface_t *surface)
{
  unsigned char *pixels;
  int stride, width, height;
  guint32 first;

  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  first = *(guint32 *)pixels;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (((guint32 *)(pixels + y * stride))[x] != first)
        return TRUE;
  return FALSE;
}

static void
test_graph_behaviour (void)
{
  g_autoptr(PxHistory) time = NULL;
  g_autoptr(PxHistory) a = NULL;
  g_autoptr(PxHistory) b = NULL;
  GtkWidget *graph;
  cairo_surface_t *surface;
  cairo_t *cr;
  GdkRGBA colors[N_WORKERS];
  double start, end;
  guint ranges = 0, cursors = 0;
  gulong stop_id;

  if (!require_display ())
    return;

  graph = g_object_ref_sink (px_graph_new ());
  g_assert_cmpuint (px_graph_get_n_series (PX_GRAPH (graph)), ==, 0);
  g_assert_cmpuint (px_graph_get_n_points (PX_GRAPH (graph)), ==, 0);
  g_assert_true (isnan (px_graph_get_cursor (PX_GRAPH (graph))));
  px_graph_get_range (PX_GRAPH (graph), &start, &end);
  g_assert_true (isnan (start) && isnan (end));

  /* An empty graph draws its axes and a message. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 140);
  cr = cairo_create (surface);
  px_graph_draw (PX_GRAPH (graph), cr, 300, 140);
  cairo_destroy (cr);
  g_assert_true (surface_has_drawing (surface));
  cairo_surface_destroy (surface);

  px_graph_set_title (PX_GRAPH (graph), "Queue");
  g_assert_cmpstr (px_graph_get_title (PX_GRAPH (graph)), ==, "Queue");
  px_graph_set_unit (PX_GRAPH (graph), "tasks");
  g_assert_cmpstr (px_graph_get_unit (PX_GRAPH (graph)), ==, "tasks");

  /* Two series share one time history; the shorter length counts. */
  time = px_history_new (16);
  a = px_history_new (16);
  b = px_history_new (16);
  for (guint i = 0; i < 10; i++)
    {
      px_history_push (time, i * 0.5);
      px_history_push (a, i % 3 == 0 ? NAN : i);
      if (i < 8)
        px_history_push (b, 10 - i);
    }
  px_graph_add_series (PX_GRAPH (graph), time, a, NULL, "A", FALSE);
  px_graph_add_series (PX_GRAPH (graph), time, b, NULL, "B", TRUE);
  g_assert_cmpuint (px_graph_get_n_series (PX_GRAPH (graph)), ==, 2);
  g_assert_cmpuint (px_graph_get_n_points (PX_GRAPH (graph)), ==, 18);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 140);
  cr = cairo_create (surface);
  px_graph_set_cursor (PX_GRAPH (graph), 2.2);
  px_graph_draw (PX_GRAPH (graph), cr, 300, 140);
  cairo_destroy (cr);
  g_assert_true (surface_has_drawing (surface));
  cairo_surface_destroy (surface);

  /* Zoom: set, reset, and the signal's default handler. */
  px_graph_set_range (PX_GRAPH (graph), 1, 2);
  px_graph_get_range (PX_GRAPH (graph), &start, &end);
  g_assert_cmpfloat (start, ==, 1);
  g_assert_cmpfloat (end, ==, 2);
  px_graph_set_range (PX_GRAPH (graph), NAN, NAN);
  px_graph_get_range (PX_GRAPH (graph), &start, &end);
  g_assert_true (isnan (start) && isnan (end));

  g_signal_connect (graph, "range-selected", G_CALLBACK (range_selected_cb), &ranges);
  g_signal_emit_by_name (graph, "range-selected", 2.0, 3.0);
  g_assert_cmpuint (ranges, ==, 1);
  px_graph_get_range (PX_GRAPH (graph), &start, &end);
  g_assert_cmpfloat (start, ==, 2);
  g_assert_cmpfloat (end, ==, 3);

  stop_id = g_signal_connect (graph, "range-selected", G_CALLBACK (stop_range_cb), NULL);
  g_signal_emit_by_name (graph, "range-selected", NAN, NAN);
  px_graph_get_range (PX_GRAPH (graph), &start, &end);
  g_assert_cmpfloat (start, ==, 2);
  g_signal_handler_disconnect (graph, stop_id);
  g_signal_emit_by_name (graph, "range-selected", NAN, NAN);
  px_graph_get_range (PX_GRAPH (graph), &start, &end);
  g_assert_true (isnan (start) && isnan (end));

  /* Setting the cursor from outside does not echo the signal. */
  g_signal_connect (graph, "cursor-moved", G_CALLBACK (cursor_moved_cb), &cursors);
  px_graph_set_cursor (PX_GRAPH (graph), 1.5);
  g_assert_cmpfloat (px_graph_get_cursor (PX_GRAPH (graph)), ==, 1.5);
  px_graph_set_cursor (PX_GRAPH (graph), NAN);
  g_assert_true (isnan (px_graph_get_cursor (PX_GRAPH (graph))));
  g_assert_cmpuint (cursors, ==, 0);

  px_graph_clear_series (PX_GRAPH (graph));
  g_assert_cmpuint (px_graph_get_n_series (PX_GRAPH (graph)), ==, 0);
  g_assert_cmpuint (px_graph_get_n_points (PX_GRAPH (graph)), ==, 0);
  g_assert_finalize_object (graph);

  /* One colour per worker, never the same twice. */
  for (guint i = 0; i < N_WORKERS; i++)
    {
      px_graph_get_color (i, &colors[i]);
      g_assert_cmpfloat (colors[i].alpha, ==, 1);
      for (guint j = 0; j < i; j++)
        g_assert_false (gdk_rgba_equal (&colors[i], &colors[j]));
    }
}

/* ---- cost ---- */

static void
bench_draw (void)
{
  Data data = { 0 };
  GtkWidget *baseline, *lines;
  double all, workers, one, stroked, as_lines, others[N_GRAPHS] = { 0 };
  double all_times[N_FRAMES], stroke_times[N_FRAMES];
  cairo_surface_t *surface;
  GtkWidget *window;

  if (!require_display ())
    return;

  data_fill (&data);
  data_build_graphs (&data);
  baseline = worker_graph_new (&data, 1);
  lines = worker_graph_new (&data, N_WORKERS);

  /* In a window, so the graphs take the theme's colours and font. */
  window = window_new (&data);
  gtk_box_append (GTK_BOX (gtk_window_get_child (GTK_WINDOW (window))), baseline);
  gtk_box_append (GTK_BOX (gtk_window_get_child (GTK_WINDOW (window))), lines);

  /* The four graphs and the baseline in turn, so a busy moment of the
   * machine weighs on both alike. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, GRAPH_WIDTH, GRAPH_HEIGHT);
  for (int frame = -5; frame < N_FRAMES; frame++)
    {
      double a = draw_once_ms (data.graphs, N_GRAPHS, surface);
      double b = stroke_ms (&data, surface);

      if (frame >= 0)
        {
          all_times[frame] = a;
          stroke_times[frame] = b;
        }
    }
  cairo_surface_destroy (surface);
  all = px_test_median (all_times, N_FRAMES);
  stroked = px_test_median (stroke_times, N_FRAMES);
  workers = draw_median_ms (&data.graphs[GRAPH_WORKERS], 1);
  as_lines = draw_median_ms (&lines, 1);
  one = draw_median_ms (&baseline, 1);
  for (guint g = GRAPH_WORKERS + 1; g < N_GRAPHS; g++)
    others[g] = draw_median_ms (&data.graphs[g], 1);

  g_test_message ("cairo drawing, %dx%d px a graph, medians of %d interleaved frames: "
                  "all four graphs %.2f ms a frame (reference <= %.0f ms); cairo stroking the "
                  "%d worker lines alone %.2f ms; ratio %.2f (target <= %.2f); per-worker CPU "
                  "graph (%d series x %d samples) as the window draws it, a row a worker, "
                  "%.2f ms, and as %d lines %.2f ms, %.1fx the same graph with 1 series "
                  "(%.2f ms); alone, the queue's 2 lines %.2f ms, throughput's 1 %.2f ms, "
                  "the %d cores' lines %.2f ms",
                  GRAPH_WIDTH, GRAPH_HEIGHT, N_FRAMES, all, TARGET_MS, N_WORKERS, stroked,
                  all / stroked, TARGET_RATIO, N_WORKERS, N_SAMPLES, workers, N_WORKERS, as_lines,
                  as_lines / one, one, others[GRAPH_QUEUE], others[GRAPH_THROUGHPUT], N_CORES,
                  others[GRAPH_CORES]);

  /* Shown, so a change of theme restyles the graphs. */
  gtk_window_present (GTK_WINDOW (window));
  wait_until_mapped (data.graphs[GRAPH_CORES]);
  write_png (&data, FALSE, "graph-light.png");
  set_dark (TRUE);
  spin (200);
  write_png (&data, TRUE, "graph-dark.png");
  set_dark (FALSE);

  gtk_window_destroy (GTK_WINDOW (window));
  px_graph_clear_series (PX_GRAPH (baseline));
  g_object_unref (baseline);
  px_graph_clear_series (PX_GRAPH (lines));
  g_object_unref (lines);
  data_free_graphs (&data);
  data_clear (&data);

  /* The target is for a whole frame: all four graphs redrawn. */
  {
    g_autofree char *ours = g_strdup_printf ("%.2f ms a frame", all);
    g_autofree char *base = g_strdup_printf ("stroking the lines alone %.2f ms", stroked);
    g_autofree char *target = g_strdup_printf ("≤ %.2fx", TARGET_RATIO * PX_TEST_SLACK);

    px_bench_target ("all four graphs redrawn, 64 workers × 600 samples (ours / stroking)",
                     ours, base, all / stroked, target, all / stroked <= TARGET_RATIO * PX_TEST_SLACK);
    px_bench_targetf ("all four graphs redrawn, 64 workers × 600 samples", all <= TARGET_MS,
                      TARGET_MS / all, "≤ 4 ms (reference)", "%.2f ms", all);
  }
}

typedef struct
{
  gint64  start;
  guint   frames;
  double  times[N_FRAMES];
} FrameTimes;

static void
before_paint_cb (GdkFrameClock *clock,
                 FrameTimes    *times)
{
  times->start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                FrameTimes    *times)
{
  if (times->start == 0 || times->frames >= N_FRAMES)
    return;
  times->times[times->frames++] = (g_get_monotonic_time () - times->start) / 1000.0;
  times->start = 0;
}

static void
bench_gtk_frame (void)
{
  Data data = { 0 };
  GtkWidget *window;
  GtkWidget *box;
  GdkFrameClock *clock;
  GskRenderer *renderer;
  FrameTimes frame_times = { 0 };
  double render_times[N_FRAMES];
  graphene_rect_t bounds;
  double frame_ms, render_ms;
  gulong before_id, after_id;

  if (!require_display ())
    return;

  data_fill (&data);
  data_build_graphs (&data);
  window = window_new (&data);
  box = gtk_window_get_child (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  wait_until_mapped (data.graphs[GRAPH_CORES]);

  /* (b1) Whole frames of the window's frame clock: layout, snapshot,
   * render to the window. */
  clock = gtk_widget_get_frame_clock (window);
  before_id = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &frame_times);
  after_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frame_times);
  while (frame_times.frames < N_FRAMES)
    {
      guint frames = frame_times.frames;

      for (guint g = 0; g < N_GRAPHS; g++)
        gtk_widget_queue_draw (data.graphs[g]);
      while (frame_times.frames == frames)
        g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, before_id);
  g_signal_handler_disconnect (clock, after_id);
  frame_ms = px_test_median (frame_times.times, N_FRAMES);

  /* (b2) Snapshot and render to a texture, which waits for the renderer
   * to finish. */
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_assert_true (gtk_widget_compute_bounds (box, box, &bounds));
  for (int frame = -5; frame < N_FRAMES; frame++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GskRenderNode *node;
      GdkTexture *texture;
      gint64 start = g_get_monotonic_time ();

      for (guint g = 0; g < N_GRAPHS; g++)
        {
          gtk_widget_queue_draw (data.graphs[g]);
          gtk_widget_snapshot_child (box, data.graphs[g], snapshot);
        }
      node = gtk_snapshot_free_to_node (snapshot);
      texture = gsk_renderer_render_texture (renderer, node, &bounds);
      if (frame >= 0)
        render_times[frame] = (g_get_monotonic_time () - start) / 1000.0;
      g_object_unref (texture);
      gsk_render_node_unref (node);
    }
  render_ms = px_test_median (render_times, N_FRAMES);

  g_test_message ("GTK path (%s), four graphs of %dx%d px, median of %d frames: "
                  "frame clock before-paint to after-paint %.2f ms; snapshot + "
                  "render to texture %.2f ms",
                  G_OBJECT_TYPE_NAME (renderer), GRAPH_WIDTH, GRAPH_HEIGHT, N_FRAMES,
                  frame_ms, render_ms);

  gtk_window_destroy (GTK_WINDOW (window));
  data_free_graphs (&data);
  data_clear (&data);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add_func ("/px/graph/behaviour", test_graph_behaviour);
  g_test_add_func ("/px/bench/graph/draw", bench_draw);
  g_test_add_func ("/px/bench/graph/gtk-frame", bench_gtk_frame);

  return g_test_run ();
}
