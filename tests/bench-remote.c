/* bench-remote.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Workers on other hosts through ssh, the other host being this one
 * through a real sshd on 127.0.0.1 (px-test-sshd.c), against the same
 * workers started here, measured in turn in this same run, medians of
 * rounds:
 *
 * - empty tasks in chunks (chunk-size=auto) on 2 workers: the throughput
 *   of the workers as they run, each from its first task's start to its
 *   last one's end, their mean for two (connecting is a one-off, as
 *   starting a process is, and over ssh one worker may connect so late,
 *   the remote shell starting slowly, that the other does every task),
 *   over ssh against here; the whole runs' times are printed beside. On
 *   loopback ssh encrypts and decrypts on the same two cores that run the
 *   workers;
 * - a task a message (chunk-size=1): what each task costs beyond its work
 *   over ssh, beside GNU parallel's -S running the same jobs through the
 *   same sshd (an ssh session a job), when parallel is installed.
 */

#include "config.h"

#include <string.h>

#include "px-bench.h"
#include "px-run.h"
#include "px-test-helpers.h"
#include "px-test-sshd.h"

#define CHUNKED_TASKS  300000
#define SINGLE_TASKS   4000
#define PARALLEL_JOBS  16
#define ROUNDS         5
/* Over ssh, at least this share of the throughput here. */
#define TARGET_CHUNKED 0.5
/* Each task over ssh costs at most this share of GNU parallel -S's. */
#define TARGET_PER_TASK 0.1

static PxTestSshd sshd;

typedef struct
{
  gboolean remote;
  guint    tasks;
  guint    chunk_size;
  /* Tasks a second of the workers as they ran, and the whole run's
   * seconds. */
  double   rate;
  double   wall_s;
} Round;

static double
run_round (gpointer data)
{
  Round *round = data;
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hosts = g_strdup_printf ("2/127.0.0.1:%u", sshd.port);
  const PxTaskRecord *r;
  PxRunCounters c;
  gint64 first[2] = { G_MAXINT64, G_MAXINT64 }, last[2] = { 0, 0 };
  guint done[2] = { 0, 0 };
  guint n;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_SLEEP, 2, round->tasks, 0);
  spec.chunk_size = round->chunk_size;
  if (round->remote)
    {
      spec.launcher = PX_LAUNCHER_SSH;
      px_test_set_text (&spec.hosts, hosts);
      px_test_set_text (&spec.ssh, sshd.ssh_command);
    }
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, round->tasks);

  r = px_run_get_records (run, &n);
  for (guint i = 0; i < n; i++)
    {
      guint w = r[i].worker;

      g_assert_cmpuint (w, <, 2);
      first[w] = MIN (first[w], r[i].start_us);
      last[w] = MAX (last[w], r[i].end_us);
      done[w]++;
    }
  /* Each worker's rate as it ran, their mean for two: one over ssh may
   * connect so late that the other has done every task. */
  {
    guint running = 0;

    round->rate = 0;
    for (guint w = 0; w < 2; w++)
      if (done[w] > 0)
        {
          round->rate += done[w] / (MAX (last[w] - first[w], 1) / 1e6);
          running++;
        }
    round->rate = round->rate / running * 2;
  }
  round->wall_s = (px_run_get_end_time (run) - px_run_get_start_time (run)) / 1e6;
  /* Seconds a task, so that the median is of times as elsewhere. */
  return 1 / round->rate;
}

/* Seconds GNU parallel -S takes to run PARALLEL_JOBS jobs of true on 2
 * slots of this sshd; negative without parallel. */
static double
parallel_s (gpointer data)
{
  g_autofree char *path = g_find_program_in_path ("parallel");
  g_autofree char *login = g_strdup_printf ("2/127.0.0.1:%u", sshd.port);
  const char *argv[] = { "parallel", "--will-cite", "--ssh", sshd.ssh_command, "-S", login,
                         "-N0", "true", ":::", NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) inputs = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  gint64 t0;
  int status;

  if (path == NULL)
    return -1;
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer)argv[i]);
  inputs = g_new0 (char *, PARALLEL_JOBS + 1);
  for (guint i = 0; i < PARALLEL_JOBS; i++)
    {
      inputs[i] = g_strdup_printf ("%u", i);
      g_ptr_array_add (args, inputs[i]);
    }
  g_ptr_array_add (args, NULL);
  t0 = g_get_monotonic_time ();
  g_assert_true (g_spawn_sync (NULL, (char **)args->pdata, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    return -1;
  return (g_get_monotonic_time () - t0) / 1e6;
}

static void
bench_chunked (void)
{
  Round here = { FALSE, CHUNKED_TASKS, 0, 0, 0 };
  Round there = { TRUE, CHUNKED_TASKS, 0, 0, 0 };
  PxBenchSubject subjects[] = {
    { "2 process workers here", run_round, &here },
    { "2 process workers over ssh", run_round, &there },
  };
  double ratio;

  if (!px_test_sshd_start (&sshd))
    return;
  px_bench_interleave (subjects, G_N_ELEMENTS (subjects), ROUNDS);
  ratio = subjects[0].median / subjects[1].median;
  g_printerr ("# %u empty tasks, chunk-size=auto, 2 workers: here %.0f tasks/s, over ssh "
              "%.0f tasks/s as they run (the last whole run over ssh took %.2f s, connecting "
              "included, here %.2f s)\n",
              CHUNKED_TASKS, 1 / subjects[0].median, 1 / subjects[1].median, there.wall_s,
              here.wall_s);
  {
    g_autofree char *ours = g_strdup_printf ("%.0f tasks/s [%.0f…%.0f]", 1 / subjects[1].median,
                                             1 / subjects[1].max, 1 / subjects[1].min);
    g_autofree char *base = g_strdup_printf ("here %.0f tasks/s [%.0f…%.0f]",
                                             1 / subjects[0].median, 1 / subjects[0].max,
                                             1 / subjects[0].min);
    g_autofree char *target = g_strdup_printf ("≥ %.1fx", TARGET_CHUNKED);

    px_bench_target ("empty tasks over ssh on loopback, chunk-size auto (over ssh / here)",
                     ours, base, ratio, target, ratio >= TARGET_CHUNKED);
  }
}

static void
bench_per_task (void)
{
  Round there = { TRUE, SINGLE_TASKS, 1, 0, 0 };
  PxBenchSubject subjects[] = {
    { "a task a message over ssh", run_round, &there },
    { "GNU parallel -S", parallel_s, NULL },
  };
  double ours_ms, theirs_ms;

  if (!px_test_sshd_start (&sshd))
    return;
  px_bench_interleave (subjects, G_N_ELEMENTS (subjects), 3);
  /* Two slots: a task's cost is twice its share of the time. */
  ours_ms = subjects[0].median * 2 * 1e3;
  if (subjects[1].median < 0)
    {
      g_printerr ("# each task over ssh costs %.3f ms; GNU parallel is not installed, so "
                  "there is nothing to set beside it\n", ours_ms);
      return;
    }
  theirs_ms = subjects[1].median / PARALLEL_JOBS * 2 * 1e3;
  {
    g_autofree char *ours = g_strdup_printf ("%.3f ms a task", ours_ms);
    g_autofree char *base = g_strdup_printf ("parallel -S %.1f ms a job", theirs_ms);
    g_autofree char *target = g_strdup_printf ("≤ %.2fx", TARGET_PER_TASK);

    px_bench_target ("a task over ssh on loopback, chunk-size 1 (ours / GNU parallel -S)",
                     ours, base, ours_ms / theirs_ms, target,
                     ours_ms / theirs_ms <= TARGET_PER_TASK);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/px/bench/remote/chunked", bench_chunked);
  g_test_add_func ("/px/bench/remote/per-task", bench_per_task);
  status = g_test_run ();
  px_test_sshd_stop (&sshd);
  return status;
}
