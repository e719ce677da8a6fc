/* bench-timeline.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cost of redrawing the task timeline of a run of a million tasks on
 * 64 workers, zoomed out to the whole run and zoomed in, against the
 * same timeline of a run sixteen times smaller over the same time,
 * measured in turn with it: merging what is narrower than a pixel makes
 * the cost follow the pixels, not the tasks. Needs a display:
 * `xvfb-run meson test -C _build --benchmark -v`.
 */

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>

#include "px-chart-layers.h"
#include "px-graph.h"
#include "px-bench.h"
#include "px-test-helpers.h"

#define WIDTH        900
#define HEIGHT       240
#define N_LANES      64
#define N_TASKS      1000000
/* The baseline's tasks are this many times fewer, and as much longer. */
#define FEWER        16
#define N_ROUNDS     21
#define TARGET_MS    4.0
/* A million tasks cost at most this much more than the baseline's, and
 * zoomed in, no more than zoomed out. */
#define TARGET_RATIO 1.5

static gboolean have_display;

/* A run as the executors record it: each lane a worker running its
 * tasks one after another, of 0.2 to 3 ms, with short idle gaps; some
 * wait on a lock or on IO, a few fail. Times in µs from 1 000 000. */
static GBytes *
make_records (guint    n_tasks,
              GBytes **waits_out,
              gint64  *origin_us,
              gint64  *end_us)
{
  PxTaskRecord *records = g_new0 (PxTaskRecord, n_tasks);
  PxTaskWaits *waits = g_new0 (PxTaskWaits, n_tasks);
  gint64 longer = N_TASKS / n_tasks;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 clock[N_LANES];

  *origin_us = 1000000;
  for (guint w = 0; w < N_LANES; w++)
    clock[w] = *origin_us;
  for (guint i = 0; i < n_tasks; i++)
    {
      PxTaskRecord *r = &records[i];
      guint w = i % N_LANES;
      gint64 run = g_rand_int_range (rand, 200, 3000) * longer;

      r->worker = w;
      r->enqueue_us = *origin_us;
      r->start_us = clock[w] + g_rand_int_range (rand, 0, 40) * longer;
      r->end_us = r->start_us + run;
      if (g_rand_int_range (rand, 0, 4) == 0)
        waits[i].lock_wait_us = run / 3;
      if (g_rand_int_range (rand, 0, 8) == 0)
        r->io_wait_us = run / 4;
      r->status = g_rand_int_range (rand, 0, 1000) == 0 ? PX_TASK_FAILED : PX_TASK_DONE;
      clock[w] = r->end_us;
    }
  *end_us = *origin_us;
  for (guint w = 0; w < N_LANES; w++)
    *end_us = MAX (*end_us, clock[w]);
  *waits_out = g_bytes_new_take (waits, sizeof (PxTaskWaits) * n_tasks);
  return g_bytes_new_take (records, sizeof (PxTaskRecord) * n_tasks);
}

static GtkWidget *
timeline_new (GBytes     *records,
              GBytes     *waits,
              gint64      origin_us,
              PxTimeView *view)
{
  GtkWidget *graph = g_object_ref_sink (px_graph_new_empty ());
  PxChartLayer *tasks = px_task_layer_new ();

  px_graph_set_title (PX_GRAPH (graph), "Tasks per worker");
  px_graph_add_layer (PX_GRAPH (graph), px_time_axis_new ());
  px_graph_add_layer (PX_GRAPH (graph), tasks);
  px_graph_add_layer (PX_GRAPH (graph), px_legend_new ());
  px_graph_add_layer (PX_GRAPH (graph), px_selection_layer_new ());
  px_graph_add_layer (PX_GRAPH (graph), px_cursor_layer_new ());
  px_task_layer_set_records (PX_TASK_LAYER (tasks), records, waits, N_LANES, origin_us);
  px_graph_set_time_view (PX_GRAPH (graph), view);
  return graph;
}

static double
draw_ms (GtkWidget       *graph,
         cairo_surface_t *surface)
{
  gint64 start = g_get_monotonic_time ();
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  px_graph_draw (PX_GRAPH (graph), cr, WIDTH, HEIGHT);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static gboolean
surface_has_colour (cairo_surface_t *surface)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        const guint8 *p = data + y * stride + 4 * x;

        /* Anything not grey: a bar. */
        if (abs (p[0] - p[1]) > 40 || abs (p[1] - p[2]) > 40)
          return TRUE;
      }
  return FALSE;
}

static void
bench_timeline (void)
{
  gint64 origin_us, end_us, few_origin_us, few_end_us;
  g_autoptr(GBytes) records = NULL;
  g_autoptr(GBytes) few_records = NULL;
  g_autoptr(GBytes) waits = NULL;
  g_autoptr(GBytes) few_waits = NULL;
  g_autoptr(PxTimeView) view = px_time_view_new ();
  cairo_surface_t *surface;
  GtkWidget *graph, *baseline;
  GtkWidget *window, *box;
  PxTaskLayer *tasks;
  double out[N_ROUNDS], in[N_ROUNDS], base[N_ROUNDS];
  double out_ms, in_ms, base_ms;
  double span;
  gint64 started;

  if (!px_test_require_display (have_display))
    return;

  records = make_records (N_TASKS, &waits, &origin_us, &end_us);
  few_records = make_records (N_TASKS / FEWER, &few_waits, &few_origin_us, &few_end_us);
  span = (end_us - origin_us) / 1e6;
  started = g_get_monotonic_time ();
  graph = timeline_new (records, waits, origin_us, view);
  tasks = PX_TASK_LAYER (px_graph_find_layer (PX_GRAPH (graph), PX_TYPE_TASK_LAYER));
  g_test_message ("indexed %u tasks in %.0f ms", px_task_layer_get_n_tasks (tasks),
                  (g_get_monotonic_time () - started) / 1000.0);
  g_assert_cmpuint (px_task_layer_get_n_tasks (tasks), ==, N_TASKS);
  baseline = timeline_new (few_records, few_waits, few_origin_us, view);

  /* In a window, for the theme's colours and font. */
  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), graph);
  gtk_box_append (GTK_BOX (box), baseline);
  gtk_window_set_child (GTK_WINDOW (window), box);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);

  /* Warm up, then the three measures in turn, so a busy moment of the
   * machine weighs on all of them alike. */
  for (int round = -3; round < N_ROUNDS; round++)
    {
      double a, b, c;

      px_time_view_set_range (view, NAN, NAN);
      a = draw_ms (graph, surface);
      g_assert_true (surface_has_colour (surface));
      c = draw_ms (baseline, surface);
      /* 20 ms in the middle: tasks several pixels wide. */
      px_time_view_set_range (view, span / 2, span / 2 + 0.02);
      b = draw_ms (graph, surface);
      if (round >= 0)
        {
          out[round] = a;
          in[round] = b;
          base[round] = c;
        }
    }
  out_ms = px_test_median (out, N_ROUNDS);
  in_ms = px_test_median (in, N_ROUNDS);
  base_ms = px_test_median (base, N_ROUNDS);

  g_test_message ("timeline, %d lanes, %dx%d px, medians of %d interleaved rounds: "
                  "%d tasks, whole run %.2f ms, zoomed in (20 ms) %.2f ms (reference <= %.0f ms); "
                  "%d tasks over the same time %.2f ms; whole run / baseline %.2f, "
                  "zoomed in / whole run %.2f (targets <= %.1f, <= 1)",
                  N_LANES, WIDTH, HEIGHT, N_ROUNDS, N_TASKS, out_ms, in_ms, TARGET_MS,
                  N_TASKS / FEWER, base_ms, out_ms / base_ms, in_ms / out_ms, TARGET_RATIO);

  gtk_window_destroy (GTK_WINDOW (window));
  cairo_surface_destroy (surface);
  g_object_unref (graph);
  g_object_unref (baseline);

  {
    g_autofree char *ours = g_strdup_printf ("%.2f ms", out_ms);
    g_autofree char *base_text = g_strdup_printf ("baseline %.2f ms", base_ms);
    g_autofree char *target = g_strdup_printf ("≤ %.1fx", TARGET_RATIO);

    px_bench_target ("timeline redrawn (ours / baseline)", ours, base_text, out_ms / base_ms,
                     target,
                     out_ms / base_ms <= TARGET_RATIO);
    px_bench_targetf ("timeline zoomed in over zoomed out", in_ms / out_ms <= 1.0, in_ms / out_ms,
                      "≤ 1x", "%.2f ms zoomed in", in_ms);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add_func ("/px/bench/timeline/draw", bench_timeline);

  return g_test_run ();
}
