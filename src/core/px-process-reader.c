/* px-process-reader.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parent's reader of what a worker process sends: hello, results,
 * shared-state updates and goodbye. A worker's bytes are input: a
 * malformed frame, a result for a task it was not given, times off the
 * run's clock, waits longer than the task or more CPU than its cores
 * could spend stop the worker, never the parent.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-process-private.h"
#include "px-profile.h"
#include "px-protocol.h"

void
_px_proc_mark_fault (Proc       *p,
                     const char *fault)
{
  if (p->fault == NULL)
    p->fault = g_strdup (fault);
  if (p->proc != NULL)
    g_subprocess_force_exit (p->proc);
}

/* CPU time a worker reports: no more than its cores could have spent
 * since it started. */
gboolean
_px_proc_cpu_time_plausible (ProcExec *pe,
                             Proc     *p,
                             guint64   cpu_ns)
{
  gint64 alive_us = g_get_monotonic_time () - p->spawned_us + CLOCK_SLACK_US;

  return cpu_ns / 1000 / pe->n_cpus <= (guint64)MAX (alive_us, 0);
}

/* RESULTS, or with @short_form RESULTS_SHORT: tasks done with their
 * times and result only. */
static gboolean
handle_results (ProcExec *pe,
                Proc     *p,
                PxReader *body,
                gboolean  short_form)
{
  PxRunShared *shared = pe->shared;
  PxWorkerInfo *info = &shared->workers[p->index];
  guint64 cpu_ns = px_get_u64 (body);
  guint32 n = px_get_u32 (body);
  gint64 now = g_get_monotonic_time ();
  guint ended = 0;
  gboolean ok = TRUE;

  if (!_px_proc_cpu_time_plausible (pe, p, cpu_ns))
    return FALSE;

  for (guint i = 0; i < n && body->ok; i++)
    {
      PxTaskOutcome out;
      guint32 id = px_get_u32 (body);
      guint32 attempt = px_get_u32 (body);
      guint32 status = PX_TASK_DONE;
      guint32 reason_len = 0;
      gint64 start, end;
      guint32 payload_len = 0;
      const guint8 *reason = NULL;
      const guint8 *payload = NULL;
      Inflight *expected;
      g_autofree char *reason_text = NULL;

      px_task_outcome_clear (&out);
      if (!short_form)
        {
          status = px_get_u32 (body);
          reason_len = px_get_u32 (body);
        }
      /* On another host, its clock is moved onto ours. */
      start = (gint64)px_get_u64 (body) - p->offset_us;
      end = (gint64)px_get_u64 (body) - p->offset_us;
      if (short_form)
        out.result = px_get_u64 (body);
      else
        {
          out.lock_wait_us = (gint64)px_get_u64 (body);
          out.io_wait_us = (gint64)px_get_u64 (body);
          out.gil_wait_us = (gint64)px_get_u64 (body);
          out.ipc_us = (gint64)px_get_u64 (body);
          out.connect_us = (gint64)px_get_u64 (body);
          out.signal_wait_us = (gint64)px_get_u64 (body);
          out.net_bytes = px_get_u64 (body);
          out.result = px_get_u64 (body);
          payload_len = px_get_u32 (body);
          reason = px_get_bytes (body, MIN (reason_len, sizeof out.reason - 1));
          payload = px_get_bytes (body, payload_len);
        }

      if (!body->ok || _px_proc_inflight_count (p) == 0)
        {
          ok = FALSE;
          break;
        }

      expected = &g_array_index (p->inflight, Inflight, p->inflight_head);
      /* A task on another host began after it was queued here, whatever
       * the clock offset's error says; and ended after it began. */
      if (p->remote && expected->id == id && id < shared->spec.tasks)
        {
          start = MAX (start, shared->records[id].enqueue_us);
          end = MAX (end, start);
        }
      /* A worker's numbers are input: times on this run's clock, waits
       * within the task, before any arithmetic is done on them. */
      if (expected->id != id || expected->attempt != attempt ||
          status == PX_TASK_PENDING || status > PX_TASK_CANCELLED ||
          start < shared->t0 - CLOCK_SLACK_US || end < start || end > now + CLOCK_SLACK_US ||
          out.lock_wait_us < 0 || out.lock_wait_us > end - start ||
          out.io_wait_us < 0 || out.io_wait_us > end - start ||
          out.gil_wait_us < 0 || out.gil_wait_us > end - start ||
          out.ipc_us < 0 || out.ipc_us > end - start ||
          out.connect_us < 0 || out.connect_us > end - start ||
          out.signal_wait_us < 0 || out.signal_wait_us > end - start ||
          out.net_bytes > (guint64)PX_NET_REQUEST_SIZE + PX_NET_MAX_RESPONSE + 1 ||
          reason_len >= sizeof out.reason)
        {
          ok = FALSE;
          break;
        }
      p->inflight_head++;

      if (reason_len > 0)
        reason_text = g_strndup ((const char *)reason, reason_len);

      if (status == PX_TASK_DONE &&
          (payload_len != shared->spec.payload_bytes ||
           !px_payload_check (payload, payload_len, shared->spec.seed, id)))
        {
          status = PX_TASK_FAILED;
          g_free (reason_text);
          reason_text = g_strdup ("payload came back changed");
        }

      pe->task_us_sum += (double)(end - start);
      pe->task_count++;
      p->answered++;

      ended += _px_run_shared_complete (shared, p->index, id, attempt, status, start, end, &out,
                                        reason_text);
    }

  px_queue_finished (shared->queue, ended);
  if (!ok)
    return FALSE;

  /* Drops the answered tasks once they are half the array: a worker kept
   * fed never drains it, and it must not grow with the whole run. */
  if (p->inflight_head == p->inflight->len)
    {
      g_array_set_size (p->inflight, 0);
      p->inflight_head = 0;
    }
  else if (p->inflight_head >= 4096 && p->inflight_head * 2 >= p->inflight->len)
    {
      g_array_remove_range (p->inflight, 0, p->inflight_head);
      p->inflight_head = 0;
    }

  p->cpu_ns = MAX (p->cpu_ns, cpu_ns);
  __atomic_store_n (&info->cpu_ns_last, p->cpu_ns, __ATOMIC_RELAXED);

  return body->ok;
}

static gboolean
handle_frame (ProcExec  *pe,
              Proc      *p,
              PxMsgType  type,
              PxReader  *body)
{
  switch (type)
    {
    case PX_MSG_HELLO:
      {
        guint32 version = px_get_u32 (body);
        guint32 pid = px_get_u32 (body);
        guint32 n = px_get_u32 (body);
        const guint8 *node = px_get_bytes (body, MIN (n, PX_NODE_MAX));

        /* A worker on another host has a pid of that host's. */
        if (p->hello || !body->ok || n >= PX_NODE_MAX || version != PX_PROTOCOL_VERSION ||
            (!p->remote && (int)pid != p->pid) || pid == 0 || pid > G_MAXINT)
          return FALSE;
        p->hello = TRUE;
        if (p->remote)
          {
            PxWorkerInfo *info = &pe->shared->workers[p->index];

            p->pid = (int)pid;
            __atomic_store_n (&info->pid, p->pid, __ATOMIC_RELAXED);
            __atomic_store_n (&info->tid, p->pid, __ATOMIC_RELAXED);
            _px_proc_remote_hello (pe, p, (const char *)node, n);
          }
        return TRUE;
      }

    case PX_MSG_PONG:
      return p->hello && _px_proc_remote_pong (pe, p, body);

    case PX_MSG_LIVE:
      return p->hello && _px_proc_remote_live (pe, p, body);

    case PX_MSG_RESULTS:
    case PX_MSG_RESULTS_SHORT:
      return p->hello && handle_results (pe, p, body, type == PX_MSG_RESULTS_SHORT);

    case PX_MSG_UPDATE:
      {
        gint64 delta = (gint64)px_get_u64 (body);
        gint64 value;
        gsize frame;

        /* Only a task under way updates, and only one at a time. */
        if (!body->ok || pe->shared->spec.kind != PX_KIND_SHARED_UPDATE ||
            _px_proc_inflight_count (p) == 0)
          return FALSE;
        value = px_sync_shared_add (pe->shared->sync, p->index, delta, NULL);
        frame = px_frame_begin (p->out, PX_MSG_UPDATE_REPLY);
        px_put_u64 (p->out, (guint64)value);
        px_frame_end (p->out, frame);
        return TRUE;
      }

    case PX_MSG_BYE:
      {
        guint64 cpu_ns = px_get_u64 (body);

        /* Checked before it counts: reap() adds it to the worker's total. */
        if (!body->ok || !_px_proc_cpu_time_plausible (pe, p, cpu_ns))
          return FALSE;
        p->cpu_ns = cpu_ns;
      }
      p->bye = TRUE;
      __atomic_store_n (&pe->shared->workers[p->index].cpu_ns_last, p->cpu_ns, __ATOMIC_RELAXED);
      return body->ok && p->finish_sent;

    case PX_MSG_CONFIG:
    case PX_MSG_TASKS:
    case PX_MSG_UPDATE_REPLY:
    case PX_MSG_FINISH:
    case PX_MSG_PING:
    default:
      return FALSE;
    }
}

/* Takes bytes the worker sent and handles every whole frame; a worker
 * that sends anything malformed is stopped. */
void
_px_proc_consume_input (ProcExec     *pe,
                        Proc         *p,
                        const guint8 *data,
                        gsize         length)
{
  p->last_input_us = g_get_monotonic_time ();
  if (p->fault != NULL)
    return;

  g_byte_array_append (p->in, data, length);
  for (;;)
    {
      PxMsgType type;
      PxReader body;
      gssize used = px_frame_parse (p->in->data + p->in_pos, p->in->len - p->in_pos,
                                    &type, &body);

      if (used == 0)
        break;
      if (used < 0 || !handle_frame (pe, p, type, &body) || body.p != body.end)
        {
          _px_proc_mark_fault (p, _("sent malformed data and was stopped"));
          break;
        }
      p->in_pos += used;
    }

  /* Keep only the unparsed tail. */
  if (p->in_pos > 0)
    {
      g_byte_array_remove_range (p->in, 0, p->in_pos);
      p->in_pos = 0;
    }

  if (p->out->len - p->out_pos > MAX_PENDING_OUT)
    _px_proc_mark_fault (p, _("stopped reading its input and was stopped"));
}

void
_px_proc_free_buffers (Proc *p)
{
  g_clear_pointer (&p->out, g_byte_array_unref);
  g_clear_pointer (&p->in, g_byte_array_unref);
  g_clear_pointer (&p->inflight, g_array_unref);
  g_clear_object (&p->proc);
}

/**
 * _px_process_executor_parse_input:
 * @data: what a worker process sends, after two bytes that shape the run
 *   (payload bytes and task kind)
 *
 * What the parent does with a worker's bytes, with no process behind
 * them: the fuzz targets' entry. The worker has pid 4242 and has been
 * handed tasks 0 to 15. The bytes arrive in pieces of varying size.
 * Returns whether the worker would still be trusted.
 */
gboolean
_px_process_executor_parse_input (const guint8 *data,
                                  gsize         size)
{
  static const guint payloads[] = { 0, 1, 16, 4096 };
  g_autoptr(PxProfile) profile = px_profile_new ();
  g_autoptr(PxRun) run = NULL;
  PxRunShared *shared;
  ProcExec pe = { 0 };
  Proc p = { 0 };
  PxSpec spec;
  gboolean trusted;
  gsize at = 2;

  if (size < 2)
    return FALSE;

  px_spec_copy (&spec, px_profile_get_spec (profile));
  spec.executor = PX_EXECUTOR_PROCESSES;
  spec.workers = 1;
  spec.tasks = 16;
  spec.payload_bytes = payloads[data[0] % G_N_ELEMENTS (payloads)];
  spec.kind = data[1] % (PX_KIND_MIXED + 1);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_set_calibration (run, 1000);

  shared = _px_run_get_shared (run);
  shared->sync = px_sync_new (1, FALSE, NULL);
  /* The run began at the clock's origin, so that the fixed timestamps of
   * a corpus fall within it on any machine. */
  shared->t0 = 0;
  px_queue_produce (shared->queue, shared->spec.tasks);

  pe.shared = shared;
  pe.n_cpus = g_get_num_processors ();
  p.pid = 4242;
  p.alive = TRUE;
  p.in = g_byte_array_new ();
  p.out = g_byte_array_new ();
  p.inflight = g_array_new (FALSE, FALSE, sizeof (Inflight));
  p.spawned_us = p.last_input_us = g_get_monotonic_time ();
  {
    guint32 ids[16];
    guint n = 0;

    px_queue_claim (shared->queue, G_N_ELEMENTS (ids), ids, &n, FALSE);
    _px_run_shared_claimed (shared, 0, n);
    for (guint i = 0; i < n; i++)
      {
        Inflight f = { ids[i], 0 };
        g_array_append_val (p.inflight, f);
      }
  }

  /* Pieces of 1, 2, 3 … bytes, then the rest: frames split anywhere. */
  for (gsize piece = 1; at < size && p.fault == NULL; piece++)
    {
      gsize n = MIN (piece < 8 ? piece : size - at, size - at);

      _px_proc_consume_input (&pe, &p, data + at, n);
      at += n;
    }

  trusted = p.fault == NULL;
  _px_proc_free_buffers (&p);
  g_free (p.fault);
  return trusted;
}
