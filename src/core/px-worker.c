/* px-worker.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The worker side of the process executor: reads task chunks from the
 * parent, runs them with the same kernels thread workers use, and sends
 * results back in batches.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "px-kernels.h"
#include "px-profile.h"
#include "px-protocol.h"
#include "px-worker.h"
#include "px-worker-private.h"

#define FLUSH_BYTES (64 * 1024)
#define FLUSH_US    2000
/* How often a busy worker looks for more input without blocking. */
#define POLL_US     500

typedef struct
{
  guint32 id;
  guint32 attempt;
  gsize   payload_offset;
  gsize   payload_len;
} PendingTask;

typedef struct
{
  int            in_fd;
  int            out_fd;
  GByteArray    *in;
  gsize          in_pos;
  GByteArray    *out;
  GArray        *tasks;
  guint          task_pos;
  GByteArray    *payloads;
  GByteArray    *result_batch;
  guint          batch_count;
  /* The batch holds short records (RESULTS_SHORT): a task that needs a
   * full one ends it, and the other way round, so that results keep the
   * order the tasks came in. */
  gboolean       batch_short;
  gint64         last_flush;
  gint64         last_poll;
  gboolean       finish;
  gboolean       eof;
  gboolean       have_reply;
  gint64         reply;
  PxProfile     *profile;
  PxKernelContext ctx;
  PxWorkerFault  fault;
  guint          fault_after;
  guint          tasks_seen;
  gboolean       heartbeat;
  /* On another host (parallax-worker --stdio): no memory shared with
   * the parent; the live slot is this process's own, sent as it beats. */
  gboolean       remote;
  PxWorkerLive  *own_live;
} Worker;

static guint64
process_cpu_ns (void)
{
  guint64 ns = 0;

  px_clock_read_ns (CLOCK_PROCESS_CPUTIME_ID, &ns);
  return ns;
}

static void
die (const char *message)
{
  g_printerr ("parallax-worker: %s\n", message);
  _exit (3);
}

/* Frames the batch of results, to be written with what else is out. */
static void
end_batch (Worker *w)
{
  gsize start;

  if (w->batch_count == 0)
    return;
  start = px_frame_begin (w->out, w->batch_short ? PX_MSG_RESULTS_SHORT : PX_MSG_RESULTS);
  px_put_u64 (w->out, process_cpu_ns ());
  px_put_u32 (w->out, w->batch_count);
  px_put_bytes (w->out, w->result_batch->data, w->result_batch->len);
  px_frame_end (w->out, start);
  g_byte_array_set_size (w->result_batch, 0);
  w->batch_count = 0;
}

/* The name this host gives itself, for the parent to say where a worker
 * ran when its launcher chose the host (srun). */
static void
put_node_name (GByteArray *out)
{
  char name[PX_NODE_MAX] = "";
  gsize n;

  if (gethostname (name, sizeof name - 1) != 0)
    name[0] = '\0';
  name[sizeof name - 1] = '\0';
  n = strlen (name);
  px_put_u32 (out, (guint32)n);
  px_put_bytes (out, name, n);
}

static void
flush_results (Worker *w)
{
  if (w->batch_count > 0 || w->out->len > 0)
    px_live_enter (w->ctx.live, PX_WORKER_IPC);

  end_batch (w);

  if (w->out->len > 0)
    {
      gboolean written;

      _px_worker_beat_hold (TRUE);
      written = px_write_all (w->out_fd, w->out->data, w->out->len);
      _px_worker_beat_hold (FALSE);
      if (!written)
        _exit (0); /* the parent is gone */
      g_byte_array_set_size (w->out, 0);
    }

  w->last_flush = g_get_monotonic_time ();
}

/* Handles one complete frame; returns FALSE on a protocol error. */
static gboolean
handle_frame (Worker           *w,
              PxMsgType         type,
              PxReader         *body)
{
  switch (type)
    {
    case PX_MSG_TASKS:
      {
        guint32 n = px_get_u32 (body);

        for (guint i = 0; i < n && body->ok; i++)
          {
            PendingTask t;
            const guint8 *payload;

            t.id = px_get_u32 (body);
            t.attempt = px_get_u32 (body);
            t.payload_len = px_get_u32 (body);
            payload = px_get_bytes (body, t.payload_len);
            if (!body->ok)
              break;
            t.payload_offset = w->payloads->len;
            px_put_bytes (w->payloads, payload, t.payload_len);
            g_array_append_val (w->tasks, t);
          }
        return body->ok;
      }

    case PX_MSG_UPDATE_REPLY:
      w->reply = (gint64)px_get_u64 (body);
      w->have_reply = TRUE;
      return body->ok;

    case PX_MSG_FINISH:
      w->finish = TRUE;
      return TRUE;

    case PX_MSG_CONFIG:
    case PX_MSG_HELLO:
    case PX_MSG_RESULTS:
    case PX_MSG_UPDATE:
    case PX_MSG_BYE:
    default:
      return FALSE;
    }
}

/* Handles the whole frames at the front of the input; FALSE if a frame
 * is malformed. */
static gboolean
consume_frames (Worker *w)
{
  for (;;)
    {
      PxMsgType type;
      PxReader body;
      gssize used = px_frame_parse (w->in->data + w->in_pos, w->in->len - w->in_pos, &type, &body);

      if (used == 0)
        return TRUE;
      if (used < 0 || !handle_frame (w, type, &body) || body.p != body.end)
        return FALSE;
      w->in_pos += used;
    }
}

/* Reads what is available (blocking if @block) and handles whole frames. */
static void
read_input (Worker   *w,
            gboolean  block)
{
  guint8 chunk[65536];
  gssize r;

  if (!block)
    {
      struct pollfd pfd = { w->in_fd, POLLIN, 0 };

      if (poll (&pfd, 1, 0) <= 0)
        return;
    }

  r = read (w->in_fd, chunk, sizeof chunk);
  if (r < 0 && errno == EINTR)
    return;
  if (r <= 0)
    {
      w->eof = TRUE;
      return;
    }
  px_live_enter (w->ctx.live, PX_WORKER_IPC);

  if (w->in_pos > 0 && w->in_pos == w->in->len)
    {
      g_byte_array_set_size (w->in, 0);
      w->in_pos = 0;
    }
  g_byte_array_append (w->in, chunk, r);

  if (!consume_frames (w))
    die ("malformed frame from the parent");

  if (w->in_pos > (1u << 20))
    {
      g_byte_array_remove_range (w->in, 0, w->in_pos);
      w->in_pos = 0;
    }
}

/* Manager-style update: the parent owns the state; ask and wait. */
static gint64
update_via_parent (gpointer  data,
                   gint64    delta,
                   gint64   *wait_us)
{
  Worker *w = data;
  gint64 start = g_get_monotonic_time ();
  gsize frame = px_frame_begin (w->out, PX_MSG_UPDATE);

  px_put_u64 (w->out, (guint64)delta);
  px_frame_end (w->out, frame);
  flush_results (w);

  w->have_reply = FALSE;
  while (!w->have_reply && !w->eof)
    read_input (w, TRUE);
  if (w->eof)
    _exit (0);

  if (wait_us)
    *wait_us += g_get_monotonic_time () - start;
  return w->reply;
}

/* Runs a task and adds its result to the batch. @clock is the time it
 * begins, if the caller read it as the task before ended with nothing
 * between (0: read it here); on return, when this one ended. Tasks run
 * back to back in a chunk thus cost one clock read each, not three. */
static void
run_task (Worker            *w,
          const PendingTask *task,
          gint64            *clock)
{
  /* Copied: a shared-update round trip may grow the arrays it points into. */
  PendingTask copy = *task;
  const PendingTask *t = &copy;
  PxTaskOutcome out;
  PxTaskStatus status;
  guint8 *payload;
  gint64 start = *clock > 0 ? *clock : g_get_monotonic_time ();
  gint64 end;
  guint32 reason_len;

  w->tasks_seen++;
  if (w->fault == PX_WORKER_FAULT_CRASH && w->tasks_seen > w->fault_after)
    {
      /* Killed inside the task, as a real crash would be. */
      flush_results (w);
      if (w->ctx.live != NULL)
        __atomic_add_fetch (&w->ctx.live->started, 1, __ATOMIC_RELAXED);
      kill (getpid (), SIGKILL);
    }
  if (w->fault == PX_WORKER_FAULT_CLOSE_OUTPUT && w->tasks_seen > w->fault_after)
    {
      flush_results (w);
      close (w->out_fd);
      g_usleep (60 * G_USEC_PER_SEC);
      _exit (0);
    }
  if (w->fault == PX_WORKER_FAULT_GARBAGE && w->tasks_seen > w->fault_after)
    {
      static const char garbage[] = "\xde\xad\xbe\xef this is not a frame \xff\xff\xff\xff";

      flush_results (w);
      px_write_all (w->out_fd, (const guint8 *)garbage, sizeof garbage);
      g_usleep (G_USEC_PER_SEC);
    }

  if (w->fault == PX_WORKER_FAULT_HANG_TASK && w->tasks_seen > w->fault_after)
    {
      /* Stuck inside a task, heart still beating: only the parent's
       * task-timeout can end it. */
      flush_results (w);
      if (w->ctx.live != NULL)
        {
          __atomic_add_fetch (&w->ctx.live->started, 1, __ATOMIC_RELAXED);
          __atomic_store_n (&w->ctx.live->task_start_us, g_get_monotonic_time (),
                            __ATOMIC_RELEASE);
        }
      for (;;)
        g_usleep (G_USEC_PER_SEC);
    }
  if (w->fault == PX_WORKER_FAULT_HALF_FRAME && w->tasks_seen > w->fault_after)
    {
      /* A header announcing a 64 MiB frame, then nothing. */
      guint8 header[PX_FRAME_HEADER] = { 0 };
      guint32 len = PX_FRAME_MAX;

      flush_results (w);
      memcpy (header, &len, sizeof len);
      header[4] = PX_MSG_RESULTS;
      px_write_all (w->out_fd, header, sizeof header);
      for (;;)
        g_usleep (G_USEC_PER_SEC);
    }

  status = px_kernel_run (&w->ctx, t->id, &out);
  /* No pointer arithmetic on an empty array's NULL data. */
  payload = t->payload_len > 0 ? w->payloads->data + t->payload_offset : NULL;
  if (t->payload_len > 0)
    {
      gint64 ipc_start = g_get_monotonic_time ();

      px_live_enter (w->ctx.live, PX_WORKER_IPC);
      px_payload_transform (payload, t->payload_len);
      end = g_get_monotonic_time ();
      out.ipc_us += end - ipc_start;
    }
  else
    end = g_get_monotonic_time ();

  if (w->fault == PX_WORKER_FAULT_WRONG_RESULT && w->tasks_seen > w->fault_after)
    out.result ^= 1;

  reason_len = status == PX_TASK_FAILED ? strlen (out.reason) : 0;
  if (status == PX_TASK_DONE && t->payload_len == 0 && out.lock_wait_us == 0 &&
      out.io_wait_us == 0 && out.gil_wait_us == 0 && out.ipc_us == 0 && out.connect_us == 0 &&
      out.signal_wait_us == 0 && out.net_bytes == 0)
    {
      /* Its times and result say all: the short record. */
      guint32 head[2] = { t->id, t->attempt };
      guint64 rest[3] = { start, end, out.result };
      guint8 record[sizeof head + sizeof rest];

      if (w->batch_count > 0 && !w->batch_short)
        end_batch (w);
      w->batch_short = TRUE;
      memcpy (record, head, sizeof head);
      memcpy (record + sizeof head, rest, sizeof rest);
      g_byte_array_append (w->result_batch, record, sizeof record);
      w->batch_count++;
      *clock = end;
      return;
    }
  if (w->batch_count > 0 && w->batch_short)
    end_batch (w);
  w->batch_short = FALSE;
  {
    /* The record's fixed part in one append: the layout of px-protocol.h,
     * little-endian words as px_put_u32 and px_put_u64 write them. */
    guint32 head[4] = { t->id, t->attempt, status, reason_len };
    guint64 times[10] = { start, end, out.lock_wait_us, out.io_wait_us, out.gil_wait_us,
                          out.ipc_us, out.connect_us, out.signal_wait_us, out.net_bytes,
                          out.result };
    guint8 record[sizeof head + sizeof times + sizeof (guint32)];

    memcpy (record, head, sizeof head);
    memcpy (record + sizeof head, times, sizeof times);
    memcpy (record + sizeof head + sizeof times, &t->payload_len, sizeof (guint32));
    g_byte_array_append (w->result_batch, record, sizeof record);
  }
  px_put_bytes (w->result_batch, out.reason, reason_len);
  px_put_bytes (w->result_batch, payload, t->payload_len);
  w->batch_count++;
  *clock = end;
}

/* Applies the configuration frame's text: the profile and the run's own
 * values ([X-Run]), each checked. With @attach, maps the shared memory
 * the configuration names. */
static gboolean
apply_config (Worker        *w,
              const guint8  *data,
              gsize          length,
              gboolean       attach,
              GError       **error)
{
  g_autoptr(GKeyFile) run = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  guint64 worker;
  double iters_per_ms;
  int sync_fd;

  w->profile = px_profile_new_from_data ((const char *)data, length, "configuration", error);
  if (w->profile == NULL)
    return FALSE;
  if (!g_key_file_load_from_data (run, (const char *)data, length, 0, error))
    return FALSE;

  iters_per_ms = g_key_file_get_double (run, "X-Run", "iters-per-ms", &local_error);
  if (local_error != NULL || !isfinite (iters_per_ms) || iters_per_ms <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the configuration's iters-per-ms is not a number above 0");
      return FALSE;
    }
  worker = g_key_file_get_uint64 (run, "X-Run", "worker", &local_error);
  if (local_error != NULL || worker >= PX_MAX_WORKERS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the configuration's worker index is not one from 0 to %d",
                   PX_MAX_WORKERS - 1);
      return FALSE;
    }
  sync_fd = g_key_file_get_integer (run, "X-Run", "sync-fd", &local_error);
  if (local_error != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the configuration's sync-fd is not a number");
      return FALSE;
    }

  w->ctx.spec = px_profile_get_spec (w->profile);
  w->ctx.iters_per_ms = iters_per_ms;
  w->ctx.worker = (guint)worker;
  w->ctx.tmpdir = g_key_file_get_string (run, "X-Run", "tmpdir", NULL);
  {
    gint port = g_key_file_get_integer (run, "X-Run", "net-port", NULL);

    /* Absent (0) when the run has no server; anything else is refused
     * by the kind's requests, which name the port they could not reach. */
    w->ctx.net_port = (guint16)CLAMP (port, 0, G_MAXUINT16);
  }
  if (attach && w->remote)
    {
      /* Nothing is shared with the parent: the live slot is this
       * process's own, and the beat sends it. */
      w->own_live = g_aligned_alloc0 (1, sizeof (PxWorkerLive), 64);
      w->ctx.live = w->own_live;
      px_live_start (w->ctx.live);
    }
  else if (attach && sync_fd > 2)
    {
      w->ctx.sync = px_sync_attach (sync_fd, error);
      if (w->ctx.sync == NULL)
        return FALSE;
      w->ctx.live = px_sync_get_live (w->ctx.sync, w->ctx.worker);
      px_live_start (w->ctx.live);
    }
  w->ctx.update = update_via_parent;
  w->ctx.update_data = w;

  return TRUE;
}

/* Drops the tasks already run, and their payloads, once they are half of
 * what is held: the parent may refill faster than the worker drains, and
 * what was run must not pile up for the whole run. Returns whether it did. */
static gboolean
compact_tasks (Worker *w)
{
  guint left = w->tasks->len - w->task_pos;
  gsize first;

  if (w->task_pos < 64 || w->task_pos * 2 < w->tasks->len)
    return FALSE;

  first = left > 0 ? g_array_index (w->tasks, PendingTask, w->task_pos).payload_offset
                   : w->payloads->len;
  g_array_remove_range (w->tasks, 0, w->task_pos);
  w->task_pos = 0;
  if (first > 0)
    g_byte_array_remove_range (w->payloads, 0, first);
  for (guint i = 0; i < left; i++)
    g_array_index (w->tasks, PendingTask, i).payload_offset -= first;
  return TRUE;
}

static gboolean
read_config (Worker  *w,
             GError **error)
{
  PxMsgType type;
  PxReader body;
  gssize used = 0;

  for (;;)
    {
      guint8 chunk[65536];
      gssize r;

      used = px_frame_parse (w->in->data + w->in_pos, w->in->len - w->in_pos, &type, &body);
      /* A worker on another host is asked the time first, to learn how
       * its clock stands to the parent's; it answers at once. */
      if (used > 0 && type == PX_MSG_PING && w->remote)
        {
          guint64 sent = px_get_u64 (&body);
          gsize frame;

          if (!body.ok || body.p != body.end)
            break;
          frame = px_frame_begin (w->out, PX_MSG_PONG);
          px_put_u64 (w->out, sent);
          px_put_u64 (w->out, (guint64)g_get_monotonic_time ());
          px_frame_end (w->out, frame);
          flush_results (w);
          w->in_pos += used;
          continue;
        }
      if (used != 0)
        break;
      r = read (w->in_fd, chunk, sizeof chunk);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "no configuration received");
          return FALSE;
        }
      g_byte_array_append (w->in, chunk, r);
    }
  if (used < 0 || type != PX_MSG_CONFIG)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "expected a configuration frame");
      return FALSE;
    }

  if (!apply_config (w, body.p, body.end - body.p, TRUE, error))
    return FALSE;

  /* Frames that followed the configuration in the same read. */
  w->in_pos += used;
  if (!consume_frames (w))
    die ("malformed frame from the parent");

  return TRUE;
}

static void
worker_clear (Worker *w)
{
  if (w->heartbeat)
    _px_worker_beat_stop ();
  w->heartbeat = FALSE;
  px_kernel_context_clear (&w->ctx);
  g_clear_pointer (&w->ctx.sync, px_sync_free);
  if (w->own_live != NULL)
    g_aligned_free (w->own_live);
  w->own_live = NULL;
  g_clear_pointer ((char **)&w->ctx.tmpdir, g_free);
  g_clear_object (&w->profile);
  g_clear_pointer (&w->in, g_byte_array_unref);
  g_clear_pointer (&w->out, g_byte_array_unref);
  g_clear_pointer (&w->payloads, g_byte_array_unref);
  g_clear_pointer (&w->result_batch, g_byte_array_unref);
  g_clear_pointer (&w->tasks, g_array_unref);
}

static void
worker_init (Worker *w)
{
  memset (w, 0, sizeof *w);
  w->in_fd = w->out_fd = -1;
  w->in = g_byte_array_new ();
  w->out = g_byte_array_new ();
  w->payloads = g_byte_array_new ();
  w->result_batch = g_byte_array_new ();
  w->tasks = g_array_new (FALSE, FALSE, sizeof (PendingTask));
}

/**
 * _px_worker_parse_input:
 *
 * What a worker process does with bytes from its parent, without running
 * a task or touching a file descriptor: the fuzz targets' entry. @data is
 * a configuration frame followed by any frames. Returns whether the
 * worker would accept it all.
 */
gboolean
_px_worker_parse_input (const guint8 *data,
                        gsize         size)
{
  Worker w;
  PxMsgType type;
  PxReader body;
  gssize used;
  gboolean ok = FALSE;

  worker_init (&w);
  g_byte_array_append (w.in, data, size);

  used = px_frame_parse (w.in->data, w.in->len, &type, &body);
  if (used > 0 && type == PX_MSG_CONFIG &&
      apply_config (&w, body.p, body.end - body.p, FALSE, NULL))
    {
      w.in_pos = used;
      ok = consume_frames (&w);
      /* Payloads of the tasks received lie where the worker would read
       * them. */
      for (guint i = 0; ok && i < w.tasks->len; i++)
        {
          const PendingTask *t = &g_array_index (w.tasks, PendingTask, i);

          ok = t->payload_offset + t->payload_len <= w.payloads->len;
        }
    }

  worker_clear (&w);
  return ok;
}

static int
worker_run (int           in_fd,
            int           out_fd,
            gboolean      remote,
            PxWorkerFault fault,
            guint         fault_after)
{
  g_autoptr(GError) error = NULL;
  Worker w;
  gboolean sync;
  gint64 now;
  gsize frame;

  worker_init (&w);
  w.in_fd = in_fd;
  w.out_fd = out_fd;
  w.remote = remote;
  w.fault = fault;
  w.fault_after = fault_after;

  /* The parent may go away; a write then fails with EPIPE instead. */
  signal (SIGPIPE, SIG_IGN);
  /* Ctrl-C in a terminal reaches the whole process group: the parent
   * handles it and stops its workers itself. */
  signal (SIGINT, SIG_IGN);

  while (w.fault == PX_WORKER_FAULT_NO_HELLO)
    g_usleep (G_USEC_PER_SEC);

  frame = px_frame_begin (w.out, PX_MSG_HELLO);
  px_put_u32 (w.out, PX_PROTOCOL_VERSION);
  px_put_u32 (w.out, (guint32)getpid ());
  put_node_name (w.out);
  px_frame_end (w.out, frame);
  flush_results (&w);

  while (w.fault == PX_WORKER_FAULT_HANG_AFTER_HELLO)
    g_usleep (G_USEC_PER_SEC);

  if (!read_config (&w, &error))
    {
      g_printerr ("parallax-worker: %s\n", error->message);
      worker_clear (&w);
      return 2;
    }

  if (w.ctx.live != NULL)
    w.heartbeat = _px_worker_beat_start (w.ctx.live, w.in_fd, w.remote ? w.out_fd : -1);

  px_kernel_context_prepare (&w.ctx);
  sync = w.ctx.sync != NULL;
  if (sync)
    px_sync_join (w.ctx.sync, w.ctx.spec->kind, w.ctx.worker);

  while (!w.eof)
    {
      /* When the next task begins, if nothing comes between. */
      gint64 clock = 0;

      while (w.task_pos < w.tasks->len)
        {
          PendingTask t = g_array_index (w.tasks, PendingTask, w.task_pos);

          w.task_pos++;
          run_task (&w, &t, &clock);
          now = clock;
          if (now - w.last_poll >= POLL_US)
            {
              read_input (&w, FALSE);
              w.last_poll = now;
              clock = 0;
            }
          if (w.result_batch->len >= FLUSH_BYTES || now - w.last_flush >= FLUSH_US)
            {
              flush_results (&w);
              clock = 0;
            }
          if (compact_tasks (&w))
            clock = 0;
        }

      g_array_set_size (w.tasks, 0);
      g_byte_array_set_size (w.payloads, 0);
      w.task_pos = 0;

      read_input (&w, FALSE);
      if (w.tasks->len > 0)
        continue;

      flush_results (&w);
      if (w.finish)
        break;

      /* Idle until the parent sends more: leave the barrier (and let
       * others waiting for this worker's signal go) meanwhile. */
      if (sync)
        px_sync_leave (w.ctx.sync, w.ctx.spec->kind, w.ctx.worker);
      px_live_enter (w.ctx.live, PX_WORKER_IDLE);
      read_input (&w, TRUE);
      if (sync && w.tasks->len > 0)
        px_sync_join (w.ctx.sync, w.ctx.spec->kind, w.ctx.worker);
    }

  if (sync)
    px_sync_leave (w.ctx.sync, w.ctx.spec->kind, w.ctx.worker);

  px_live_enter (w.ctx.live, PX_WORKER_IDLE);
  frame = px_frame_begin (w.out, PX_MSG_BYE);
  px_put_u64 (w.out, process_cpu_ns ());
  px_frame_end (w.out, frame);
  flush_results (&w);

  worker_clear (&w);
  return 0;
}

int
px_worker_main (int           in_fd,
                int           out_fd,
                PxWorkerFault fault,
                guint         fault_after)
{
  return worker_run (in_fd, out_fd, FALSE, fault, fault_after);
}

/* A worker on another host, started through ssh: it shares no memory
 * with its parent, and tells it over the protocol what the parent would
 * otherwise read from memory and /proc. */
int
px_worker_main_stdio (int in_fd,
                      int out_fd)
{
  return worker_run (in_fd, out_fd, TRUE, PX_WORKER_FAULT_NONE, 0);
}
