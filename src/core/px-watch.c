/* px-watch.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watching a program Parallax did not write: a process and all it
 * starts, each thread on its own, from what the kernel publishes in
 * /proc, without ptrace.
 *
 * Each sample reads every thread's schedstat (its time on a CPU and its
 * time waiting in a run queue, in nanoseconds, and how often it was
 * switched in), from a file kept open: one system call a thread, but
 * for sleeping threads while their process's CPU says none ran. Who
 * belongs to the program (its threads, its child processes), the state
 * of the threads that were off a CPU, memory and IO are looked up again
 * every RELIST_US; voluntary and involuntary switches every STATUS_US.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "px-watch-private.h"

/* Sleeping threads are left unread (see px_watch_sample()) in a process
 * with at least MIN_IDLE of them, at intervals of GATED_INTERVAL_MS or
 * more; all threads are read at the first relist FULL_READ_US after they
 * all were. */
#define MIN_IDLE 2
#define GATED_INTERVAL_MS 100
#define FULL_READ_US (2 * 1000 * 1000)

G_DEFINE_FINAL_TYPE (PxWatch, px_watch, G_TYPE_OBJECT)

enum {
  SAMPLED,
  ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static void
end_watch (PxWatch *self)
{
  if (self->ended)
    return;
  self->ended = TRUE;
  self->end_on_exit = FALSE;
  g_signal_emit (self, signals[ENDED], 0);
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
  if (_px_watch_pread_text (t->sched_fd, buf, sizeof buf) &&
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
      _px_watch_close_fd (&t->sched_fd);
      _px_watch_close_fd (&t->stat_fd);
      _px_watch_close_fd (&t->children_fd);
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

  g_signal_emit (self, signals[SAMPLED], 0);

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
          end_watch (self);
      }
  }
}

static gboolean
sample_cb (gpointer data)
{
  px_watch_sample (data);
  return G_SOURCE_CONTINUE;
}

void
px_watch_start (PxWatch *self)
{
  g_return_if_fail (PX_IS_WATCH (self));

  if (self->timeout_id != 0 || self->ended)
    return;
  px_watch_sample (self);
  if (!self->ended)
    self->timeout_id = g_timeout_add (self->interval_ms, sample_cb, self);
}

/* Brings the totals of sleeping threads, which samples may have left
 * unread, up to date: a watch that stops reports all they did. Their
 * last readings stay as they were, for the intervals of later samples. */
static void
catch_up (PxWatch *self)
{
  for (guint i = 0; i < self->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (self->threads, i);
      guint64 run_ns, wait_ns, slices;
      char buf[256];

      if (!t->pub.ended && t->idle && _px_watch_pread_text (t->sched_fd, buf, sizeof buf) &&
          _px_watch_parse_schedstat (buf, &run_ns, &wait_ns, &slices))
        {
          t->pub.cpu_ns = run_ns;
          t->pub.wait_ns = wait_ns;
          t->pub.switches = slices;
        }
    }
}

void
px_watch_stop (PxWatch *self)
{
  g_return_if_fail (PX_IS_WATCH (self));

  if (self->timeout_id != 0)
    catch_up (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

static void
px_watch_dispose (GObject *object)
{
  PxWatch *self = PX_WATCH (object);

  px_watch_stop (self);
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_clear_object (&self->output);
  g_clear_object (&self->passed_on);
  g_clear_pointer (&self->progress, px_progress_free);
  /* A launched program outlives no watch of it. */
  if (self->launched != NULL && !self->exited)
    {
      g_subprocess_force_exit (self->launched);
      g_subprocess_wait (self->launched, NULL, NULL);
    }
  g_clear_object (&self->launched);

  G_OBJECT_CLASS (px_watch_parent_class)->dispose (object);
}

static void
px_watch_finalize (GObject *object)
{
  PxWatch *self = PX_WATCH (object);

  g_clear_pointer (&self->time, px_history_unref);
  for (guint i = 0; i < PX_WATCH_N_SERIES; i++)
    g_clear_pointer (&self->series[i], px_history_unref);
  g_clear_pointer (&self->threads, g_ptr_array_unref);
  g_clear_pointer (&self->processes, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_hash_table_unref);
  g_clear_pointer (&self->argv, g_strfreev);
  g_clear_pointer (&self->workdir, g_free);
  g_clear_pointer (&self->progress_pattern, g_free);

  G_OBJECT_CLASS (px_watch_parent_class)->finalize (object);
}

static void
px_watch_class_init (PxWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = px_watch_dispose;
  object_class->finalize = px_watch_finalize;

  /**
   * PxWatch::sampled:
   *
   * A sample was taken.
   */
  signals[SAMPLED] = g_signal_new ("sampled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * PxWatch::ended:
   *
   * The watched program is gone: no more samples are taken.
   */
  signals[ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
px_watch_init (PxWatch *self)
{
  self->time = px_history_new (CAPACITY);
  for (guint i = 0; i < PX_WATCH_N_SERIES; i++)
    self->series[i] = px_history_new (CAPACITY);
  self->threads = g_ptr_array_new_with_free_func (_px_watch_thread_free);
  self->processes = g_ptr_array_new_with_free_func (_px_watch_process_free);
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->page_size = sysconf (_SC_PAGESIZE);
  self->ticks = sysconf (_SC_CLK_TCK);
  self->interval_ms = 100;
}

static PxWatch *
watch_new (int   pid,
           guint interval_ms)
{
  PxWatch *self = g_object_new (PX_TYPE_WATCH, NULL);

  self->root = pid;
  self->started_real_us = g_get_real_time ();
  self->interval_ms = CLAMP (interval_ms, 10, 60000);
  self->start_us = g_get_monotonic_time ();
  return self;
}

/**
 * px_watch_new_attach:
 * @pid: the process to watch, with the processes it starts
 *
 * Returns: a watch, not yet sampling; %NULL with @error if @pid does
 *   not exist or its threads cannot be read
 */
PxWatch *
px_watch_new_attach (int      pid,
                     guint    interval_ms,
                     GError **error)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task", pid);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local = NULL;

  if (pid <= 0 || (kill (pid, 0) != 0 && errno == ESRCH))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("no process has the pid %d"), pid);
      return NULL;
    }
  dir = g_dir_open (path, 0, &local);
  if (dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("the threads of process %d cannot be read (%s): it may belong to another "
                     "user, or /proc may hide it (hidepid)"), pid, local->message);
      return NULL;
    }

  return watch_new (pid, interval_ms);
}

/* The CPU time of this process's children that were collected, in
 * microseconds. */
static gint64
children_cpu_us (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_CHILDREN, &usage) != 0)
    return 0;
  return (gint64)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static void
launched_wait_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  PxWatch *self = data;

  if (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
    {
      self->exit_cpu_s = (children_cpu_us () - self->children_cpu_us) / 1e6;
      self->exited = TRUE;
      self->exit_status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
                          ? g_subprocess_get_exit_status (G_SUBPROCESS (source))
                          : 128 + g_subprocess_get_term_sig (G_SUBPROCESS (source));
    }
  if (self->end_on_exit)
    end_watch (self);
  g_object_unref (self);
}

/* A read of the program's output under way: it holds the watch weakly,
 * so a watch let go of ends its reading. */
typedef struct
{
  GWeakRef      watch;
  GCancellable *cancellable;
} Reader;

static void
reader_free (Reader *reader)
{
  g_weak_ref_clear (&reader->watch);
  g_clear_object (&reader->cancellable);
  g_free (reader);
}

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Reader *reader = data;
  g_autoptr(PxWatch) self = g_weak_ref_get (&reader->watch);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, &length, &error);

  if (line == NULL || self == NULL || g_cancellable_is_cancelled (reader->cancellable))
    {
      /* Its end, not text, or the watch is over: the program's output
       * is no longer read, and no longer counted. */
      reader_free (reader);
      return;
    }
  /* Passed on whole, as the program wrote it. */
  g_output_stream_write_all (self->passed_on, line, length, NULL, NULL, NULL);
  g_output_stream_write_all (self->passed_on, "\n", 1, NULL, NULL, NULL);
  px_progress_feed (self->progress, line);
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, reader->cancellable,
                                       line_read_cb, reader);
}

static void
read_output (PxWatch *self)
{
  Reader *reader = g_new0 (Reader, 1);

  g_weak_ref_init (&reader->watch, self);
  reader->cancellable = g_object_ref (self->reading);
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, reader->cancellable,
                                       line_read_cb, reader);
}

/**
 * px_watch_new_launch:
 * @argv: the program and its arguments
 * @workdir: (nullable): where it runs; %NULL: here
 * @progress: (nullable): a pattern its output's lines match for each
 *   task done (see px-progress.c); its output is then read, and passed
 *   on to this process's
 *
 * Starts @argv with this process's streams and watches it from its
 * first sample.
 */
PxWatch *
px_watch_new_launch (const char * const *argv,
                     const char         *workdir,
                     const char         *progress,
                     guint               interval_ms,
                     GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(PxProgress) counter = NULL;
  const char *identifier;
  gint64 cpu_before;
  PxWatch *self;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  if (progress != NULL && (counter = px_progress_new (progress, error)) == NULL)
    return NULL;
  launcher = g_subprocess_launcher_new (counter != NULL ? G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                        : G_SUBPROCESS_FLAGS_NONE);
  if (workdir != NULL)
    g_subprocess_launcher_set_cwd (launcher, workdir);
  cpu_before = children_cpu_us ();
  proc = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (proc == NULL)
    return NULL;
  /* Not px_watch_new_attach(): a program that ends at once, and is
   * collected before it is looked at, is still watched, to its exit
   * status. */
  /* Its pid is gone with it once GLib has collected it: then there is
   * nothing to read but its exit status. */
  identifier = g_subprocess_get_identifier (proc);
  self = watch_new (identifier != NULL ? atoi (identifier) : 0, interval_ms);
  self->launched = g_steal_pointer (&proc);
  self->children_cpu_us = cpu_before;
  self->argv = g_strdupv ((char **)argv);
  self->workdir = g_strdup (workdir);
  self->progress_pattern = g_strdup (progress);
  g_subprocess_wait_async (self->launched, NULL, launched_wait_cb, g_object_ref (self));
  if (counter != NULL)
    {
      self->progress = g_steal_pointer (&counter);
      self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->launched));
      self->passed_on = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
      self->reading = g_cancellable_new ();
      read_output (self);
    }
  return self;
}

/**
 * px_watch_new_again:
 *
 * A new watch of what @self watched: the same program launched again in
 * the same folder with the same progress pattern, or the same pid
 * attached again (an error if it is gone).
 */
PxWatch *
px_watch_new_again (PxWatch  *self,
                    GError  **error)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);

  if (self->argv != NULL)
    return px_watch_new_launch ((const char * const *)self->argv, self->workdir,
                                self->progress_pattern, self->interval_ms, error);
  return px_watch_new_attach (self->root, self->interval_ms, error);
}

/**
 * px_watch_get_exit_cpu:
 *
 * A launched program's own account of its CPU time, and of the children
 * it waited for, read when it was collected; FALSE until then, and for
 * an attached pid. (Another child of this process collected at the same
 * moment would be counted too.)
 */
gboolean
px_watch_get_exit_cpu (PxWatch *self,
                       double  *seconds)
{
  g_return_val_if_fail (PX_IS_WATCH (self), FALSE);

  if (!self->exited)
    return FALSE;
  if (seconds != NULL)
    *seconds = self->exit_cpu_s;
  return TRUE;
}

/* Whether it samples still: not stopped, and the program not ended (a
 * launched program seen gone counts until it is reaped). */
gboolean
px_watch_get_sampling (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), FALSE);

  return self->timeout_id != 0 || self->end_on_exit;
}

/* The program launched, or NULL if a running one was attached to. */
const char * const *
px_watch_get_argv (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);

  return (const char * const *)self->argv;
}

/* When the watch began, in microseconds since the epoch. */
gint64
px_watch_get_started (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), 0);

  return self->started_real_us;
}

/* With --progress, the tasks done so far, and their total if the
 * program said it; FALSE without. */
gboolean
px_watch_get_progress (PxWatch  *self,
                       guint64  *done,
                       guint64  *total,
                       gboolean *has_total)
{
  g_return_val_if_fail (PX_IS_WATCH (self), FALSE);

  if (self->progress == NULL)
    return FALSE;
  if (done != NULL)
    *done = px_progress_get_done (self->progress);
  if (has_total != NULL)
    *has_total = px_progress_get_total (self->progress, total);
  return TRUE;
}

int
px_watch_get_pid (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), 0);

  return self->root;
}

gboolean
px_watch_get_ended (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), TRUE);

  return self->ended;
}

/* A launched program's exit status once it exited (128 + N for a
 * signal N); FALSE before, and for a program attached to. */
gboolean
px_watch_get_exit_status (PxWatch *self,
                          int     *status)
{
  g_return_val_if_fail (PX_IS_WATCH (self), FALSE);

  if (status != NULL)
    *status = self->exit_status;
  return self->exited;
}

guint
px_watch_get_interval_ms (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), 0);

  return self->interval_ms;
}

/* Seconds since the watch began, a value per sample. */
PxHistory *
px_watch_get_time (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);

  return self->time;
}

PxHistory *
px_watch_get_series (PxWatch       *self,
                     PxWatchSeries  series)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);
  g_return_val_if_fail (series < PX_WATCH_N_SERIES, NULL);

  return self->series[series];
}

/* Every thread seen, in the order they were, those that ended too. */
guint
px_watch_get_n_threads (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), 0);

  return self->threads->len;
}

const PxWatchThread *
px_watch_get_thread (PxWatch *self,
                     guint    index)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);
  g_return_val_if_fail (index < self->threads->len, NULL);

  return &((Thread *)g_ptr_array_index (self->threads, index))->pub;
}

/* Every process seen, the watched one first. */
guint
px_watch_get_n_processes (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), 0);

  return self->processes->len;
}

const PxWatchProcess *
px_watch_get_process (PxWatch *self,
                      guint    index)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);
  g_return_val_if_fail (index < self->processes->len, NULL);

  return &((Process *)g_ptr_array_index (self->processes, index))->pub;
}

const char *
px_watch_state_name (PxWatchState state)
{
  static const char * const names[] = {
    [PX_WATCH_RUNNING] = N_("running"),
    [PX_WATCH_RUNNABLE] = N_("runnable"),
    [PX_WATCH_SLEEPING] = N_("sleeping"),
    [PX_WATCH_DISK_WAIT] = N_("disk wait"),
    [PX_WATCH_STOPPED] = N_("stopped"),
    [PX_WATCH_ZOMBIE] = N_("zombie"),
  };

  return state < PX_WATCH_N_STATES ? _(names[state]) : "";
}

/* The state's name as reports write it, in any language. */
const char *
px_watch_state_key (PxWatchState state)
{
  static const char * const keys[] = {
    [PX_WATCH_RUNNING] = "running",
    [PX_WATCH_RUNNABLE] = "runnable",
    [PX_WATCH_SLEEPING] = "sleeping",
    [PX_WATCH_DISK_WAIT] = "disk wait",
    [PX_WATCH_STOPPED] = "stopped",
    [PX_WATCH_ZOMBIE] = "zombie",
  };

  return state < PX_WATCH_N_STATES ? keys[state] : "";
}
