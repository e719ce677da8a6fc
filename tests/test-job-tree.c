/* test-job-tree.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A job's tree of processes, as the window and the command line read
 * it while the job runs: the CPU time of a shell and its busy children,
 * held against the kernel's schedstat account over the same window, and
 * a sleeping job read less often without losing what it computed.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "px-job.h"
#include "px-proc-tree.h"
#include "px-test-helpers.h"

typedef struct
{
  PxJobSpec   spec;
  PxJobResult result;
  int         pid;
} Running;

static void
started_cb (int      pid,
            gpointer user_data)
{
  Running *running = user_data;

  g_atomic_int_set (&running->pid, pid);
}

static gpointer
run_job_thread (gpointer data)
{
  Running *running = data;

  g_assert_true (px_job_run (&running->spec, NULL, &running->result, NULL));
  return NULL;
}

/* Nanoseconds on a CPU of every thread of @tree's processes, from
 * schedstat: the kernel's other account of the same time. */
static guint64
schedstat_ns (const int *pids,
              guint      n)
{
  guint64 total = 0;

  for (guint i = 0; i < n; i++)
    {
      guint64 ns;

      if (px_test_process_schedstat (pids[i], &ns, NULL))
        total += ns;
    }
  return total;
}

/* The pids of the job and its two busy children. */
static guint
tree_pids (int  root,
           int *pids)
{
  guint n = 0;

  pids[n++] = root;
  /* Breadth first: each process's children follow. */
  for (guint at = 0; at < n; at++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/children", pids[at], pids[at]);
      g_autofree char *text = NULL;
      g_auto(GStrv) words = NULL;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      words = g_strsplit (g_strstrip (text), " ", -1);
      for (guint i = 0; words[i] != NULL && n < 8; i++)
        if (words[i][0] != '\0')
          pids[n++] = atoi (words[i]);
    }
  return n;
}

/* A shell with two busy children: its tree reads their CPU time, which
 * agrees with the kernel's schedstat account over the same window (on
 * an idle machine, about 200 % of a core). */
static void
test_tree_cpu (void)
{
  char *busy[] = { "sh", "-c", "sh -c 'while :; do :; done' & sh -c 'while :; do :; done' & wait",
                   NULL };
  Running running = { { 0 } };
  GThread *thread;
  PxProcTree a, b, wa, wb;
  PxProcTreeWatch *watch;
  int pids[8];
  guint n = 0;
  guint64 sched_a, sched_b;
  gint64 t_a, t_b;
  double tree_pct, sched_pct, watch_pct;

  running.spec.argv = busy;
  /* Measured for about a second once found; ended by its timeout. */
  running.spec.timeout_s = 5;
  running.spec.kill_grace_s = 1;
  running.spec.output_limit = 100;
  running.spec.started = started_cb;
  running.spec.user_data = &running;
  thread = g_thread_new ("job", run_job_thread, &running);

  /* Its children started and busy: the shell and its two children. */
  for (int i = 0; i < 200 && n < 3; i++)
    {
      g_usleep (10000);
      if (g_atomic_int_get (&running.pid) > 0)
        n = tree_pids (g_atomic_int_get (&running.pid), pids);
    }
  g_assert_cmpuint (n, ==, 3);
  g_usleep (200000);

  /* The sampler's way too: files kept open, schedstat in between. */
  watch = px_proc_tree_watch_new (pids[0]);
  t_a = g_get_monotonic_time ();
  g_assert_true (px_proc_tree_read (pids[0], &a));
  g_assert_true (px_proc_tree_watch_read (watch, t_a, &wa));
  sched_a = schedstat_ns (pids, n);
  g_usleep (800000);
  t_b = g_get_monotonic_time ();
  g_assert_true (px_proc_tree_read (pids[0], &b));
  g_assert_true (px_proc_tree_watch_read (watch, t_b, &wb));
  sched_b = schedstat_ns (pids, n);

  g_assert_cmpuint (a.n_processes, ==, 3);
  g_assert_cmpuint (wa.n_processes, ==, 3);
  g_assert_cmpuint (b.rss_bytes, >, 0);
  g_assert_cmpuint (wb.rss_bytes, >, 0);
  tree_pct = 100.0 * (b.cpu_ns - a.cpu_ns) / ((t_b - t_a) * 1000.0);
  watch_pct = 100.0 * (wb.cpu_ns - wa.cpu_ns) / ((t_b - t_a) * 1000.0);
  sched_pct = 100.0 * (sched_b - sched_a) / ((t_b - t_a) * 1000.0);
  g_test_message ("two busy children: the tree reads %.0f %% of a core, kept open %.0f %%, "
                  "schedstat %.0f %%", tree_pct, watch_pct, sched_pct);
  /* Clock ticks of 10 ms against nanoseconds, over 0.8 s. */
  g_assert_cmpfloat (fabs (tree_pct - sched_pct), <=, 15);
  g_assert_cmpfloat (fabs (watch_pct - sched_pct), <=, 15);
  px_proc_tree_watch_free (watch);
  /* Busy enough to tell, however loaded the machine. */
  g_assert_cmpfloat (sched_pct, >, 10);

  g_thread_join (thread);
  g_assert_true (running.result.timed_out);
  g_assert_true (px_test_group_gone (running.result.pid));
  px_job_result_clear (&running.result);
  g_assert_false (px_proc_tree_read (pids[0], &a));
}

/* A process of one thread that sleeps until told to compute for 50 ms
 * of its own CPU time, then says so and sleeps again. */
static pid_t
start_napper (int *tell,
              int *told)
{
  int in[2], out[2];
  pid_t pid;

  g_assert_cmpint (pipe (in), ==, 0);
  g_assert_cmpint (pipe (out), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      char c;

      close (in[1]);
      close (out[0]);
      while (read (in[0], &c, 1) == 1)
        {
          /* One thread: its clock is the process's. */
          guint64 until = px_test_thread_cpu_ns () + 50 * 1000 * 1000;

          while (px_test_thread_cpu_ns () < until)
            ;
          if (write (out[1], "x", 1) != 1)
            _exit (1);
        }
      _exit (0);
    }
  close (in[0]);
  close (out[1]);
  *tell = in[1];
  *told = out[0];
  return pid;
}

/* A member asleep is read less often, but what it does is never missed:
 * once it computed, every reading from LAZY_US (250 ms) on holds it all,
 * as the kernel counts it; none counts more than the kernel. */
static void
test_tree_asleep (void)
{
  PxProcTreeWatch *watch;
  PxProcTree tree;
  int tell, told;
  pid_t pid = start_napper (&tell, &told);
  char c;
  gint64 now, computed_us;
  guint64 after;

  watch = px_proc_tree_watch_new (pid);
  /* Asleep at four readings, 100 ms apart; it computes right after
   * the last. */
  for (int i = 0; i < 4; i++)
    {
      if (i > 0)
        g_usleep (100000);
      g_assert_true (px_proc_tree_watch_read (watch, g_get_monotonic_time (), &tree));
      g_assert_cmpuint (tree.n_processes, ==, 1);
    }
  g_assert_cmpint (write (tell, "x", 1), ==, 1);
  g_assert_cmpint (read (told, &c, 1), ==, 1);
  computed_us = g_get_monotonic_time ();
  /* Back in its read: its time on a CPU is final. */
  px_test_wait_asleep (pid);
  after = schedstat_ns ((int[]) { pid }, 1);
  g_assert_cmpuint (after, >=, 50 * 1000 * 1000);

  /* Read at once, it may be as before; never more than the kernel says. */
  now = g_get_monotonic_time ();
  g_assert_true (px_proc_tree_watch_read (watch, now, &tree));
  g_test_message ("read right after it computed 50 ms: %.1f ms of CPU, the kernel %.1f ms",
                  tree.cpu_ns / 1e6, after / 1e6);
  g_assert_cmpuint (tree.cpu_ns, <=, after);
  /* From 250 ms after, all of it. */
  g_usleep (100000);
  g_assert_true (px_proc_tree_watch_read (watch, computed_us + 250 * 1000, &tree));
  g_test_message ("250 ms later: %.1f ms", tree.cpu_ns / 1e6);
  g_assert_cmpuint (tree.cpu_ns, ==, after);

  px_proc_tree_watch_free (watch);
  close (tell);
  close (told);
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
}

int
main (int   argc,
      char *argv[])
{
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/px/job/tree-cpu", test_tree_cpu);
  g_test_add_func ("/px/job/tree-asleep", test_tree_asleep);
  return g_test_run ();
}
