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

#include "px-proc-tree.h"

/* A tree deeper or wider than this is read this far. */
#define MAX_PROCESSES 4096

/* Reads @path into @buf, NUL-terminated; its length, or -1. */
static gssize
read_small_file (const char *path,
                 char       *buf,
                 gsize       size)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  gssize n;

  if (fd < 0)
    return -1;
  n = read (fd, buf, size - 1);
  close (fd);
  if (n < 0)
    return -1;
  buf[n] = '\0';
  return n;
}

/* Adds @pid's own figures to @tree; FALSE if it is gone. */
static gboolean
add_process (int         pid,
             PxProcTree *tree,
             double      ns_per_tick,
             gsize       page_size)
{
  char path[64];
  char buf[1024];
  const char *after;
  unsigned long long utime, stime;
  long long cutime, cstime, rss;
  char state;

  g_snprintf (path, sizeof path, "/proc/%d/stat", pid);
  if (read_small_file (path, buf, sizeof buf) < 0 || (after = strrchr (buf, ')')) == NULL)
    return FALSE;
  /* Fields 3 to 24 of proc(5): state ppid pgrp session tty_nr tpgid
   * flags minflt cminflt majflt cmajflt utime stime cutime cstime
   * priority nice num_threads itrealvalue starttime vsize rss. */
  if (sscanf (after + 2,
              "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld %*d %*d %*d "
              "%*d %*u %*u %lld",
              &state, &utime, &stime, &cutime, &cstime, &rss) != 6)
    return FALSE;
  tree->n_processes++;
  tree->cpu_ns += (guint64)((utime + stime + MAX (cutime, 0) + MAX (cstime, 0)) * ns_per_tick);
  /* A zombie holds no memory. */
  if (state != 'Z')
    tree->rss_bytes += (guint64)MAX (rss, 0) * page_size;
  return TRUE;
}

/* Appends the children of every thread of @pid to @pending. */
static void
add_children (int     pid,
              GArray *pending)
{
  char path[64];
  g_autoptr(GDir) tasks = NULL;
  const char *tid;

  g_snprintf (path, sizeof path, "/proc/%d/task", pid);
  tasks = g_dir_open (path, 0, NULL);
  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *children = g_strdup_printf ("/proc/%d/task/%s/children", pid, tid);
      char buf[4096];
      char *p, *end;

      if (read_small_file (children, buf, sizeof buf) <= 0)
        continue;
      for (p = buf; *p != '\0'; p = end)
        {
          long child = strtol (p, &end, 10);

          if (end == p)
            break;
          if (child > 0 && pending->len < MAX_PROCESSES)
            g_array_append_val (pending, ((int) { (int)child }));
        }
    }
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
  static double ns_per_tick;
  static gsize page_size;
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean root = FALSE;

  g_return_val_if_fail (tree != NULL, FALSE);

  if (ns_per_tick == 0)
    {
      ns_per_tick = 1e9 / sysconf (_SC_CLK_TCK);
      page_size = sysconf (_SC_PAGESIZE);
    }
  memset (tree, 0, sizeof *tree);
  g_array_append_val (pending, pid);
  for (guint i = 0; i < pending->len; i++)
    {
      int p = g_array_index (pending, int, i);

      if (!add_process (p, tree, ns_per_tick, page_size))
        continue;
      if (i == 0)
        root = TRUE;
      add_children (p, pending);
    }
  return root;
}
