/* test-window-runs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's runs over their life: stopping, closing or destroying a
 * window mid-run, a crashed worker, repetitions, the resource guard,
 * many runs in one window, and the preferences that shape runs.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <malloc.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "px-application.h"
#include "px-chart-layers.h"
#include "px-guard.h"
#include "px-profile.h"
#include "px-test-helpers.h"
#include "px-watch-picker.h"
#include "px-watch-window.h"
#include "px-window-test-helpers.h"

static gboolean
timeline_has_tasks (PxWindow *window)
{
  PxGraph *timeline = get_graph (window, PX_WINDOW_GRAPH_TASKS);

  return px_task_layer_get_n_tasks (PX_TASK_LAYER (px_graph_find_layer (timeline,
                                                                         PX_TYPE_TASK_LAYER))) > 0;
}

static void
test_window_stop (void)
{
  g_autofree char *path = profile_path ("io-bound.ini");
  g_autoptr(GArray) pids = NULL;
  PxWindow *window;
  const PxSummary *summary;
  gint64 stop_at;

  if (!require_display ())
    return;

  window = window_on (path);
  set_field (window, "executor", "processes");
  set_field (window, "workers", "3");
  set_field (window, "kind", "sleep");
  set_field (window, "tasks", "2000");
  set_field (window, "task-ms", "50");

  pids = run_until_three_workers (window);
  spin (0.3);

  /* While the run goes on, the graphs span a little past its data, to a
   * step of the axis (at most two fifths of the run, after its first
   * five seconds), so the axis does not move at every sample; the
   * timeline shows the tasks that ended. */
  {
    PxGraph *cpu = get_graph (window, PX_WINDOW_GRAPH_CPU);
    double t0, t1, start, end;

    g_assert_true (px_graph_get_extent (cpu, &t0, &t1));
    px_time_view_get_extent (px_graph_get_time_view (cpu), &start, &end);
    g_assert_cmpfloat (start, <=, t0);
    g_assert_cmpfloat (end, >=, t1);
    g_assert_cmpfloat (end, <=, MAX (t1, start + 5) * 1.4 + 1e-9);
    g_assert_true (wait_until (timeline_has_tasks, window, 10));
  }

  stop_at = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  g_assert_true (wait_until (not_running, window, 10));
  g_test_message ("stopped in %.0f ms", (g_get_monotonic_time () - stop_at) / 1000.0);

  assert_processes_gone (pids);

  summary = px_run_item_get_summary (window->viewed);
  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->cancelled, >, 0);
  /* The progress bar stays where the run stopped, not full. */
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (window->progress_bar), <, 1.0);
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (window->progress_bar),
                                  (double)(summary->done + summary->failed) / summary->total,
                                  1e-9);
  g_assert_cmpuint (summary->done + summary->failed + summary->cancelled, ==, 2000);
  g_assert_true (g_str_has_prefix (get_status (window), "Stopped after"));

  destroy_window (window);
}

static void
test_window_close_running (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-close-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sleepy.ini", NULL);
  g_autoptr(GArray) pids = NULL;
  PxWindow *window;
  gint64 deadline;

  if (!require_display ())
    return;

  g_assert_true (g_file_set_contents (path,
                                      "[Profile]\nversion=1\nname=Sleepy\n[Workload]\n"
                                      "executor=processes\nworkers=3\nkind=sleep\n"
                                      "tasks=2000\ntask-ms=50\n", -1, NULL));
  window = window_on (path);
  g_assert_false (window->modified);

  pids = run_until_three_workers (window);

  /* Closing a window that runs stops the run first; the window goes when
   * its workers are gone. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_close (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (window != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (window);
  assert_processes_gone (pids);

  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_window_crashed_worker (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-crash-XXXXXX", NULL);
  g_autofree char *worker = g_build_filename (dir, "px-fault-crash-3", NULL);
  g_autofree char *path = g_build_filename (dir, "crashy.ini", NULL);
  g_autofree char *summary = NULL;
  const PxSummary *s;
  PxWindow *window;

  if (!require_display ())
    return;

  g_assert_cmpint (symlink (g_getenv ("PX_FAULT_WORKER"), worker), ==, 0);
  g_assert_true (g_file_set_contents (path,
                                      "[Profile]\nversion=1\nname=Crashy\n[Workload]\n"
                                      "executor=processes\nworkers=2\nkind=sleep\n"
                                      "tasks=12\ntask-ms=5\nretries=0\n", -1, NULL));
  window = window_on (path);
  _px_window_set_worker_path (window, worker);
  run_and_wait (window);

  /* Each worker dies after 3 tasks: the run reports it, accounts for every
   * task and goes on with replacements. */
  s = px_run_item_get_summary (window->viewed);
  g_assert_cmpuint (s->workers_lost, >, 0);
  g_assert_cmpuint (s->failed, >, 0);
  g_assert_cmpuint (s->done + s->failed + s->cancelled, ==, 12);
  g_assert_nonnull (window->last_toast);
  summary = dup_summary_text (window);
  g_assert_nonnull (strstr (summary, "Events"));
  g_assert_nonnull (strstr (summary, "failed on worker"));

  destroy_window (window);
  g_unlink (worker);
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_window_repetitions (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  const PxRepetitions *reps;
  g_autofree char *summary = NULL;
  PxRunItem *item;
  PxWindow *window;

  if (!require_display ())
    return;

  window = window_on (path);
  set_field (window, "tasks", "6");
  set_field (window, "task-ms", "5");
  set_field (window, "repetitions", "3");
  set_field (window, "warmup", "1");
  run_and_wait (window);

  /* Four runs, one kept: the last measured, with the statistics of all
   * three measured ones, numbered as one run. */
  g_assert_cmpuint (count_runs (window), ==, 1);
  item = window->viewed;
  g_assert_cmpuint (px_run_item_get_number (item), ==, 1);
  reps = px_run_item_get_repetitions (item);
  g_assert_nonnull (reps);
  g_assert_cmpuint (reps->n, ==, 3);
  g_assert_cmpuint (reps->warmup, ==, 1);
  g_assert_cmpfloat (reps->wall_stats.mean, >, 0);
  summary = dup_summary_text (window);
  g_assert_nonnull (strstr (summary, "3 measured runs after 1 warm-up run:"));
  g_assert_nonnull (strstr (summary, "wall time "));
  /* The status line speaks of the set, not of its last run. */
  {
    const char *status = get_status (window);

    g_assert_true (g_str_has_prefix (status, "Finished 3 measured runs: wall time "));
  }

  /* A second set, compared with the first: its change is said with its
   * error, as hyperfine says it, and the figures they measure read
   * mean ± σ. */
  run_and_wait (window);
  g_assert_cmpuint (count_runs (window), ==, 2);
  px_window_view_run (window, get_run (window, 0), get_run (window, 1));
  g_clear_pointer (&summary, g_free);
  summary = dup_summary_text (window);
  g_assert_true (strstr (summary, "times faster than") != NULL ||
                 strstr (summary, "times slower than") != NULL ||
                 strstr (summary, "within the noise of their repetitions") != NULL);
  g_assert_true (g_regex_match_simple ("[0-9]\\.[0-9]{2} ± [0-9]\\.[0-9]{2}×", summary, 0, 0));
  g_assert_null (strstr (summary, "different workloads"));
  g_assert_null (strstr (summary, "noise is unknown"));

  destroy_window (window);
}

static void
test_window_destroy_running (void)
{
  g_autofree char *path = profile_path ("io-bound.ini");
  g_autoptr(GArray) pids = NULL;
  PxWindow *window;

  if (!require_display ())
    return;

  window = window_on (path);
  set_field (window, "executor", "processes");
  set_field (window, "workers", "3");
  set_field (window, "tasks", "2000");
  set_field (window, "repetitions", "3");
  pids = run_until_three_workers (window);

  /* Destroyed outright, not closed: the run stops, and its end finds
   * nothing more to do, no further repetition. */
  close_dialogs ();
  gtk_window_destroy (GTK_WINDOW (window));
  spin (2);
  assert_processes_gone (pids);
}

static void
test_window_preferences (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-prefs-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plain.ini", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PxWindow *window;
  GtkWindow *preferences;
  PxRunItem *item;

  if (!require_display ())
    return;

  /* A profile without interval-ms or history takes the preferences'. */
  g_assert_true (g_file_set_contents (path,
                                      "[Profile]\nversion=1\nname=Plain\n[Workload]\n"
                                      "workers=2\nkind=sleep\ntasks=8\ntask-ms=10\n",
                                      -1, NULL));
  g_settings_set_uint (settings, "sampling-interval", 30);
  g_settings_set_uint (settings, "history-length", 500);

  window = window_on (path);
  run_and_wait (window);
  item = window->viewed;
  g_assert_cmpuint (px_sampler_get_interval (px_run_item_get_sampler (item)), ==, 30);
  g_assert_cmpuint (px_run_get_spec (px_run_item_get_run (item))->history, ==, 500);

  /* A profile that sets them keeps its own. */
  set_field (window, "interval-ms", "70");
  run_and_wait (window);
  item = window->viewed;
  g_assert_cmpuint (px_sampler_get_interval (px_run_item_get_sampler (item)), ==, 70);

  /* Preferences opens its window over this one. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  spin (0.2);
  preferences = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (ADW_IS_PREFERENCES_WINDOW (toplevel))
        preferences = toplevel;
    }
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  gtk_window_destroy (preferences);

  g_settings_reset (settings, "sampling-interval");
  g_settings_reset (settings, "history-length");
  destroy_window (window);
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A run that would fill the temporary folder is asked about: Cancel
 * starts nothing, Run Anyway starts it. */
static void
test_window_resource_guard (void)
{
  g_autofree char *path = profile_path ("file-io.ini");
  /* One task a second: Run Anyway starts one, which Stop ends. */
  const char *keys[][2] = {
    { "executor", "threads" }, { "workers", "256" }, { "tasks", "256" },
    { "file-bytes", "1073741824" }, { "arrival", "rate" }, { "rate", "1" },
  };
  g_autoptr(PxProfile) profile = px_profile_new_from_file (path, NULL);
  PxWindow *window;
  AdwMessageDialog *dialog;

  if (!require_display ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (px_profile_set_value (profile, keys[i][0], keys[i][1], NULL));
  if (px_resources_check (px_profile_get_spec (profile), NULL))
    {
      g_test_skip ("the temporary folder has room for 256 GiB: nothing to guard against here");
      return;
    }

  window = window_on (path);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    set_field (window, keys[i][0], keys[i][1]);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  spin (0.1);
  g_assert_false (is_running (window));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "file-bytes=1073741824"));
  /* What a click does: answer, then close. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  spin (0.1);
  g_assert_false (is_running (window));
  g_assert_cmpuint (count_dialogs (), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  spin (0.1);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "run");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (wait_until (is_running, window, 5));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  g_assert_true (wait_until (not_running, window, 10));

  destroy_window (window);
}

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir))
    n++;
  return n;
}

static guint64
status_field (const char *name)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strdup_printf ("\n%s:", name);
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, key);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (key), NULL, 10);
}

static gboolean
has_done_tasks (PxWindow *window)
{
  PxRunItem *item = window->viewed;
  PxRunCounters c;

  if (item == NULL)
    return FALSE;
  px_run_get_counters (px_run_item_get_run (item), &c);
  return c.done >= 3;
}

/* Memory in use on the heap, all arenas and mapped blocks: what a leak
 * grows. Resident memory also holds what malloc keeps for later in each
 * thread's arena, which moves in steps of megabytes with no leak. */
static guint64
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

/* Twenty runs started and stopped in one window: file descriptors and
 * threads come back to what they were, the heap stays flat once the run
 * history is full. */
static void
test_window_repeated_runs (void)
{
  g_autofree char *path = profile_path ("io-bound.ini");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PxWindow *window;
  guint fds = 0, threads = 0;
  guint64 heap = 0;

  if (!require_display ())
    return;

  g_settings_set_uint (settings, "runs-kept", 3);
  /* What is measured is the runs', not the reports' of kept runs. */
  g_settings_set_boolean (settings, "keep-runs", FALSE);
  window = window_on (path);
  set_field (window, "executor", "processes");
  set_field (window, "workers", "4");
  set_field (window, "tasks", "100000");
  set_field (window, "task-ms", "5");

  for (guint i = 0; i < 20; i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
      g_assert_true (wait_until (has_done_tasks, window, 10));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
      g_assert_true (wait_until (not_running, window, 10));
      /* Let idle pool threads and finished sources go. */
      spin (0.2);
      g_assert_cmpuint (px_test_count_children (), ==, 0);

      /* The history is full after three runs: measure from then on. */
      if (i == 4)
        {
          fds = count_fds ();
          threads = status_field ("Threads");
          heap = heap_in_use ();
        }
      if (i >= 4)
        g_test_message ("run %u: %u fds, %" G_GUINT64_FORMAT " threads, %.0f kB of heap in use, "
                        "%" G_GUINT64_FORMAT " kB resident", i + 1, count_fds (),
                        status_field ("Threads"), heap_in_use () / 1024.0,
                        status_field ("VmRSS"));
    }

  g_assert_cmpuint (count_fds (), <=, fds);
  /* GLib keeps a few idle threads for later tasks. */
  g_assert_cmpuint (status_field ("Threads"), <=, threads + 2);
  /* 15 runs: under 64 kB a run. */
  g_assert_cmpuint (heap_in_use (), <, heap + 1024 * 1024);

  destroy_window (window);
  g_settings_reset (settings, "runs-kept");
  g_settings_reset (settings, "keep-runs");
}

static gboolean
slot_shows_job (PxWindow *window)
{
  g_autofree char *job = px_worker_table_dup_cell (window->worker_table, 0, 7);

  return job != NULL && g_str_has_prefix (job, "#");
}

/* A run of the user's command: each slot shows its job while it runs
 * (jobs longer than a second, as the table refreshes once a second);
 * then the jobs page lists every job, and a job chosen there or on the
 * timeline shows its command line, how it ended and its last lines. */
static void
test_window_jobs (void)
{
  g_autofree char *dir = px_test_make_dir ("px-window-jobs");
  g_autofree char *path = g_build_filename (dir, "jobs.ini", NULL);
  g_autofree char *inputs = g_build_filename (dir, "inputs.txt", NULL);
  g_autofree char *details = NULL;
  g_autofree char *end = NULL;
  PxWindow *window;
  PxTaskLayer *lanes;

  if (!require_display ())
    return;

  g_assert_true (g_file_set_contents (path,
                                      "[Profile]\nversion=1\nname=Jobs\n[Workload]\n"
                                      "kind=command\nworkers=2\ninputs-file=inputs.txt\n"
                                      "command=sh -c 'echo out {}; echo err {} >&2; sleep 1.2; "
                                      "exit $(({} == 3))'\n"
                                      "[Sampling]\ninterval-ms=20\n", -1, NULL));
  /* The inputs file is found from the profile's folder, not from the
   * current one. */
  g_assert_true (g_file_set_contents (inputs, "1\n2\n3\n4\n5\n6\n", -1, NULL));
  window = window_on (path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (wait_until (slot_shows_job, window, 10));
  {
    g_autofree char *job = px_worker_table_dup_cell (window->worker_table, 0, 7);

    g_assert_nonnull (strstr (job, "sh -c 'echo out"));
  }
  g_assert_true (wait_until (not_running, window, RUN_TIMEOUT_S));
  g_assert_true (adw_view_stack_page_get_visible (window->jobs_page));
  g_assert_cmpuint (px_job_table_get_n_rows (window->job_table), ==, 6);

  /* Job 3 (task 2) failed; its row and its details say how. */
  g_assert_true (px_job_table_select (window->job_table, 2));
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *number = px_job_table_dup_cell (window->job_table, i, 0);

      if (g_str_equal (number, "3"))
        end = px_job_table_dup_cell (window->job_table, i, 2);
    }
  g_assert_cmpstr (end, ==, "exit 1");
  details = px_job_table_dup_details (window->job_table);
  g_assert_nonnull (strstr (details, "Command: sh -c 'echo out 3; echo err 3 >&2; sleep 1.2; "
                                     "exit $((3 == 3))'"));
  g_assert_nonnull (strstr (details, "Ended: exit 1"));
  g_assert_nonnull (strstr (details, "Last lines of its output:\nout 3\n"));
  g_assert_nonnull (strstr (details, "Last lines of its errors:\nerr 3\n"));

  /* A click on the timeline shows that job on the jobs page. */
  adw_view_stack_set_visible_child_name (window->view_stack, "summary");
  lanes = PX_TASK_LAYER (px_graph_find_layer (get_graph (window, PX_WINDOW_GRAPH_TASKS),
                                              PX_TYPE_TASK_LAYER));
  g_signal_emit_by_name (lanes, "task-clicked", (gint64)4);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "jobs");
  g_clear_pointer (&details, g_free);
  details = px_job_table_dup_details (window->job_table);
  g_assert_true (g_str_has_prefix (details, "Job 5 on worker"));
  g_assert_nonnull (strstr (details, "Ended: exit 0"));
  spin (0.2);
  save_window_png (window, "window-jobs.png");

  destroy_window (window);
  px_test_remove_dir (dir);
}

static gboolean
watch_ended (PxWindow *window)
{
  PxWatchWindow *watch_window = g_object_get_data (G_OBJECT (window), "px-test-watch");
  PxWatch *watch = px_watch_window_get_watch (watch_window);

  return px_watch_get_ended (watch) && px_watch_get_exit_status (watch, NULL);
}

/* Watch a Program…: the picker lists this user's programs and filters
 * them; a pid that does not exist, or a command line a shell would not
 * split, is said in the picker; a launched program opens in a window of
 * its own, which follows it to its end. */
static void
test_window_watch (void)
{
  /* Asleep for longer than the test takes under sanitizers (about 400 s). */
  const char *argv[] = { "sleep", "600.25", NULL };
  g_autoptr(GSubprocess) sleeper = NULL;
  PxWindow *window;
  PxWatchPicker *picker;
  PxWatchWindow *watch_window;
  g_autofree char *status = NULL;

  if (!require_display ())
    return;

  sleeper = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, NULL);
  window = new_window ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.watch", NULL));
  picker = NULL;
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

        if (PX_IS_WATCH_PICKER (w))
          picker = PX_WATCH_PICKER (w);
      }
  }
  g_assert_nonnull (picker);
  g_assert_cmpuint (px_watch_picker_get_n_visible (picker), >, 1);
  px_watch_picker_set_filter (picker, "600.25");
  g_assert_cmpuint (px_watch_picker_get_n_visible (picker), ==, 1);

  g_assert_false (px_watch_picker_watch_pid (picker, G_MAXINT32 - 1));
  g_assert_nonnull (strstr (px_watch_picker_get_error (picker), "no process"));
  g_assert_false (px_watch_picker_launch (picker, "'unclosed", NULL, NULL));
  g_assert_nonnull (strstr (px_watch_picker_get_error (picker), "cannot be split"));
  g_assert_false (px_watch_picker_launch (picker, "  ", NULL, NULL));
  g_assert_false (px_watch_picker_launch (picker, "true", NULL, "(unclosed"));
  g_assert_nonnull (strstr (px_watch_picker_get_error (picker), "(unclosed"));

  /* The picker closes once a watch opens: held until it is asked. A
   * progress pattern counts the program's lines. */
  g_object_ref (picker);
  g_assert_true (px_watch_picker_launch (picker, "sh -c 'i=0; while [ $i -lt 100000 ]; do "
                                                 "i=$((i+1)); done; echo \"# step 1/1\"'",
                                         NULL, "step (\\d+)/(\\d+)"));
  watch_window = PX_WATCH_WINDOW (px_watch_picker_get_opened (picker));
  g_object_unref (picker);
  g_assert_nonnull (watch_window);
  g_object_set_data (G_OBJECT (window), "px-test-watch", watch_window);
  g_assert_true (wait_until (watch_ended, window, RUN_TIMEOUT_S));
  spin (0.4);
  status = px_watch_window_dup_status (watch_window);
  g_assert_cmpstr (status, ==, "The program ended with status 0");
  g_assert_cmpuint (px_watch_window_get_n_thread_lines (watch_window), >=, 1);
  /* The timeline drew a lane for the thread. */
  g_assert_cmpuint (px_watch_window_get_n_state_lanes (watch_window), >=, 1);
  g_assert_cmpuint (px_watch_window_get_n_process_lines (watch_window), >=, 1);
  {
    guint64 done = 0;

    g_assert_true (px_watch_get_progress (px_watch_window_get_watch (watch_window), &done, NULL,
                                          NULL));
    g_assert_cmpuint (done, ==, 1);
  }
  /* The table: the program's process, its thread under it. */
  {
    PxWatchTable *table = px_watch_window_get_table (watch_window);
    g_autofree char *name = px_watch_table_dup_cell (table, 0, PX_WATCH_COLUMN_NAME);
    g_autofree char *state = px_watch_table_dup_cell (table, 0, PX_WATCH_COLUMN_STATE);
    g_autofree char *thread = px_watch_table_dup_cell (table, 1, PX_WATCH_COLUMN_NAME);

    g_assert_cmpuint (px_watch_table_get_n_rows (table), >=, 2);
    g_assert_true (px_watch_table_row_is_process (table, 0));
    g_assert_false (px_watch_table_row_is_process (table, 1));
    g_assert_cmpstr (name, ==, "sh");
    g_assert_cmpstr (thread, ==, "sh");
    g_assert_cmpstr (state, ==, "ended");
  }
  save_window_png ((PxWindow *)watch_window, "window-watch.png");

  /* Watch Again launches it again and compares the two: the summary
   * sets their figures side by side. */
  g_assert_true (px_watch_window_watch_again (watch_window));
  g_assert_cmpuint (px_watch_window_get_n_watches (watch_window), ==, 2);
  g_assert_nonnull (px_watch_window_get_compared (watch_window));
  g_assert_true (wait_until (watch_ended, window, RUN_TIMEOUT_S));
  spin (0.4);
  {
    g_autofree char *summary = px_watch_window_dup_summary (watch_window);

    g_assert_nonnull (strstr (summary, "Ratio"));
    g_assert_nonnull (strstr (summary, "Cores used\t"));
    g_assert_nonnull (strstr (summary, "×"));
  }
  save_window_png ((PxWindow *)watch_window, "window-watch-compared.png");
  px_watch_window_view (watch_window, 0, G_MAXUINT);
  g_assert_null (px_watch_window_get_compared (watch_window));

  /* Watch Another Program… from the watch's window adds to it. */
  picker = PX_WATCH_PICKER (px_watch_picker_new (GTK_WINDOW (watch_window)));
  g_object_ref (picker);
  g_assert_true (px_watch_picker_launch (picker, "true", NULL, NULL));
  g_assert_true (px_watch_picker_get_opened (picker) == GTK_WIDGET (watch_window));
  g_object_unref (picker);
  g_assert_cmpuint (px_watch_window_get_n_watches (watch_window), ==, 3);
  g_assert_true (wait_until (watch_ended, window, RUN_TIMEOUT_S));

  /* Enter in the search watches the program it shows; with none shown,
   * it says so. */
  picker = PX_WATCH_PICKER (px_watch_picker_new (GTK_WINDOW (watch_window)));
  g_object_ref (picker);
  px_watch_picker_set_filter (picker, "no program is called this");
  px_watch_picker_activate_filter (picker);
  g_assert_nonnull (strstr (px_watch_picker_get_error (picker), "None of your running programs"));
  g_assert_null (px_watch_picker_get_opened (picker));
  px_watch_picker_set_filter (picker, "600.25");
  px_watch_picker_activate_filter (picker);
  g_assert_true (px_watch_picker_get_opened (picker) == GTK_WIDGET (watch_window));
  g_object_unref (picker);
  g_assert_cmpuint (px_watch_window_get_n_watches (watch_window), ==, 4);
  g_assert_cmpint (px_watch_get_pid (px_watch_window_get_watch (watch_window)), ==,
                   atoi (g_subprocess_get_identifier (sleeper)));

  gtk_window_destroy (GTK_WINDOW (watch_window));
  g_subprocess_force_exit (sleeper);
  g_subprocess_wait (sleeper, NULL, NULL);
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  px_window_test_init (&argc, &argv);

  g_test_add_func ("/window/stop", test_window_stop);
  g_test_add_func ("/window/close-running", test_window_close_running);
  g_test_add_func ("/window/crashed-worker", test_window_crashed_worker);
  g_test_add_func ("/window/resource-guard", test_window_resource_guard);
  g_test_add_func ("/window/repeated-runs", test_window_repeated_runs);
  g_test_add_func ("/window/repetitions", test_window_repetitions);
  g_test_add_func ("/window/destroy-running", test_window_destroy_running);
  g_test_add_func ("/window/preferences", test_window_preferences);
  g_test_add_func ("/window/jobs", test_window_jobs);
  g_test_add_func ("/window/watch", test_window_watch);

  return px_window_test_run ();
}
