/* test-window-sweep.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's sweep: opened on the window's profile, values checked
 * before anything runs, progress point by point, the plots, fits and
 * table it ends with, export, and a stop that keeps the points
 * finished. Calibrate This Machine: progress, the plot and readings,
 * what it keeps, and the editor's warning that follows.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "px-application.h"
#include "px-calibrate-window.h"
#include "px-sweep-report.h"
#include "px-sweep-window.h"
#include "px-test-helpers.h"
#include "px-window-test-helpers.h"

static PxSweepWindow *
find_sweep_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (PX_IS_SWEEP_WINDOW (w))
        return PX_SWEEP_WINDOW (w);
    }
  return NULL;
}

static void
wait_sweep (PxSweepWindow *sweep_window)
{
  gint64 deadline = g_get_monotonic_time () + 240 * G_USEC_PER_SEC;

  while (px_sweep_window_get_running (sweep_window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (px_sweep_window_get_running (sweep_window));
}

static void
progress_cb (PxSweep   *sweep,
             guint      index,
             GPtrArray *seen)
{
  PxSweepWindow *sweep_window = find_sweep_window ();

  g_ptr_array_add (seen, px_sweep_window_dup_progress (sweep_window));
}

static void
stop_after_first_cb (PxSweep       *sweep,
                     guint          index,
                     PxSweepWindow *sweep_window)
{
  if (index == 0)
    px_sweep_window_stop (sweep_window);
}

/* How many pixels of @surface are @color, give or take antialiasing. */
static guint
count_color (cairo_surface_t *surface,
             const PxColor   *color)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 p = *(const guint32 *)(data + y * stride + x * 4);
        double r = ((p >> 16) & 0xff) / 255.0, g = ((p >> 8) & 0xff) / 255.0,
               b = (p & 0xff) / 255.0;

        if (fabs (r - color->red) < 0.04 && fabs (g - color->green) < 0.04 &&
            fabs (b - color->blue) < 0.04)
          n++;
      }
  return n;
}

static void
test_window_sweep (void)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = g_dir_make_tmp ("px-sweep-XXXXXX", NULL);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  PxWindow *window;
  PxSweepWindow *sweep_window;
  PxSweep *sweep;
  g_autofree char *status = NULL;
  g_autofree char *sentence = NULL;

  if (!require_display ())
    return;

  path = profile_path ("threads-vs-processes.ini");
  window = window_on (path);
  set_field (window, "tasks", "12");
  set_field (window, "task-ms", "15");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sweep", NULL));
  sweep_window = find_sweep_window ();
  g_assert_nonnull (sweep_window);
  /* It opens on workers, ready to run. */
  g_assert_cmpuint (px_sweep_window_get_n_axes (sweep_window), ==, 1);
  g_assert_null (px_sweep_window_get_sweep (sweep_window));

  /* Values not accepted are said, and nothing runs. */
  g_assert_true (px_sweep_window_set_axis (sweep_window, 0, "workers", "4..1"));
  g_assert_false (px_sweep_window_start (sweep_window));
  g_assert_nonnull (px_sweep_window_get_error (sweep_window));
  g_test_message ("said: %s", px_sweep_window_get_error (sweep_window));
  g_assert_nonnull (strstr (px_sweep_window_get_error (sweep_window), "workers"));
  g_assert_true (px_sweep_window_set_axis (sweep_window, 0, "workers", "0,1"));
  g_assert_false (px_sweep_window_start (sweep_window));
  g_assert_null (px_sweep_window_get_sweep (sweep_window));
  g_assert_false (px_sweep_window_set_axis (sweep_window, 0, "no-such-key", "1"));

  /* A sweep over workers, two runs a point. */
  g_assert_true (px_sweep_window_set_axis (sweep_window, 0, "workers", "1..3"));
  px_sweep_window_set_repetitions (sweep_window, 2);
  g_assert_true (px_sweep_window_start (sweep_window));
  g_assert_null (px_sweep_window_get_error (sweep_window));
  sweep = px_sweep_window_get_sweep (sweep_window);
  g_assert_nonnull (sweep);
  g_signal_connect (sweep, "point-started", G_CALLBACK (progress_cb), seen);
  wait_sweep (sweep_window);
  for (guint i = 0; i < seen->len; i++)
    g_test_message ("progress: %s", (char *)g_ptr_array_index (seen, i));
  /* The first point was under way before the handler came. */
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (seen, 0), "Point 2 of 3: workers=2"));
  g_assert_nonnull (strstr (g_ptr_array_index (seen, 1), "left"));

  status = px_sweep_window_dup_status (sweep_window);
  g_assert_true (g_str_has_prefix (status, "Swept 3 points in "));
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (px_sweep_get_point (sweep, i)->measured);
      g_assert_cmpuint (px_sweep_get_point (sweep, i)->n_runs, ==, 2);
    }
  sentence = px_sweep_window_dup_sentence (sweep_window);
  g_test_message ("%s", sentence);
  g_assert_true (g_str_has_prefix (sentence, "Fits USL"));

  /* Speedup and efficiency, throughput and wall time, each drawn. */
  g_assert_cmpuint (px_sweep_window_get_n_plots (sweep_window), ==, 4);
  {
    const char *titles[] = { "Speedup", "Efficiency", "Throughput", "Wall time" };

    for (guint i = 0; i < 4; i++)
      {
        PxPlotView *view = px_sweep_window_get_plot_view (sweep_window, i);
        const PxPlot *plot = px_plot_view_get_plot (view);
        PxPlotSeries *measured = g_ptr_array_index (plot->series, 0);
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 480, 300);
        cairo_t *cr = cairo_create (surface);

        g_assert_cmpstr (plot->title, ==, titles[i]);
        g_assert_cmpuint (measured->x->len, ==, 3);
        for (guint k = 0; k < 3; k++)
          g_assert_true (isfinite (g_array_index (measured->y, double, k)));
        /* Speedup and efficiency carry the ideal line and three laws. */
        if (i < 2)
          g_assert_cmpuint (plot->series->len, ==, 5);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_paint (cr);
        px_plot_view_draw (view, cr, 480, 300);
        cairo_destroy (cr);
        cairo_surface_flush (surface);
        /* The measured line and markers are on the page. */
        g_assert_cmpuint (count_color (surface, &measured->color), >, 40);
        /* A marker under the pointer says what it measured. */
        {
          double x, y;
          g_autofree char *reading = NULL;

          g_assert_true (px_plot_view_locate (view, g_array_index (measured->x, double, 1),
                                              g_array_index (measured->y, double, 1), &x, &y));
          reading = px_plot_view_dup_reading (view, x + 2, y - 2);
          g_test_message ("%s", reading);
          g_assert_nonnull (reading);
          g_assert_true (g_str_has_prefix (reading, "workers 2: "));
          g_assert_null (px_plot_view_dup_reading (view, 1, 1));
        }
        cairo_surface_destroy (surface);
      }
  }

  /* The table: a row per point. */
  {
    g_autofree char *header = px_sweep_window_dup_cell (sweep_window, 0, 0);
    g_autofree char *first = px_sweep_window_dup_cell (sweep_window, 1, 0);
    g_autofree char *last = px_sweep_window_dup_cell (sweep_window, 3, 0);
    g_autofree char *none = px_sweep_window_dup_cell (sweep_window, 4, 0);

    g_assert_cmpstr (header, ==, "workers");
    g_assert_cmpstr (first, ==, "1");
    g_assert_cmpstr (last, ==, "3");
    g_assert_null (none);
  }

  /* Export: the format by the name; one a sweep has not, said. */
  {
    g_autofree char *html = g_build_filename (dir, "sweep.html", NULL);
    g_autofree char *json = g_build_filename (dir, "sweep.json", NULL);
    g_autofree char *trace = g_build_filename (dir, "sweep.trace.json", NULL);
    g_autofree char *text = NULL;

    g_assert_true (px_sweep_window_export (sweep_window, html, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (html, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "<svg"));
    g_assert_nonnull (strstr (text, "Speedup"));
    g_clear_pointer (&text, g_free);
    g_assert_true (px_sweep_window_export (sweep_window, json, &error));
    g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "\"parallax-sweep\""));
    g_assert_false (px_sweep_window_export (sweep_window, trace, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, ".json, .csv, .md or .html"));
    g_clear_error (&error);
  }
  save_widget_png (GTK_WIDGET (sweep_window), "window-sweep.png");

  /* Stopped after its first point, a sweep keeps it, and says so. */
  g_assert_true (px_sweep_window_set_axis (sweep_window, 0, "workers", "1,2,3"));
  g_assert_true (px_sweep_window_set_axis (sweep_window, 1, "chunk-size", "1,2"));
  g_assert_cmpuint (px_sweep_window_get_n_axes (sweep_window), ==, 2);
  px_sweep_window_set_repetitions (sweep_window, 1);
  g_assert_true (px_sweep_window_start (sweep_window));
  sweep = px_sweep_window_get_sweep (sweep_window);
  g_assert_cmpuint (px_sweep_get_n_points (sweep), ==, 6);
  g_signal_connect (sweep, "point-finished", G_CALLBACK (stop_after_first_cb), sweep_window);
  wait_sweep (sweep_window);
  g_clear_pointer (&status, g_free);
  status = px_sweep_window_dup_status (sweep_window);
  g_test_message ("%s", status);
  g_assert_true (g_str_has_prefix (status, "Stopped: 1 of 6 points"));
  g_assert_true (px_sweep_get_point (sweep, 0)->measured);
  g_assert_false (px_sweep_get_point (sweep, 1)->measured);
  {
    g_autofree char *second = px_sweep_window_dup_cell (sweep_window, 0, 1);

    g_assert_cmpstr (second, ==, "chunk-size");
  }

  /* Both were kept with the profile's sweeps. */
  g_assert_nonnull (strstr (status, "kept with the profile's sweeps"));
  gtk_window_destroy (GTK_WINDOW (sweep_window));

  /* A new sweep window lists them; one chosen shows alone, then beside
   * a new sweep, dashed, with its fit under the new one's. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sweep", NULL));
  sweep_window = find_sweep_window ();
  g_assert_cmpuint (px_sweep_window_get_n_kept (sweep_window), ==, 2);
  px_sweep_window_choose_kept (sweep_window, 1);
  g_clear_pointer (&status, g_free);
  status = px_sweep_window_dup_status (sweep_window);
  g_test_message ("%s", status);
  g_assert_true (g_str_has_prefix (status, "The sweep of "));
  g_assert_cmpuint (px_sweep_window_get_n_plots (sweep_window), ==, 4);
  {
    g_autofree char *html = g_build_filename (dir, "kept.html", NULL);

    g_assert_true (px_sweep_window_export (sweep_window, html, &error));
    g_assert_no_error (error);
  }
  g_assert_true (px_sweep_window_set_axis (sweep_window, 0, "workers", "1..3"));
  g_assert_true (px_sweep_window_start (sweep_window));
  wait_sweep (sweep_window);
  {
    const PxPlot *plot = px_plot_view_get_plot (px_sweep_window_get_plot_view (sweep_window, 0));
    PxPlotSeries *earlier = g_ptr_array_index (plot->series, plot->series->len - 1);
    g_autofree char *both = px_sweep_window_dup_sentence (sweep_window);

    /* Measured, ideal, three laws, and the earlier measured line. */
    g_assert_cmpuint (plot->series->len, ==, 6);
    g_assert_true (earlier->dashed && earlier->markers);
    g_assert_true (g_str_has_prefix (earlier->name, "Measured, "));
    g_assert_cmpuint (earlier->x->len, ==, 3);
    g_test_message ("%s", both);
    g_assert_nonnull (strstr (both, "\nEarlier, "));
  }
  save_widget_png (GTK_WIDGET (sweep_window), "window-sweep-compare.png");
  g_assert_cmpuint (px_sweep_window_get_n_kept (sweep_window), ==, 3);

  gtk_window_destroy (GTK_WINDOW (sweep_window));
  destroy_window (window);
  px_test_remove_dir (dir);
}

static PxCalibrateWindow *
find_calibrate_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (PX_IS_CALIBRATE_WINDOW (w))
        return PX_CALIBRATE_WINDOW (w);
    }
  return NULL;
}

/* Calibrate This Machine…, on threads and a process per task (one
 * worker, two sizes, to be quick): the plot and the readings, what is
 * kept, and the editor of a profile whose tasks are too small for a
 * process each says so, and what to change. */
static void
test_window_calibrate (void)
{
  static const double sizes[] = { 100, 10000 };
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  g_autoptr(PxCalibration) calibration = px_calibration_new (1);
  g_autofree char *status = NULL;
  g_autofree char *readings = NULL;
  g_autofree char *advice = NULL;
  g_autofree char *cache = px_calibration_dup_cache_path ();
  PxCalibrateWindow *calibrate_window;
  PxWindow *window;
  const PxPlot *plot;
  gint64 deadline;

  if (!require_display ())
    return;

  window = window_on (path);
  set_field (window, "executor", "processes");
  set_field (window, "spawn", "per-task");
  set_field (window, "task-ms", "0.05");
  g_assert_null (px_profile_editor_dup_advice (window->editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.calibrate", NULL));
  calibrate_window = find_calibrate_window ();
  g_assert_nonnull (calibrate_window);
  status = px_calibrate_window_dup_status (calibrate_window);
  g_assert_cmpstr (status, ==, "This machine has not been calibrated yet.");

  px_calibration_set_configs (calibration, (1u << PX_CALIBRATE_THREADS) |
                                           (1u << PX_CALIBRATE_SPAWN));
  px_calibration_set_sizes (calibration, sizes, G_N_ELEMENTS (sizes));
  px_calibration_set_budget_ms (calibration, 40);
  px_calibrate_window_set_calibration (calibrate_window, calibration);
  g_assert_true (px_calibrate_window_start (calibrate_window));
  g_assert_false (px_calibrate_window_start (calibrate_window));
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (px_calibrate_window_get_running (calibrate_window) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (px_calibrate_window_get_running (calibrate_window));

  g_clear_pointer (&status, g_free);
  status = px_calibrate_window_dup_status (calibrate_window);
  g_test_message ("%s", status);
  g_assert_true (g_str_has_prefix (status, "Kept for this machine in "));
  g_assert_true (g_file_test (cache, G_FILE_TEST_EXISTS));
  readings = px_calibrate_window_dup_readings (calibrate_window);
  g_test_message ("%s", readings);
  g_assert_true (g_str_has_prefix (readings, "threads: "));
  g_assert_nonnull (strstr (readings, "a process per task: "));
  plot = px_plot_view_get_plot (px_calibrate_window_get_plot_view (calibrate_window));
  g_assert_true (plot->log_x);
  /* A line for each way, and the 90 % line. */
  g_assert_cmpuint (plot->series->len, ==, 3);
  for (guint s = 0; s < 2; s++)
    {
      PxPlotSeries *series = g_ptr_array_index (plot->series, s);

      g_assert_cmpuint (series->y->len, ==, 2);
      g_assert_true (isfinite (g_array_index (series->y, double, 1)));
    }
  save_widget_png (GTK_WIDGET (calibrate_window), "window-calibrate.png");

  /* The editor of a profile of 50 µs tasks, a process each, warns. */
  advice = px_profile_editor_dup_advice (window->editor);
  g_test_message ("%s", advice);
  g_assert_nonnull (advice);
  g_assert_true (g_str_has_prefix (advice, "Tasks of 50 µs"));
  g_assert_nonnull (strstr (advice, "spawn=pool"));
  /* A pool of processes was not timed: nothing to say. */
  set_field (window, "spawn", "pool");
  g_clear_pointer (&advice, g_free);
  advice = px_profile_editor_dup_advice (window->editor);
  g_assert_null (advice);

  gtk_window_destroy (GTK_WINDOW (calibrate_window));
  destroy_window (window);
  g_assert_cmpint (g_unlink (cache), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache_dir = NULL;
  int status;

  px_window_test_init (&argc, &argv);
  /* What calibration keeps goes to a folder of this test's own. */
  cache_dir = px_test_make_dir ("px-window-cache");
  g_setenv ("PARALLAX_CACHE_DIR", cache_dir, TRUE);
  /* Sweeps are kept there too (sweeps/), out of the other tests' way. */
  g_setenv ("PARALLAX_RUNS_DIR", cache_dir, TRUE);

  g_test_add_func ("/window/sweep", test_window_sweep);
  g_test_add_func ("/window/calibrate", test_window_calibrate);

  status = px_window_test_run ();
  px_test_remove_dir (cache_dir);
  return status;
}
