/* px-run-remote-jobs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A command's jobs on other hosts, as GNU parallel's --sshlogin runs
 * them: with launcher=ssh the slots are dealt to the hosts as worker
 * processes are, and each job of a slot on another host starts there
 * through ssh; with launcher=srun each job is a Slurm job step. Either
 * way parallax-worker --job runs it there and says what it used
 * (px-job-remote.c), so its CPU time and peak memory are its own, not
 * those of the ssh or srun here.
 */

#include "config.h"

#include "px-hosts.h"
#include "px-run-private.h"

/* TRUE when no job of @spec's runs on this machine. */
gboolean
_px_run_shared_jobs_all_remote (const PxSpec *spec)
{
  g_autoptr(PxHostList) hosts = NULL;
  g_autofree guint *host_of = NULL;

  if (spec->kind != PX_KIND_COMMAND || spec->launcher == PX_LAUNCHER_LOCAL)
    return FALSE;
  if (spec->launcher == PX_LAUNCHER_SRUN)
    return TRUE;
  hosts = px_host_list_parse (spec->hosts, NULL);
  if (hosts == NULL)
    return FALSE;
  host_of = g_new (guint, MAX (spec->workers, 1));
  if (!px_host_list_assign (hosts, spec->workers, host_of, NULL))
    return FALSE;
  for (guint w = 0; w < spec->workers; w++)
    if (hosts->hosts[host_of[w]].name == NULL)
      return FALSE;
  return TRUE;
}

/* Each slot's words for its jobs, from the hosts or srun; a slot on
 * another host is that host's worker in the reports and the window. */
gboolean
_px_run_shared_remote_jobs_prepare (PxRunShared  *shared,
                                    GError      **error)
{
  const PxSpec *spec = &shared->spec;
  g_autoptr(PxHostList) hosts = NULL;
  g_autofree guint *host_of = NULL;
  g_autofree gint *slots = NULL;
  g_auto(GStrv) words = NULL;

  _px_run_shared_remote_jobs_clear (shared);
  if (spec->kind != PX_KIND_COMMAND || spec->launcher == PX_LAUNCHER_LOCAL)
    return TRUE;

  shared->job_remote_worker = spec->remote_worker != NULL && spec->remote_worker[0] != '\0'
                              ? g_strdup (spec->remote_worker) : px_find_worker_binary ();
  shared->job_remote = g_new0 (char **, spec->workers + 1);
  if (spec->launcher == PX_LAUNCHER_SRUN)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      if (!g_shell_parse_argv (spec->srun, NULL, &words, error))
        return FALSE;
      /* One task on one CPU, where Slurm places it. */
      g_strv_builder_addv (builder, (const char **)words);
      g_strv_builder_add_many (builder, "--ntasks=1", "--cpus-per-task=1", "--quiet", NULL);
      g_strfreev (words);
      words = g_strv_builder_end (builder);
      for (guint w = 0; w < spec->workers; w++)
        shared->job_remote[w] = g_strdupv (words);
      return TRUE;
    }

  hosts = px_host_list_parse (spec->hosts, error);
  if (hosts == NULL || !g_shell_parse_argv (spec->ssh, NULL, &words, error))
    return FALSE;
  host_of = g_new (guint, MAX (spec->workers, 1));
  slots = g_new (gint, MAX (spec->workers, 1));
  if (!px_host_list_assign (hosts, spec->workers, host_of, error))
    return FALSE;
  for (guint w = 0; w < spec->workers; w++)
    {
      const PxHost *host = &hosts->hosts[host_of[w]];

      slots[w] = host->name != NULL ? (gint)host_of[w] : -1;
      if (host->name == NULL)
        continue;
      shared->job_remote[w] = px_host_ssh_argv (words, host, spec->worker_timeout);
      __atomic_store_n (&shared->workers[w].host, (gint)host_of[w], __ATOMIC_RELAXED);
    }
  _px_run_shared_transfer_worker (shared, hosts, slots, spec->workers, words,
                                  shared->job_remote_worker);
  return TRUE;
}

void
_px_run_shared_remote_jobs_clear (PxRunShared *shared)
{
  for (guint w = 0; shared->job_remote != NULL && w < shared->spec.workers; w++)
    g_strfreev (shared->job_remote[w]);
  g_clear_pointer (&shared->job_remote, g_free);
  g_clear_pointer (&shared->job_remote_worker, g_free);
}

/* A job on another host ended: under srun, the node its step ran on is
 * its slot's, as a worker's hello says it. */
void
_px_run_shared_remote_job_ended (PxRunShared       *shared,
                                 guint              worker,
                                 const PxJobResult *result)
{
  PxWorkerInfo *info = &shared->workers[worker];
  gboolean named = result->measured_there && result->node[0] != '\0';

  for (const char *c = result->node; named && *c != '\0'; c++)
    named = px_host_is_name_char (*c);
  if (!named)
    return;
  g_mutex_lock (&shared->lock);
  g_strlcpy (info->node, result->node, sizeof info->node);
  g_mutex_unlock (&shared->lock);
}
