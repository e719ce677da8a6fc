/* test-window-graphs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's graphs as a run goes on: an event loop's lag, 64 workers
 * as a heat map with a list of every worker to show or hide, and a graph
 * scrolled out of view that skips frames and catches up.
 */

#include "config.h"

#include "px-application.h"
#include "px-chart-layers.h"
#include "px-graph-private.h"
#include "px-test-helpers.h"
#include "px-window-test-helpers.h"

/* A run on an event loop shows its lag, live and after: the graph is
 * there, a line a loop, and two sleeps in 200 that compute 100 ms
 * instead of awaiting (block-every) show in it; the next run, on
 * threads, has no loop and no such graph. */
static void
test_window_loop_lag (void)
{
  g_autofree char *path = profile_path ("event-loop.ini");
  PxWindow *window;
  PxGraph *graph;
  PxHistory *lag;
  double most = 0;

  if (!require_display ())
    return;

  window = window_on (path);
  set_field (window, "tasks", "200");
  set_field (window, "block-every", "100");
  run_and_wait (window);
  graph = get_graph (window, PX_WINDOW_GRAPH_LOOP_LAG);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (graph)));
  g_assert_cmpuint (px_graph_get_n_series (graph), ==, 1);
  lag = px_sampler_get_worker_series (px_run_item_get_sampler (window->viewed), 0,
                                      PX_WORKER_SERIES_LOOP_LAG);
  for (guint i = 0; i < px_history_get_length (lag); i++)
    most = MAX (most, px_history_get (lag, i));
  g_test_message ("loop lag at most %.3f s in the graph's series", most);
  g_assert_cmpfloat (most, >=, 0.05);
  save_window_png (window, "window-loop-lag.png");

  set_field (window, "executor", "threads");
  set_field (window, "workers", "4");
  set_field (window, "tasks", "8");
  run_and_wait (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (graph)));
  destroy_window (window);
}

static guint
count_checks (GtkWidget *widget,
              gboolean   active_only)
{
  guint n = GTK_IS_CHECK_BUTTON (widget) &&
            (!active_only || gtk_check_button_get_active (GTK_CHECK_BUTTON (widget))) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_checks (child, active_only);
  return n;
}

static void
click_button_labelled (GtkWidget  *widget,
                       const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    {
      g_signal_emit_by_name (widget, "clicked");
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    click_button_labelled (child, label);
}

static gboolean
graph_in_view (PxWindow *window,
               PxGraph  *graph)
{
  GtkWidget *pane = GTK_WIDGET (window->graphs_scroller);
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (graph), pane, &bounds));
  return bounds.origin.y < gtk_widget_get_height (pane) &&
         bounds.origin.y + bounds.size.height > 0;
}

/* The cores' graph is in view and drew the axis the others show. */
static gboolean
cores_caught_up (PxWindow *window)
{
  PxGraph *cores = get_graph (window, PX_WINDOW_GRAPH_CORES);
  double end;

  px_time_view_get_extent (window->time_view, NULL, &end);
  return graph_in_view (window, cores) && cores->look.t1 == end;
}

/* A graph scrolled out of view skips the frames of new samples (it
 * draws when the time axis steps), and catches up when scrolled back: it
 * then shows the time axis the others do. */
static void
test_window_scrolled_graphs (void)
{
  g_autofree char *path = profile_path ("io-bound.ini");
  PxWindow *window;
  PxGraph *cores, *cpu;
  GtkAdjustment *adjustment;
  GtkWidget *paned;
  guint64 cores0, cpu0, cores1, cpu1;
  double end;

  if (!require_display ())
    return;

  window = window_on (path);
  set_field (window, "tasks", "2000");
  set_field (window, "task-ms", "50");
  set_field (window, "workers", "4");
  /* The graphs' pane shows two graphs or so. */
  paned = gtk_widget_get_ancestor (GTK_WIDGET (window->graphs_scroller), GTK_TYPE_PANED);
  gtk_paned_set_position (GTK_PANED (paned), 260);
  adjustment = gtk_scrolled_window_get_vadjustment (window->graphs_scroller);
  gtk_adjustment_set_value (adjustment, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  /* A few seconds in, while the time axis stands still. */
  spin (3.0);
  cores = get_graph (window, PX_WINDOW_GRAPH_CORES);
  cpu = get_graph (window, PX_WINDOW_GRAPH_CPU);
  g_assert_false (graph_in_view (window, cores));
  g_assert_true (graph_in_view (window, cpu));

  cores0 = cores->frames;
  cpu0 = cpu->frames;
  spin (2.0);
  cores1 = cores->frames;
  cpu1 = cpu->frames;
  g_assert_true (is_running (window));
  g_test_message ("over 2 s: %" G_GUINT64_FORMAT " frames of the CPU graph in view, %"
                  G_GUINT64_FORMAT " of the cores' out of view",
                  cpu1 - cpu0, cores1 - cores0);
  g_assert_cmpuint (cpu1 - cpu0, >=, 3);
  g_assert_cmpuint (2 * (cores1 - cores0), <, cpu1 - cpu0);

  /* Scrolled to it, it draws the axis the others show. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  g_assert_true (wait_until (cores_caught_up, window, 10));
  g_assert_true (graph_in_view (window, cores));
  px_time_view_get_extent (window->time_view, NULL, &end);
  g_test_message ("in view: drawn to %.2f s, the axis at %.2f s", cores->look.t1, end);
  g_assert_cmpuint (cores->frames, >, cores1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  g_assert_true (wait_until (not_running, window, 30));
  destroy_window (window);
}

/* 64 workers: the CPU graph's legend ends in "+N more", which opens a list
 * of every worker to show or hide, all at once too. */
static void
test_window_many_workers (void)
{
  g_autofree char *path = profile_path ("io-bound.ini");
  PxWindow *window;
  PxGraph *cpu;
  PxChartLayer *legend;
  GtkWidget *popover = NULL;
  graphene_rect_t area = GRAPHENE_RECT_INIT (100, 10, 40, 16);

  if (!require_display ())
    return;

  window = window_on (path);
  set_field (window, "workers", "64");
  set_field (window, "tasks", "128");
  set_field (window, "task-ms", "5");
  run_and_wait (window);
  spin (0.3);
  cpu = get_graph (window, PX_WINDOW_GRAPH_CPU);
  g_assert_cmpuint (px_graph_get_n_series (cpu), ==, 64);
  /* 64 lines would be a tangle: a heat map, a row a worker. */
  g_assert_true (px_graph_get_heat_map (cpu));
  legend = px_graph_find_layer (cpu, PX_TYPE_LEGEND);
  g_signal_emit_by_name (legend, "more-clicked", &area);
  spin (0.2);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (cpu)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_POPOVER (c))
      popover = c;
  g_assert_nonnull (popover);
  g_assert_cmpuint (count_checks (popover, FALSE), ==, 64);
  g_assert_cmpuint (count_checks (popover, TRUE), ==, 64);
  click_button_labelled (popover, "_Hide All");
  g_assert_cmpuint (count_checks (popover, TRUE), ==, 0);
  for (guint i = 0; i < 64; i++)
    g_assert_true (px_graph_get_series_hidden (cpu, i));
  click_button_labelled (popover, "Show _All");
  g_assert_false (px_graph_get_series_hidden (cpu, 63));
  gtk_popover_popdown (GTK_POPOVER (popover));
  spin (0.2);
  save_window_png (window, "window-64-workers.png");
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  px_window_test_init (&argc, &argv);

  g_test_add_func ("/window/loop-lag", test_window_loop_lag);
  g_test_add_func ("/window/many-workers", test_window_many_workers);
  g_test_add_func ("/window/scrolled-graphs", test_window_scrolled_graphs);

  return px_window_test_run ();
}
