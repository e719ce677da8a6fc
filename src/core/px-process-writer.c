/* px-process-writer.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the parent sends its worker processes: their configuration;
 * chunks of tasks with their payloads, as many as keep each worker busy
 * and no more bytes in flight than the bound, written without blocking
 * as the pipe takes them; and the word to finish. What comes back is
 * px-process-reader.c.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "px-kernels.h"
#include "px-process-private.h"
#include "px-protocol.h"
#include "px-run-private.h"

/* Work queued at a worker, in time, and at most this many tasks. */
#define TARGET_QUEUE_US 2000.0
#define MAX_DEPTH       512
/* Tasks in one frame: a worker begins a large chunk once its first
 * frame is in, not after the whole chunk has passed through the pipe. */
#define FRAME_TASKS     2048
#define REFILL_TASKS    2048

/* The worker's configuration: the profile and the run's own values, written
 * by GKeyFile so that any text (a TMPDIR with backslashes or newlines)
 * arrives as it was. */
static char *
build_config (ProcExec *pe,
              Proc     *p)
{
  PxRunShared *shared = pe->shared;
  g_autoptr(GKeyFile) config = g_key_file_new ();
  char iters[G_ASCII_DTOSTR_BUF_SIZE];

  /* The text of a profile that loaded: it loads again. */
  if (!g_key_file_load_from_data (config, pe->profile_text, -1, G_KEY_FILE_NONE, NULL))
    g_critical ("the run's profile did not load again:\n%s", pe->profile_text);
  g_key_file_set_value (config, "X-Run", "iters-per-ms",
                        g_ascii_dtostr (iters, sizeof iters, shared->iters_per_ms));
  g_key_file_set_uint64 (config, "X-Run", "worker", p->index);
  /* On another host, nothing of this machine's: no shared memory, its
   * own TMPDIR. */
  g_key_file_set_integer (config, "X-Run", "sync-fd", p->remote ? -1 : PX_PROC_SYNC_FD);
  g_key_file_set_string (config, "X-Run", "tmpdir",
                         !p->remote && shared->tmpdir ? shared->tmpdir : "");
  g_key_file_set_integer (config, "X-Run", "net-port", p->remote ? 0 : shared->net_port);

  return g_key_file_to_data (config, NULL, NULL);
}

void
_px_proc_send_config (ProcExec *pe,
                      Proc     *p)
{
  g_autofree char *config = build_config (pe, p);
  gsize frame = px_frame_begin (p->out, PX_MSG_CONFIG);

  px_put_bytes (p->out, config, strlen (config));
  px_frame_end (p->out, frame);
}

void
_px_proc_send_finish (Proc *p)
{
  gsize frame = px_frame_begin (p->out, PX_MSG_FINISH);

  px_frame_end (p->out, frame);
  p->finish_sent = TRUE;
}

/* Tasks to keep in flight per worker: enough to cover a couple of
 * milliseconds of work, so a worker does not wait on the parent between
 * short tasks; one chunk for long tasks (the round trip is negligible next
 * to them), so no worker sits on a task another could run. Until a task
 * has finished, nothing is known: one chunk. A chunk larger than
 * REFILL_TASKS is refilled only once fewer than that are left: what is in
 * flight stays in the caches (a million empty tasks in chunks of 5000 ran
 * 1.35 times faster so). */
guint
_px_proc_depth_target (ProcExec *pe)
{
  const PxSpec *spec = &pe->shared->spec;
  double mean_us;
  guint target;

  if (spec->spawn == PX_SPAWN_PER_TASK)
    return 1;
  if (pe->task_count == 0)
    return _px_run_shared_chunk (pe->shared);

  mean_us = MAX (pe->task_us_sum / pe->task_count, 1.0);
  target = (guint)MIN (MAX_DEPTH, TARGET_QUEUE_US / mean_us);
  return MAX (target, MIN (_px_run_shared_chunk (pe->shared), REFILL_TASKS));
}

/* Tasks whose payloads fit in PX_MAX_INFLIGHT_BYTES (at least one). */
guint
_px_proc_payload_task_limit (const PxSpec *spec)
{
  if (spec->payload_bytes == 0)
    return G_MAXUINT;
  return MAX (PX_MAX_INFLIGHT_BYTES / spec->payload_bytes, 1);
}

void
_px_proc_feed (ProcExec *pe,
               Proc     *p,
               guint     target)
{
  PxRunShared *shared = pe->shared;
  const PxSpec *spec = &shared->spec;
  guint byte_limit = _px_proc_payload_task_limit (spec);
  g_autofree guint32 *ids = NULL;

  /* A worker on another host is configured once it was asked the time. */
  if (!p->alive || !p->configured || p->finish_sent || p->write_failed)
    return;

  target = MIN (target, byte_limit);
  if (_px_proc_inflight_count (p) >= target)
    return;
  ids = g_new (guint32, MIN (_px_run_shared_chunk_max (spec), byte_limit));

  while (_px_proc_inflight_count (p) < target)
    {
      guint n = 0;
      PxClaim claim;
      gsize frame, count_at;
      guint32 in_frame, words[3];
      guint inflight_at;
      /* A chunk is cut where its payloads would pass the byte bound. */
      guint room = MIN (_px_run_shared_chunk (shared),
                        byte_limit - MIN (_px_proc_inflight_count (p), byte_limit));

      if (room == 0)
        break;
      if (spec->spawn == PX_SPAWN_PER_TASK && p->assigned > 0)
        claim = PX_CLAIM_DONE;
      else
        {
          claim = px_queue_claim (shared->queue, room, ids, &n, FALSE);
          /* Waiters of worker 0's signals go on once it has no task to
           * come (px-sync-signal.c). */
          if (shared->sync != NULL)
            px_sync_set_drained (shared->sync, claim != PX_CLAIM_GOT);
        }
      if (claim == PX_CLAIM_EMPTY)
        break;
      if (claim == PX_CLAIM_DONE)
        {
          if (_px_proc_inflight_count (p) == 0)
            _px_proc_send_finish (p);
          break;
        }

      _px_run_shared_claimed (shared, p->index, n);
      p->assigned += n;

      /* A chunk is a unit of hand-out, not of framing: its frames hold
       * FRAME_TASKS tasks, fewer where payloads would pass the frame
       * limit. */
      frame = px_frame_begin (p->out, PX_MSG_TASKS);
      count_at = p->out->len;
      px_put_u32 (p->out, 0);
      in_frame = 0;
      /* The chunk's places among the tasks in flight at once, and each
       * task's words in one growth of the buffer: GLib checks each growth
       * with a division, and five a task were a tenth of this thread. */
      inflight_at = p->inflight->len;
      g_array_set_size (p->inflight, inflight_at + n);
      for (guint i = 0; i < n; i++)
        {
          Inflight f = { ids[i], _px_run_shared_next_attempt (shared, ids[i]) };
          gsize at;

          if (in_frame == FRAME_TASKS ||
              (in_frame > 0 &&
               p->out->len - frame + 12 + (gsize)spec->payload_bytes > PX_FRAME_MAX))
            {
              memcpy (p->out->data + count_at, &in_frame, sizeof in_frame);
              px_frame_end (p->out, frame);
              frame = px_frame_begin (p->out, PX_MSG_TASKS);
              count_at = p->out->len;
              px_put_u32 (p->out, 0);
              in_frame = 0;
            }

          words[0] = f.id;
          words[1] = f.attempt;
          words[2] = spec->payload_bytes;
          at = p->out->len;
          g_byte_array_set_size (p->out, at + sizeof words + spec->payload_bytes);
          memcpy (p->out->data + at, words, sizeof words);
          px_payload_fill (p->out->data + at + sizeof words, spec->payload_bytes, spec->seed,
                           f.id);
          g_array_index (p->inflight, Inflight, inflight_at + i) = f;
          in_frame++;
        }
      memcpy (p->out->data + count_at, &in_frame, sizeof in_frame);
      px_frame_end (p->out, frame);
    }
}

void
_px_proc_flush_out (Proc *p)
{
  while (p->out_pos < p->out->len)
    {
      gssize w = write (p->to_fd, p->out->data + p->out_pos, p->out->len - p->out_pos);

      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0 && errno == EAGAIN)
        {
          /* Drop what was written, so a full pipe does not make the
           * buffer grow with the whole run's traffic; only once it is
           * half the buffer, so large payloads are not moved again for
           * every 64 KiB the pipe takes. */
          if (p->out_pos > 0 && p->out_pos >= p->out->len / 2)
            {
              g_byte_array_remove_range (p->out, 0, p->out_pos);
              p->out_pos = 0;
            }
          return;
        }
      if (w <= 0)
        {
          /* The worker is gone; its end of the story is read from stdout. */
          p->write_failed = TRUE;
          p->out_pos = p->out->len;
          return;
        }
      p->out_pos += w;
    }

  g_byte_array_set_size (p->out, 0);
  p->out_pos = 0;
}
