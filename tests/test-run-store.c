/* test-run-store.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports read back into the runs they describe, and the store that
 * keeps finished runs across sessions.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "px-profile.h"
#include "px-report.h"
#include "px-run-store.h"
#include "px-test-helpers.h"

static void
executed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_assert_true (px_run_execute_finish (PX_RUN (object), result, NULL));
  *(gboolean *)data = TRUE;
}

/* Carries out @spec with a sampler, as the window does. */
static void
run_spec (const PxSpec  *spec,
          PxRun        **run,
          PxSampler    **sampler)
{
  gboolean done = FALSE;

  *run = px_run_new (spec);
  *sampler = px_sampler_new (*run);
  px_run_execute_async (*run, NULL, executed_cb, &done);
  px_sampler_start (*sampler);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  px_sampler_stop (*sampler);
}

static void
small_run (PxExecutorKind   executor,
           PxRun          **run,
           PxSampler      **sampler)
{
  g_auto(PxSpec) spec = { 0 };

  px_test_spec (&spec, executor, PX_KIND_LOCK, 3, 40, 3);
  spec.interval_ms = 20;
  g_free (spec.name);
  spec.name = g_strdup ("Kept <run> “quoted”");
  run_spec (&spec, run, sampler);
}

static void
assert_histories_equal (PxHistory *a,
                        PxHistory *b)
{
  g_assert_cmpuint (px_history_get_length (a), ==, px_history_get_length (b));
  for (guint i = 0; i < px_history_get_length (a); i++)
    {
      double x = px_history_get (a, i), y = px_history_get (b, i);

      if (isnan (x))
        g_assert_true (isnan (y));
      else
        /* The report keeps six significant digits. */
        g_assert_cmpfloat_with_epsilon (x, y, fabs (x) * 1e-5 + 1e-9);
    }
}

/* What the window and reports show of a run read back is what they
 * showed of it live. */
static void
assert_runs_equal (PxRun     *a,
                   PxSampler *sa,
                   PxRun     *b,
                   PxSampler *sb)
{
  PxSummary x, y;
  const PxTaskRecord *ra, *rb;
  guint na, nb;
  g_auto(GStrv) ea = px_run_dup_events (a);
  g_auto(GStrv) eb = px_run_dup_events (b);

  px_summary_compute (a, &x);
  px_summary_compute (b, &y);
  g_assert_cmpint (x.wall_us, ==, y.wall_us);
  g_assert_cmpuint (x.total, ==, y.total);
  g_assert_cmpuint (x.done, ==, y.done);
  g_assert_cmpuint (x.failed, ==, y.failed);
  g_assert_cmpuint (x.cancelled, ==, y.cancelled);
  g_assert_cmpfloat (x.throughput, ==, y.throughput);
  g_assert_cmpfloat (x.cpu_s, ==, y.cpu_s);
  g_assert_cmpfloat (x.run_us.p95, ==, y.run_us.p95);
  g_assert_cmpfloat (x.wait_us.mean, ==, y.wait_us.mean);
  g_assert_cmpint (x.lock_wait_us, ==, y.lock_wait_us);
  g_assert_cmpint (x.ipc_us, ==, y.ipc_us);
  g_assert_cmpint (px_run_get_start_time (a), ==, px_run_get_start_time (b));
  g_assert_cmpint (px_run_get_start_real_time (a), ==, px_run_get_start_real_time (b));
  g_assert_cmpint (px_run_get_start_real_time (b), >, 0);
  g_assert_cmpint (px_run_get_state (b), ==, PX_RUN_FINISHED);
  g_assert_true (px_run_get_loaded (b));
  g_assert_false (px_run_get_loaded (a));
  g_assert_cmpstr (px_run_get_spec (a)->name, ==, px_run_get_spec (b)->name);
  g_assert_cmpint (px_run_get_spec (a)->kind, ==, px_run_get_spec (b)->kind);
  g_assert_cmpint (px_run_get_spec (a)->executor, ==, px_run_get_spec (b)->executor);

  ra = px_run_get_records (a, &na);
  rb = px_run_get_records (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpint (ra[i].start_us, ==, rb[i].start_us);
      g_assert_cmpint (ra[i].end_us, ==, rb[i].end_us);
      g_assert_cmpint (ra[i].enqueue_us, ==, rb[i].enqueue_us);
      g_assert_cmpuint (ra[i].worker, ==, rb[i].worker);
      g_assert_cmpuint (ra[i].status, ==, rb[i].status);
      g_assert_cmpuint (px_run_get_task_waits (a)[i].lock_wait_us, ==,
                        px_run_get_task_waits (b)[i].lock_wait_us);
      g_assert_cmpuint (ra[i].ipc_us, ==, rb[i].ipc_us);
    }
  for (guint w = 0; w < px_run_get_n_workers (a); w++)
    {
      PxWorkerSnapshot wa, wb;

      px_run_get_worker (a, w, &wa);
      px_run_get_worker (b, w, &wb);
      g_assert_cmpuint (wa.tasks_done, ==, wb.tasks_done);
      g_assert_cmpuint (wa.cpu_ns, ==, wb.cpu_ns);
      g_assert_cmpint (wa.busy_us, ==, wb.busy_us);
      g_assert_cmpint (wa.pid, ==, wb.pid);
      g_assert_cmpmem (wa.time_us, sizeof wa.time_us, wb.time_us, sizeof wb.time_us);
    }
  g_assert_cmpstrv (ea, eb);

  g_assert_nonnull (sb);
  g_assert_cmpuint (px_sampler_get_interval (sa), ==, px_sampler_get_interval (sb));
  g_assert_cmpuint (px_sampler_get_n_cores (sa), ==, px_sampler_get_n_cores (sb));
  g_assert_cmpuint (px_sampler_get_n_samples (sb), >, 2);
  assert_histories_equal (px_sampler_get_time (sa), px_sampler_get_time (sb));
  for (PxSeries s = 0; s < PX_N_SERIES; s++)
    assert_histories_equal (px_sampler_get_series (sa, s), px_sampler_get_series (sb, s));
  for (guint w = 0; w < px_run_get_n_workers (a); w++)
    for (PxWorkerSeries s = 0; s < PX_N_WORKER_SERIES; s++)
      assert_histories_equal (px_sampler_get_worker_series (sa, w, s),
                              px_sampler_get_worker_series (sb, w, s));
  for (guint c = 0; c < px_sampler_get_n_cores (sa); c++)
    assert_histories_equal (px_sampler_get_core_series (sa, c),
                            px_sampler_get_core_series (sb, c));
  g_assert_cmpfloat_with_epsilon (px_sampler_get_mean_queue (sa), px_sampler_get_mean_queue (sb),
                                  1e-3 + px_sampler_get_mean_queue (sa) * 1e-4);
}

static void
test_read_back (gconstpointer data)
{
  g_autofree char *dir = px_test_make_dir ("px-read");
  g_autofree char *path = g_build_filename (dir, "r.json", NULL);
  g_autofree char *again = g_build_filename (dir, "again.json", NULL);
  g_autoptr(PxRun) run = NULL, loaded = NULL, loaded_again = NULL;
  g_autoptr(PxSampler) sampler = NULL, loaded_sampler = NULL, again_sampler = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *second = NULL;
  PxRepetitions reps = { 0 };

  small_run (GPOINTER_TO_INT (data), &run, &sampler);
  g_assert_true (px_report_write (run, sampler, NULL, PX_REPORT_JSON, path, &error));
  g_assert_no_error (error);

  px_report_read (path, &loaded, &loaded_sampler, &reps, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reps.n, ==, 0);
  assert_runs_equal (run, sampler, loaded, loaded_sampler);

  /* A run read back writes the same report again: nothing is lost. */
  g_assert_true (px_report_write (loaded, loaded_sampler, NULL, PX_REPORT_JSON, again, &error));
  g_assert_true (g_file_get_contents (path, &first, NULL, NULL));
  g_assert_true (g_file_get_contents (again, &second, NULL, NULL));
  g_assert_cmpstr (strstr (first, "\"profile\""), ==, strstr (second, "\"profile\""));
  g_assert_true (px_report_read (again, &loaded_again, &again_sampler, NULL, &error));
  g_assert_no_error (error);
  assert_runs_equal (run, sampler, loaded_again, again_sampler);
  px_test_remove_dir (dir);
}

/* Repetitions, and a command's jobs with their inputs and reasons. */
static void
test_read_jobs (void)
{
  g_autofree char *dir = px_test_make_dir ("px-read-jobs");
  g_autofree char *path = g_build_filename (dir, "jobs.json", NULL);
  g_autoptr(PxRun) run = NULL, loaded = NULL;
  g_autoptr(PxSampler) sampler = NULL, loaded_sampler = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(PxSpec) spec = { 0 };
  PxRepetitions reps = { 0 }, back = { 0 };
  const char *inputs[] = { "a b", "fail", "c", NULL };
  const PxJobRecord *jobs;
  double wall[] = { 1.0, 1.1, 0.9, 3.0 };

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 2, 3, 0);
  px_test_set_text (&spec.command, "sleep 0.1; test {} != fail");
  spec.shell = TRUE;
  spec.input_list = g_strdupv ((char **)inputs);
  spec.interval_ms = 20;
  run_spec (&spec, &run, &sampler);

  reps.n = G_N_ELEMENTS (wall);
  reps.warmup = 1;
  reps.wall_s = g_memdup2 (wall, sizeof wall);
  reps.throughput = g_memdup2 (wall, sizeof wall);
  reps.p50_ms = g_memdup2 (wall, sizeof wall);
  px_repetitions_finish (&reps);
  g_assert_true (px_report_write (run, sampler, &reps, PX_REPORT_JSON, path, &error));
  g_assert_no_error (error);

  px_report_read (path, &loaded, &loaded_sampler, &back, &error);
  g_assert_no_error (error);
  assert_runs_equal (run, sampler, loaded, loaded_sampler);
  g_assert_cmpuint (back.n, ==, 4);
  g_assert_cmpuint (back.warmup, ==, 1);
  g_assert_cmpfloat (back.wall_stats.mean, ==, reps.wall_stats.mean);
  g_assert_cmpuint (px_repetitions_count_outliers (&back), ==,
                    px_repetitions_count_outliers (&reps));

  jobs = px_run_get_job_records (loaded, NULL);
  g_assert_nonnull (jobs);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *reason = px_run_dup_failure_reason (run, i);
      g_autofree char *loaded_reason = px_run_dup_failure_reason (loaded, i);
      g_autofree char *command = px_run_dup_job_command (loaded, i, 0);

      g_assert_cmpstr (px_run_get_input (loaded, i), ==, inputs[i]);
      g_assert_cmpint (jobs[i].exit_status, ==, (i == 1 ? 1 : 0));
      g_assert_cmpstr (reason, ==, loaded_reason);
      g_assert_nonnull (strstr (command, inputs[i]));
    }
  px_repetitions_clear (&reps);
  px_repetitions_clear (&back);
  px_test_remove_dir (dir);
}

static void
assert_read_fails (const char *dir,
                   const char *text,
                   const char *expected)
{
  g_autofree char *path = g_build_filename (dir, "bad.json", NULL);
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_false (px_report_read (path, &run, NULL, NULL, &error));
  g_assert_null (run);
  g_assert_nonnull (error);
  if (strstr (error->message, "bad.json") == NULL || strstr (error->message, expected) == NULL)
    g_error ("“%s” does not name the file and “%s”", error->message, expected);
}

static void
test_read_errors (void)
{
  g_autofree char *dir = px_test_make_dir ("px-read-errors");
  g_autofree char *good = g_build_filename (dir, "good.json", NULL);
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  g_autofree char *text = NULL;
  g_autofree char *broken = NULL;

  assert_read_fails (dir, "{ not json", "bad.json");
  assert_read_fails (dir, "[1, 2]", "parallax-report");
  assert_read_fails (dir, "{\"schema\": \"parallax-report\", \"schema-version\": 99}",
                     "schema-version");

  small_run (PX_EXECUTOR_THREADS, &run, &sampler);
  g_assert_true (px_report_write (run, sampler, NULL, PX_REPORT_JSON, good, NULL));
  g_assert_true (g_file_get_contents (good, &text, NULL, NULL));

  /* One member at a time made wrong: the error names it. */
  broken = px_test_replace (text, "\"wall-us\":", "\"wall-usx\":");
  assert_read_fails (dir, broken, "summary.wall-us");
  g_clear_pointer (&broken, g_free);
  broken = px_test_replace (text, "\"status\":\"done\"", "\"status\":\"fine\"");
  assert_read_fails (dir, broken, "tasks[0].status");
  g_clear_pointer (&broken, g_free);
  broken = px_test_replace (text, "\"workers\":3", "\"workers\":\"many\"");
  assert_read_fails (dir, broken, "profile.workers");
  g_clear_pointer (&broken, g_free);
  broken = px_test_replace (text, "\"t-s\": [", "\"t-s\": [7,");
  assert_read_fails (dir, broken, "series.queue");
  px_test_remove_dir (dir);
}

static guint
count_json (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    n += g_str_has_suffix (name, ".json");
  return n;
}

static void
test_store (void)
{
  const char *runs_dir = g_getenv ("PARALLAX_RUNS_DIR");
  g_autofree char *index = g_build_filename (runs_dir, "index.ini", NULL);
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PxKeptRun) first = NULL, second = NULL, last = NULL, missing = NULL, big = NULL;
  g_auto(GStrv) problems = NULL;

  list = px_run_store_list (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  small_run (PX_EXECUTOR_THREADS, &run, &sampler);
  first = px_run_store_keep (run, sampler, NULL, "First title", 1 << 30, &error);
  g_assert_no_error (error);
  second = px_run_store_keep (run, sampler, NULL, NULL, 1 << 30, &error);
  g_assert_no_error (error);
  /* Two runs of one second get names of their own. */
  g_assert_cmpstr (first->id, !=, second->id);
  g_assert_cmpstr (second->title, ==, px_run_get_spec (run)->name);
  g_assert_cmpuint (first->done, ==, 40);
  g_assert_cmpuint (first->workers, ==, 3);
  g_assert_cmpuint (first->size, >, 1000);

  list = px_run_store_list (&problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstrv (problems, (const char * const []){ NULL });
  g_assert_cmpstr (((PxKeptRun *)g_ptr_array_index (list, 0))->id, ==, second->id);
  g_assert_cmpstr (((PxKeptRun *)g_ptr_array_index (list, 1))->title, ==, "First title");
  g_clear_pointer (&list, g_ptr_array_unref);

  last = px_run_store_find ("last", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (last->id, ==, second->id);
  missing = px_run_store_find ("19700101-000000", &error);
  g_assert_null (missing);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, second->id));
  g_clear_error (&error);

  /* A lost index is rebuilt from the reports; a damaged report is named. */
  g_assert_cmpint (g_unlink (index), ==, 0);
  {
    g_autofree char *junk = g_build_filename (runs_dir, "junk.json", NULL);

    g_assert_true (g_file_set_contents (junk, "{}", -1, NULL));
    g_clear_pointer (&problems, g_strfreev);
    list = px_run_store_list (&problems, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 2);
    g_assert_cmpuint (g_strv_length (problems), ==, 1);
    g_assert_nonnull (strstr (problems[0], "junk.json"));
    g_assert_true (g_file_test (index, G_FILE_TEST_EXISTS));
    g_clear_pointer (&list, g_ptr_array_unref);
    g_unlink (junk);
  }

  /* The oldest go when the space is short; one report larger than the
   * space is not kept at all. */
  g_assert_cmpuint (px_run_store_trim (first->size + second->size - 1, NULL), ==, 1);
  g_assert_false (g_file_test (first->path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (second->path, G_FILE_TEST_EXISTS));
  big = px_run_store_keep (run, sampler, NULL, NULL, 100, &error);
  g_assert_null (big);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);
  g_assert_cmpuint (count_json (runs_dir), ==, 1);

  g_assert_true (px_run_store_delete (second->id, &error));
  g_assert_no_error (error);
  g_assert_false (px_run_store_delete (second->id, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (px_run_store_delete ("../index.ini", &error));
  g_clear_error (&error);
  g_assert_cmpuint (count_json (runs_dir), ==, 0);
}

/* Runs the parallax command line; returns its exit status. */
static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in:\n%s", needle, text);
}

/* parallax run --keep, --compare-with, and parallax runs. */
static void
test_cli (void)
{
  g_autofree char *profile = g_test_build_filename (G_TEST_DIST, "..", "data", "profiles",
                                                    "gil.ini", NULL);
  g_autofree char *dir = px_test_make_dir ("px-runs-cli");
  g_autofree char *md = g_build_filename (dir, "again.md", NULL);
  g_autoptr(GPtrArray) list = NULL;
  char *out = NULL, *err = NULL;
  g_autofree char *first_id = NULL;

#define RESET() \
  G_STMT_START { g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free); } G_STMT_END
  g_assert_cmpint (px_test_parallax (&out, &err, "run", profile, "-q", "--tasks=4", "--task-ms=5",
                                     "--keep", NULL), ==, 0);
  assert_contains (err, "Kept as ");
  list = px_run_store_list (NULL, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  first_id = g_strdup (((PxKeptRun *)g_ptr_array_index (list, 0))->id);
  g_clear_pointer (&list, g_ptr_array_unref);
  RESET ();

  /* A run that is not kept: the comparison still names the kept one. */
  g_assert_cmpint (px_test_parallax (&out, &err, "run", profile, "-q", "--tasks=4", "--task-ms=5",
                                     "--gil=false", "--compare-with=last", NULL), ==, 0);
  assert_contains (out, "Compared with ");
  assert_contains (out, first_id);
  assert_contains (out, "gil: true → false");
  assert_contains (out, "Single runs");
  RESET ();

  /* A name that finds nothing fails before anything runs. */
  g_assert_cmpint (px_test_parallax (&out, &err, "run", profile, "-q", "--compare-with=nope", NULL),
                   ==, 2);
  assert_contains (err, "--compare-with=nope");
  assert_contains (err, first_id);
  g_assert_null (strstr (out, "Wall time"));
  RESET ();

  g_assert_cmpint (px_test_parallax (&out, &err, "runs", NULL), ==, 0);
  assert_contains (out, first_id);
  assert_contains (out, "1 run kept");
  RESET ();
  g_assert_cmpint (px_test_parallax (&out, &err, "runs", "last", NULL), ==, 0);
  assert_contains (out, "Wall time");
  RESET ();
  g_assert_cmpint (px_test_parallax (&out, &err, "runs", first_id, "-o", md, NULL), ==, 0);
  g_assert_true (g_file_test (md, G_FILE_TEST_IS_REGULAR));
  RESET ();
  g_assert_cmpint (px_test_parallax (&out, &err, "runs", "--delete", first_id, NULL), ==, 0);
  RESET ();
  g_assert_cmpint (px_test_parallax (&out, &err, "runs", first_id, NULL), ==, 2);
  assert_contains (err, first_id);
  RESET ();
  g_assert_cmpint (px_test_parallax (&out, &err, "runs", NULL), ==, 0);
  assert_contains (out, "No run is kept yet");
  RESET ();
#undef RESET
  px_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = px_test_make_dir ("px-store");
  g_autofree char *runs_dir = g_build_filename (dir, "runs", NULL);
  int status;

  /* Set before any thread starts: the store's folder, not the user's. */
  g_setenv ("PARALLAX_RUNS_DIR", runs_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/px/report/read-back/threads", GINT_TO_POINTER (PX_EXECUTOR_THREADS),
                        test_read_back);
  g_test_add_data_func ("/px/report/read-back/processes",
                        GINT_TO_POINTER (PX_EXECUTOR_PROCESSES), test_read_back);
  g_test_add_func ("/px/report/read-jobs", test_read_jobs);
  g_test_add_func ("/px/report/read-errors", test_read_errors);
  g_test_add_func ("/px/runs/store", test_store);
  g_test_add_func ("/px/runs/cli", test_cli);

  status = g_test_run ();
  px_test_remove_dir (dir);
  return status;
}
