/* px-loop-net.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kind=net on an event loop: a request that goes as far as its socket
 * lets it, then awaits the socket in the loop's epoll set, as asyncio
 * awaits a stream; its task-timeout waits in the timer heap.
 */

#include "config.h"

#include <errno.h>
#include <sys/epoll.h>

#include <glib/gi18n.h>

#include "px-loop-private.h"

/* A request goes as far as it can; then awaits its socket in the epoll
 * set, or ends. */
void
_px_loop_net_advance (Task *task)
{
  Loop *loop = task->loop;
  gboolean ok = FALSE;
  guint events = px_net_call_step (&task->call, &ok, task->out.reason, sizeof task->out.reason);
  struct epoll_event ev = { 0 };

  if (events == 0)
    {
      /* It ended before its deadline. */
      task->timed_out = FALSE;
      if (!ok)
        task->status = PX_TASK_FAILED;
      _px_loop_finish (task);
      return;
    }
  ev.events = events;
  ev.data.ptr = task;
  if (epoll_ctl (loop->epfd, task->in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, task->call.fd,
                 &ev) < 0)
    {
      g_snprintf (task->out.reason, sizeof task->out.reason,
                  _("could not wait for the server's socket: %s"), g_strerror (errno));
      task->status = PX_TASK_FAILED;
      _px_loop_finish (task);
      return;
    }
  task->in_epoll = TRUE;
}

/* A task of kind=net: its request starts and is awaited; with a
 * task-timeout, its deadline waits in the timer heap, as
 * asyncio.wait_for's does. */
void
_px_loop_net_start (Task *task)
{
  Loop *loop = task->loop;
  PxRunShared *shared = loop->shared;

  task->wait_start_us = g_get_monotonic_time ();
  if (!px_net_call_start (&task->call, loop->ctx.net_port, &shared->spec, task->id,
                          task->out.reason, sizeof task->out.reason))
    {
      task->status = PX_TASK_FAILED;
      _px_loop_finish (task);
      return;
    }
  task->on_net = TRUE;
  if (shared->spec.task_timeout > 0)
    {
      task->due_us = task->start_us + (gint64)(shared->spec.task_timeout * G_USEC_PER_SEC);
      task->timed_out = TRUE;
      _px_loop_heap_push (loop, task);
    }
  _px_loop_net_advance (task);
}
