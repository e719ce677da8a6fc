/* px-process-executor.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs tasks on parallax-worker processes started with GSubprocess. One
 * thread (the run's) feeds every worker over its stdin and reads results
 * from its stdout through one epoll set: several chunks stay in flight per worker,
 * so a worker never waits on the parent. What is written to a worker is
 * px-process-writer.c, what is read from it px-process-reader.c; this
 * file starts, watches, reaps and replaces the workers.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "px-process-private.h"
#include "px-profile.h"
#include "px-protocol.h"
#include "px-run-private.h"

#define POLL_MS         100
/* A worker stops its own task at task-timeout; one that has not this much
 * later is ended from outside. */
#define TASK_TIMEOUT_GRACE_US (2 * G_USEC_PER_SEC)
/* How long reap() waits for a lock another worker may hold. */
#define RECOVER_WAIT_US (100 * 1000)
/* A gap this long between two looks at the workers means this process
 * was itself stopped (Ctrl-Z) or starved: what went unseen is not held
 * against the workers. */
#define WATCH_GAP_US    (2 * G_USEC_PER_SEC)
/* A worker slot that fails to start this many times in a row fails the run. */
#define MAX_FAILED_STARTS 3
/* How long a worker that closed its stdout may take to exit. */
#define EXIT_GRACE_US   (1 * G_USEC_PER_SEC)

static void
wake (ProcExec *pe)
{
  guint64 one = 1;

  if (write (pe->wake_fd, &one, sizeof one) < 0 && errno != EAGAIN)
    g_warning ("wake-up failed: %s", g_strerror (errno));
}

static void
queue_wakeup_cb (gpointer queue,
                 gpointer user_data)
{
  wake (user_data);
}

/* What a worker inherits: what it needs to run and to speak the user's
 * language, never LD_PRELOAD or the rest of the parent's environment. */
static char **
worker_environment (void)
{
  static const char * const kept[] = {
    "LANG", "LANGUAGE", "TZ", "TMPDIR", "LD_LIBRARY_PATH",
    "G_DEBUG", "G_MESSAGES_DEBUG", "MALLOC_CHECK_", "MALLOC_PERTURB_",
    "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS",
    "LLVM_PROFILE_FILE", "GCOV_PREFIX", "GCOV_PREFIX_STRIP", NULL,
  };
  g_auto(GStrv) parent = g_get_environ ();
  GStrvBuilder *builder = g_strv_builder_new ();
  char **env;

  for (guint i = 0; parent[i] != NULL; i++)
    {
      const char *eq = strchr (parent[i], '=');
      g_autofree char *name = eq ? g_strndup (parent[i], eq - parent[i]) : NULL;

      if (name == NULL)
        continue;
      if (g_strv_contains (kept, name) || g_str_has_prefix (name, "LC_"))
        g_strv_builder_add (builder, parent[i]);
    }

  env = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return env;
}

/* What an epoll event is about: the wake-up, or a worker's pipe. */
#define WAKE_EVENT G_MAXUINT64
#define PROC_EVENT(p, out) (((guint64)(p)->index << 1) | ((out) ? 1 : 0))

/* Watches @p's pipe from the worker (@out FALSE) or to it, or stops
 * (@watch FALSE). One epoll set for all workers: a wake-up costs what
 * is ready, not a look at every worker's pipes (64 workers' pipes made
 * poll() most of the parent's time while they slept). */
static void
watch_pipe (ProcExec *pe,
            Proc     *p,
            gboolean  out,
            gboolean  watch)
{
  struct epoll_event ev = { out ? EPOLLOUT : EPOLLIN, { .u64 = PROC_EVENT (p, out) } };
  gboolean *state = out ? &p->out_watched : &p->watched;

  if (*state == watch || pe->epoll_fd < 0)
    return;
  if (epoll_ctl (pe->epoll_fd, watch ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, out ? p->to_fd : p->from_fd,
                 &ev) < 0)
    g_warning ("epoll_ctl on a worker's pipe failed: %s", g_strerror (errno));
  *state = watch;
}

static gboolean
spawn_proc (ProcExec  *pe,
            Proc      *p,
            GError   **error)
{
  PxRunShared *shared = pe->shared;
  PxWorkerInfo *info = &shared->workers[p->index];
  PxWorkerLive *live = px_sync_get_live (shared->sync, p->index);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(GStrv) argv = NULL;
  const char *identifier;
  clockid_t clock;

  p->remote = pe->srun || p->host >= 0;
  if (p->remote)
    {
      /* ssh, with the user's whole environment (its agent, its
       * configuration); its standard error says why a host failed. */
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                            G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                            G_SUBPROCESS_FLAGS_STDERR_PIPE);
      argv = _px_proc_remote_argv (pe, p);
    }
  else
    {
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                            G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_subprocess_launcher_set_environ (launcher, pe->environ);
      g_subprocess_launcher_take_fd (launcher, dup (px_sync_get_fd (shared->sync)),
                                     PX_PROC_SYNC_FD);
      argv = g_new0 (char *, 2);
      argv[0] = g_strdup (shared->worker_path);
    }

  p->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv, error);
  if (p->proc == NULL)
    {
      g_prefix_error (error, _("Could not start the worker process %s: "), argv[0]);
      return FALSE;
    }

  identifier = g_subprocess_get_identifier (p->proc);
  p->pid = identifier ? atoi (identifier) : 0;
  p->to_fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (p->proc)));
  p->from_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (p->proc)));
  fcntl (p->to_fd, F_SETFL, fcntl (p->to_fd, F_GETFL) | O_NONBLOCK);
  fcntl (p->from_fd, F_SETFL, fcntl (p->from_fd, F_GETFL) | O_NONBLOCK);

  p->out = g_byte_array_new ();
  p->in = g_byte_array_new ();
  p->inflight = g_array_new (FALSE, FALSE, sizeof (Inflight));
  p->out_pos = p->in_pos = 0;
  p->inflight_head = 0;
  p->assigned = 0;
  p->alive = TRUE;
  p->hello = p->finish_sent = p->bye = p->write_failed = FALSE;
  p->watched = p->out_watched = FALSE;
  watch_pipe (pe, p, FALSE, TRUE);
  p->cpu_ns = 0;
  p->spawned_us = p->last_input_us = g_get_monotonic_time ();
  p->answered = 0;
  p->started_base = __atomic_load_n (&live->started, __ATOMIC_RELAXED);
  p->configured = !p->remote;
  p->unneeded = FALSE;
  p->offset_us = p->offset_error_us = 0;
  g_clear_pointer (&p->fault, g_free);

  __atomic_store_n (&info->host, p->remote ? p->host : -1, __ATOMIC_RELAXED);
  __atomic_store_n (&info->elsewhere, p->remote, __ATOMIC_RELAXED);
  __atomic_store_n (&info->cpu_ns_last, 0, __ATOMIC_RELAXED);
  info->cpu_ns_origin = 0;
  if (p->remote)
    {
      PxLiveReading reading;
      gint64 now = g_get_monotonic_time ();

      /* Its pid is its host's, told in its hello; its CPU comes with its
       * beats, and its slot is written here from them, onto the times
       * of the workers it had before. */
      __atomic_store_n (&info->pid, 0, __ATOMIC_RELAXED);
      __atomic_store_n (&info->tid, 0, __ATOMIC_RELAXED);
      px_live_read (live, now, &reading);
      memcpy (p->time_base_us, reading.time_us, sizeof p->time_base_us);
      px_live_store (live, PX_WORKER_IDLE, now, p->time_base_us);
      g_mutex_lock (&shared->lock);
      info->node[0] = '\0';
      memset (info->beat_at_us, 0, sizeof info->beat_at_us);
      memset (info->beat_cpu_ns, 0, sizeof info->beat_cpu_ns);
      g_mutex_unlock (&shared->lock);
      __atomic_store_n (&info->tick_fallback, FALSE, __ATOMIC_RELAXED);
      __atomic_store_n (&info->remote, TRUE, __ATOMIC_RELEASE);
      _px_proc_remote_started (p);
      /* Configured once asked the time (px-process-remote.c). */
      return TRUE;
    }

  __atomic_store_n (&info->pid, p->pid, __ATOMIC_RELAXED);
  __atomic_store_n (&info->tid, p->pid, __ATOMIC_RELAXED);
  if (p->pid > 0 && clock_getcpuclockid (p->pid, &clock) == 0)
    {
      info->cpu_clock = clock;
      __atomic_store_n (&info->tick_fallback, FALSE, __ATOMIC_RELAXED);
      __atomic_store_n (&info->has_clock, TRUE, __ATOMIC_RELEASE);
    }
  else
    {
      /* No CPU clock for this process: read the kernel's ticks instead. */
      __atomic_store_n (&info->tick_fallback, TRUE, __ATOMIC_RELAXED);
    }

  _px_proc_send_config (pe, p);
  return TRUE;
}

/* Reads what the worker sent; returns FALSE at end of file. */
static gboolean
read_in (ProcExec *pe,
         Proc     *p)
{
  guint8 chunk[65536];

  for (;;)
    {
      gssize r = read (p->from_fd, chunk, sizeof chunk);

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0 && errno == EAGAIN)
        break;
      if (r <= 0)
        return FALSE;
      _px_proc_consume_input (pe, p, chunk, r);
      /* Less than asked: the pipe is empty now; epoll says when it is
       * not, without a read that would only fail. */
      if ((gsize)r < sizeof chunk)
        break;
    }

  return TRUE;
}

/* A worker that shows no sign of life, or that has not stopped a task
 * past its task-timeout, is ended; reap() then accounts for its tasks and
 * starts a replacement. Signs of life: its heartbeat (a timer signal in
 * the worker stamps shared memory every 100 ms, so a stopped process goes
 * quiet), and any byte it sends. */
static void
watch_proc (ProcExec *pe,
            Proc     *p,
            gint64    now)
{
  const PxSpec *spec = &pe->shared->spec;
  PxWorkerLive *live = px_sync_get_live (pe->shared->sync, p->index);
  gint64 quiet_us = (gint64)(spec->worker_timeout * G_USEC_PER_SEC);
  g_autofree char *fault = NULL;

  if (p->fault != NULL)
    return;

  if (quiet_us > 0)
    {
      gint64 beat = __atomic_load_n (&live->heartbeat_us, __ATOMIC_ACQUIRE);
      gint64 last = MAX (MAX (p->spawned_us, beat), MAX (p->last_input_us, pe->resumed_us));
      char seconds[G_ASCII_DTOSTR_BUF_SIZE];

      if (now - last > quiet_us)
        fault = p->hello
                ? g_strdup_printf (_("showed no sign of life for worker-timeout=%s s "
                                     "(stopped or hung) and was ended"),
                                   px_format_seconds (seconds, sizeof seconds,
                                                      spec->worker_timeout))
                : g_strdup_printf (_("did not start within worker-timeout=%s s and was ended"),
                                   px_format_seconds (seconds, sizeof seconds,
                                                      spec->worker_timeout));
      else if (p->in->len > 0 && now - MAX (p->last_input_us, pe->resumed_us) > quiet_us)
        fault = g_strdup_printf (_("stopped in the middle of a message for "
                                   "worker-timeout=%s s and was ended"),
                                 px_format_seconds (seconds, sizeof seconds,
                                                    spec->worker_timeout));
    }

  if (fault == NULL && spec->task_timeout > 0)
    {
      gint64 start = __atomic_load_n (&live->task_start_us, __ATOMIC_ACQUIRE);
      gint64 limit = (gint64)(spec->task_timeout * G_USEC_PER_SEC) + TASK_TIMEOUT_GRACE_US;
      char seconds[G_ASCII_DTOSTR_BUF_SIZE];

      if (start > 0 && now - MAX (start, pe->resumed_us) > limit)
        fault = g_strdup_printf (_("did not stop its task at task-timeout=%s s and was ended"),
                                 px_format_seconds (seconds, sizeof seconds, spec->task_timeout));
    }

  if (fault != NULL)
    _px_proc_mark_fault (p, fault);
}

static char *
describe_exit (GSubprocess *proc)
{
  if (g_subprocess_get_if_signaled (proc))
    {
      int sig = g_subprocess_get_term_sig (proc);
      return g_strdup_printf (_("was killed by signal %d (%s)"), sig, g_strsignal (sig));
    }
  if (g_subprocess_get_if_exited (proc))
    return g_strdup_printf (_("exited with status %d"), g_subprocess_get_exit_status (proc));
  return g_strdup (_("ended"));
}

/* A worker that closed its output normally exits at once; one that keeps
 * running is stopped after a grace period, so nothing waits on it. */
static void
wait_for_exit (Proc     *p,
               gboolean  cancelled)
{
  gint64 deadline = g_get_monotonic_time () + EXIT_GRACE_US;

  while (!cancelled && g_subprocess_get_identifier (p->proc) != NULL &&
         g_get_monotonic_time () < deadline)
    g_usleep (1000);

  if (g_subprocess_get_identifier (p->proc) != NULL)
    {
      if (!cancelled && p->fault == NULL)
        p->fault = g_strdup (_("closed its output without exiting and was stopped"));
      g_subprocess_force_exit (p->proc);
    }
  g_subprocess_wait (p->proc, NULL, NULL);
}

/* Whether a worker other than @p runs, or is to start again. */
static gboolean
others_working (ProcExec *pe,
                Proc     *p)
{
  for (guint i = 0; i < pe->n_procs; i++)
    if (&pe->procs[i] != p && !pe->procs[i].given_up &&
        (pe->procs[i].alive || pe->procs[i].restart_pending || pe->procs[i].failed_starts == 0))
      return TRUE;
  return FALSE;
}

/* Starts the replacement of a worker that ended, once what it held in
 * shared memory is given back. */
static void
restart_proc (ProcExec *pe,
              Proc     *p)
{
  PxRunShared *shared = pe->shared;
  PxWorkerInfo *info = &shared->workers[p->index];

  if (_px_run_shared_cancelled (shared))
    {
      p->restart_pending = FALSE;
      return;
    }
  if (p->recover_pending)
    {
      if (!px_sync_recover_worker (shared->sync, p->index, RECOVER_WAIT_US))
        return;
      p->recover_pending = FALSE;
    }
  p->restart_pending = FALSE;

  if (p->failed_starts >= MAX_FAILED_STARTS && p->remote && !pe->srun &&
      others_working (pe, p))
    {
      /* A host that cannot start workers is given up; the run goes on
       * with the others, and its tasks are theirs. */
      _px_run_shared_event (shared,
                            _("worker %u ended %u times in a row before beginning a task (it "
                              "%s); the run goes on without it"),
                            p->index, p->failed_starts, p->how);
      p->given_up = TRUE;
      return;
    }
  if (p->failed_starts >= MAX_FAILED_STARTS)
    {
      if (pe->error == NULL)
        g_set_error (&pe->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("worker %u ended %u times in a row before beginning a task (it %s); "
                       "giving up"),
                     p->index, p->failed_starts, p->how);
      _px_run_shared_fail (shared);
      return;
    }
  if (!p->restart_clean)
    __atomic_add_fetch (&info->restarts, 1, __ATOMIC_RELAXED);
  if (!spawn_proc (pe, p, pe->error ? NULL : &pe->error))
    _px_run_shared_fail (shared);
}

/* The worker's stdout closed: reap it, account for what it held, and
 * start a replacement while work remains. */
static void
reap (ProcExec *pe,
      Proc     *p)
{
  PxRunShared *shared = pe->shared;
  PxWorkerInfo *info = &shared->workers[p->index];
  gboolean cancelled = _px_run_shared_cancelled (shared);
  PxWorkerLive *live = px_sync_get_live (shared->sync, p->index);
  gboolean clean;
  g_autofree char *how = NULL;
  guint lost, failing, ended = 0;
  guint64 begun;
  gint64 task_start;

  __atomic_store_n (&info->has_clock, FALSE, __ATOMIC_RELEASE);
  __atomic_store_n (&info->tick_fallback, FALSE, __ATOMIC_RELAXED);
  __atomic_store_n (&info->remote, FALSE, __ATOMIC_RELEASE);
  watch_pipe (pe, p, FALSE, FALSE);
  watch_pipe (pe, p, TRUE, FALSE);
  wait_for_exit (p, cancelled || p->unneeded);
  p->alive = FALSE;

  clean = p->unneeded ||
          (p->bye && p->fault == NULL && g_subprocess_get_if_exited (p->proc) &&
           g_subprocess_get_exit_status (p->proc) == 0);
  {
    g_autofree char *ending = p->fault ? g_strdup (p->fault) : describe_exit (p->proc);

    how = _px_proc_remote_describe (pe, p, ending);
  }
  lost = _px_proc_inflight_count (p);

  /* The tasks it had begun (the one under way, and any it finished but
   * had not reported) fail with the worker; those it had not begun go
   * back to the queue untried. What it counted in shared memory is only a
   * hint, and is clamped. */
  begun = __atomic_load_n (&live->started, __ATOMIC_RELAXED) - p->started_base;
  begun = begun > p->answered ? begun - p->answered : 0;
  /* On another host, the count comes with its beats, a beat late: a
   * worker that held tasks when it ended is taken to have begun one,
   * so that a task that ends its worker each time fails, and is not
   * handed out again and again untried. */
  if (p->remote && p->configured && lost > 0)
    begun = MAX (begun, 1);
  failing = cancelled ? lost : (guint)MIN (begun, lost);
  task_start = __atomic_load_n (&live->task_start_us, __ATOMIC_ACQUIRE);

  /* A worker that ends badly before beginning a single task, again and
   * again (it cannot start, hangs at once), ends the run rather than being
   * replaced for ever. One that began a task failed that task: retries
   * bound how often that happens. */
  if (p->answered > 0 || begun > 0)
    p->failed_starts = 0;
  else if (!clean)
    p->failed_starts++;

  __atomic_add_fetch (&info->cpu_ns_base, p->cpu_ns, __ATOMIC_RELAXED);
  __atomic_store_n (&info->cpu_ns_last, 0, __ATOMIC_RELAXED);

  /* Give back the semaphore slot or barrier place it may have held; if
   * another worker holds their lock (stopped inside it), later, and before
   * a replacement takes the slot. */
  p->recover_pending = !px_sync_recover_worker (shared->sync, p->index, RECOVER_WAIT_US);

  if (!clean && !cancelled)
    {
      g_autofree char *event = NULL;

      g_atomic_int_inc (&shared->workers_lost);
      if (failing > 0)
        event = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "worker %u (pid %d) %s while running %u task",
                                              "worker %u (pid %d) %s while running %u tasks",
                                              failing),
                                 p->index, p->pid, how, failing);
      else
        event = g_strdup_printf (_("worker %u (pid %d) %s"), p->index, p->pid, how);
      if (lost > failing)
        {
          /* Translators: follows "worker 1 (pid 123) was killed by signal 9
           * while running 1 task" */
          g_autofree char *back = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "; %u task it had not begun "
                                                                "went back to the queue",
                                                                "; %u tasks it had not begun "
                                                                "went back to the queue",
                                                                lost - failing),
                                                   lost - failing);
          char *both = g_strconcat (event, back, NULL);

          g_free (event);
          event = both;
        }
      _px_run_shared_event (shared, "%s", event);
    }

  for (guint i = 0; i < lost; i++)
    {
      Inflight *f = &g_array_index (p->inflight, Inflight, p->inflight_head + i);
      g_autofree char *reason = NULL;
      gint64 now = g_get_monotonic_time ();
      gint64 start = i == 0 && task_start > 0 && task_start <= now ? task_start : now;

      if (i >= failing)
        {
          /* Not begun: claimed again later as if never handed out. */
          _px_run_shared_unclaim (shared, p->index, f->id);
          continue;
        }
      reason = g_strdup_printf (_("worker %u (pid %d) %s"), p->index, p->pid, how);
      ended += _px_run_shared_complete (shared, p->index, f->id, f->attempt,
                                        cancelled ? PX_TASK_CANCELLED : PX_TASK_FAILED,
                                        start, now, NULL, cancelled ? NULL : reason);
    }
  px_queue_finished (shared->queue, ended);

  _px_proc_free_buffers (p);

  if (cancelled || px_queue_get_finished (shared->queue) >= shared->spec.tasks)
    return;

  if (!clean || shared->spec.spawn == PX_SPAWN_PER_TASK)
    {
      p->restart_pending = TRUE;
      p->restart_clean = clean;
      g_free (p->how);
      p->how = g_steal_pointer (&how);
      restart_proc (pe, p);
    }
}

/* How long the loop may sleep with nothing to read or write. Timeouts
 * are looked for at a tenth of worker-timeout, at most every second and
 * at least every POLL_MS; every POLL_MS with a task-timeout or a
 * replacement to start. Watching many workers in long tasks, the loop
 * then wakes about once a second, not ten times. */
static int
loop_timeout_ms (ProcExec *pe)
{
  const PxSpec *spec = &pe->shared->spec;
  double ms = 1000;

  if (spec->task_timeout > 0)
    return POLL_MS;
  for (guint i = 0; i < pe->n_procs; i++)
    if (pe->procs[i].restart_pending)
      return POLL_MS;
  if (spec->worker_timeout > 0)
    ms = MIN (ms, spec->worker_timeout * 100);
  return (int)CLAMP (ms, POLL_MS, 1000);
}

static gboolean
process_executor_run (PxRunShared  *shared,
                      GError      **error)
{
  ProcExec pe = { 0 };
  g_autoptr(PxProfile) profile = px_profile_new_from_spec (&shared->spec);
  g_autofree struct epoll_event *events = NULL;
  gint64 last_check_us = 0;
  gboolean ok = TRUE;

  /* A write to a worker that died must fail with EPIPE, not kill us. */
  signal (SIGPIPE, SIG_IGN);

  pe.shared = shared;
  pe.n_cpus = g_get_num_processors ();
  pe.n_procs = shared->spec.workers;
  pe.procs = g_new0 (Proc, pe.n_procs);
  pe.profile_text = px_profile_to_data (profile, NULL);
  pe.environ = worker_environment ();
  if (!_px_proc_remote_prepare (&pe, error))
    {
      g_prefix_error (error, "hosts: ");
      ok = FALSE;
      pe.n_procs = 0;
      g_atomic_int_set (&shared->cancel_requested, 1);
    }
  pe.wake_fd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
  pe.epoll_fd = epoll_create1 (EPOLL_CLOEXEC);
  if (pe.epoll_fd < 0)
    g_error ("could not create an epoll set: %s", g_strerror (errno));
  {
    struct epoll_event ev = { EPOLLIN, { .u64 = WAKE_EVENT } };

    if (epoll_ctl (pe.epoll_fd, EPOLL_CTL_ADD, pe.wake_fd, &ev) < 0)
      g_error ("could not watch the wake-up: %s", g_strerror (errno));
  }
  events = g_new (struct epoll_event, 2 * pe.n_procs + 1);

  g_mutex_lock (&shared->lock);
  shared->executor_data = &pe;
  g_mutex_unlock (&shared->lock);
  px_queue_set_wakeup (shared->queue, queue_wakeup_cb, &pe);

  if (shared->spec.chunk_size != PX_CHUNK_SIZE_AUTO &&
      _px_proc_payload_task_limit (&shared->spec) < shared->spec.chunk_size)
    _px_run_shared_event (shared,
                          _("chunks hold at most %u tasks: %u tasks of %u payload bytes would "
                            "send more than %u MiB to a worker at once"),
                          _px_proc_payload_task_limit (&shared->spec), shared->spec.chunk_size,
                          shared->spec.payload_bytes, PX_MAX_INFLIGHT_BYTES >> 20);

  for (guint i = 0; i < pe.n_procs; i++)
    {
      pe.procs[i].index = i;
      if (!spawn_proc (&pe, &pe.procs[i], error))
        {
          ok = FALSE;
          g_atomic_int_set (&shared->cancel_requested, 1);
          px_sync_cancel (shared->sync);
          break;
        }
    }

  for (;;)
    {
      gboolean cancelled = _px_run_shared_cancelled (shared);
      guint alive = 0;
      guint target;
      int n_events;

      if (cancelled && !pe.killed_all)
        {
          for (guint i = 0; i < pe.n_procs; i++)
            if (pe.procs[i].alive)
              g_subprocess_force_exit (pe.procs[i].proc);
          pe.killed_all = TRUE;
        }

      /* Every worker with nothing to do gets a chunk before any worker
       * gets a second one. */
      target = _px_proc_depth_target (&pe);
      if (!cancelled)
        for (guint i = 0; i < pe.n_procs; i++)
          if (pe.procs[i].alive && _px_proc_inflight_count (&pe.procs[i]) == 0)
            _px_proc_feed (&pe, &pe.procs[i], MIN (target, _px_run_shared_chunk (shared)));

      for (guint i = 0; i < pe.n_procs; i++)
        {
          Proc *p = &pe.procs[i];

          /* A replacement that waits for its slot to be given back. */
          if (!p->alive && p->restart_pending)
            {
              restart_proc (&pe, p);
              if (!p->alive)
                {
                  alive += p->restart_pending;
                  continue;
                }
            }
          if (!p->alive)
            continue;
          alive++;
          /* Still connecting to its host when there is nothing left to
           * run: stopped, not waited for. */
          if (!cancelled && !p->configured && !p->unneeded &&
              px_queue_get_finished (shared->queue) >= shared->spec.tasks)
            {
              p->unneeded = TRUE;
              g_subprocess_force_exit (p->proc);
            }
          if (!cancelled)
            _px_proc_feed (&pe, p, target);
          _px_proc_flush_out (p);
          watch_pipe (&pe, p, TRUE, p->out_pos < p->out->len);
        }

      if (alive == 0)
        break;

      n_events = epoll_wait (pe.epoll_fd, events, 2 * pe.n_procs + 1, loop_timeout_ms (&pe));
      if (n_events < 0 && errno != EINTR)
        break;

      for (int i = 0; i < n_events; i++)
        {
          guint64 what = events[i].data.u64;
          Proc *p;

          if (what == WAKE_EVENT)
            {
              guint64 count;

              if (read (pe.wake_fd, &count, sizeof count) < 0 && errno != EAGAIN)
                g_warning ("wake-up read failed: %s", g_strerror (errno));
              continue;
            }
          /* A worker reaped (and perhaps replaced) by an earlier event of
           * this round: its new pipes are read when they are ready. */
          p = &pe.procs[what >> 1];
          if (!p->alive)
            continue;
          if ((what & 1) == 0)
            {
              if (!read_in (&pe, p))
                reap (&pe, p);
            }
          else
            {
              _px_proc_flush_out (p);
            }
        }

      /* Looked at after reading what arrived, so that a worker is judged
       * on all it sent. */
      if (!cancelled)
        {
          gint64 now = g_get_monotonic_time ();

          if (pe.last_watch_us > 0 && now - pe.last_watch_us > WATCH_GAP_US)
            pe.resumed_us = now;
          pe.last_watch_us = now;
          /* Timeouts are looked for every POLL_MS at most, not at every
           * wake-up: many workers wake the loop often. */
          if (now - last_check_us >= POLL_MS * 1000)
            {
              last_check_us = now;
              for (guint i = 0; i < pe.n_procs; i++)
                if (pe.procs[i].alive)
                  watch_proc (&pe, &pe.procs[i], now);
            }
        }
    }

  px_queue_set_wakeup (shared->queue, NULL, NULL);
  g_mutex_lock (&shared->lock);
  shared->executor_data = NULL;
  g_mutex_unlock (&shared->lock);

  for (guint i = 0; i < pe.n_procs; i++)
    {
      _px_proc_free_buffers (&pe.procs[i]);
      g_free (pe.procs[i].fault);
      g_free (pe.procs[i].how);
    }
  g_free (pe.procs);
  _px_proc_remote_clear (&pe);
  g_free (pe.profile_text);
  g_strfreev (pe.environ);
  close (pe.wake_fd);
  close (pe.epoll_fd);

  if (ok && pe.error != NULL)
    {
      g_propagate_error (error, pe.error);
      return FALSE;
    }
  g_clear_error (&pe.error);

  return ok;
}

static void
process_executor_cancel (PxRunShared *shared)
{
  g_mutex_lock (&shared->lock);
  if (shared->executor_data != NULL)
    wake (shared->executor_data);
  g_mutex_unlock (&shared->lock);
}

const PxExecutor px_process_executor = {
  process_executor_run,
  process_executor_cancel,
};
