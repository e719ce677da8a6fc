/* main.c — parallax-worker
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Started by Parallax with GSubprocess; speaks the framed protocol of
 * px-protocol.h on stdin and stdout. Not meant to be run by hand.
 * "parallax-worker --stdio" is a worker Parallax started on another host
 * through ssh (launcher=ssh): it shares no memory with its parent.
 *
 * "parallax-worker --job … -- PROGRAM …" runs a job of a kind=command
 * run on another host (job.c).
 *
 * "parallax-worker --spin-us=N" computes for N microseconds of its own
 * CPU time and exits: the task of a command that calibration times.
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "job.h"
#include "px-worker.h"

/* Computes until this process has used @us microseconds of CPU. */
static int
spin (const char *text)
{
  char *end = NULL;
  double us = g_ascii_strtod (text, &end);
  struct timespec ts;
  double start;
  volatile guint64 sink = 0;

  if (end == text || *end != '\0' || !(us >= 0) || us > 3600e6)
    {
      g_printerr ("parallax-worker: --spin-us=%s: expected microseconds from 0 to 3600e6\n", text);
      return 2;
    }
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  start = ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
  do
    {
      for (guint i = 0; i < 200; i++)
        sink += i * i;
      clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
    }
  while (ts.tv_sec * 1e6 + ts.tv_nsec / 1e3 - start < us);
  return sink == 1 ? 1 : 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  setlocale (LC_ALL, "");
  /* Failure reasons are translated as the parent's messages are. */
  if (exe != NULL && g_str_has_prefix (exe, PX_BUILD_ROOT "/"))
    bindtextdomain (GETTEXT_PACKAGE, PX_BUILD_ROOT "/po");
  else
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc >= 2 && g_str_equal (argv[1], "--job"))
    return px_worker_run_job (argc, argv);
  if (argc == 2 && g_str_has_prefix (argv[1], "--spin-us="))
    return spin (argv[1] + strlen ("--spin-us="));

  if (isatty (STDIN_FILENO) || (argc > 1 && !(argc == 2 && g_str_equal (argv[1], "--stdio"))))
    {
      g_printerr ("%s\n", "parallax-worker runs tasks for Parallax and is started by it; "
                          "run 'parallax --help' instead.");
      return 2;
    }

  /* Started through ssh on another host: nothing shared with the parent
   * but the pipes. */
  if (argc == 2)
    return px_worker_main_stdio (STDIN_FILENO, STDOUT_FILENO);
  return px_worker_main (STDIN_FILENO, STDOUT_FILENO, PX_WORKER_FAULT_NONE, 0);
}
