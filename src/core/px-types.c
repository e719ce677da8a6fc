/* px-types.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "px-types.h"

void
px_spec_copy (PxSpec       *dest,
              const PxSpec *src)
{
  *dest = *src;
  dest->name = g_strdup (src->name);
  dest->description = g_strdup (src->description);
  dest->command = g_strdup (src->command);
  dest->inputs = g_strdup (src->inputs);
  dest->inputs_file = g_strdup (src->inputs_file);
  dest->workdir = g_strdup (src->workdir);
  dest->env = g_strdup (src->env);
  dest->results = g_strdup (src->results);
  dest->halt = g_strdup (src->halt);
  dest->hosts = g_strdup (src->hosts);
  dest->ssh = g_strdup (src->ssh);
  dest->remote_worker = g_strdup (src->remote_worker);
  dest->srun = g_strdup (src->srun);
  dest->input_list = g_strdupv (src->input_list);
  dest->job_numbers = src->job_numbers != NULL
                      ? g_memdup2 (src->job_numbers, sizeof (guint32) * src->tasks) : NULL;
}

void
px_spec_clear (PxSpec *spec)
{
  g_clear_pointer (&spec->name, g_free);
  g_clear_pointer (&spec->description, g_free);
  g_clear_pointer (&spec->command, g_free);
  g_clear_pointer (&spec->inputs, g_free);
  g_clear_pointer (&spec->inputs_file, g_free);
  g_clear_pointer (&spec->workdir, g_free);
  g_clear_pointer (&spec->env, g_free);
  g_clear_pointer (&spec->results, g_free);
  g_clear_pointer (&spec->halt, g_free);
  g_clear_pointer (&spec->hosts, g_free);
  g_clear_pointer (&spec->ssh, g_free);
  g_clear_pointer (&spec->remote_worker, g_free);
  g_clear_pointer (&spec->srun, g_free);
  g_clear_pointer (&spec->input_list, g_strfreev);
  g_clear_pointer (&spec->job_numbers, g_free);
}

const char *
px_executor_kind_name (PxExecutorKind kind)
{
  return kind == PX_EXECUTOR_PROCESSES ? "processes"
         : kind == PX_EXECUTOR_EVENT_LOOP ? "event-loop" : "threads";
}

const char *
px_task_kind_name (PxTaskKind kind)
{
  static const char * const names[] = {
    "cpu", "sleep", "file-io", "memory", "lock", "semaphore", "barrier", "shared-update", "mixed",
    "command", "net", "event", "condition",
  };

  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (names), "?");
  return names[kind];
}

const char *
px_task_status_name (PxTaskStatus status)
{
  static const char * const names[] = { "pending", "done", "failed", "cancelled" };

  g_return_val_if_fail ((guint)status < G_N_ELEMENTS (names), "?");
  return names[status];
}

const char *
px_worker_state_name (PxWorkerState state)
{
  static const char * const names[] = { "idle", "computing", "lock-wait", "io-wait", "ipc",
                                                  "signal-wait" };

  g_return_val_if_fail ((guint)state < G_N_ELEMENTS (names), "?");
  return names[state];
}

gboolean
px_kind_is_compute (PxTaskKind kind)
{
  return kind == PX_KIND_CPU || kind == PX_KIND_LOCK ||
         kind == PX_KIND_BARRIER || kind == PX_KIND_SHARED_UPDATE || kind == PX_KIND_MIXED ||
         kind == PX_KIND_EVENT || kind == PX_KIND_CONDITION;
}
