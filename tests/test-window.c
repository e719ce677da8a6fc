/* test-window.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the real window: opens profiles, edits fields, runs, stops,
 * compares and zooms, and looks at what the widgets show. Saving,
 * exporting and profiles that cannot be read: test-window-files.c.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "px-application.h"
#include "px-chart-layers.h"
#include "px-profile.h"
#include "px-test-helpers.h"
#include "px-window-test-helpers.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

static void
test_window_template (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  PxWindow *window;
  guint n_fields;

  if (!require_display ())
    return;

  window = new_window ();
  px_profile_get_fields (&n_fields);
  /* Every field but the format version has a row. */
  g_assert_cmpuint (px_profile_editor_get_n_rows (window->editor), ==,
                    n_fields - 1);
  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    {
      PxGraph *graph = get_graph (window, g);

      g_assert_true (PX_IS_GRAPH (graph));
      /* The loop lag shows for runs on event loops only. */
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (graph)) ==
                     (g != PX_WINDOW_GRAPH_LOOP_LAG));
      g_assert_cmpstr (px_graph_get_title (graph), !=, NULL);
    }
  g_assert_cmpuint (px_worker_table_get_n_rows (window->worker_table), ==, 0);
  g_assert_null (window->path);

  g_assert_true (px_window_open_file (window, path));
  g_assert_cmpstr (window->path, ==, path);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "Threads vs processes — Parallax");
  g_assert_false (window->modified);

  destroy_window (window);
}

static void
assert_editor_shows (PxProfileEditor *editor,
                     PxProfile       *profile,
                     const char      *path)
{
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *expected = NULL;
      g_autofree char *shown = NULL;

      if (g_str_equal (fields[i].key, "version"))
        continue;
      expected = px_profile_get_value (profile, fields[i].key);
      shown = px_profile_editor_dup_text (editor, fields[i].key);
      g_assert_nonnull (shown);
      if (fields[i].type == PX_FIELD_DOUBLE &&
          fabs (g_ascii_strtod (shown, NULL) - g_ascii_strtod (expected, NULL)) > 1e-9)
        g_error ("%s: %s shows '%s', the profile holds '%s'", path, fields[i].key, shown,
                 expected);
      else if (fields[i].type != PX_FIELD_DOUBLE && g_strcmp0 (shown, expected) != 0)
        g_error ("%s: %s shows '%s', the profile holds '%s'", path, fields[i].key, shown,
                 expected);
      g_assert_null (px_profile_editor_get_error (editor, fields[i].key));
    }
}

static void
test_window_examples (void)
{
  g_autofree char *dir = profile_path ("");
  g_autoptr(GDir) d = NULL;
  PxWindow *window;
  const char *name;
  guint n = 0;

  if (!require_display ())
    return;

  window = new_window ();
  d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(PxProfile) profile = NULL;

      if (!g_str_has_suffix (name, ".ini"))
        continue;
      profile = px_profile_new_from_file (path, NULL);
      g_assert_nonnull (profile);

      g_assert_true (px_window_open_file (window, path));
      g_assert_false (window->modified);
      g_assert_true (px_profile_editor_get_valid (window->editor));
      assert_editor_shows (window->editor, profile, path);
      n++;
    }
  g_assert_cmpuint (n, >=, 13);
  g_assert_cmpuint (count_dialogs (), ==, 0);

  destroy_window (window);
}

/* An example from the Examples menu opens as a copy: no path, so Save
 * asks where, offering the example's name (never the installation).
 * Save As on a saved profile offers its folder and its name (GTK 4.8's
 * set_file left both empty). A new profile clears the last one's
 * graphs. */
static void
clipboard_read_cb (GObject      *clipboard,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
test_window_run (void)
{
  PxWindow *window;
  PxWorkerTable *table;
  PxRunItem *item;
  g_autofree char *summary = NULL;
  guint total_tasks = 0;

  if (!require_display ())
    return;

  window = short_run_window ("threads");
  g_assert_true (window->modified);
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "*"));

  table = window->worker_table;
  g_assert_cmpuint (px_worker_table_get_n_rows (table), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *done = px_worker_table_dup_cell (table, i, 3);
      g_autofree char *id = px_worker_table_dup_cell (table, i, 1);

      total_tasks += atoi (done);
      g_assert_cmpint (atoi (id), >, 0);
    }
  g_assert_cmpuint (total_tasks, ==, 16);

  g_assert_cmpuint (px_graph_get_n_series (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                    ==, 2);
  g_assert_cmpuint (px_graph_get_n_points (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                    >, 4);
  g_assert_cmpuint (px_graph_get_n_points (get_graph (window,
                                                                PX_WINDOW_GRAPH_THROUGHPUT)),
                    >, 2);
  /* The timeline holds every task of the run, in the run's lanes. */
  {
    PxGraph *timeline = get_graph (window, PX_WINDOW_GRAPH_TASKS);
    PxTaskLayer *lanes = PX_TASK_LAYER (px_graph_find_layer (timeline, PX_TYPE_TASK_LAYER));
    double start, end;

    g_assert_true (px_task_layer_get_run (lanes) == px_run_item_get_run (window->viewed));
    g_assert_cmpuint (px_task_layer_get_n_tasks (lanes), ==, 16);

    /* Every graph spans the same seconds, the timeline's included, so a
     * time is at the same x in each. */
    px_time_view_get_extent (px_graph_get_time_view (timeline), &start, &end);
    g_assert_cmpfloat (start, ==, 0);
    for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
      {
        double t0, t1;

        /* Threads: no loop, so no lag drawn. */
        if (g == PX_WINDOW_GRAPH_LOOP_LAG)
          {
            g_assert_false (px_graph_get_extent (get_graph (window, g), &t0, &t1));
            continue;
          }
        g_assert_true (px_graph_get_extent (get_graph (window, g), &t0, &t1));
        g_assert_cmpfloat (t0, >=, start);
        g_assert_cmpfloat (t1, <=, end);
      }
  }
  /* Each graph tells assistive technologies its latest values. */
  g_assert_true (gtk_test_accessible_has_property (
                   GTK_ACCESSIBLE (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  item = window->viewed;
  g_assert_nonnull (item);
  g_assert_true (px_run_item_get_finished (item));
  g_assert_cmpuint (px_run_item_get_summary (item)->done, ==, 16);
  summary = dup_summary_text (window);
  g_assert_nonnull (strstr (summary, "Tasks done\n16\n"));
  {
    guint n_figures;
    const PxFigure *figures = px_summary_get_figures (&n_figures);
    const PxSummary *s = px_run_item_get_summary (item);

    /* Every figure of the core's table, with its value. */
    for (guint i = 0; i < n_figures; i++)
      {
        g_autofree char *value = px_figure_format (&figures[i], figures[i].value (s));
        g_autofree char *row = g_strdup_printf ("%s\n%s\n", figures[i].label, value);

        g_assert_nonnull (strstr (summary, row));
      }
  }
  g_assert_true (g_str_has_prefix (get_status (window), "Finished in"));
  g_assert_cmpuint (count_runs (window), ==, 1);

  spin (0.2);
  save_window_png (window, "window-after-run.png");

  /* Copy as Markdown puts the report's summary on the clipboard. */
  {
    g_autofree char *markdown = px_window_dup_summary_markdown (window, NULL);
    g_autofree char *copied = NULL;

    g_assert_nonnull (markdown);
    g_assert_true (g_str_has_prefix (markdown, "# "));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-summary", NULL));
    gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                   clipboard_read_cb, &copied);
    while (copied == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (copied, ==, markdown);
  }

  destroy_window (window);
}

static void
test_window_invalid_value (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  GtkWidget *run_button;
  PxProfileEditor *editor;
  PxWindow *window;
  const char *error;

  if (!require_display ())
    return;

  window = window_on (path);
  editor = window->editor;
  run_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PX_TYPE_WINDOW,
                                                         "run_button"));
  g_assert_true (gtk_widget_get_sensitive (run_button));

  g_assert_true (px_profile_editor_set_text (editor, "workers", "0"));
  error = px_profile_editor_get_error (editor, "workers");
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "a whole number from 1 to 256"));
  g_assert_false (px_profile_editor_get_valid (editor));
  g_assert_false (gtk_widget_get_sensitive (run_button));
  /* The rejected value never reaches the profile. */
  g_assert_cmpuint (px_profile_get_spec (px_profile_editor_get_profile (editor))->workers, ==, 2);

  g_assert_true (px_profile_editor_set_text (editor, "task-ms", "fast"));
  g_assert_nonnull (px_profile_editor_get_error (editor, "task-ms"));

  g_assert_true (px_profile_editor_set_text (editor, "workers", "4"));
  g_assert_true (px_profile_editor_set_text (editor, "task-ms", "12.5"));
  g_assert_null (px_profile_editor_get_error (editor, "workers"));
  g_assert_null (px_profile_editor_get_error (editor, "task-ms"));
  g_assert_true (px_profile_editor_get_valid (editor));
  g_assert_true (gtk_widget_get_sensitive (run_button));
  g_assert_cmpuint (px_profile_get_spec (px_profile_editor_get_profile (editor))->workers, ==, 4);
  g_assert_cmpfloat (px_profile_get_spec (px_profile_editor_get_profile (editor))->task_ms, ==,
                     12.5);
  g_assert_true (window->modified);

  /* Sizing a task in milliseconds clears its size in iterations, and the
   * editor shows it. */
  g_assert_true (px_profile_editor_set_text (editor, "task-iterations", "5000"));
  g_assert_true (px_profile_editor_set_text (editor, "task-ms", "20"));
  {
    g_autofree char *iterations = px_profile_editor_dup_text (editor, "task-iterations");

    g_assert_cmpstr (iterations, ==, "0");
  }

  destroy_window (window);
}

static guint
count_css_class (GtkWidget  *widget,
                 const char *css_class)
{
  guint n = gtk_widget_has_css_class (widget, css_class) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_css_class (child, css_class);
  return n;
}

static void
test_window_compare (void)
{
  PxWindow *window;
  PxRunItem *threads, *processes;
  g_autofree char *summary = NULL;

  if (!require_display ())
    return;

  window = short_run_window ("threads");
  set_field (window, "executor", "processes");
  run_and_wait (window);
  g_assert_cmpuint (count_runs (window), ==, 2);

  processes = get_run (window, 0);
  threads = get_run (window, 1);
  g_assert_cmpint (px_run_get_spec (px_run_item_get_run (processes))->executor, ==,
                   PX_EXECUTOR_PROCESSES);
  g_assert_true (window->viewed == processes);

  /* Overlay the thread run on the process run. */
  px_window_view_run (window, processes, threads);
  g_assert_cmpuint (px_graph_get_n_series (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                    ==, 4);
  g_assert_cmpuint (px_graph_get_n_series (get_graph (window, PX_WINDOW_GRAPH_QUEUE)),
                    ==, 6);
  summary = dup_summary_text (window);
  g_assert_nonnull (strstr (summary, "Change"));
  g_assert_nonnull (strstr (summary, "processes, 2 workers"));
  g_assert_nonnull (strstr (summary, "threads, 2 workers"));
  /* One setting apart: said. Single runs: no noise known, so nothing is
   * coloured better or worse. */
  g_assert_nonnull (strstr (summary, "differ in one setting: executor: threads → processes"));
  g_assert_nonnull (strstr (summary, "noise is unknown"));
  g_assert_cmpuint (count_css_class (GTK_WIDGET (window->summary_box), "px-better") +
                    count_css_class (GTK_WIDGET (window->summary_box), "px-worse"), ==, 0);
  spin (0.2);
  save_window_png (window, "window-compare.png");

  /* Two settings apart: two workloads, whose figures cannot be put down
   * to one change. */
  set_field (window, "workers", "3");
  run_and_wait (window);
  px_window_view_run (window, get_run (window, 0), threads);
  g_clear_pointer (&summary, g_free);
  summary = dup_summary_text (window);
  g_assert_nonnull (strstr (summary, "different workloads"));
  g_assert_nonnull (strstr (summary, "executor: threads → processes"));
  g_assert_nonnull (strstr (summary, "workers: 2 → 3"));

  /* View the earlier run again, alone. */
  px_window_view_run (window, threads, NULL);
  g_assert_true (window->viewed == threads);
  g_assert_cmpuint (px_graph_get_n_series (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                    ==, 2);
  g_assert_cmpuint (px_worker_table_get_n_rows (window->worker_table), ==, 2);

  destroy_window (window);
}

static void
test_window_zoom (void)
{
  PxWindow *window;
  GtkWidget *reset;
  double start, end;

  if (!require_display ())
    return;

  window = short_run_window ("threads");
  reset = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PX_TYPE_WINDOW,
                                                     "reset_zoom_button"));
  g_assert_false (gtk_widget_get_visible (reset));

  /* A range picked on one graph applies to all: they share the time axis. */
  g_signal_emit_by_name (get_graph (window, PX_WINDOW_GRAPH_QUEUE), "range-selected",
                         0.05, 0.15);
  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    {
      px_graph_get_range (get_graph (window, g), &start, &end);
      g_assert_cmpfloat (start, ==, 0.05);
      g_assert_cmpfloat (end, ==, 0.15);
    }
  g_assert_true (gtk_widget_get_visible (reset));

  /* So does the cursor. */
  g_signal_emit_by_name (get_graph (window, PX_WINDOW_GRAPH_CPU), "cursor-moved", 0.1);
  for (guint g = 1; g < PX_WINDOW_N_GRAPHS; g++)
    g_assert_cmpfloat (px_graph_get_cursor (get_graph (window, g)), ==, 0.1);
  /* A series hidden from its legend stays counted, and comes back. */
  px_graph_set_series_hidden (get_graph (window, PX_WINDOW_GRAPH_CPU), 1, TRUE);
  g_assert_true (px_graph_get_series_hidden (get_graph (window, PX_WINDOW_GRAPH_CPU),
                                             1));
  g_assert_cmpuint (px_graph_get_n_series (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                    ==, 2);
  spin (0.1);
  save_window_png (window, "window-zoomed.png");
  px_graph_set_series_hidden (get_graph (window, PX_WINDOW_GRAPH_CPU), 1, FALSE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset-zoom", NULL));
  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    {
      px_graph_get_range (get_graph (window, g), &start, &end);
      g_assert_true (isnan (start) && isnan (end));
    }
  g_assert_false (gtk_widget_get_visible (reset));

  destroy_window (window);
}

#ifdef GDK_WINDOWING_X11
/* The requests @window sends the X server over @frames frames of its
 * own, each drawn whole. */
static gulong
count_frame_requests (GtkWidget *window,
                      guint      frames)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (window));
  gulong first;

  g_assert_true (wait_for_paint (window, 5));
  first = NextRequest (xdisplay);
  for (guint i = 0; i < frames; i++)
    g_assert_true (wait_for_paint (window, 5));
  return NextRequest (xdisplay) - first;
}
#endif

/* With no window manager to synchronise frames with, GDK 4.8 asks the X
 * server at every frame whether one has come, twice, and waits for the
 * answers: the application's windows go without frame synchronisation
 * there, and their frames send no such request. A window of the same
 * kind outside the application is the baseline. */
static void
test_window_frames_unsynchronised (void)
{
#ifdef GDK_WINDOWING_X11
  const guint frames = 10;
  GtkWidget *ours, *plain;
  GdkDisplay *display;
  gulong ours_requests, plain_requests;

  if (!require_display ())
    return;
  display = gdk_display_get_default ();
  if (!GDK_IS_X11_DISPLAY (display))
    {
      g_test_skip ("not an X11 display: GDK asks nothing at each frame");
      return;
    }
  if (gdk_x11_screen_supports_net_wm_hint (gdk_x11_display_get_screen (display),
                                           "_NET_WM_FRAME_DRAWN"))
    {
      g_test_skip ("a window manager here reports drawn frames: GDK keeps its windows' "
                   "frames synchronised with it");
      return;
    }

  ours = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (ours), 200, 100);
  gtk_application_add_window (GTK_APPLICATION (app), GTK_WINDOW (ours));
  plain = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (plain), 200, 100);
  gtk_window_present (GTK_WINDOW (ours));
  gtk_window_present (GTK_WINDOW (plain));

  /* Once shown, a window's first frames set it up. */
  count_frame_requests (ours, frames);
  count_frame_requests (plain, frames);
  plain_requests = count_frame_requests (plain, frames);
  ours_requests = count_frame_requests (ours, frames);
  g_test_message ("%u frames: %lu X requests in the application's window, %lu in another",
                  frames, ours_requests, plain_requests);
  g_assert_cmpuint (ours_requests + 2 * frames, <=, plain_requests);

  gtk_window_destroy (GTK_WINDOW (ours));
  gtk_window_destroy (GTK_WINDOW (plain));
#else
  g_test_skip ("GTK without X11: GDK asks nothing at each frame");
#endif
}

int
main (int   argc,
      char *argv[])
{
  px_window_test_init (&argc, &argv);

  g_test_add_func ("/window/template", test_window_template);
  g_test_add_func ("/window/examples", test_window_examples);
  g_test_add_func ("/window/run", test_window_run);
  g_test_add_func ("/window/invalid-value", test_window_invalid_value);
  g_test_add_func ("/window/compare", test_window_compare);
  g_test_add_func ("/window/zoom", test_window_zoom);
  g_test_add_func ("/window/frames-unsynchronised", test_window_frames_unsynchronised);

  return px_window_test_run ();
}
