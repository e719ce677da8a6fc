/* px-proc-tree.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CPU time and resident memory of a process and all it started: a
 * job's shell script with its children, a pool with its workers. The
 * tree is walked through /proc/PID/task/TID/children, each process read
 * once from /proc/PID/stat; nothing is traced or stopped.
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "px-proc-file.h"
#include "px-proc-tree.h"

/* A tree deeper or wider than this is read this far. */
#define MAX_PROCESSES 4096

static double ns_per_tick;
static gsize page_size;

static void
init_units (void)
{
  if (ns_per_tick == 0)
    {
      ns_per_tick = 1e9 / sysconf (_SC_CLK_TCK);
      page_size = sysconf (_SC_PAGESIZE);
    }
}

/* Adds the figures of a process's /proc/PID/stat, @buf, to @tree; its
 * number of threads, or 0 if @buf does not parse. */
static int
add_stat (const char *buf,
          PxProcTree *tree,
          guint64    *children_ns)
{
  PxProcStat st;

  if (!px_proc_stat_parse (buf, &st))
    return 0;
  tree->n_processes++;
  tree->cpu_ns += (guint64)((st.utime + st.stime + st.cutime + st.cstime) * ns_per_tick);
  if (children_ns != NULL)
    *children_ns = (guint64)((st.cutime + st.cstime) * ns_per_tick);
  /* A zombie holds no memory. */
  if (st.state != 'Z')
    tree->rss_bytes += st.rss * page_size;
  return MAX ((int)MIN (st.num_threads, G_MAXINT), 1);
}

/* Adds @pid's own figures to @tree; its number of threads, or 0 if it
 * is gone. */
static int
add_process (int         pid,
             PxProcTree *tree)
{
  char buf[1024];

  if (!px_proc_read (buf, sizeof buf, "/proc/%d/stat", pid))
    return 0;
  return add_stat (buf, tree, NULL);
}

/* Appends the pids of a children file's text, @buf, to @pending. */
static void
add_children_text (char   *buf,
                   GArray *pending)
{
  char *p, *end;

  for (p = buf; *p != '\0'; p = end)
    {
      long child = strtol (p, &end, 10);

      if (end == p)
        break;
      if (child > 0 && pending->len < MAX_PROCESSES)
        g_array_append_val (pending, ((int) { (int)child }));
    }
}

static void
add_children_of_task (int     pid,
                      int     tid,
                      GArray *pending)
{
  char buf[4096];

  if (!px_proc_read (buf, sizeof buf, "/proc/%d/task/%d/children", pid, tid))
    return;
  add_children_text (buf, pending);
}

/* Appends the children of every thread of @pid, which has @threads of
 * them, to @pending. A process of one thread (most are) needs no look
 * at its folder of threads. */
static void
add_children (int     pid,
              int     threads,
              GArray *pending)
{
  char path[64];
  g_autoptr(GDir) tasks = NULL;
  const char *tid;

  if (threads <= 1)
    {
      add_children_of_task (pid, pid, pending);
      return;
    }
  g_snprintf (path, sizeof path, "/proc/%d/task", pid);
  tasks = g_dir_open (path, 0, NULL);
  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    add_children_of_task (pid, atoi (tid), pending);
}

/**
 * px_proc_tree_read:
 * @pid: the root of the tree
 *
 * Sums what the kernel accounts to @pid and every process it started
 * that is still its descendant. CPU time counts in clock ticks (10 ms
 * here), which a reading over 100 ms or more smooths.
 *
 * Returns: %FALSE if @pid is gone
 */
gboolean
px_proc_tree_read (int         pid,
                   PxProcTree *tree)
{
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean root = FALSE;

  g_return_val_if_fail (tree != NULL, FALSE);

  init_units ();
  memset (tree, 0, sizeof *tree);
  g_array_append_val (pending, pid);
  for (guint i = 0; i < pending->len; i++)
    {
      int p = g_array_index (pending, int, i);
      int threads = add_process (p, tree);

      if (threads == 0)
        continue;
      if (i == 0)
        root = TRUE;
      add_children (p, threads, pending);
    }
  return root;
}

/* A tree read again and again. Who belongs to it is looked up at most
 * every RELIST_US (and whenever a member ended), reading each member's
 * stat: its threads, memory and reaped children's time. In between, a
 * member of one thread is read from its schedstat, kept open: one system
 * call, nanoseconds of CPU, and less for the kernel to write than stat;
 * one of several threads, from its stat, kept open too. */
#define RELIST_US (1000 * 1000)
/* A member of one thread whose CPU time was the same at its last
 * LAZY_AFTER readings is asleep: it is read again once LAZY_US have
 * passed since its last reading, and counts as then in between. What
 * it did meanwhile is in its time, which is cumulative, when it is
 * read: a job that wakes shows its CPU that much later, never less of
 * it. Most of a pool's jobs wait (on a network, a disk, a child). */
#define LAZY_AFTER 2
#define LAZY_US (250 * 1000)

typedef struct
{
  int     pid;
  /* Its stat; its schedstat and its children when it has one thread
   * (else -1). */
  int     fd;
  int     sched_fd;
  int     children_fd;
  /* As of the last look: its reaped children's time, and its memory. */
  guint64 children_ns;
  guint64 rss_bytes;
  /* Its schedstat's time at its last reading, when that was, and for
   * how many readings it had not changed. */
  guint64 cpu_ns;
  gint64  read_us;
  guint   unchanged;
} Member;

struct _PxProcTreeWatch
{
  int     root;
  GArray *members;
  gint64  listed_us;
};

static void
member_close (Member *m)
{
  if (m->fd >= 0)
    close (m->fd);
  if (m->sched_fd >= 0)
    close (m->sched_fd);
  if (m->children_fd >= 0)
    close (m->children_fd);
  m->fd = m->sched_fd = m->children_fd = -1;
}

PxProcTreeWatch *
px_proc_tree_watch_new (int pid)
{
  PxProcTreeWatch *self = g_new0 (PxProcTreeWatch, 1);

  self->root = pid;
  self->members = g_array_new (FALSE, FALSE, sizeof (Member));
  return self;
}

void
px_proc_tree_watch_free (PxProcTreeWatch *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->members->len; i++)
    member_close (&g_array_index (self->members, Member, i));
  g_array_unref (self->members);
  g_free (self);
}

int
px_proc_tree_watch_get_root (PxProcTreeWatch *self)
{
  return self->root;
}

/* Looks up the tree's members again, keeping the files of those that
 * stay. */
static void
relist (PxProcTreeWatch *self)
{
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (Member));

  g_array_append_val (pending, self->root);
  for (guint i = 0; i < pending->len; i++)
    {
      int pid = g_array_index (pending, int, i);
      Member m = { pid, -1, -1, -1, 0, 0, 0, 0, 0 };
      PxProcTree own = { 0 };
      char buf[1024];
      int threads;

      for (guint k = 0; k < self->members->len; k++)
        {
          Member *old = &g_array_index (self->members, Member, k);

          if (old->pid == pid && old->fd >= 0)
            {
              m.fd = old->fd;
              m.sched_fd = old->sched_fd;
              m.children_fd = old->children_fd;
              m.cpu_ns = old->cpu_ns;
              m.read_us = old->read_us;
              m.unchanged = old->unchanged;
              old->fd = old->sched_fd = old->children_fd = -1;
              break;
            }
        }
      if (m.fd < 0 && (m.fd = px_proc_open ("/proc/%d/stat", pid)) < 0)
        continue;
      if (!px_proc_pread (m.fd, buf, sizeof buf) ||
          (threads = add_stat (buf, &own, &m.children_ns)) == 0)
        {
          member_close (&m);
          continue;
        }
      m.rss_bytes = own.rss_bytes;
      if (threads > 1)
        {
          int fd = m.fd;

          /* Read from its stat, its threads' children looked up. */
          m.fd = -1;
          member_close (&m);
          m.fd = fd;
          add_children (pid, threads, pending);
        }
      else
        {
          char children[4096];

          if (m.sched_fd < 0)
            m.sched_fd = px_proc_open ("/proc/%d/schedstat", pid);
          if (m.children_fd < 0)
            m.children_fd = px_proc_open ("/proc/%d/task/%d/children", pid, pid);
          if (m.children_fd >= 0 && px_proc_pread (m.children_fd, children, sizeof children))
            add_children_text (children, pending);
          else if (m.children_fd < 0)
            add_children (pid, threads, pending);
        }
      g_array_append_val (members, m);
    }
  for (guint k = 0; k < self->members->len; k++)
    member_close (&g_array_index (self->members, Member, k));
  g_array_unref (self->members);
  self->members = g_steal_pointer (&members);
}

/**
 * px_proc_tree_watch_read:
 * @now_us: the monotonic time of the reading
 *
 * What px_proc_tree_read() reads, at a system call a process, less for
 * those asleep (see LAZY_US). A child started since the tree was last
 * looked up counts from the next look, at most RELIST_US later (what it
 * used before that counts then, as it is cumulative); memory is as of
 * the last look.
 *
 * Returns: %FALSE if the root is gone
 */
gboolean
px_proc_tree_watch_read (PxProcTreeWatch *self,
                         gint64           now_us,
                         PxProcTree      *tree)
{
  gboolean ended = FALSE;

  g_return_val_if_fail (self != NULL && tree != NULL, FALSE);

  init_units ();
  if (self->members->len == 0 || now_us - self->listed_us >= RELIST_US)
    {
      relist (self);
      self->listed_us = now_us;
    }
  memset (tree, 0, sizeof *tree);
  for (guint i = 0; i < self->members->len; i++)
    {
      Member *m = &g_array_index (self->members, Member, i);
      char buf[1024];

      if (m->sched_fd >= 0)
        {
          if (m->unchanged < LAZY_AFTER || now_us - m->read_us >= LAZY_US)
            {
              guint64 cpu_ns;

              /* sum_exec_runtime, in ns: the one thread's time on a CPU. */
              if (!px_proc_pread (m->sched_fd, buf, sizeof buf))
                {
                  ended = TRUE;
                  continue;
                }
              cpu_ns = g_ascii_strtoull (buf, NULL, 10);
              m->unchanged = m->read_us > 0 && cpu_ns == m->cpu_ns ? m->unchanged + 1 : 0;
              m->cpu_ns = cpu_ns;
              m->read_us = now_us;
            }
          tree->n_processes++;
          tree->cpu_ns += m->cpu_ns + m->children_ns;
          tree->rss_bytes += m->rss_bytes;
        }
      else if (!px_proc_pread (m->fd, buf, sizeof buf) || add_stat (buf, tree, NULL) == 0)
        ended = TRUE;
    }
  /* A member ended: its parent's account holds it once reaped, or it is
   * gone with its figures; the next reading looks again. */
  if (ended)
    self->listed_us = 0;
  return self->members->len > 0 &&
         g_array_index (self->members, Member, 0).pid == self->root && tree->n_processes > 0;
}
