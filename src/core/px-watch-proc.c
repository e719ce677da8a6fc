/* px-watch-proc.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a watch reads of /proc: who belongs to the program (its threads,
 * through the folder of each process's threads; its child processes,
 * through each thread's children), the files kept open for each, and
 * what they say (schedstat, stat, statm, io, status). Looking the
 * program up again is done every RELIST_US, and at once when a
 * process's count of threads or its main thread's children change. What
 * could not be read is kept, and said in words by px_watch_dup_problems().
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-watch-private.h"

void
_px_watch_thread_free (gpointer data)
{
  Thread *t = data;

  px_proc_close (&t->sched_fd);
  px_proc_close (&t->stat_fd);
  px_proc_close (&t->children_fd);
  for (guint i = 0; i < PX_WATCH_N_THREAD_SERIES; i++)
    g_clear_pointer (&t->pub.series[i], px_history_unref);
  g_free (t);
}

void
_px_watch_process_free (gpointer data)
{
  Process *p = data;

  px_proc_close (&p->task_fd);
  px_proc_close (&p->stat_fd);
  px_proc_close (&p->statm_fd);
  px_proc_close (&p->io_fd);
  g_free (p->pub.command_line);
  for (guint i = 0; i < PX_WATCH_N_PROCESS_SERIES; i++)
    g_clear_pointer (&p->pub.series[i], px_history_unref);
  g_free (p);
}

/* Notes what could not be read, once each. */
static void
add_problem (PxWatch    *self,
             const char *what,
             int         id,
             int         saved_errno)
{
  Problem *problem = g_hash_table_lookup (self->problems, what);

  if (problem != NULL)
    {
      problem->count++;
      return;
    }
  problem = g_new0 (Problem, 1);
  problem->id = id;
  problem->saved_errno = saved_errno;
  problem->count = 1;
  g_hash_table_insert (self->problems, g_strdup (what), problem);
}

/* What could not be read, in words, or an empty list. */
char **
px_watch_dup_problems (PxWatch *self)
{
  GPtrArray *list = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (PX_IS_WATCH (self), NULL);

  g_hash_table_iter_init (&iter, self->problems);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Problem *problem = value;
      g_autofree char *others = NULL;

      if (problem->count > 1)
        /* Translators: ends a sentence that names a file of one process
         * that could not be read. */
        others = g_strdup_printf (ngettext (" (and %u other)", " (and %u others)",
                                            problem->count - 1), problem->count - 1);
      if (g_str_equal (key, "zombie"))
        g_ptr_array_add (list, g_strdup_printf (
          _("pid %d%s has ended: a zombie, whose parent has not yet collected its exit "
            "status, with nothing left to watch."),
          problem->id, others != NULL ? others : ""));
      else if (g_str_equal (key, "io"))
        g_ptr_array_add (list, g_strdup_printf (
          _("/proc/%d/io cannot be read%s: %s. Storage read and written is not shown for "
            "those processes; the kernel keeps another user's IO to that user (and root)."),
          problem->id, others != NULL ? others : "", g_strerror (problem->saved_errno)));
      else
        g_ptr_array_add (list, g_strdup_printf (
          _("/proc/…/task/%d/schedstat cannot be read%s: %s. Those threads' CPU and time "
            "waiting for a CPU are not shown; the kernel needs schedstats "
            "(CONFIG_SCHEDSTATS) for them."),
          problem->id, others != NULL ? others : "", g_strerror (problem->saved_errno)));
    }
  g_ptr_array_add (list, NULL);
  return (char **)g_ptr_array_free (list, FALSE);
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

Process *
_px_watch_find_process (PxWatch *self,
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
            Process *p,
            int      tid)
{
  Thread *t = g_new0 (Thread, 1);
  int pid = p->pub.pid;
  char buf[1024];
  PxProcStat st;

  t->process = p;
  t->pub.pid = pid;
  t->pub.tid = tid;
  t->pub.state = PX_WATCH_SLEEPING;
  t->sched_fd = px_proc_open ("/proc/%d/task/%d/schedstat", pid, tid);
  t->stat_fd = px_proc_open ("/proc/%d/task/%d/stat", pid, tid);
  t->children_fd = px_proc_open ("/proc/%d/task/%d/children", pid, tid);
  if (t->sched_fd < 0)
    add_problem (self, "schedstat", tid, errno);
  if (px_proc_pread (t->stat_fd, buf, sizeof buf) && px_proc_stat_parse (buf, &st))
    {
      px_proc_stat_copy_name (&st, t->pub.name, sizeof t->pub.name);
      /* Its state until it runs: asleep, stopped, in disk wait, or a
       * zombie whose parent has not collected it. */
      if (state_from_char (st.state) != PX_WATCH_RUNNABLE)
        t->pub.state = state_from_char (st.state);
      if (t->pub.state == PX_WATCH_ZOMBIE && tid == pid)
        add_problem (self, "zombie", pid, 0);

      /* Started since the last sample: all its time is in this
       * interval, so it counts from zero rather than from its first
       * reading. */
      if (self->last_boot_ns > 0 &&
          st.starttime * (1000000000ull / self->ticks) > self->last_boot_ns)
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
  p->stat_fd = px_proc_open ("/proc/%d/stat", pid);
  p->statm_fd = px_proc_open ("/proc/%d/statm", pid);
  p->io_fd = px_proc_open ("/proc/%d/io", pid);
  if (p->io_fd < 0)
    add_problem (self, "io", pid, errno);
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
        t = add_thread (self, p, tid);
      t->listed = TRUE;
    }
  return TRUE;
}

/* Whether a process has ended though its parent has not collected it:
 * a zombie with no thread left (a leader that ended before its other
 * threads shows as a zombie too, but with them counted). */
gboolean
_px_watch_process_dead (Process *p)
{
  char buf[1024];
  PxProcStat st;

  return px_proc_pread (p->stat_fd, buf, sizeof buf) && px_proc_stat_parse (buf, &st) &&
         (st.state == 'Z' || st.state == 'X') && st.num_threads <= 1;
}

/* A process's CPU time, all its threads together, those that ended
 * included, from its stat: in clock ticks, so up to two ticks short
 * (its user and its system time are each rounded down). */
gboolean
_px_watch_process_cpu_ns (PxWatch *self,
                          Process *p,
                          guint64 *cpu_ns)
{
  char buf[1024];
  PxProcStat st;

  if (!px_proc_pread (p->stat_fd, buf, sizeof buf) || !px_proc_stat_parse (buf, &st))
    return FALSE;
  *cpu_ns = (st.utime + st.stime) * (1000000000ull / (guint64)self->ticks);
  return TRUE;
}

/* Reads a process's memory and IO, kept open. */
static void
read_process (PxWatch *self,
              Process *p)
{
  char buf[1024];
  char name[sizeof p->pub.name];
  gboolean renamed = FALSE;
  PxProcStat st;

  if (px_proc_pread (p->stat_fd, buf, sizeof buf) && px_proc_stat_parse (buf, &st))
    {
      px_proc_stat_copy_name (&st, name, sizeof name);
      renamed = !g_str_equal (name, p->pub.name);
    }
  /* A process that ran another program has its name, and its command
   * line, anew. */
  if (renamed)
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

  if (px_proc_pread (p->statm_fd, buf, sizeof buf))
    {
      unsigned long size = 0, resident = 0;

      if (sscanf (buf, "%lu %lu", &size, &resident) == 2)
        p->pub.rss_bytes = (guint64)resident * self->page_size;
    }
  if (px_proc_pread (p->io_fd, buf, sizeof buf))
    {
      const char *r = strstr (buf, "read_bytes: ");
      const char *w = strstr (buf, "\nwrite_bytes: ");

      guint64 rd = r != NULL ? g_ascii_strtoull (r + 12, NULL, 10) : 0;
      guint64 wr = w != NULL ? g_ascii_strtoull (w + 14, NULL, 10) : 0;
      gint64 now = g_get_monotonic_time ();

      if (!p->pub.io_readable)
        {
          p->pub.read_bytes_first = rd;
          p->pub.write_bytes_first = wr;
        }
      else if (now > p->io_read_us)
        {
          double dt = (now - p->io_read_us) / 1e6;

          p->pub.read_rate = (double)(rd - MIN (rd, p->pub.read_bytes)) / dt;
          p->pub.write_rate = (double)(wr - MIN (wr, p->pub.write_bytes)) / dt;
        }
      p->pub.io_readable = TRUE;
      p->pub.read_bytes = rd;
      p->pub.write_bytes = wr;
      p->io_read_us = now;
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
void
_px_watch_relist (PxWatch *self,
                  gint64   now)
{
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (int) * 2);
  gboolean switches = now - self->status_us >= STATUS_US;

  for (guint i = 0; i < self->processes->len; i++)
    ((Process *)g_ptr_array_index (self->processes, i))->listed = FALSE;
  for (guint i = 0; i < self->threads->len; i++)
    ((Thread *)g_ptr_array_index (self->threads, i))->listed = FALSE;

  /* A launched program already collected has no pid left to read. */
  if (self->root > 0)
    g_array_append_val (pending, ((int[2]) { self->root, 0 }));
  for (guint i = 0; i < pending->len; i++)
    {
      int *entry = &g_array_index (pending, int, i * 2);
      Process *p = _px_watch_find_process (self, entry[0]);

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
              !px_proc_pread (t->children_fd, buf, sizeof buf))
            continue;
          if (t->pub.tid == t->pub.pid)
            p->children_hash = g_str_hash (buf);
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
          px_proc_close (&p->task_fd);
          px_proc_close (&p->stat_fd);
          px_proc_close (&p->statm_fd);
          px_proc_close (&p->io_fd);
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
          px_proc_close (&t->sched_fd);
          px_proc_close (&t->stat_fd);
          px_proc_close (&t->children_fd);
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

/* Whether a process has more or fewer threads than are watched (the
 * link count of its folder of threads says how many it has), or its
 * main thread started or lost a child: then the program is looked up
 * again at once, so a short-lived thread or process is not missed. Only
 * processes whose threads ran since the last sample are looked at: one
 * that did not run cannot have started or ended anything. */
gboolean
_px_watch_threads_changed (PxWatch *self)
{
  gboolean changed = FALSE;

  for (guint k = 0; k < self->threads->len && !changed; k++)
    {
      Thread *t = g_ptr_array_index (self->threads, k);
      Process *p;
      char buf[4096];

      /* Most programs start processes from their main thread. */
      if (t->pub.tid != t->pub.pid || t->pub.ended || t->children_fd < 0 ||
          (p = t->process) == NULL || p->pub.ended || !p->ran)
        continue;
      if (px_proc_pread (t->children_fd, buf, sizeof buf) &&
          g_str_hash (buf) != p->children_hash)
        changed = TRUE;
    }

  for (guint i = 0; i < self->processes->len; i++)
    ((Process *)g_ptr_array_index (self->processes, i))->alive = 0;
  for (guint k = 0; k < self->threads->len; k++)
    {
      Thread *t = g_ptr_array_index (self->threads, k);
      Process *p;

      if (!t->pub.ended && (p = t->process) != NULL && !p->pub.ended)
        p->alive++;
    }
  for (guint i = 0; i < self->processes->len; i++)
    {
      Process *p = g_ptr_array_index (self->processes, i);
      struct stat st;

      if (p->pub.ended || !p->ran)
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
gboolean
_px_watch_parse_schedstat (const char *buf,
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
void
_px_watch_read_off_cpu_state (Thread *t)
{
  char buf[1024];
  PxProcStat st;

  if (px_proc_pread (t->stat_fd, buf, sizeof buf) && px_proc_stat_parse (buf, &st))
    {
      PxWatchState state = state_from_char (st.state);

      /* Off a CPU for most of the interval, it is not running now. */
      t->pub.state = state == PX_WATCH_RUNNABLE ? PX_WATCH_SLEEPING : state;
      px_proc_stat_copy_name (&st, t->pub.name, sizeof t->pub.name);
    }
}
