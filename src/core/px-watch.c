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
 * switched in), from a file kept open: one system call a thread. Who
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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "px-progress.h"
#include "px-watch.h"

#define RELIST_US (500 * 1000)
#define STATUS_US (5 * 1000 * 1000)
#define CAPACITY 6000
/* A tree larger than this is watched this far. */
#define MAX_THREADS 65536

typedef struct
{
  PxWatchThread pub;
  int           sched_fd;
  int           stat_fd;
  int           children_fd;
  /* Whether it was read at the last sample; its readings then. */
  gboolean      read;
  /* When it was last read: each thread's interval is its own. */
  gint64        read_us;
  guint64       cpu_last;
  guint64       wait_last;
  guint64       switches_last;
  gboolean      listed;
} Thread;

typedef struct
{
  PxWatchProcess pub;
  /* Its threads need looking up: new, or its count of them changed. */
  gboolean       dirty;
  guint          alive;
  /* Its folder of threads, whose link count is its threads plus two. */
  int            task_fd;
  int            stat_fd;
  int            statm_fd;
  int            io_fd;
  gboolean       listed;
  /* A sample's CPU, summed over its threads. */
  double         cpu;
} Process;

struct _PxWatch
{
  GObject        parent_instance;

  int            root;
  GSubprocess   *launched;
  /* --progress: what counts the tasks, the program's output read line
   * by line and passed on to ours. */
  PxProgress    *progress;
  GDataInputStream *output;
  GOutputStream *passed_on;
  GCancellable  *reading;
  guint64        done_last;
  gboolean       exited;
  int            exit_status;
  guint          interval_ms;
  guint          timeout_id;
  gint64         start_us;
  gint64         last_us;
  /* The last sample's time since boot, in ns, as thread start times
   * count. */
  guint64        last_boot_ns;
  long           ticks;
  gint64         listed_us;
  guint          relists;
  gint64         status_us;
  gboolean       ended;
  PxHistory     *time;
  PxHistory     *series[PX_WATCH_N_SERIES];
  GPtrArray     *threads;
  GPtrArray     *processes;
  GHashTable    *problems;
  long           page_size;
};

G_DEFINE_FINAL_TYPE (PxWatch, px_watch, G_TYPE_OBJECT)

enum {
  SAMPLED,
  ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

static void
thread_free (gpointer data)
{
  Thread *t = data;

  close_fd (&t->sched_fd);
  close_fd (&t->stat_fd);
  close_fd (&t->children_fd);
  for (guint i = 0; i < PX_WATCH_N_THREAD_SERIES; i++)
    g_clear_pointer (&t->pub.series[i], px_history_unref);
  g_free (t);
}

static void
process_free (gpointer data)
{
  Process *p = data;

  close_fd (&p->task_fd);
  close_fd (&p->stat_fd);
  close_fd (&p->statm_fd);
  close_fd (&p->io_fd);
  g_free (p->pub.command_line);
  for (guint i = 0; i < PX_WATCH_N_PROCESS_SERIES; i++)
    g_clear_pointer (&p->pub.series[i], px_history_unref);
  g_free (p);
}

/* Reads an open /proc file from its start; FALSE if its process or
 * thread is gone. */
static gboolean
pread_text (int    fd,
            char  *buf,
            gsize  size)
{
  gssize n;

  if (fd < 0)
    return FALSE;
  n = pread (fd, buf, size - 1, 0);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';
  return TRUE;
}

static int
open_proc (const char *format,
           ...) G_GNUC_PRINTF (1, 2);

static int
open_proc (const char *format,
           ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return open (path, O_RDONLY | O_CLOEXEC);
}

/* Notes what could not be read, once each. */
static void
add_problem (PxWatch    *self,
             const char *what,
             int         saved_errno)
{
  if (!g_hash_table_contains (self->problems, what))
    g_hash_table_insert (self->problems, g_strdup (what),
                         g_strdup_printf (_("%s cannot be read: %s"), what,
                                          g_strerror (saved_errno)));
}

/* A new history, NAN for the samples taken before it was seen. */
static PxHistory *
new_series (PxWatch *self)
{
  PxHistory *h = px_history_new (CAPACITY);

  for (guint i = 0; i < px_history_get_length (self->time); i++)
    px_history_push (h, NAN);
  return h;
}

static Thread *
find_thread (PxWatch *self,
             int      tid)
{
  for (guint i = 0; i < self->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (self->threads, i);

      if (t->pub.tid == tid && !t->pub.ended)
        return t;
    }
  return NULL;
}

static Process *
find_process (PxWatch *self,
              int      pid)
{
  for (guint i = 0; i < self->processes->len; i++)
    {
      Process *p = g_ptr_array_index (self->processes, i);

      if (p->pub.pid == pid && !p->pub.ended)
        return p;
    }
  return NULL;
}

/* The name between the parentheses of a stat line, and what follows. */
static const char *
parse_stat_name (const char *buf,
                 char       *name,
                 gsize       size)
{
  const char *open = strchr (buf, '(');
  const char *close = strrchr (buf, ')');

  if (open == NULL || close == NULL || close < open)
    return NULL;
  g_strlcpy (name, open + 1, MIN (size, (gsize)(close - open)));
  return close + 2;
}

static PxWatchState
state_from_char (char c)
{
  switch (c)
    {
    case 'R':
      return PX_WATCH_RUNNABLE;
    case 'D':
      return PX_WATCH_DISK_WAIT;
    case 'T':
    case 't':
      return PX_WATCH_STOPPED;
    case 'Z':
    case 'X':
      return PX_WATCH_ZOMBIE;
    default:
      return PX_WATCH_SLEEPING;
    }
}

static Thread *
add_thread (PxWatch *self,
            int      pid,
            int      tid)
{
  Thread *t = g_new0 (Thread, 1);
  char buf[1024];

  t->pub.pid = pid;
  t->pub.tid = tid;
  t->pub.state = PX_WATCH_SLEEPING;
  t->sched_fd = open_proc ("/proc/%d/task/%d/schedstat", pid, tid);
  t->stat_fd = open_proc ("/proc/%d/task/%d/stat", pid, tid);
  t->children_fd = open_proc ("/proc/%d/task/%d/children", pid, tid);
  if (t->sched_fd < 0)
    add_problem (self, "schedstat", errno);
  if (pread_text (t->stat_fd, buf, sizeof buf))
    {
      const char *after = parse_stat_name (buf, t->pub.name, sizeof t->pub.name);
      unsigned long long start = 0;

      /* Started since the last sample: all its time is in this
       * interval, so it counts from zero rather than from its first
       * reading. Field 22 of stat, in clock ticks since boot. */
      if (after != NULL && self->last_boot_ns > 0 &&
          sscanf (after, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d "
                  "%*d %*d %*d %llu", &start) == 1 &&
          start * (1000000000ull / self->ticks) > self->last_boot_ns)
        t->read = TRUE;
    }
  for (guint i = 0; i < PX_WATCH_N_THREAD_SERIES; i++)
    t->pub.series[i] = new_series (self);
  g_ptr_array_add (self->threads, t);
  return t;
}

static Process *
add_process (PxWatch *self,
             int      pid,
             int      parent)
{
  Process *p = g_new0 (Process, 1);
  g_autofree char *cmdline_path = g_strdup_printf ("/proc/%d/cmdline", pid);
  g_autofree char *comm_path = g_strdup_printf ("/proc/%d/comm", pid);
  g_autofree char *comm = NULL;
  char *args = NULL;
  gsize len = 0;

  p->pub.pid = pid;
  p->pub.parent = parent;
  if (g_file_get_contents (comm_path, &comm, NULL, NULL))
    g_strlcpy (p->pub.name, g_strchomp (comm), sizeof p->pub.name);
  if (g_file_get_contents (cmdline_path, &args, &len, NULL) && len > 0)
    {
      /* Its arguments, NUL-separated: shown with spaces. */
      for (gsize i = 0; i + 1 < len; i++)
        if (args[i] == '\0')
          args[i] = ' ';
      p->pub.command_line = args;
    }
  else
    g_free (args);
  p->dirty = TRUE;
  {
    g_autofree char *task = g_strdup_printf ("/proc/%d/task", pid);

    p->task_fd = open (task, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  p->stat_fd = open_proc ("/proc/%d/stat", pid);
  p->statm_fd = open_proc ("/proc/%d/statm", pid);
  p->io_fd = open_proc ("/proc/%d/io", pid);
  if (p->io_fd < 0)
    add_problem (self, "io", errno);
  for (guint i = 0; i < PX_WATCH_N_PROCESS_SERIES; i++)
    p->pub.series[i] = new_series (self);
  g_ptr_array_add (self->processes, p);
  return p;
}

/* The threads of @p now, from its folder of tasks: new ones are added,
 * all found are marked listed. FALSE if it is gone. */
static gboolean
list_threads (PxWatch *self,
              Process *p)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task", p->pub.pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL && self->threads->len < MAX_THREADS)
    {
      int tid = atoi (name);
      Thread *t;

      if (tid <= 0)
        continue;
      t = find_thread (self, tid);
      if (t == NULL)
        t = add_thread (self, p->pub.pid, tid);
      t->listed = TRUE;
    }
  return TRUE;
}

/* Reads a process's memory and IO, kept open. */
static void
read_process (PxWatch *self,
              Process *p)
{
  char buf[1024];
  char name[32];

  /* A process that ran another program has its name, and its command
   * line, anew. */
  if (pread_text (p->stat_fd, buf, sizeof buf) &&
      parse_stat_name (buf, name, sizeof name) != NULL && !g_str_equal (name, p->pub.name))
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", p->pub.pid);
      char *args = NULL;
      gsize len = 0;

      g_strlcpy (p->pub.name, name, sizeof p->pub.name);
      if (g_file_get_contents (path, &args, &len, NULL) && len > 0)
        {
          for (gsize i = 0; i + 1 < len; i++)
            if (args[i] == '\0')
              args[i] = ' ';
          g_free (p->pub.command_line);
          p->pub.command_line = args;
        }
      else
        g_free (args);
    }

  if (pread_text (p->statm_fd, buf, sizeof buf))
    {
      unsigned long size = 0, resident = 0;

      if (sscanf (buf, "%lu %lu", &size, &resident) == 2)
        p->pub.rss_bytes = (guint64)resident * self->page_size;
    }
  if (pread_text (p->io_fd, buf, sizeof buf))
    {
      const char *r = strstr (buf, "read_bytes: ");
      const char *w = strstr (buf, "\nwrite_bytes: ");

      p->pub.io_readable = TRUE;
      if (r != NULL)
        p->pub.read_bytes = g_ascii_strtoull (r + 12, NULL, 10);
      if (w != NULL)
        p->pub.write_bytes = g_ascii_strtoull (w + 14, NULL, 10);
    }
}

/* Voluntary and involuntary switches, from a thread's status. */
static void
read_switches (Thread *t)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/status", t->pub.pid, t->pub.tid);
  g_autofree char *text = NULL;
  const char *v, *n;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  v = strstr (text, "\nvoluntary_ctxt_switches:");
  n = strstr (text, "\nnonvoluntary_ctxt_switches:");
  if (v != NULL)
    t->pub.voluntary = g_ascii_strtoull (v + 25, NULL, 10);
  if (n != NULL)
    t->pub.involuntary = g_ascii_strtoull (n + 28, NULL, 10);
}

/* Looks up again who belongs to the program: the processes under the
 * root, through every thread's children, and their threads. */
static void
relist (PxWatch *self,
        gint64   now)
{
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (int) * 2);
  gboolean switches = now - self->status_us >= STATUS_US;

  for (guint i = 0; i < self->processes->len; i++)
    ((Process *)g_ptr_array_index (self->processes, i))->listed = FALSE;
  for (guint i = 0; i < self->threads->len; i++)
    ((Thread *)g_ptr_array_index (self->threads, i))->listed = FALSE;

  g_array_append_val (pending, ((int[2]) { self->root, 0 }));
  for (guint i = 0; i < pending->len; i++)
    {
      int *entry = &g_array_index (pending, int, i * 2);
      Process *p = find_process (self, entry[0]);

      if (p == NULL)
        p = add_process (self, entry[0], entry[1]);
      if (p->dirty)
        {
          /* Looked up in its folder of threads only when their count
           * changed: for a process of many threads, that folder is the
           * costliest thing to read. */
          if (!list_threads (self, p))
            continue;
          p->dirty = FALSE;
        }
      else
        {
          if (kill (p->pub.pid, 0) != 0 && errno == ESRCH)
            continue;
          for (guint k = 0; k < self->threads->len; k++)
            {
              Thread *t = g_ptr_array_index (self->threads, k);

              if (t->pub.pid == p->pub.pid && !t->pub.ended)
                t->listed = TRUE;
            }
        }
      p->listed = TRUE;
      read_process (self, p);

      /* Its children, through each of its threads. */
      for (guint k = 0; k < self->threads->len; k++)
        {
          Thread *t = g_ptr_array_index (self->threads, k);
          char buf[4096];
          char *s, *end;

          /* Most programs start processes from their main thread: the
           * others are looked at every few lookups. */
          if (t->pub.pid != p->pub.pid || t->pub.ended || !t->listed ||
              (t->pub.tid != t->pub.pid && self->relists % 4 != 0) ||
              !pread_text (t->children_fd, buf, sizeof buf))
            continue;
          for (s = buf; *s != '\0'; s = end)
            {
              long child = strtol (s, &end, 10);

              if (end == s)
                break;
              if (child > 0)
                g_array_append_val (pending, ((int[2]) { (int)child, p->pub.pid }));
            }
        }
    }

  for (guint i = 0; i < self->processes->len; i++)
    {
      Process *p = g_ptr_array_index (self->processes, i);

      if (!p->listed && !p->pub.ended)
        {
          p->pub.ended = TRUE;
          close_fd (&p->task_fd);
          close_fd (&p->stat_fd);
          close_fd (&p->statm_fd);
          close_fd (&p->io_fd);
        }
    }
  for (guint i = 0; i < self->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (self->threads, i);

      if (t->pub.ended)
        continue;
      if (!t->listed)
        {
          t->pub.ended = TRUE;
          close_fd (&t->sched_fd);
          close_fd (&t->stat_fd);
          close_fd (&t->children_fd);
          continue;
        }
      if (switches)
        read_switches (t);
    }
  if (switches)
    self->status_us = now;
  self->listed_us = now;
  self->relists++;
}

/* Whether a process has more or fewer threads than are watched: the
 * link count of its folder of threads says how many it has; then the
 * program is looked up again at once, so a short-lived thread is not
 * missed. */
static gboolean
threads_changed (PxWatch *self)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < self->processes->len; i++)
    ((Process *)g_ptr_array_index (self->processes, i))->alive = 0;
  for (guint k = 0; k < self->threads->len; k++)
    {
      Thread *t = g_ptr_array_index (self->threads, k);
      Process *p;

      if (!t->pub.ended && (p = find_process (self, t->pub.pid)) != NULL)
        p->alive++;
    }
  for (guint i = 0; i < self->processes->len; i++)
    {
      Process *p = g_ptr_array_index (self->processes, i);
      struct stat st;

      if (p->pub.ended)
        continue;
      /* A link count, not a file to write and parse: cheap. */
      if (p->task_fd < 0 || fstat (p->task_fd, &st) != 0 || st.st_nlink < 2 ||
          (guint)(st.st_nlink - 2) != p->alive)
        {
          p->dirty = TRUE;
          changed = TRUE;
        }
    }
  return changed;
}

/* A schedstat line: time on a CPU, time waiting for one (ns), and times
 * switched in. Read by hand: a sampler reads one a thread ten times a
 * second. */
static gboolean
parse_schedstat (const char *buf,
                 guint64    *run_ns,
                 guint64    *wait_ns,
                 guint64    *slices)
{
  char *end;

  *run_ns = g_ascii_strtoull (buf, &end, 10);
  if (end == buf)
    return FALSE;
  buf = end;
  *wait_ns = g_ascii_strtoull (buf, &end, 10);
  if (end == buf)
    return FALSE;
  buf = end;
  *slices = g_ascii_strtoull (buf, &end, 10);
  return end != buf;
}

/* The state of a thread that spent most of the interval off a CPU. */
static void
read_off_cpu_state (Thread *t)
{
  char buf[1024];
  char name[32];
  const char *after;

  if (pread_text (t->stat_fd, buf, sizeof buf) &&
      (after = parse_stat_name (buf, name, sizeof name)) != NULL)
    {
      PxWatchState state = state_from_char (after[0]);

      /* Off a CPU for most of the interval, it is not running now. */
      t->pub.state = state == PX_WATCH_RUNNABLE ? PX_WATCH_SLEEPING : state;
      g_strlcpy (t->pub.name, name, sizeof t->pub.name);
    }
}

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
  gboolean read_states;
  double parallelism = 0, wanting = 0;
  guint n_threads = 0, n_processes = 0;

  g_return_if_fail (PX_IS_WATCH (self));

  if (self->ended)
    return;
  if (self->listed_us == 0 || now - self->listed_us >= RELIST_US || threads_changed (self))
    {
      relist (self, now);
      relisted = TRUE;
      /* The interval ends where the threads are read, after the look. */
      now = g_get_monotonic_time ();
    }
  read_states = relisted;
  dt_ns = self->last_us > 0 ? (double)(now - self->last_us) * 1000 : 0;
  if (px_history_get_length (self->time) == CAPACITY)
    halve_all (self);

  for (guint i = 0; i < self->processes->len; i++)
    ((Process *)g_ptr_array_index (self->processes, i))->cpu = 0;

  for (guint i = 0; i < self->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (self->threads, i);
      double cpu = NAN, runnable = NAN, switches = NAN, state = NAN;
      char buf[256];

      if (!t->pub.ended)
        {
          guint64 run_ns, wait_ns, slices;

          gint64 read_us = g_get_monotonic_time ();

          if (pread_text (t->sched_fd, buf, sizeof buf) &&
              parse_schedstat (buf, &run_ns, &wait_ns, &slices))
            {
              /* This thread's interval: from its last reading to this
               * one, or from the last sample if it started since. */
              double t_ns = (double)(read_us - (t->read_us > 0 ? t->read_us : self->last_us)) * 1000;

              if (!t->read)
                {
                  t->pub.cpu_ns_first = run_ns;
                  t->pub.wait_ns_first = wait_ns;
                  t->pub.switches_first = slices;
                }
              t->pub.cpu_ns = run_ns;
              t->pub.wait_ns = wait_ns;
              t->pub.switches = slices;
              if (t->read && dt_ns > 0 && t_ns > 0)
                {
                  Process *p = find_process (self, t->pub.pid);

                  cpu = 100.0 * (double)(run_ns - MIN (t->cpu_last, run_ns)) / t_ns;
                  runnable = 100.0 * (double)(wait_ns - MIN (t->wait_last, wait_ns)) / t_ns;
                  switches = (double)(slices - MIN (t->switches_last, slices)) * 1e9 / t_ns;
                  if (cpu >= 50 || (cpu > 0 && cpu >= runnable && cpu + runnable >= 50))
                    t->pub.state = PX_WATCH_RUNNING;
                  else if (runnable >= 50 || (runnable > 0 && cpu + runnable >= 50))
                    t->pub.state = PX_WATCH_RUNNABLE;
                  /* Off a CPU: its state is read when it may have
                   * changed, that is when it ran since the last look,
                   * or at a relist. A thread that did not run at all
                   * cannot have gone from sleeping to disk wait. */
                  else if (t->pub.state == PX_WATCH_RUNNING ||
                           t->pub.state == PX_WATCH_RUNNABLE ||
                           (read_states && (run_ns != t->cpu_last || wait_ns != t->wait_last ||
                                            t->pub.state == PX_WATCH_STOPPED)))
                    read_off_cpu_state (t);
                  parallelism += cpu / 100;
                  wanting += (cpu + runnable) / 100;
                  if (p != NULL)
                    p->cpu += cpu;
                }
              t->read_us = read_us;
              t->cpu_last = run_ns;
              t->wait_last = wait_ns;
              t->switches_last = slices;
              t->read = TRUE;
              state = t->pub.state;
              n_threads++;
            }
          else
            {
              Process *p = find_process (self, t->pub.pid);

              /* Gone since it was listed: its process is looked at
               * again at the next sample. */
              if (p != NULL)
                p->dirty = TRUE;
              self->listed_us = 0;
              t->pub.ended = TRUE;
              close_fd (&t->sched_fd);
              close_fd (&t->stat_fd);
              close_fd (&t->children_fd);
            }
        }
      px_history_push (t->pub.series[PX_WATCH_THREAD_CPU], cpu);
      px_history_push (t->pub.series[PX_WATCH_THREAD_RUNNABLE], runnable);
      px_history_push (t->pub.series[PX_WATCH_THREAD_SWITCHES], switches);
      px_history_push (t->pub.series[PX_WATCH_THREAD_STATE], state);
    }

  for (guint i = 0; i < self->processes->len; i++)
    {
      Process *p = g_ptr_array_index (self->processes, i);
      gboolean alive = !p->pub.ended;
      double rss = alive ? (double)p->pub.rss_bytes : NAN;
      double rd = NAN, wr = NAN;

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
    }

  px_history_push (self->time, self->start_us > 0 ? (now - self->start_us) / 1e6 : 0);
  px_history_push (self->series[PX_WATCH_PARALLELISM], dt_ns > 0 ? parallelism : NAN);
  px_history_push (self->series[PX_WATCH_WANTING], dt_ns > 0 ? wanting : NAN);
  px_history_push (self->series[PX_WATCH_THREADS], n_threads);
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

    if (root == NULL || root->pub.ended || n_threads == 0)
      {
        self->ended = TRUE;
        px_watch_stop (self);
        g_signal_emit (self, signals[ENDED], 0);
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

void
px_watch_stop (PxWatch *self)
{
  g_return_if_fail (PX_IS_WATCH (self));

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
  self->threads = g_ptr_array_new_with_free_func (thread_free);
  self->processes = g_ptr_array_new_with_free_func (process_free);
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->page_size = sysconf (_SC_PAGESIZE);
  self->ticks = sysconf (_SC_CLK_TCK);
  self->interval_ms = 100;
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
  g_autoptr(PxWatch) self = NULL;
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

  self = g_object_new (PX_TYPE_WATCH, NULL);
  self->root = pid;
  self->interval_ms = CLAMP (interval_ms, 10, 60000);
  self->start_us = g_get_monotonic_time ();
  return g_steal_pointer (&self);
}

static void
launched_wait_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  PxWatch *self = data;

  if (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
    {
      self->exited = TRUE;
      self->exit_status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
                          ? g_subprocess_get_exit_status (G_SUBPROCESS (source))
                          : 128 + g_subprocess_get_term_sig (G_SUBPROCESS (source));
    }
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
  PxWatch *self;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  if (progress != NULL && (counter = px_progress_new (progress, error)) == NULL)
    return NULL;
  launcher = g_subprocess_launcher_new (counter != NULL ? G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                        : G_SUBPROCESS_FLAGS_NONE);
  if (workdir != NULL)
    g_subprocess_launcher_set_cwd (launcher, workdir);
  proc = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (proc == NULL)
    return NULL;
  self = px_watch_new_attach (atoi (g_subprocess_get_identifier (proc)), interval_ms, error);
  if (self == NULL)
    {
      g_subprocess_force_exit (proc);
      g_subprocess_wait (proc, NULL, NULL);
      return NULL;
    }
  self->launched = g_steal_pointer (&proc);
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

/* What could not be read, in words, or an empty list. */
char **
px_watch_dup_problems (PxWatch *self)
{
  GPtrArray *list = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (PX_IS_WATCH (self), NULL);

  g_hash_table_iter_init (&iter, self->problems);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, g_strdup (value));
  g_ptr_array_add (list, NULL);
  return (char **)g_ptr_array_free (list, FALSE);
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
