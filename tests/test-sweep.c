/* test-sweep.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sweeps: values as lists and ranges, axes checked before anything
 * runs (an unknown key or a value the profile refuses names itself), a
 * command's {NAME} filled, a sweep of waits over workers that scales
 * linearly, a sweep under a GIL that does not (held to the kernel's CPU
 * accounting), a stopped sweep that keeps its finished points and
 * leaves no process, and parallax sweep with its reports.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "px-sweep-report.h"
#include "px-test-helpers.h"

static void
assert_values (const char         *text,
               const char * const *expected)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) values = px_sweep_parse_values (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstrv (values, expected);
}

static void
assert_refused (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) values = px_sweep_parse_values (text, &error);

  g_assert_null (values);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "accepted: a list"));
}

static void
test_values (void)
{
  assert_values ("1..4", (const char * const []){ "1", "2", "3", "4", NULL });
  assert_values ("1..16+5", (const char * const []){ "1", "6", "11", "16", NULL });
  assert_values ("1..64*4", (const char * const []){ "1", "4", "16", "64", NULL });
  assert_values ("0.5..2*2", (const char * const []){ "0.5", "1", "2", NULL });
  assert_values ("threads, processes", (const char * const []){ "threads", "processes", NULL });
  assert_refused ("8..1");
  assert_refused ("1..x");
  assert_refused ("1..10*1");
  assert_refused ("0..10*2");
  assert_refused ("1,,2");
}

static PxProfile *
waits_profile (void)
{
  PxProfile *profile = px_profile_new ();

  g_assert_true (px_profile_set_value (profile, "kind", "sleep", NULL));
  g_assert_true (px_profile_set_value (profile, "tasks", "24", NULL));
  g_assert_true (px_profile_set_value (profile, "task-ms", "40", NULL));
  g_assert_true (px_profile_set_value (profile, "interval-ms", "50", NULL));
  return profile;
}

static void
test_axes (void)
{
  g_autoptr(PxProfile) profile = waits_profile ();
  g_autoptr(PxSweep) sweep = px_sweep_new (profile);
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) point = NULL;

  g_assert_false (px_sweep_add_axis (sweep, "wokers=1..4", &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "--over wokers: not a profile key"));
  g_assert_nonnull (strstr (error->message, "accepted: a profile key"));
  g_clear_error (&error);

  /* Every value is the profile's to accept, before anything runs. */
  g_assert_false (px_sweep_add_axis (sweep, "workers=0..2", &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "--over workers=0: "));
  g_clear_error (&error);

  g_assert_false (px_sweep_add_axis (sweep, "workers", &error));
  g_assert_nonnull (strstr (error->message, "expected KEY=VALUES"));
  g_clear_error (&error);

  g_assert_true (px_sweep_add_axis (sweep, "workers=1,2", &error));
  g_assert_true (px_sweep_add_axis (sweep, "chunk-size=1..3", &error));
  g_assert_no_error (error);
  g_assert_false (px_sweep_add_axis (sweep, "workers=4", &error));
  g_assert_nonnull (strstr (error->message, "swept twice"));
  g_clear_error (&error);

  /* A grid, the last axis varying fastest. */
  g_assert_cmpuint (px_sweep_get_n_points (sweep), ==, 6);
  g_assert_cmpstr (px_sweep_get_point (sweep, 4)->values[0], ==, "2");
  g_assert_cmpstr (px_sweep_get_point (sweep, 4)->values[1], ==, "2");
  point = px_sweep_new_point_profile (sweep, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (px_profile_get_spec (point)->workers, ==, 2);
  g_assert_cmpuint (px_profile_get_spec (point)->chunk_size, ==, 3);
  g_assert_false (px_sweep_is_worker_sweep (sweep));
}

/* hyperfine's -P: a {NAME} of the command, filled with each value. */
static void
test_command_placeholder (void)
{
  g_autoptr(PxProfile) profile = px_profile_new ();
  g_autoptr(PxSweep) sweep = NULL;
  g_autoptr(PxProfile) point = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (px_profile_set_value (profile, "kind", "command", NULL));
  g_assert_true (px_profile_set_value (profile, "command", "sleep 0.0{ms} # {ms}", NULL));
  sweep = px_sweep_new (profile);
  g_assert_true (px_sweep_add_axis (sweep, "ms=1,5", &error));
  g_assert_no_error (error);
  point = px_sweep_new_point_profile (sweep, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (px_profile_get_spec (point)->command, ==, "sleep 0.05 # 5");
  g_assert_false (px_sweep_add_axis (sweep, "jobs=1,2", &error));
  g_assert_nonnull (strstr (error->message, "{jobs}"));
}

static void
ran_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (px_sweep_run_finish (PX_SWEEP (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
run_sweep (PxSweep *sweep)
{
  gboolean done = FALSE;

  px_sweep_run_async (sweep, ran_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Waits scale with workers: they overlap, and the fits see no
 * contention worth the name. On a busy machine a late wake-up lengthens
 * a wait and with it the run (one of 30 ms takes a 4-worker point from
 * 240 to 270 ms), so the bounds leave room for that while still telling
 * waits that overlap from waits taken in turn (a speedup of 1, a serial
 * fraction of 1). */
static void
test_waits_scale (void)
{
  g_autoptr(PxProfile) profile = waits_profile ();
  g_autoptr(PxSweep) sweep = px_sweep_new (profile);
  g_autoptr(GError) error = NULL;
  PxFit fit;

  g_assert_true (px_sweep_add_axis (sweep, "workers=1..4", &error));
  g_assert_true (px_sweep_is_worker_sweep (sweep));
  run_sweep (sweep);
  for (guint i = 0; i < 4; i++)
    {
      const PxSweepPoint *point = px_sweep_get_point (sweep, i);
      double speedup = px_sweep_get_speedup (sweep, i);

      g_test_message ("%u workers: %.1f tasks/s, speedup %.2f", i + 1, point->throughput,
                      speedup);
      g_assert_true (point->measured);
      g_assert_cmpuint (point->summary.done, ==, 24);
      g_assert_cmpfloat (speedup, >=, 0.6 * (i + 1));
      /* More workers wait no longer each: the work stays about the same. */
      g_assert_cmpfloat (fabs (px_sweep_get_scalability (sweep, i) - 1), <, 0.25);
    }
  g_assert_true (px_sweep_fit (sweep, PX_FIT_AMDAHL, &fit, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fit.params[1], <, 0.15);
  g_assert_true (px_sweep_fit (sweep, PX_FIT_USL, &fit, &error));
  g_assert_cmpfloat (fit.params[1], <, 0.15);
}

/* Under a GIL one thread computes at a time: however many workers, the
 * CPU time over the wall time of each point (the kernel's accounting)
 * stays within one core. */
static void
test_gil (void)
{
  g_autoptr(PxProfile) profile = px_profile_new ();
  g_autoptr(PxSweep) sweep = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (px_profile_set_value (profile, "gil", "true", NULL));
  g_assert_true (px_profile_set_value (profile, "tasks", "12", NULL));
  g_assert_true (px_profile_set_value (profile, "task-ms", "20", NULL));
  g_assert_true (px_profile_set_value (profile, "repetitions", "3", NULL));
  sweep = px_sweep_new (profile);
  g_assert_true (px_sweep_add_axis (sweep, "workers=1..3", &error));
  run_sweep (sweep);
  for (guint i = 0; i < 3; i++)
    {
      const PxSweepPoint *point = px_sweep_get_point (sweep, i);

      g_test_message ("%u workers: parallelism %.2f, speedup %.2f", i + 1,
                      point->summary.parallelism, px_sweep_get_speedup (sweep, i));
      g_assert_cmpuint (point->n_runs, ==, 3);
      g_assert_true (isfinite (point->throughput_sd));
      /* One core at most, by the kernel's clocks: a speedup against the
       * one-worker point would also read how busy the machine was. */
      g_assert_cmpfloat (point->summary.parallelism, <=, 1.1);
    }
}

/* 90 % of every task under one lock: Amdahl reads a large serial part,
 * and the USL heavy contention. */
static void
test_lock_contention (void)
{
  g_autoptr(PxProfile) profile = px_profile_new ();
  g_autoptr(PxSweep) sweep = NULL;
  g_autoptr(GError) error = NULL;
  PxFit amdahl, usl;

  g_assert_true (px_profile_set_value (profile, "kind", "lock", NULL));
  g_assert_true (px_profile_set_value (profile, "lock-fraction", "0.9", NULL));
  g_assert_true (px_profile_set_value (profile, "tasks", "24", NULL));
  g_assert_true (px_profile_set_value (profile, "task-ms", "10", NULL));
  sweep = px_sweep_new (profile);
  g_assert_true (px_sweep_add_axis (sweep, "workers=1..6", &error));
  run_sweep (sweep);
  g_assert_true (px_sweep_fit (sweep, PX_FIT_AMDAHL, &amdahl, &error));
  g_assert_true (px_sweep_fit (sweep, PX_FIT_USL, &usl, &error));
  g_assert_no_error (error);
  g_test_message ("f = %g; σ = %g, κ = %g", amdahl.params[1], usl.params[1], usl.params[2]);
  g_assert_cmpfloat (amdahl.params[1], >, 0.6);
  g_assert_cmpfloat (usl.params[1], >, 0.5);
}

static void
stop_after_first_cb (PxSweep *sweep,
                     guint    index,
                     gpointer data)
{
  px_sweep_stop (sweep);
}

/* Stopped, a sweep keeps the points it finished and leaves nothing
 * running. */
static void
test_stop (void)
{
  g_autoptr(PxProfile) profile = waits_profile ();
  g_autoptr(PxSweep) sweep = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (px_profile_set_value (profile, "executor", "processes", NULL));
  sweep = px_sweep_new (profile);
  g_assert_true (px_sweep_add_axis (sweep, "workers=1,2,3", &error));
  g_signal_connect (sweep, "point-finished", G_CALLBACK (stop_after_first_cb), NULL);
  run_sweep (sweep);
  g_assert_true (px_sweep_get_stopped (sweep));
  g_assert_true (px_sweep_get_point (sweep, 0)->measured);
  g_assert_false (px_sweep_get_point (sweep, 1)->measured);
  g_assert_false (px_sweep_get_point (sweep, 2)->measured);
  g_assert_cmpuint (px_test_count_children (), ==, 0);
}

static guint
count_occurrences (const char *text,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *c = text; *c != '\0'; c++)
    n += *c == '\n';
  return n;
}

static void
test_cli (void)
{
  g_autofree char *profile = g_test_build_filename (G_TEST_DIST, "..", "data", "profiles",
                                                    "io-bound.ini", NULL);
  g_autofree char *dir = px_test_make_dir ("px-sweep-cli");
  g_autofree char *json = g_build_filename (dir, "sweep.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "sweep.csv", NULL);
  g_autofree char *md = g_build_filename (dir, "sweep.md", NULL);
  g_autofree char *html = g_build_filename (dir, "sweep.html", NULL);
  g_autofree char *trace = g_build_filename (dir, "sweep.trace.json", NULL);
  g_autofree char *out = NULL, *err = NULL, *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_cmpint (px_test_parallax (&out, &err, "sweep", profile, "--over", "workers=1..3",
                                     "--tasks=24", "--task-ms=30", "-o", json, "-o", csv, "-o", md,
                                     "-o", html, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "point 3 of 3: workers=3"));
  g_assert_nonnull (strstr (out, "Speedup"));
  g_assert_nonnull (strstr (out, "USL:"));
  g_assert_nonnull (strstr (out, "Fits USL with σ = "));

  g_assert_true (json_parser_load_from_file (parser, json, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, "parallax-sweep");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "points")), ==,
                    3);
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "fits"),
                                         "USL"));
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "workers,measured,runs,wall_s"));
  g_assert_cmpuint (count_lines (text), ==, 4);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (md, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "## Scaling laws"));
  g_clear_pointer (&text, g_free);
  /* HTML: the table, then SVG plots of speedup (ideal and the fits) and
   * efficiency, throughput and wall time, text as text. */
  g_assert_true (g_file_get_contents (html, &text, NULL, NULL));
  g_assert_cmpuint (count_occurrences (text, "<svg"), ==, 4);
  g_assert_nonnull (strstr (text, ">Speedup</text>"));
  g_assert_nonnull (strstr (text, "USL (dashed)"));

  /* Bad input: exit status 2, saying what is accepted, nothing run. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (px_test_parallax (&out, &err, "sweep", profile, "--over", "workers=4..1",
                                     NULL), ==, 2);
  g_assert_nonnull (strstr (err, "accepted: a list"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (px_test_parallax (&out, &err, "sweep", profile, "--over", "workers=1,2",
                                     "-o", trace, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "a sweep is written as .json, .csv, .md or .html"));
  g_assert_false (g_file_test (trace, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (px_test_parallax (&out, &err, "sweep", profile, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--over KEY=VALUES"));

  px_test_remove_dir (dir);
}

/* A sweep kept reads back as it was: its points, its table and fits,
 * its plots; kept sweeps list newest first, by profile; a report that
 * is not one says which member is at fault. */
static void
test_kept (void)
{
  g_autoptr(PxProfile) profile = waits_profile ();
  g_autoptr(PxSweep) sweep = px_sweep_new (profile);
  g_autoptr(PxSweep) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autofree char *dir = px_test_make_dir ("px-sweep-kept");
  g_autofree char *old_runs = g_strdup (g_getenv ("PARALLAX_RUNS_DIR"));
  g_autofree char *path = NULL;
  g_autofree char *table = NULL, *table_back = NULL;
  g_autofree char *sentence = NULL, *sentence_back = NULL;
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *text = NULL;

  g_setenv ("PARALLAX_RUNS_DIR", dir, TRUE);
  g_assert_true (px_sweep_add_axis (sweep, "workers=1,2,4", NULL));
  run_sweep (sweep);
  g_assert_cmpint (px_sweep_get_started (sweep), >, 0);
  path = px_sweep_keep (sweep, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);

  back = px_sweep_new_from_report (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (px_sweep_get_n_points (back), ==, 3);
  g_assert_true (px_sweep_is_worker_sweep (back));
  g_assert_cmpint (px_sweep_get_started (back) / G_USEC_PER_SEC, ==,
                   px_sweep_get_started (sweep) / G_USEC_PER_SEC);
  for (guint i = 0; i < 3; i++)
    {
      const PxSweepPoint *a = px_sweep_get_point (sweep, i), *b = px_sweep_get_point (back, i);

      g_assert_true (b->measured);
      g_assert_cmpstr (a->values[0], ==, b->values[0]);
      g_assert_cmpfloat (fabs (a->throughput - b->throughput), <, 1e-6 * a->throughput);
      g_assert_cmpfloat (fabs (a->wall_s - b->wall_s), <, 1e-6);
      g_assert_cmpfloat (fabs (px_sweep_get_scalability (sweep, i) -
                               px_sweep_get_scalability (back, i)), <, 1e-3);
    }
  table = px_sweep_dup_table (sweep);
  table_back = px_sweep_dup_table (back);
  g_assert_cmpstr (table, ==, table_back);
  sentence = px_sweep_dup_fit_sentence (sweep);
  sentence_back = px_sweep_dup_fit_sentence (back);
  g_assert_cmpstr (sentence, ==, sentence_back);
  {
    g_autoptr(GPtrArray) plots = px_sweep_dup_plots (back);

    g_assert_cmpuint (plots->len, ==, 4);
  }

  /* Kept sweeps: newest first, by profile. */
  g_usleep (1100 * 1000);
  {
    g_autoptr(PxSweep) second = px_sweep_new (profile);
    g_autofree char *second_path = NULL;

    g_assert_true (px_sweep_add_axis (second, "workers=1,2", NULL));
    run_sweep (second);
    second_path = px_sweep_keep (second, &error);
    g_assert_no_error (error);
    kept = px_sweep_list_kept (NULL);
    g_assert_cmpuint (kept->len, ==, 2);
    g_assert_cmpstr (((PxKeptSweep *)g_ptr_array_index (kept, 0))->path, ==, second_path);
    g_assert_cmpuint (((PxKeptSweep *)g_ptr_array_index (kept, 1))->n_points, ==, 3);
    g_assert_cmpstr (((PxKeptSweep *)g_ptr_array_index (kept, 1))->axes, ==, "workers");
  }
  g_clear_pointer (&kept, g_ptr_array_unref);
  {
    g_autofree char *name = px_profile_dup_localized (profile, "name");

    kept = px_sweep_list_kept (name);
    g_assert_cmpuint (kept->len, ==, 2);
    g_clear_pointer (&kept, g_ptr_array_unref);
    kept = px_sweep_list_kept ("Another profile");
    g_assert_cmpuint (kept->len, ==, 0);
  }

  /* parallax sweep --keep keeps it there too. */
  {
    g_autofree char *io = g_test_build_filename (G_TEST_DIST, "..", "data", "profiles",
                                                 "io-bound.ini", NULL);
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (px_test_parallax (&out, &err, "sweep", io, "--over", "workers=1,2",
                                       "--tasks=8", "--keep", NULL), ==, 0);
    g_assert_nonnull (strstr (err, "Kept as "));
    g_clear_pointer (&kept, g_ptr_array_unref);
    kept = px_sweep_list_kept (NULL);
    g_assert_cmpuint (kept->len, ==, 3);
    g_assert_cmpstr (((PxKeptSweep *)g_ptr_array_index (kept, 0))->profile, ==,
                     "IO-bound waits");
  }

  /* What is wrong with a report, named. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  {
    g_autofree char *broken = px_test_replace (text, "\"wall-s\" : ", "\"wall-s\" : \"x\", \"w\" : ");

    g_assert_true (g_file_set_contents (bad, broken, -1, NULL));
    g_assert_null (px_sweep_new_from_report (bad, &error));
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "points[0].wall-s"));
    g_clear_error (&error);
  }
  g_assert_true (g_file_set_contents (bad, "{\"schema\": \"parallax-report\"}", -1, NULL));
  g_assert_null (px_sweep_new_from_report (bad, &error));
  g_assert_nonnull (strstr (error->message, "not a Parallax sweep report"));
  g_clear_error (&error);
  g_assert_null (px_sweep_new_from_report ("/nonexistent/sweep.json", &error));
  g_assert_nonnull (error);

  if (old_runs != NULL)
    g_setenv ("PARALLAX_RUNS_DIR", old_runs, TRUE);
  else
    g_unsetenv ("PARALLAX_RUNS_DIR");
  px_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sweep/values", test_values);
  g_test_add_func ("/sweep/axes", test_axes);
  g_test_add_func ("/sweep/command-placeholder", test_command_placeholder);
  g_test_add_func ("/sweep/waits-scale", test_waits_scale);
  g_test_add_func ("/sweep/gil", test_gil);
  g_test_add_func ("/sweep/lock-contention", test_lock_contention);
  g_test_add_func ("/sweep/stop", test_stop);
  g_test_add_func ("/sweep/cli", test_cli);
  g_test_add_func ("/sweep/kept", test_kept);

  return g_test_run ();
}
