/* px-watch-sample.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A watch's sample. Each reads every thread's schedstat (its time on a
 * CPU and its time waiting in a run queue, in nanoseconds, and how often
 * it was switched in), from a file kept open: one system call a thread,
 * but for sleeping threads while their process's CPU says none ran. Who
 * belongs to the program (its threads, its child processes), the state
 * of the threads that were off a CPU, memory and IO are looked up again
 * every RELIST_US, and at once when a process whose threads ran has
 * more or fewer threads or children; voluntary and involuntary switches
 * every STATUS_US.
 */

#include "config.h"

#include <math.h>
#include <time.h>

#include "px-watch-private.h"

/* Sleeping threads are left unread (see px_watch_sample()) in a process
 * with at least MIN_IDLE of them, at intervals of GATED_INTERVAL_MS or
 * more; all threads are read at the first relist FULL_READ_US after they
 * all were. */
#define MIN_IDLE 2
#define GATED_INTERVAL_MS 100
#define FULL_READ_US (2 * 1000 * 1000)

static void
halve_all (PxWatch *self)
{
  static const gboolean thread_keep_last[PX_WATCH_N_THREAD_SERIES] = {
    [PX_WATCH_THREAD_STATE] = TRUE,
  };
  static const gboolean process_keep_last[PX_WATCH_N_PROCESS_SERIES] = {
    [PX_WATCH_PROCESS_RSS] = TRUE,
  };
  static const gboolean keep_last[PX_WATCH_N_SERIES] = {
    [PX_WATCH_THREADS] = TRUE,
    [PX_WATCH_PROCESSES] = TRUE,
    [PX_WATCH_DONE] = TRUE,
  };

  px_history_halve (self->time, TRUE);
  for (guint i = 0; i < PX_WATCH_N_SERIES; i++)
    px_history_halve (self->series[i], keep_last[i]);
  for (guint i = 0; i < self->threads->len; i++)
    for (guint k = 0; k < PX_WATCH_N_THREAD_SERIES; k++)
      px_history_halve (((Thread *)g_ptr_array_index (self->threads, i))->pub.series[k],
                        thread_keep_last[k]);
  for (guint i = 0; i < self->processes->len; i++)
    for (guint k = 0; k < PX_WATCH_N_PROCESS_SERIES; k++)
      px_history_halve (((Process *)g_ptr_array_index (self->processes, i))->pub.series[k],
                        process_keep_last[k]);
}

/* A sample's sums over its threads, and how it reads them. */
typedef struct
{
  double   dt_ns;
  gboolean read_states;
  double   parallelism;
  double   wanting;
  guint    n_threads;
} Sums;

/* The process a thread belongs to, while it lasts. */
static inline Process *
thread_process (Thread *t)
{
  return t->process != NULL && !t->process->pub.ended ? t->process : NULL;
}

static void
push_thread (Thread *t,
             double  cpu,
             double  runnable,
             double  switches,
             double  state)
{
  px_history_push (t->pub.series[PX_WATCH_THREAD_CPU], cpu);
  px_history_push (t->pub.series[PX_WATCH_THREAD_RUNNABLE], runnable);
  px_history_push (t->pub.series[PX_WATCH_THREAD_SWITCHES], switches);
  px_history_push (t->pub.series[PX_WATCH_THREAD_STATE], state);
}

/* Reads a thread's schedstat, and pushes what it did since its last
 * reading over the time since it was last read or left unread. */
static void
read_thread (PxWatch *self,
             Thread  *t,
             Sums    *sums)
{
  double cpu = NAN, runnable = NAN, switches = NAN, state = NAN;
  guint64 run_ns, wait_ns, slices;
  gint64 read_us;
  Process *p = thread_process (t);
  char buf[256];

  if (t->pub.ended)
    {
      push_thread (t, cpu, runnable, switches, state);
      return;
    }
  read_us = g_get_monotonic_time ();
  if (px_proc_pread (t->sched_fd, buf, sizeof buf) &&
      _px_watch_parse_schedstat (buf, &run_ns, &wait_ns, &slices))
    {
      /* This thread's interval: from its last reading to this one, or
       * from the last sample if it started since. */
      double t_ns = (double)(read_us - (t->read_us > 0 ? t->read_us : self->last_us)) * 1000;
      /* Switched in since its last reading or not: the count of times
       * it was is brought up to date as it is, its time on a CPU only
       * at the next tick or switch. */
      gboolean unchanged = t->read && run_ns == t->cpu_last && wait_ns == t->wait_last &&
                           slices == t->switches_last;

      if (!t->read)
        {
          t->pub.cpu_ns_first = run_ns;
          t->pub.wait_ns_first = wait_ns;
          t->pub.switches_first = slices;
          /* What it did before it was watched was in its process's CPU
           * but not in the sum of readings. */
          if (p != NULL)
            p->offset_valid = FALSE;
        }
      t->pub.cpu_ns = run_ns;
      t->pub.wait_ns = wait_ns;
      t->pub.switches = slices;
      if (t->read && sums->dt_ns > 0 && t_ns > 0)
        {
          cpu = 100.0 * (double)(run_ns - MIN (t->cpu_last, run_ns)) / t_ns;
          runnable = 100.0 * (double)(wait_ns - MIN (t->wait_last, wait_ns)) / t_ns;
          switches = (double)(slices - MIN (t->switches_last, slices)) * 1e9 / t_ns;
          if (cpu >= 50 || (cpu > 0 && cpu >= runnable && cpu + runnable >= 50))
            t->pub.state = PX_WATCH_RUNNING;
          else if (runnable >= 50 || (runnable > 0 && cpu + runnable >= 50))
            t->pub.state = PX_WATCH_RUNNABLE;
          /* Off a CPU: its state is read when it may have changed, that
           * is when it ran since the last look, or at a relist. A thread
           * that did not run at all cannot have gone from sleeping to
           * disk wait. */
          else if (t->pub.state == PX_WATCH_RUNNING || t->pub.state == PX_WATCH_RUNNABLE ||
                   (sums->read_states && (run_ns != t->cpu_last || wait_ns != t->wait_last ||
                                          t->pub.state == PX_WATCH_STOPPED)))
            _px_watch_read_off_cpu_state (t);
          sums->parallelism += cpu / 100;
          sums->wanting += (cpu + runnable) / 100;
          if (p != NULL)
            p->cpu += cpu;
        }
      if (p != NULL)
        {
          p->known_ns += run_ns - MIN (t->cpu_last, run_ns);
          p->ran |= !unchanged;
        }
      t->idle = unchanged && t->pub.state == PX_WATCH_SLEEPING;
      t->read_us = read_us;
      t->cpu_last = run_ns;
      t->wait_last = wait_ns;
      t->switches_last = slices;
      t->read = TRUE;
      state = t->pub.state;
      sums->n_threads++;
    }
  else
    {
      /* Gone since it was listed: its process is looked at again at the
       * next sample. */
      if (p != NULL)
        p->dirty = p->ran = TRUE;
      self->listed_us = 0;
      t->pub.ended = TRUE;
      t->idle = FALSE;
      px_proc_close (&t->sched_fd);
      px_proc_close (&t->stat_fd);
      px_proc_close (&t->children_fd);
    }
  push_thread (t, cpu, runnable, switches, state);
}

/* A sleeping thread left unread: it did nothing its process's CPU could
 * show, so nothing until its next reading, which counts it all. */
static void
skip_thread (Thread *t,
             Sums   *sums)
{
  t->read_us = g_get_monotonic_time ();
  push_thread (t, 0, 0, 0, t->pub.state);
  sums->n_threads++;
}

/**
 * px_watch_sample:
 *
 * Takes one sample now: each thread's CPU, run-queue wait, state and
 * switches over the interval since the last one, each process's CPU,
 * memory and IO, and the program's parallelism. Emits
 * #PxWatch::sampled, and #PxWatch::ended once the root process is gone.
 */
void
px_watch_sample (PxWatch *self)
{
  gint64 now = g_get_monotonic_time ();
  double dt_ns;
  gboolean relisted = FALSE;
  gboolean gated;
  gint64 tick_ns = 1000000000 / MAX (self->ticks, 1);
  Sums sums = { 0 };
  guint n_processes = 0;

  g_return_if_fail (PX_IS_WATCH (self));

  if (self->ended)
    return;
  if (self->listed_us == 0 || now - self->listed_us >= RELIST_US)
    {
      _px_watch_relist (self, now);
      relisted = TRUE;
      /* The interval ends where the threads are read, after the look. */
      now = g_get_monotonic_time ();
    }
  dt_ns = self->last_us > 0 ? (double)(now - self->last_us) * 1000 : 0;
  sums.dt_ns = dt_ns;
  sums.read_states = relisted;
  if (px_history_get_length (self->time) == CAPACITY)
    halve_all (self);

  /* Most threads of a large program sleep, and reading a thread is most
   * of what a sample costs. A thread asleep with nothing changed at its
   * last reading is left unread while its process's CPU, one read for
   * all its threads, says none of those ran; what one did in the
   * meantime, too little to show there, counts in full at its next
   * reading. Every thread is read at the first sample, and at the first
   * relist FULL_READ_US after the last such reading, where the state of
   * a thread that ran is read too; at short intervals, always. */
  gated = dt_ns > 0 && self->interval_ms >= GATED_INTERVAL_MS &&
          !(relisted && now - self->full_us >= FULL_READ_US);
  if (!gated)
    self->full_us = now;

  for (guint i = 0; i < self->processes->len; i++)
    {
      Process *p = g_ptr_array_index (self->processes, i);

      p->cpu = 0;
      p->n_idle = 0;
      p->ran = FALSE;
    }
  if (gated)
    for (guint i = 0; i < self->threads->len; i++)
      {
        Thread *t = g_ptr_array_index (self->threads, i);

        if (!t->pub.ended && t->idle && t->process != NULL)
          t->process->n_idle++;
      }

  /* The threads that ran at their last reading, those of small
   * processes, and all of them at a full reading. */
  for (guint i = 0; i < self->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (self->threads, i);
      Process *p = thread_process (t);

      t->deferred = gated && !t->pub.ended && t->idle && p != NULL && p->n_idle >= MIN_IDLE;
      if (!t->deferred)
        read_thread (self, t, &sums);
      else
        p->ran = TRUE;
    }

  /* Then, for each process with sleeping threads left, its CPU, all its
   * threads together, against what their readings add up to: more
   * than its stat's rounding allows, and one of them ran. */
  if (gated)
    {
      for (guint i = 0; i < self->processes->len; i++)
        {
          Process *p = g_ptr_array_index (self->processes, i);

          if (p->n_idle < MIN_IDLE || p->pub.ended)
            continue;
          p->stat_read = _px_watch_process_cpu_ns (self, p, &p->stat_cpu_ns);
          p->unseen = !p->stat_read || !p->offset_valid ||
                      (gint64)(p->stat_cpu_ns - p->known_ns) - p->offset_ns >= 2 * tick_ns;
        }
      for (guint i = 0; i < self->threads->len; i++)
        {
          Thread *t = g_ptr_array_index (self->threads, i);

          if (t->deferred && t->process->unseen)
            read_thread (self, t, &sums);
          else if (t->deferred)
            skip_thread (t, &sums);
        }
      for (guint i = 0; i < self->processes->len; i++)
        {
          Process *p = g_ptr_array_index (self->processes, i);

          if (p->n_idle >= MIN_IDLE && !p->pub.ended && p->unseen)
            {
              /* All its threads read again: where its CPU stands from
               * their sum, rounding included. */
              p->offset_ns = (gint64)(p->stat_cpu_ns - p->known_ns);
              p->offset_valid = p->stat_read;
            }
        }
    }

  /* A process whose threads did not run since the last sample cannot
   * have started a thread or a child. Those that ran (or may have) are
   * checked once their threads are read, and the program is looked up
   * again at once if they did: a thread or a child started since the
   * last sample is read in this one. So is it when a thread was gone. */
  if (!relisted && (self->listed_us == 0 || _px_watch_threads_changed (self)))
    {
      guint known = self->threads->len;

      _px_watch_relist (self, g_get_monotonic_time ());
      relisted = TRUE;
      for (guint i = known; i < self->threads->len; i++)
        read_thread (self, g_ptr_array_index (self->threads, i), &sums);
    }

  for (guint i = 0; i < self->processes->len; i++)
    {
      Process *p = g_ptr_array_index (self->processes, i);
      gboolean alive = !p->pub.ended;
      double rss = alive ? (double)p->pub.rss_bytes : NAN;
      double rd = NAN, wr = NAN;
      gboolean io = alive && p->pub.io_readable;

      if (alive && p->pub.io_readable && relisted)
        {
          rd = (double)p->pub.read_bytes;
          wr = (double)p->pub.write_bytes;
        }
      else if (alive && p->pub.io_readable)
        {
          rd = px_history_get_last (p->pub.series[PX_WATCH_PROCESS_READ]);
          wr = px_history_get_last (p->pub.series[PX_WATCH_PROCESS_WRITE]);
        }
      if (alive)
        n_processes++;
      px_history_push (p->pub.series[PX_WATCH_PROCESS_CPU],
                       alive && dt_ns > 0 ? p->cpu : NAN);
      px_history_push (p->pub.series[PX_WATCH_PROCESS_RSS], rss);
      px_history_push (p->pub.series[PX_WATCH_PROCESS_READ], rd);
      px_history_push (p->pub.series[PX_WATCH_PROCESS_WRITE], wr);
      px_history_push (p->pub.series[PX_WATCH_PROCESS_READ_RATE], io ? p->pub.read_rate : NAN);
      px_history_push (p->pub.series[PX_WATCH_PROCESS_WRITE_RATE],
                       io ? p->pub.write_rate : NAN);
    }

  px_history_push (self->time, self->start_us > 0 ? (now - self->start_us) / 1e6 : 0);
  px_history_push (self->series[PX_WATCH_PARALLELISM], dt_ns > 0 ? sums.parallelism : NAN);
  px_history_push (self->series[PX_WATCH_WANTING], dt_ns > 0 ? sums.wanting : NAN);
  px_history_push (self->series[PX_WATCH_THREADS], sums.n_threads);
  px_history_push (self->series[PX_WATCH_PROCESSES], n_processes);
  if (self->progress != NULL)
    {
      guint64 done = px_progress_get_done (self->progress);

      px_history_push (self->series[PX_WATCH_DONE], (double)done);
      px_history_push (self->series[PX_WATCH_THROUGHPUT],
                       dt_ns > 0 ? (double)(done - MIN (self->done_last, done)) * 1e9 / dt_ns
                                 : NAN);
      self->done_last = done;
    }
  else
    {
      px_history_push (self->series[PX_WATCH_DONE], NAN);
      px_history_push (self->series[PX_WATCH_THROUGHPUT], NAN);
    }
  self->last_us = now;
  {
    struct timespec ts;

    clock_gettime (CLOCK_BOOTTIME, &ts);
    self->last_boot_ns = (guint64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
  }

  _px_watch_emit_sampled (self);

  {
    Process *root = self->processes->len > 0 ? g_ptr_array_index (self->processes, 0) : NULL;

    if (root == NULL || root->pub.ended || sums.n_threads == 0 || _px_watch_process_dead (root))
      {
        px_watch_stop (self);
        /* A launched program seen gone before its parent reaped it: it
         * ends when the wait says how, so that "ended" comes with the
         * exit status. */
        if (self->launched != NULL && !self->exited)
          self->end_on_exit = TRUE;
        else
          _px_watch_end (self);
      }
  }
}

/* Brings the totals of sleeping threads, which samples may have left
 * unread, up to date: a watch that stops reports all they did. Their
 * last readings stay as they were, for the intervals of later samples. */
void
_px_watch_catch_up (PxWatch *self)
{
  for (guint i = 0; i < self->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (self->threads, i);
      guint64 run_ns, wait_ns, slices;
      char buf[256];

      if (!t->pub.ended && t->idle && px_proc_pread (t->sched_fd, buf, sizeof buf) &&
          _px_watch_parse_schedstat (buf, &run_ns, &wait_ns, &slices))
        {
          t->pub.cpu_ns = run_ns;
          t->pub.wait_ns = wait_ns;
          t->pub.switches = slices;
        }
    }
}
