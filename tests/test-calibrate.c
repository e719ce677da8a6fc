/* test-calibrate.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Calibration: a process per task needs larger tasks than a thread pool
 * to be worth it; what it finds is kept for this machine and warns of
 * profiles whose tasks are too small; "parallax calibrate" prints and
 * writes it, and says what it does not accept.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "px-calibrate.h"
#include "px-test-helpers.h"

static char *cache_dir;

static void
ran_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (px_calibration_run_finish (PX_CALIBRATION (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static void
run (PxCalibration *calibration)
{
  gboolean done = FALSE;

  px_calibration_run_async (calibration, ran_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* One worker, so a busy machine's other work hardly weighs: threads
 * pay microseconds a task, a process started for each pays
 * milliseconds, and the smallest task worth it follows. */
static void
test_calibrate_spawn_vs_threads (void)
{
  static const double sizes[] = { 10, 100, 1000, 10000 };
  g_autoptr(PxCalibration) calibration = px_calibration_new (1);
  const PxCalibrateResult *threads, *spawn;
  double threads_min, spawn_min;

  px_calibration_set_configs (calibration, (1u << PX_CALIBRATE_THREADS) |
                                           (1u << PX_CALIBRATE_SPAWN));
  px_calibration_set_sizes (calibration, sizes, G_N_ELEMENTS (sizes));
  px_calibration_set_budget_ms (calibration, 60);
  g_assert_cmpuint (px_calibration_get_n_steps (calibration), ==, 8);
  run (calibration);

  threads = px_calibration_get_result (calibration, PX_CALIBRATE_THREADS);
  spawn = px_calibration_get_result (calibration, PX_CALIBRATE_SPAWN);
  g_assert_cmpuint (threads->points->len, ==, 4);
  g_assert_cmpuint (spawn->points->len, ==, 4);
  g_assert_cmpuint (px_calibration_get_result (calibration, PX_CALIBRATE_PROCESSES)->points->len,
                    ==, 0);
  for (guint k = 0; k < 4; k++)
    {
      const PxCalibratePoint *t = &g_array_index (threads->points, PxCalibratePoint, k);
      const PxCalibratePoint *s = &g_array_index (spawn->points, PxCalibratePoint, k);

      g_test_message ("%g µs: threads %.2f (%u tasks, %.3f s), a process per task %.2f "
                      "(%u tasks, %.3f s)", t->task_us, t->efficiency, t->tasks,
                      t->wall_us / 1e6, s->efficiency, s->tasks, s->wall_us / 1e6);
      g_assert_cmpfloat (t->efficiency, >, 0);
      g_assert_cmpfloat (s->efficiency, >, 0);
      /* Work is never done faster than the worker can do it. */
      g_assert_cmpfloat (t->efficiency, <, 1.3);
      g_assert_cmpfloat (s->efficiency, <, 1.3);
      g_assert_cmpuint (t->tasks, >=, 4);
      /* Size for size, handing a thread a task beats starting a process. */
      g_assert_cmpfloat (t->efficiency, >, s->efficiency);
    }
  g_test_message ("overhead: threads %.2f µs, a process per task %.0f µs; smallest task: %.1f "
                  "µs and %.0f µs", threads->overhead_us, spawn->overhead_us,
                  threads->min_task_us, spawn->min_task_us);
  /* Starting a process costs far more than handing a thread a task. */
  g_assert_cmpfloat (spawn->overhead_us, >, 10 * threads->overhead_us);
  g_assert_cmpfloat (spawn->overhead_us, >, 100);
  /* Not reached at all counts as larger than any size. On a busy machine
   * (the time judged is wall time) threads may not reach 90 % either;
   * where a process per task does, threads do at a smaller size. */
  threads_min = isnan (threads->min_task_us) ? INFINITY : threads->min_task_us;
  spawn_min = isnan (spawn->min_task_us) ? INFINITY : spawn->min_task_us;
  g_assert_cmpfloat (spawn_min, >=, threads_min);
  if (isfinite (spawn_min))
    g_assert_cmpfloat (spawn_min, >, threads_min);

  /* The table says it in words. */
  {
    g_autofree char *table = px_calibration_dup_table (calibration, FALSE);

    g_test_message ("%s", table);
    g_assert_nonnull (strstr (table, "threads: "));
    g_assert_nonnull (strstr (table, "a process per task: "));
    g_assert_null (strstr (table, "processes-chunked"));
  }

  /* Kept for this machine, it warns of a profile whose tasks are below
   * it, and says what to change. */
  {
    double minimums[PX_CALIBRATE_N_CONFIGS], overheads[PX_CALIBRATE_N_CONFIGS];
    g_autofree char *date = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PxProfile) profile = px_profile_new ();
    g_autofree char *warning = NULL;
    g_autofree char *path = px_calibration_dup_cache_path ();
    g_autofree char *text = NULL;
    g_auto(GStrv) warnings = NULL;

    g_assert_false (px_calibration_load_minimums (minimums, overheads, &date));
    g_assert_true (px_calibration_save (calibration, &error));
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (path, cache_dir));
    g_assert_true (px_calibration_load_minimums (minimums, overheads, &date));
    g_assert_nonnull (date);
    /* Not reached (a busy machine) is kept as not reached: INFINITY,
     * larger than any size (NaN is not known). */
    if (isinf (threads_min))
      g_assert_true (isinf (minimums[PX_CALIBRATE_THREADS]));
    else
      g_assert_cmpfloat (fabs (minimums[PX_CALIBRATE_THREADS] - threads_min), <, 0.01);
    g_assert_cmpfloat (fabs (overheads[PX_CALIBRATE_SPAWN] - spawn->overhead_us), <, 0.01);
    g_assert_true (isnan (minimums[PX_CALIBRATE_PROCESSES]));

    g_assert_true (px_profile_set_value (profile, "executor", "processes", NULL));
    g_assert_true (px_profile_set_value (profile, "spawn", "per-task", NULL));
    g_assert_true (px_profile_set_value (profile, "task-ms", "0.01", NULL));
    warning = px_calibration_dup_warning (px_profile_get_spec (profile));
    g_test_message ("%s", warning);
    g_assert_nonnull (warning);
    g_assert_nonnull (strstr (warning, "Tasks of 10 µs"));
    g_assert_nonnull (strstr (warning, "spawn=pool"));
    /* run prints it with the profile's other warnings. */
    warnings = px_profile_dup_warnings (profile);
    g_assert_cmpuint (g_strv_length (warnings), ==, 1);
    g_assert_nonnull (strstr (warnings[0], "spawn=pool"));
    /* Processes with chunk-size 1 were not timed: nothing said. */
    g_assert_true (px_profile_set_value (profile, "spawn", "pool", NULL));
    g_clear_pointer (&warning, g_free);
    g_assert_null (px_calibration_dup_warning (px_profile_get_spec (profile)));
    /* Tasks of 100 ms on threads are big enough. */
    g_assert_true (px_profile_set_value (profile, "executor", "threads", NULL));
    g_assert_true (px_profile_set_value (profile, "task-ms", "100", NULL));
    g_assert_null (px_calibration_dup_warning (px_profile_get_spec (profile)));

    /* Another machine's calibration, in a cache shared with it, does
     * not speak for this one. */
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    {
      g_autofree char *host_line = g_strdup_printf ("host=%s\n", g_get_host_name ());
      g_autofree char *other = px_test_replace (text, host_line, "host=elsewhere\n");

      g_assert_true (g_file_set_contents (path, other, -1, NULL));
    }
    g_assert_false (px_calibration_load_minimums (minimums, NULL, NULL));
    g_assert_true (px_profile_set_value (profile, "executor", "processes", NULL));
    g_assert_true (px_profile_set_value (profile, "spawn", "per-task", NULL));
    g_assert_true (px_profile_set_value (profile, "task-ms", "0.01", NULL));
    g_assert_null (px_calibration_dup_warning (px_profile_get_spec (profile)));
    g_assert_cmpint (g_unlink (path), ==, 0);
  }
}

static void
stop_cb (PxCalibration *calibration,
         guint          config,
         guint          index,
         gpointer       data)
{
  px_calibration_stop (calibration);
}

/* Stopped, a calibration keeps the sizes it timed and saves nothing. */
static void
test_calibrate_stop (void)
{
  static const double sizes[] = { 100, 1000, 10000 };
  g_autoptr(PxCalibration) calibration = px_calibration_new (1);
  g_autoptr(GError) error = NULL;
  double minimums[PX_CALIBRATE_N_CONFIGS];

  px_calibration_set_configs (calibration, 1u << PX_CALIBRATE_THREADS);
  px_calibration_set_sizes (calibration, sizes, G_N_ELEMENTS (sizes));
  px_calibration_set_budget_ms (calibration, 30);
  g_signal_connect (calibration, "step-finished", G_CALLBACK (stop_cb), NULL);
  run (calibration);
  g_assert_true (px_calibration_get_stopped (calibration));
  g_assert_cmpuint (px_calibration_get_result (calibration,
                                               PX_CALIBRATE_THREADS)->points->len, ==, 1);
  g_assert_true (px_calibration_save (calibration, &error));
  g_assert_false (px_calibration_load_minimums (minimums, NULL, NULL));
  g_assert_cmpuint (px_test_count_children (), ==, 0);
}

/* parallax calibrate: the table, a report, what it keeps; and what it
 * does not accept, said. */
static void
test_calibrate_cli (void)
{
  g_autofree char *dir = px_test_make_dir ("px-calibrate");
  g_autofree char *json = g_build_filename (dir, "c.json", NULL);
  g_autofree char *md = g_build_filename (dir, "c.md", NULL);
  g_autofree char *html = g_build_filename (dir, "c.html", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *threads;
  double minimums[PX_CALIBRATE_N_CONFIGS];

  g_assert_cmpint (px_test_parallax (&out, &err, "calibrate", "--ways=threads",
                                     "--sizes=100,1000", "--budget-ms=30", "--workers=1",
                                     "-o", json, "-o", md, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "threads: "));
  g_assert_nonnull (strstr (out, "Kept for this machine in "));
  g_assert_nonnull (strstr (err, "2 of 2: threads, tasks of 1000 µs"));
  g_assert_true (json_parser_load_from_file (parser, json, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, "parallax-calibration");
  threads = json_object_get_object_member (json_object_get_object_member (root, "configs"),
                                           "threads");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (threads, "points")),
                    ==, 2);
  g_assert_false (json_object_has_member (json_object_get_object_member (root, "configs"),
                                          "spawn"));
  g_assert_true (g_file_test (md, G_FILE_TEST_EXISTS));
  g_assert_true (px_calibration_load_minimums (minimums, NULL, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (px_test_parallax (&out, &err, "calibrate", "--ways=threads,fork", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "“fork” is not a way of running; accepted: threads"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (px_test_parallax (&out, &err, "calibrate", "--sizes=100,10", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "each larger than the last"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (px_test_parallax (&out, &err, "calibrate", "-o", html, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "a calibration is written as .json, .csv or .md"));
  g_assert_false (g_file_test (html, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (px_test_parallax (&out, &err, "calibrate", "x.ini", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "takes no profile"));

  px_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* What calibration keeps goes to a folder of this test's own. */
  cache_dir = px_test_make_dir ("px-calibrate-cache");
  g_setenv ("PARALLAX_CACHE_DIR", cache_dir, TRUE);

  g_test_add_func ("/px/calibrate/spawn-vs-threads", test_calibrate_spawn_vs_threads);
  g_test_add_func ("/px/calibrate/stop", test_calibrate_stop);
  g_test_add_func ("/px/calibrate/cli", test_calibrate_cli);

  status = g_test_run ();
  px_test_remove_dir (cache_dir);
  g_free (cache_dir);
  return status;
}
