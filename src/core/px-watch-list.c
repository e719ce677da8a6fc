/* px-watch-list.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The processes that could be watched: this user's, through libgtop as
 * System Monitor lists them (name, CPU time, arguments); the thread
 * count from /proc, as libgtop does not give it.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* libgtop's headers test macros they do not define. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wundef"
#include <glibtop.h>
#include <glibtop/procargs.h>
#include <glibtop/proclist.h>
#include <glibtop/procstate.h>
#include <glibtop/proctime.h>
#pragma GCC diagnostic pop

#include "px-watch.h"

void
px_watch_candidate_clear (PxWatchCandidate *candidate)
{
  g_clear_pointer (&candidate->command_line, g_free);
}

/**
 * px_watch_list_processes:
 *
 * This user's processes, this one and kernel threads left out, by pid.
 *
 * Returns: (transfer full): a #GArray of #PxWatchCandidate, which
 *   clears them when freed
 */
GArray *
px_watch_list_processes (void)
{
  GArray *list = g_array_new (FALSE, TRUE, sizeof (PxWatchCandidate));
  glibtop_proclist info;
  g_autofree pid_t *pids = NULL;

  g_array_set_clear_func (list, (GDestroyNotify)px_watch_candidate_clear);
  pids = glibtop_get_proclist (&info, GLIBTOP_KERN_PROC_UID, getuid ());
  for (guint64 i = 0; pids != NULL && i < info.number; i++)
    {
      PxWatchCandidate c = { 0 };
      glibtop_proc_state state;
      glibtop_proc_time time;
      glibtop_proc_args args;
      g_autofree char *task = g_strdup_printf ("/proc/%d/task", pids[i]);
      struct stat st;
      char *text;

      if (pids[i] == getpid ())
        continue;
      c.pid = pids[i];
      glibtop_get_proc_state (&state, pids[i]);
      g_strlcpy (c.name, state.cmd, sizeof c.name);
      glibtop_get_proc_time (&time, pids[i]);
      if (time.frequency > 0)
        c.cpu_ns = time.rtime * (G_GUINT64_CONSTANT (1000000000) / time.frequency);
      c.threads = stat (task, &st) == 0 && st.st_nlink > 2 ? (guint)st.st_nlink - 2 : 1;
      text = glibtop_get_proc_args (&args, pids[i], 0);
      /* A kernel thread has no command line: it is not a program. */
      if (text == NULL || args.size == 0 || text[0] == '\0')
        {
          g_free (text);
          continue;
        }
      /* Its arguments, NUL-separated: shown with spaces. */
      for (guint64 k = 0; k + 1 < args.size; k++)
        if (text[k] == '\0')
          text[k] = ' ';
      c.command_line = g_strndup (text, args.size);
      g_free (text);
      g_array_append_val (list, c);
    }
  return list;
}
