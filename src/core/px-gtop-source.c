/* px-gtop-source.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

gboolean
px_gtop_read_cores (guint    n_cores,
                    guint64 *busy,
                    guint64 *total)
{
  glibtop_cpu cpu;

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
