/* px-fault-worker.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A parallax-worker that misbehaves on purpose, for the fault tests. The
 * fault comes from the name it is started under (tests make symlinks):
 * px-fault-garbage-3 writes garbage after 3 tasks; likewise
 * px-fault-crash-N, px-fault-wrong-result-N, px-fault-close-output-N
 * (closes its output and lingers), px-fault-no-hello-N (never says hello),
 * px-fault-hang-after-hello-N (says hello, then nothing), px-fault-half-
 * frame-N (announces a 64 MiB frame and sends nothing more) and
 * px-fault-hang-task-N (never ends task N + 1, heart still beating).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "px-worker.h"

int
main (int   argc,
      char *argv[])
{
  g_autofree char *name = g_path_get_basename (argv[0]);
  const char *dash = strrchr (name, '-');
  PxWorkerFault kind = PX_WORKER_FAULT_NONE;

  if (strstr (name, "-garbage-"))
    kind = PX_WORKER_FAULT_GARBAGE;
  else if (strstr (name, "-wrong-result-"))
    kind = PX_WORKER_FAULT_WRONG_RESULT;
  else if (strstr (name, "-crash-"))
    kind = PX_WORKER_FAULT_CRASH;
  else if (strstr (name, "-close-output-"))
    kind = PX_WORKER_FAULT_CLOSE_OUTPUT;
  else if (strstr (name, "-no-hello-"))
    kind = PX_WORKER_FAULT_NO_HELLO;
  else if (strstr (name, "-hang-after-hello-"))
    kind = PX_WORKER_FAULT_HANG_AFTER_HELLO;
  else if (strstr (name, "-half-frame-"))
    kind = PX_WORKER_FAULT_HALF_FRAME;
  else if (strstr (name, "-hang-task-"))
    kind = PX_WORKER_FAULT_HANG_TASK;

  return px_worker_main (STDIN_FILENO, STDOUT_FILENO, kind, dash ? atoi (dash + 1) : 0);
}
