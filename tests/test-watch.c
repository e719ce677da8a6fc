/* test-watch.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watching a program's threads from /proc: this test watches itself, so
 * each reading can be held against the thread's own CPU clock over the
 * same window. Threads that compute, sleep, share one CPU (so each waits
 * for it half of the time) and contend on a lock; sleeping threads left
 * unread while their process's CPU says none ran. Programs that start
 * and end are in test-watch-programs.c.
 */

#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "px-test-helpers.h"
#include "px-watch.h"

#define SAMPLES 15
/* schedstat's time on a CPU is brought up to date when a thread is
 * switched out and at each scheduler tick (4 ms with Debian's HZ=250),
 * while a thread's own CPU clock is exact: a thread on a CPU when read
 * can lag by a tick, which the next reading makes up. */
#define TICK_POINTS 4.0

typedef struct
{
  const char *name;
  /* 0 computes, 1 sleeps, 2 computes holding the lock, 3 waits for a
   * lock this test holds while it watches. */
  int         kind;
  int         cpu;
  pthread_t   thread;
  int         tid;
  clockid_t   clock;
  gint        stop;
  gint        ready;
} Worker;

static GMutex lock;
static GMutex held;

static guint64
clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (guint64)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static void *
worker_main (void *data)
{
  Worker *w = data;

  pthread_setname_np (pthread_self (), w->name);
  if (w->cpu >= 0)
    {
      cpu_set_t set;

      CPU_ZERO (&set);
      CPU_SET (w->cpu, &set);
      pthread_setaffinity_np (pthread_self (), sizeof set, &set);
    }
  w->tid = (int)syscall (SYS_gettid);
  pthread_getcpuclockid (pthread_self (), &w->clock);
  g_atomic_int_set (&w->ready, 1);
  while (!g_atomic_int_get (&w->stop))
    {
      if (w->kind == 3)
        {
          g_mutex_lock (&held);
          g_mutex_unlock (&held);
          break;
        }
      else if (w->kind == 1)
        g_usleep (20000);
      else if (w->kind == 2)
        {
          guint64 until;

          g_mutex_lock (&lock);
          until = clock_ns (CLOCK_MONOTONIC) + 5000000;
          while (clock_ns (CLOCK_MONOTONIC) < until)
            ;
          g_mutex_unlock (&lock);
        }
      else
        {
          volatile guint64 x = 0;

          for (int i = 0; i < 100000; i++)
            x += i;
        }
    }
  return NULL;
}

/* How far a reading of a thread's CPU between samples @from and @to lies
 * outside what its own clock allows: the watch's window starts between
 * the reads around sample @from and ends between those around @to. */
static double
off_bracket (double        read,
             const guint64 before[],
             const guint64 after[],
             const gint64  stamps_before[],
             const gint64  stamps_after[],
             guint         from,
             guint         to)
{
  double cpu_min = (double)(before[to] - after[from]);
  double cpu_max = (double)(after[to] - before[from]);
  double wall_min = (double)(stamps_before[to] - stamps_after[from]) * 1000;
  double wall_max = (double)(stamps_after[to] - stamps_before[from]) * 1000;
  double low = 100.0 * MAX (cpu_min, 0) / wall_max;
  double high = 100.0 * cpu_max / wall_min;

  if (read < low)
    return low - read;
  if (read > high)
    return read - high;
  return 0;
}

static const PxWatchThread *
find_thread (PxWatch *watch,
             int      tid)
{
  for (guint i = 0; i < px_watch_get_n_threads (watch); i++)
    if (px_watch_get_thread (watch, i)->tid == tid)
      return px_watch_get_thread (watch, i);
  return NULL;
}

static void
test_watch_threads (void)
{
  /* The workers share CPU 0, and this thread, which samples and reads
   * their clocks, has the others: no worker delays it between the two. */
  Worker workers[] = {
    { "px-busy", 0, 0 },
    { "px-sleeper", 1, 0 },
    { "px-shared-a", 0, 0 },
    { "px-shared-b", 0, 0 },
    { "px-lock-a", 2, 0 },
    { "px-lock-b", 2, 0 },
    { "px-blocked", 3, 0 },
  };
  const guint n = G_N_ELEMENTS (workers);
  g_autoptr(PxWatch) watch = NULL;
  g_autoptr(GError) error = NULL;
  /* Each thread's own clock and the time, read just before and just
   * after each sample: the watch's window lies between the two, however
   * long this thread waits for a CPU in between on a busy machine. */
  guint64 before[G_N_ELEMENTS (workers)][SAMPLES], after[G_N_ELEMENTS (workers)][SAMPLES];
  gint64 stamps_before[SAMPLES], stamps_after[SAMPLES];
  double worst = 0, worst_total = 0;
  double total_busy[G_N_ELEMENTS (workers)] = { 0 };
  double total_runnable[G_N_ELEMENTS (workers)] = { 0 };
  guint sleeping = 0, both = 0;

  if (g_get_num_processors () > 1)
    {
      cpu_set_t set;

      CPU_ZERO (&set);
      for (guint c = 1; c < MIN (g_get_num_processors (), CPU_SETSIZE); c++)
        CPU_SET (c, &set);
      pthread_setaffinity_np (pthread_self (), sizeof set, &set);
    }
  g_mutex_lock (&held);
  for (guint i = 0; i < n; i++)
    {
      pthread_create (&workers[i].thread, NULL, worker_main, &workers[i]);
      while (!g_atomic_int_get (&workers[i].ready))
        g_usleep (1000);
    }

  watch = px_watch_new_attach (getpid (), 100, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < SAMPLES; s++)
    {
      for (guint i = 0; i < n; i++)
        before[i][s] = clock_ns (workers[i].clock);
      stamps_before[s] = g_get_monotonic_time ();
      px_watch_sample (watch);
      stamps_after[s] = g_get_monotonic_time ();
      for (guint i = 0; i < n; i++)
        after[i][s] = clock_ns (workers[i].clock);
      g_usleep (100000);
    }

  for (guint i = 0; i < n; i++)
    {
      const PxWatchThread *t = find_thread (watch, workers[i].tid);
      PxHistory *cpu, *runnable, *state;
      guint len;

      g_assert_nonnull (t);
      g_assert_cmpstr (t->name, ==, workers[i].name);
      g_assert_cmpint (t->pid, ==, getpid ());
      cpu = t->series[PX_WATCH_THREAD_CPU];
      runnable = t->series[PX_WATCH_THREAD_RUNNABLE];
      state = t->series[PX_WATCH_THREAD_STATE];
      len = px_history_get_length (cpu);
      g_assert_cmpuint (len, ==, SAMPLES);
      for (guint s = 2; s < SAMPLES; s++)
        {
          double read = px_history_get (cpu, s);
          double off = off_bracket (read, before[i], after[i], stamps_before, stamps_after,
                                    s - 1, s);

          /* Within 3 points of what its own clock allows, and a tick. */
          worst = MAX (worst, off);
          g_assert_cmpfloat (off, <=, 3 + TICK_POINTS);

          /* The sleeper sleeps, and so does a thread waiting for a lock:
           * off a CPU, not in a run queue. */
          if (workers[i].kind == 3)
            {
              g_assert_cmpfloat (px_history_get (state, s), ==, PX_WATCH_SLEEPING);
              g_assert_cmpfloat (read, <, 1);
              g_assert_cmpfloat (px_history_get (runnable, s), <, 1);
            }
          if (workers[i].kind == 1)
            {
              g_assert_cmpfloat (px_history_get (state, s), ==, PX_WATCH_SLEEPING);
              sleeping++;
            }
          /* Threads that compute on a shared CPU never sleep: each runs
           * or waits for it. (Held over the whole watch below: a thread
           * waiting in a run queue when read has its wait counted once
           * it runs, so one sample's sum can fall short and the next
           * exceed.) */
          if (workers[i].kind == 0)
            {
              total_busy[i] += read + px_history_get (runnable, s);
              total_runnable[i] += px_history_get (runnable, s);
              both++;
            }
        }
    }
  /* Over the whole watch, the lags cancel: the mean of the readings
   * is within a point of the clock's. */
  for (guint i = 0; i < n; i++)
    {
      const PxWatchThread *t = find_thread (watch, workers[i].tid);
      double sum = 0, off;

      /* Each reading weighed by its window, taken at the middle of the
       * brackets. */
      for (guint s = 2; s < SAMPLES; s++)
        sum += px_history_get (t->series[PX_WATCH_THREAD_CPU], s) *
               (double)(stamps_before[s] + stamps_after[s] -
                        stamps_before[s - 1] - stamps_after[s - 1]) / 2;
      sum /= (double)(stamps_before[SAMPLES - 1] + stamps_after[SAMPLES - 1] -
                      stamps_before[1] - stamps_after[1]) / 2;
      off = off_bracket (sum, before[i], after[i], stamps_before, stamps_after, 1, SAMPLES - 1);
      worst_total = MAX (worst_total, off);
      g_assert_cmpfloat (off, <=, 1);
    }
  g_test_message ("watched %u threads over %d samples: at most %.2f points outside what their "
                  "own CPU clocks allow in a sample, %.2f over the whole watch", n, SAMPLES, worst,
                  worst_total);
  g_assert_cmpuint (sleeping, >, 0);
  g_assert_cmpuint (both, >, 0);
  for (guint i = 0; i < n; i++)
    if (workers[i].kind == 0)
      {
        double busy = total_busy[i] / (SAMPLES - 2);
        double waiting = total_runnable[i] / (SAMPLES - 2);

        g_test_message ("%s: %.1f %% on a CPU or waiting for it, %.1f %% waiting",
                        workers[i].name, busy, waiting);
        g_assert_cmpfloat (busy, >=, 90);
        g_assert_cmpfloat (busy, <=, 110);
        g_assert_cmpfloat (waiting, >=, 10);
      }
  /* The program's parallelism is the sum of its threads' CPU. */
  g_assert_cmpfloat (px_history_get_last (px_watch_get_series (watch, PX_WATCH_PARALLELISM)),
                     >, 0.5);
  g_assert_cmpfloat (px_history_get_last (px_watch_get_series (watch, PX_WATCH_WANTING)), >=,
                     px_history_get_last (px_watch_get_series (watch, PX_WATCH_PARALLELISM)));

  g_mutex_unlock (&held);
  for (guint i = 0; i < n; i++)
    {
      g_atomic_int_set (&workers[i].stop, 1);
      pthread_join (workers[i].thread, NULL);
    }
  /* Ended threads are marked, at the next look. */
  g_usleep (600000);
  px_watch_sample (watch);
  for (guint i = 0; i < n; i++)
    {
      const PxWatchThread *t = find_thread (watch, workers[i].tid);

      g_assert_true (t != NULL && t->ended);
    }
}

/* A thread that sleeps until asked to compute for a while. */
typedef struct
{
  pthread_t thread;
  clockid_t clock;
  int       tid;
  GMutex    mutex;
  GCond     cond;
  guint64   spin_ns;
  gboolean  quit;
  gint      ready;
} Napper;

static void *
napper_main (void *data)
{
  Napper *n = data;

  pthread_setname_np (pthread_self (), "px-napper");
  n->tid = (int)syscall (SYS_gettid);
  pthread_getcpuclockid (pthread_self (), &n->clock);
  g_mutex_lock (&n->mutex);
  g_atomic_int_set (&n->ready, 1);
  for (;;)
    {
      guint64 until;

      while (n->spin_ns == 0 && !n->quit)
        g_cond_wait (&n->cond, &n->mutex);
      if (n->quit)
        break;
      until = clock_ns (n->clock) + n->spin_ns;
      g_mutex_unlock (&n->mutex);
      while (clock_ns (n->clock) < until)
        ;
      g_mutex_lock (&n->mutex);
      n->spin_ns = 0;
      g_cond_broadcast (&n->cond);
    }
  g_mutex_unlock (&n->mutex);
  return NULL;
}

/* Has @n compute for @ns of its own CPU time, and waits until it has. */
static void
napper_spin (Napper  *n,
             guint64  ns)
{
  g_mutex_lock (&n->mutex);
  n->spin_ns = ns;
  g_cond_broadcast (&n->cond);
  while (n->spin_ns != 0)
    g_cond_wait (&n->cond, &n->mutex);
  g_mutex_unlock (&n->mutex);
}

/* Sleeping threads may be left unread while their process's CPU says
 * none of them ran: one that then computes long enough to show there is
 * read, and its reading matches its clock; one that computes too little
 * to show is counted all the same, by the time the watch stops. */
static void
test_watch_sleeping_threads (void)
{
  enum { N = 8, LONG = 0, SHORT = 1, BEFORE_LONG = 5, STEPS = 7 };
  Napper nappers[N];
  g_autoptr(PxWatch) watch = NULL;
  g_autoptr(GError) error = NULL;
  guint64 before[SAMPLES], after[SAMPLES], short_first[2] = { 0 }, short_end;
  gint64 stamps_before[SAMPLES], stamps_after[SAMPLES];
  const PxWatchThread *longer, *shorter;
  double read, off;

  memset (nappers, 0, sizeof nappers);
  for (guint i = 0; i < N; i++)
    {
      g_mutex_init (&nappers[i].mutex);
      g_cond_init (&nappers[i].cond);
      pthread_create (&nappers[i].thread, NULL, napper_main, &nappers[i]);
      while (!g_atomic_int_get (&nappers[i].ready))
        g_usleep (1000);
    }

  watch = px_watch_new_attach (getpid (), 100, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < STEPS; s++)
    {
      /* One computes for 60 ms, six ticks of its process's stat. */
      if (s == BEFORE_LONG)
        napper_spin (&nappers[LONG], 60 * 1000 * 1000);
      /* Another for 5 ms, less than the stat's rounding. */
      if (s == BEFORE_LONG + 1)
        napper_spin (&nappers[SHORT], 5 * 1000 * 1000);
      before[s] = clock_ns (nappers[LONG].clock);
      if (s == 0)
        short_first[0] = clock_ns (nappers[SHORT].clock);
      stamps_before[s] = g_get_monotonic_time ();
      px_watch_sample (watch);
      stamps_after[s] = g_get_monotonic_time ();
      after[s] = clock_ns (nappers[LONG].clock);
      if (s == 0)
        short_first[1] = clock_ns (nappers[SHORT].clock);
      g_usleep (100000);
    }

  longer = find_thread (watch, nappers[LONG].tid);
  shorter = find_thread (watch, nappers[SHORT].tid);
  g_assert_nonnull (longer);
  g_assert_nonnull (shorter);
  /* Read or not, every thread is counted. */
  g_assert_cmpfloat (px_history_get_last (px_watch_get_series (watch, PX_WATCH_THREADS)), >=,
                     N + 1);
  read = px_history_get (longer->series[PX_WATCH_THREAD_CPU], BEFORE_LONG);
  off = off_bracket (read, before, after, stamps_before, stamps_after, BEFORE_LONG - 1,
                     BEFORE_LONG);
  g_test_message ("a sleeping thread that computed for 60 ms: %.1f %% of a CPU at the next "
                  "sample, %.2f points outside what its clock allows", read, off);
  /* Read, not left at nothing: over the longest its window can be, the
   * reading holds at least 50 of the 60 ms, however long those took. */
  g_assert_cmpfloat (read / 100 * (stamps_after[BEFORE_LONG] - stamps_before[BEFORE_LONG - 1]),
                     >=, 50 * 1000);
  g_assert_cmpfloat (off, <=, 3 + TICK_POINTS);
  g_test_message ("one that computed for 5 ms: %.1f %% at the next sample (0 if left unread)",
                  px_history_get (shorter->series[PX_WATCH_THREAD_CPU], BEFORE_LONG + 1));

  /* Stopping a watch brings the totals of threads left unread up to
   * date: all the short one did is in its total, to its clock's
   * nanosecond (asleep, its clock and its schedstat agree). */
  px_watch_start (watch);
  px_watch_stop (watch);
  short_end = clock_ns (nappers[SHORT].clock);
  g_test_message ("its total: %.3f ms of CPU since it was first read; its clock: %.3f ms",
                  (shorter->cpu_ns - shorter->cpu_ns_first) / 1e6,
                  (short_end - short_first[1]) / 1e6);
  g_assert_cmpuint (shorter->cpu_ns - shorter->cpu_ns_first, >=, short_end - short_first[1]);
  g_assert_cmpuint (shorter->cpu_ns - shorter->cpu_ns_first, <=, short_end - short_first[0]);
  g_assert_cmpuint (short_end - short_first[1], >=, 5 * 1000 * 1000);

  for (guint i = 0; i < N; i++)
    {
      g_mutex_lock (&nappers[i].mutex);
      nappers[i].quit = TRUE;
      g_cond_broadcast (&nappers[i].cond);
      g_mutex_unlock (&nappers[i].mutex);
      pthread_join (nappers[i].thread, NULL);
      g_mutex_clear (&nappers[i].mutex);
      g_cond_clear (&nappers[i].cond);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/watch/threads", test_watch_threads);
  g_test_add_func ("/px/watch/sleeping-threads", test_watch_sleeping_threads);

  return g_test_run ();
}
