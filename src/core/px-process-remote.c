/* px-process-remote.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Worker processes on other hosts: with launcher=ssh, each is started as
 * "ssh HOST parallax-worker --stdio", the user's own ssh with its
 * configuration and agent; with launcher=srun, as a Slurm job step where
 * Slurm places it. The pipes through ssh or srun are its only channel,
 * so it is first asked the time a few times, as NTP does, to learn how
 * its clock stands to this machine's; only then is it configured. Its
 * beats (LIVE frames) carry what a worker here leaves in shared memory
 * and /proc: its state and times, its resident memory and its CPU time.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "px-process-private.h"
#include "px-worker.h"

/* Round trips asked for before the worker is configured: the one that
 * took least gives the clock's offset. */
#define PINGS 4
/* ssh's standard error kept to say why a host failed. */
#define ERR_TAIL 4096

/* Sets the run's hosts and ssh command up, and deals the workers to the
 * hosts; or srun's command. The profile's checks have passed, so failing
 * here is a bug's. */
gboolean
_px_proc_remote_prepare (ProcExec  *pe,
                         GError   **error)
{
  const PxSpec *spec = &pe->shared->spec;
  g_autofree guint *host_of = NULL;

  for (guint i = 0; i < pe->n_procs; i++)
    {
      pe->procs[i].host = -1;
      pe->procs[i].err_fd = -1;
    }
  if (spec->launcher == PX_LAUNCHER_SRUN)
    {
      pe->srun = TRUE;
      return g_shell_parse_argv (spec->srun, NULL, &pe->launch_argv, error);
    }
  if (spec->launcher != PX_LAUNCHER_SSH)
    return TRUE;

  pe->hosts = px_host_list_parse (spec->hosts, error);
  if (pe->hosts == NULL)
    return FALSE;
  host_of = g_new (guint, pe->n_procs);
  if (!px_host_list_assign (pe->hosts, pe->n_procs, host_of, error) ||
      !g_shell_parse_argv (spec->ssh, NULL, &pe->launch_argv, error))
    return FALSE;
  for (guint i = 0; i < pe->n_procs; i++)
    if (pe->hosts->hosts[host_of[i]].name != NULL)
      pe->procs[i].host = (gint)host_of[i];
  {
    g_autofree gint *slots = g_new (gint, MAX (pe->n_procs, 1));

    for (guint i = 0; i < pe->n_procs; i++)
      slots[i] = pe->procs[i].host;
    _px_run_shared_transfer_worker (pe->shared, pe->hosts, slots, pe->n_procs, pe->launch_argv,
                                    _px_proc_remote_worker_path (pe));
  }
  return TRUE;
}

void
_px_proc_remote_clear (ProcExec *pe)
{
  g_clear_pointer (&pe->hosts, px_host_list_free);
  g_clear_pointer (&pe->launch_argv, g_strfreev);
}

/* Variables a remote worker is given as a worker here inherits them
 * (the language its failure reasons are written in, the sanitizers'
 * options), set by env(1) on the command line: ssh passes no
 * environment unless the server accepts it. Paths of this machine
 * (TMPDIR, LD_LIBRARY_PATH) are left out. */
static void
append_environment (GString *command)
{
  static const char * const kept[] = {
    "LANG", "LANGUAGE", "TZ", "G_DEBUG", "MALLOC_CHECK_", "MALLOC_PERTURB_",
    "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", NULL,
  };
  g_auto(GStrv) env = g_get_environ ();
  gboolean any = FALSE;

  for (guint i = 0; env[i] != NULL; i++)
    {
      const char *eq = strchr (env[i], '=');
      g_autofree char *name = eq ? g_strndup (env[i], eq - env[i]) : NULL;
      g_autofree char *quoted = NULL;

      if (name == NULL || !(g_strv_contains (kept, name) || g_str_has_prefix (name, "LC_")))
        continue;
      if (!any)
        g_string_append (command, "env ");
      any = TRUE;
      quoted = g_shell_quote (env[i]);
      g_string_append_printf (command, "%s ", quoted);
    }
}

/* The worker as a Slurm job step: one task, a CPU; unbuffered, since
 * srun buffers a task's output by lines and frames have none. Slurm
 * passes the environment on itself. */
static char **
srun_argv (ProcExec   *pe,
           const char *worker)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **argv;

  g_strv_builder_addv (builder, (const char **)pe->launch_argv);
  g_strv_builder_add_many (builder, "--ntasks=1", "--cpus-per-task=1", "--unbuffered",
                           "--quiet", worker, "--stdio", NULL);
  argv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return argv;
}

/* Where parallax-worker is on the other hosts. */
const char *
_px_proc_remote_worker_path (ProcExec *pe)
{
  const PxSpec *spec = &pe->shared->spec;

  return spec->remote_worker != NULL && spec->remote_worker[0] != '\0'
         ? spec->remote_worker : pe->shared->worker_path;
}

/* ssh's words, its options, the host and the worker's command line; or
 * srun's. */
char **
_px_proc_remote_argv (ProcExec *pe,
                      Proc     *p)
{
  const char *path = _px_proc_remote_worker_path (pe);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GString) command = NULL;
  g_autofree char *worker = NULL;
  g_auto(GStrv) ssh = NULL;

  if (pe->srun)
    return srun_argv (pe, path);

  ssh = px_host_ssh_argv (pe->launch_argv, &pe->hosts->hosts[p->host],
                          pe->shared->spec.worker_timeout);
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **)ssh);
  command = g_string_new (NULL);
  worker = g_shell_quote (path);
  append_environment (command);
  g_string_append_printf (command, "%s --stdio", worker);
  g_strv_builder_add (builder, command->str);
  return g_strv_builder_end (builder);
}

static void
send_ping (Proc *p)
{
  gsize frame = px_frame_begin (p->out, PX_MSG_PING);

  p->ping_sent_us = g_get_monotonic_time ();
  px_put_u64 (p->out, (guint64)p->ping_sent_us);
  px_frame_end (p->out, frame);
}

/* The worker said hello from its host: ask it the time. */
void
_px_proc_remote_hello (ProcExec   *pe,
                       Proc       *p,
                       const char *node,
                       gsize       n)
{
  PxWorkerInfo *info = &pe->shared->workers[p->index];

  /* Its host's name, as it gave it, in the characters host names have:
   * reports and traces write it as it is. */
  g_mutex_lock (&pe->shared->lock);
  for (gsize i = 0; i < n && i < PX_NODE_MAX - 1; i++)
    info->node[i] = px_host_is_name_char (node[i]) ? node[i] : '_';
  info->node[MIN (n, PX_NODE_MAX - 1)] = '\0';
  g_mutex_unlock (&pe->shared->lock);

  p->pings = 0;
  send_ping (p);
}

/* An answer to a PING: the worker's time at about the middle of the
 * round trip. The round trip that took least bounds the offset best;
 * after PINGS of them the worker is configured. */
gboolean
_px_proc_remote_pong (ProcExec *pe,
                      Proc     *p,
                      PxReader *body)
{
  PxWorkerInfo *info = &pe->shared->workers[p->index];
  gint64 sent = (gint64)px_get_u64 (body);
  gint64 theirs = (gint64)px_get_u64 (body);
  gint64 now = g_get_monotonic_time ();
  gint64 half;

  if (!body->ok || !p->remote || p->configured || sent != p->ping_sent_us || now < sent)
    return FALSE;

  half = (now - sent + 1) / 2;
  if (p->pings == 0 || half < p->offset_error_us)
    {
      p->offset_us = theirs - (sent + half);
      p->offset_error_us = half;
    }
  p->pings++;
  if (p->pings < PINGS)
    {
      send_ping (p);
      return TRUE;
    }

  info->clock_offset_us = p->offset_us;
  info->clock_error_us = p->offset_error_us;
  _px_proc_send_config (pe, p);
  p->configured = TRUE;
  return TRUE;
}

/* A beat of a worker on another host: what a worker here would have put
 * in its live slot, put there for it, on this machine's clock. */
gboolean
_px_proc_remote_live (ProcExec *pe,
                      Proc     *p,
                      PxReader *body)
{
  PxRunShared *shared = pe->shared;
  PxWorkerInfo *info = &shared->workers[p->index];
  PxWorkerLive *live = px_sync_get_live (shared->sync, p->index);
  gint64 now = g_get_monotonic_time ();
  gint64 at = (gint64)px_get_u64 (body) - p->offset_us;
  guint64 cpu_ns = px_get_u64 (body);
  guint64 rss = px_get_u64 (body);
  guint64 started = px_get_u64 (body);
  gint64 task_start = (gint64)px_get_u64 (body);
  guint32 state = px_get_u32 (body);
  gint64 phase_start;
  gint64 times[PX_WORKER_N_STATES];

  px_get_u32 (body);
  phase_start = (gint64)px_get_u64 (body);
  for (guint i = 0; i < PX_WORKER_N_STATES; i++)
    times[i] = (gint64)px_get_u64 (body) + p->time_base_us[i];

  if (!body->ok || !p->remote || !p->configured || state >= PX_WORKER_N_STATES ||
      at > now + CLOCK_SLACK_US || at < p->spawned_us - CLOCK_SLACK_US ||
      !_px_proc_cpu_time_plausible (pe, p, cpu_ns))
    return FALSE;
  /* Within what the offset's error allows, a beat from the future is
   * one from now. */
  at = MIN (at, now);

  __atomic_store_n (&live->heartbeat_us, now, __ATOMIC_RELEASE);
  __atomic_store_n (&live->rss_bytes, rss, __ATOMIC_RELAXED);
  __atomic_store_n (&live->started, p->started_base + started, __ATOMIC_RELAXED);
  __atomic_store_n (&live->task_start_us, task_start > 0 ? MIN (task_start - p->offset_us, now)
                                                         : 0,
                    __ATOMIC_RELEASE);
  px_live_store (live, state, phase_start > 0 ? MIN (phase_start - p->offset_us, now) : 0,
                 times);

  g_mutex_lock (&shared->lock);
  info->beat_at_us[0] = info->beat_at_us[1];
  info->beat_cpu_ns[0] = info->beat_cpu_ns[1];
  info->beat_at_us[1] = at;
  info->beat_cpu_ns[1] = MAX (cpu_ns, info->beat_cpu_ns[0]);
  g_mutex_unlock (&shared->lock);
  p->cpu_ns = MAX (p->cpu_ns, cpu_ns);
  return TRUE;
}

/* The CPU time a worker on another host had used a beat ago, between the
 * two beats around that moment: readings a beat late, but of the CPU
 * time it did use, never a guess ahead of it. */
guint64
_px_run_shared_remote_cpu (PxRunShared  *shared,
                           PxWorkerInfo *info,
                           gint64        now)
{
  gint64 t = now - PX_WORKER_HEARTBEAT_US;
  guint64 cpu;

  g_mutex_lock (&shared->lock);
  if (info->beat_at_us[1] == 0 || t >= info->beat_at_us[1])
    cpu = info->beat_cpu_ns[1];
  else if (info->beat_at_us[0] == 0 || t <= info->beat_at_us[0])
    cpu = info->beat_cpu_ns[0];
  else
    cpu = info->beat_cpu_ns[0] +
          (guint64)((double)(info->beat_cpu_ns[1] - info->beat_cpu_ns[0]) *
                    (double)(t - info->beat_at_us[0]) /
                    (double)(info->beat_at_us[1] - info->beat_at_us[0]));
  g_mutex_unlock (&shared->lock);
  return cpu;
}

/* The last line ssh (or the remote shell) wrote to its standard error:
 * why it could not connect, or what ended the worker there. */
static char *
read_error_tail (Proc *p)
{
  char buf[ERR_TAIL + 1];
  gsize len = 0;
  char *end, *start;

  if (p->err_fd < 0)
    return NULL;
  for (;;)
    {
      gssize r = read (p->err_fd, buf + len, ERR_TAIL - len);

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      len += (gsize)r;
      /* Only the tail matters: keep the last half when full. */
      if (len == ERR_TAIL)
        {
          memmove (buf, buf + ERR_TAIL / 2, ERR_TAIL / 2);
          len = ERR_TAIL / 2;
        }
    }
  buf[len] = '\0';
  end = buf + len;
  while (end > buf && g_ascii_isspace (end[-1]))
    *--end = '\0';
  start = strrchr (buf, '\n');
  start = start != NULL ? start + 1 : buf;
  return start[0] != '\0' ? g_utf8_make_valid (start, -1) : NULL;
}

/* How a worker ended, with its host and, on another host, what ssh said. */
char *
_px_proc_remote_describe (ProcExec   *pe,
                          Proc       *p,
                          const char *how)
{
  g_autofree char *host = NULL;
  g_autofree char *said = NULL;

  if (!p->remote)
    return g_strdup (how);
  said = read_error_tail (p);
  if (pe->srun)
    {
      PxWorkerInfo *info = &pe->shared->workers[p->index];
      g_autofree char *node = NULL;

      g_mutex_lock (&pe->shared->lock);
      if (info->node[0] != '\0')
        node = g_strdup (info->node);
      g_mutex_unlock (&pe->shared->lock);
      if (node != NULL && said != NULL)
        /* Translators: "on NODE through srun", then how a worker ended, then what srun said */
        return g_strdup_printf (_("on %s through srun %s: %s"), node, how, said);
      if (node != NULL)
        /* Translators: "on NODE through srun", then how a worker ended */
        return g_strdup_printf (_("on %s through srun %s"), node, how);
      if (said != NULL)
        /* Translators: how a worker ended, then what srun said */
        return g_strdup_printf (_("through srun %s: %s"), how, said);
      /* Translators: how a worker ended */
      return g_strdup_printf (_("through srun %s"), how);
    }
  host = px_host_describe (&pe->hosts->hosts[p->host]);
  /* The remote shell found no worker at its path. */
  if (said != NULL && !pe->shared->spec.transfer && p->proc != NULL &&
      g_subprocess_get_if_exited (p->proc) && g_subprocess_get_exit_status (p->proc) == 127)
    {
      char *hinted = g_strdup_printf (_("%s (transfer=true copies parallax-worker there)"), said);

      g_free (said);
      said = hinted;
    }
  if (said != NULL)
    /* Translators: "on host HOST", then how a worker ended, then what ssh said */
    return g_strdup_printf (_("on %s %s: %s"), host, how, said);
  /* Translators: "on host HOST", then how a worker ended */
  return g_strdup_printf (_("on %s %s"), host, how);
}

/* Opens ssh's standard error for reading without blocking. */
void
_px_proc_remote_started (Proc *p)
{
  GInputStream *err = g_subprocess_get_stderr_pipe (p->proc);

  p->err_fd = err != NULL ? g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (err)) : -1;
  if (p->err_fd >= 0)
    fcntl (p->err_fd, F_SETFL, fcntl (p->err_fd, F_GETFL) | O_NONBLOCK);
}
