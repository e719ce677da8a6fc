/* bench-jobs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Running a user's command as jobs: 2,000 jobs of `true` on 2 slots,
 * against `xargs -P2 -n1 true` and GNU parallel (`parallel -j2 true`)
 * running the same jobs, measured in turn in this same run, medians of
 * rounds. Parallax does more for each job (a process group, its output
 * read, wait4's account, a record) and should still keep up with xargs.
 */

#include "config.h"

#include "px-run.h"
#include "px-test-helpers.h"

#define JOBS       2000
#define ROUNDS     3
/* Parallax's throughput against xargs', and against GNU parallel's. */
#define TARGET_XARGS    0.8
#define TARGET_PARALLEL 5.0

static double
parallax_s (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;
  PxRunCounters c;
  PxSpec spec;
  gint64 t0;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 2, JOBS, 0);
  g_free (spec.command);
  spec.command = g_strdup ("true");
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  t0 = g_get_monotonic_time ();
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, JOBS);
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* Seconds @line takes through /bin/sh. */
static double
shell_s (const char *line)
{
  const char *argv[] = { "/bin/sh", "-c", line, NULL };
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return (g_get_monotonic_time () - t0) / 1e6;
}

static void
bench_true_jobs (void)
{
  g_autofree char *parallel = g_find_program_in_path ("parallel");
  g_autofree char *xargs_line = g_strdup_printf ("seq %d | xargs -P2 -n1 true", JOBS);
  g_autofree char *parallel_line = g_strdup_printf ("seq %d | parallel --will-cite -j2 true",
                                                    JOBS);
  double ours[ROUNDS], xargs[ROUNDS], theirs[ROUNDS];
  double o, x, p = 0;
  g_autofree char *parallel_figure = NULL;
  g_autofree char *parallel_ratio = NULL;

  for (guint r = 0; r < ROUNDS; r++)
    {
      ours[r] = parallax_s ();
      xargs[r] = shell_s (xargs_line);
      theirs[r] = parallel != NULL ? shell_s (parallel_line) : 0;
    }
  o = px_test_median (ours, ROUNDS);
  x = px_test_median (xargs, ROUNDS);
  if (parallel != NULL)
    p = px_test_median (theirs, ROUNDS);

  parallel_figure = parallel != NULL ? g_strdup_printf ("%.2f s (%.0f jobs/s)", p, JOBS / p)
                                     : g_strdup ("not installed");
  parallel_ratio = parallel != NULL ? g_strdup_printf (", Parallax / parallel %.1f (target >= "
                                                       "%.0f)", p / o, TARGET_PARALLEL)
                                    : g_strdup ("");
  g_test_message ("%d jobs of true on 2 slots, medians of %d rounds in turn: Parallax %.2f s "
                  "(%.0f jobs/s), xargs -P2 %.2f s (%.0f jobs/s), GNU parallel %s; "
                  "Parallax / xargs %.2f (target >= %.1f)%s",
                  JOBS, ROUNDS, o, JOBS / o, x, JOBS / x, parallel_figure, x / o, TARGET_XARGS,
                  parallel_ratio);

  g_assert_cmpfloat (x / o, >=, TARGET_XARGS);
  if (parallel != NULL)
    g_assert_cmpfloat (p / o, >=, TARGET_PARALLEL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/bench/jobs/true", bench_true_jobs);

  return g_test_run ();
}
