/* px-gtop-source.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libgtop's headers test macros they do not define. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wundef"
#include <glibtop.h>
#include <glibtop/cpu.h>
#include <glibtop/procmem.h>
#include <glibtop/proctime.h>
#pragma GCC diagnostic pop

#include "px-gtop-source.h"

static void
ensure_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      glibtop_init ();
      g_once_init_leave (&initialized, 1);
    }
}

guint
px_gtop_get_n_cores (void)
{
  ensure_init ();
  return MAX (glibtop_global_server->ncpu + 1, 1);
}

/* The per-core lines of /proc/stat, read through a file kept open:
 * what a sample costs is one pread, not an open, a read and a close. Its
 * fields are ticks: user, nice, system, idle, iowait, irq, softirq. */
static gboolean
read_proc_stat (guint    n_cores,
                guint64 *busy,
                guint64 *total)
{
  static gsize opened = 0;
  static int fd = -1;
  /* The cpu lines come first; the rest (interrupts) is not read. */
  gsize size = 256 + (gsize)n_cores * 160;
  g_autofree char *buf = NULL;
  gssize n;
  guint seen = 0;
  char *line;

  if (g_once_init_enter (&opened))
    {
      fd = open ("/proc/stat", O_RDONLY | O_CLOEXEC);
      g_once_init_leave (&opened, 1);
    }
  if (fd < 0)
    return FALSE;
  buf = g_malloc (size + 1);
  n = pread (fd, buf, size, 0);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';

  for (line = buf; line != NULL && *line != '\0'; line = strchr (line, '\n'))
    {
      char *p;
      guint64 v[7] = { 0 };
      gulong core;

      if (*line == '\n')
        line++;
      if (strncmp (line, "cpu", 3) != 0)
        break;
      if (!g_ascii_isdigit (line[3]))
        continue; /* the line of all cores together */
      core = strtoul (line + 3, &p, 10);
      for (guint k = 0; k < G_N_ELEMENTS (v); k++)
        v[k] = g_ascii_strtoull (p, &p, 10);
      if (core >= n_cores)
        continue;
      total[core] = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6];
      busy[core] = total[core] - v[3] - v[4];
      seen++;
    }
  return seen > 0;
}

gboolean
px_gtop_read_cores (guint    n_cores,
                    guint64 *busy,
                    guint64 *total)
{
  glibtop_cpu cpu;

  if (read_proc_stat (n_cores, busy, total))
    return TRUE;

  ensure_init ();
  glibtop_get_cpu (&cpu);
  if (!(cpu.flags & (1 << GLIBTOP_XCPU_TOTAL)))
    return FALSE;

  for (guint i = 0; i < n_cores && i < GLIBTOP_NCPU; i++)
    {
      total[i] = cpu.xcpu_total[i];
      busy[i] = cpu.xcpu_total[i] - cpu.xcpu_idle[i] - cpu.xcpu_iowait[i];
    }

  return TRUE;
}

/* Resident memory in bytes, 0 if the process is gone. */
guint64
px_gtop_get_rss (int pid)
{
  glibtop_proc_mem mem;

  ensure_init ();
  glibtop_get_proc_mem (&mem, pid);
  return mem.resident;
}

/* Tick-based CPU time of a process (user + system), in nanoseconds. */
guint64
px_gtop_get_proc_cpu_ns (int pid)
{
  glibtop_proc_time t;

  ensure_init ();
  glibtop_get_proc_time (&t, pid);
  if (t.frequency == 0)
    return 0;
  return (t.utime + t.stime) * (1000000000ull / t.frequency);
}
