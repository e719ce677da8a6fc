/* px-protocol.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

#define PX_PROTOCOL_VERSION 5
#define PX_FRAME_HEADER     8
#define PX_FRAME_MAX        (64u << 20)
/* A host's name, as a worker tells it, with its terminating zero. */
#define PX_NODE_MAX         65

/* A frame: u32 body length, u8 type, 3 bytes of padding, then the body,
 * in the host's byte order: a worker on another host (launcher=ssh) is
 * of the same architecture, and a HELLO in another order reads as
 * another protocol version. */
typedef enum
{
  /* parent → worker */
  PX_MSG_CONFIG = 1,   /* profile text of the run */
  PX_MSG_TASKS = 2,    /* u32 n; n × { u32 id, u32 attempt, u32 len, payload } */
  PX_MSG_UPDATE_REPLY = 3, /* i64 new value */
  PX_MSG_FINISH = 4,   /* no more tasks: answer BYE and exit */
  PX_MSG_PING = 5,     /* u64 parent's time (us); answered by PONG, before CONFIG */
  /* worker → parent */
  /* u32 protocol version, u32 pid, u32 n, n bytes: the name its host
   * gives itself (at most PX_NODE_MAX - 1; what srun placed where). */
  PX_MSG_HELLO = 10,
  PX_MSG_RESULTS = 11, /* u64 cpu ns; u32 n; n × result */
  PX_MSG_UPDATE = 12,  /* i64 delta; answered by UPDATE_REPLY */
  PX_MSG_BYE = 13,     /* u64 cpu ns */
  PX_MSG_PONG = 14,    /* u64 the PING's time, u64 worker's time (us, CLOCK_MONOTONIC) */
  /* A worker with no memory shared with its parent (parallax-worker
   * --stdio, on another host) beats with this instead: u64 worker's
   * time, u64 cpu ns, u64 rss bytes, u64 tasks begun, u64 task start
   * (0: none), u32 state, u32 0, u64 phase start, u64 time in each
   * state × PX_WORKER_N_STATES; times in us on the worker's clock. */
  PX_MSG_LIVE = 15,
  /* Results of tasks done with nothing but their times and result to
   * tell (no reason, wait, bytes or payload), a third of RESULTS' size:
   * u64 cpu ns; u32 n; n × { u32 id, u32 attempt, u64 start, u64 end,
   * u64 result }. */
  PX_MSG_RESULTS_SHORT = 16,
} PxMsgType;

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  gboolean      ok;
} PxReader;

gsize     px_frame_begin    (GByteArray   *buf,
                             PxMsgType     type);
void      px_frame_end      (GByteArray   *buf,
                             gsize         start);
void      px_put_u32        (GByteArray   *buf,
                             guint32       v);
void      px_put_u64        (GByteArray   *buf,
                             guint64       v);
void      px_put_bytes      (GByteArray   *buf,
                             const void   *data,
                             gsize         n);
gssize    px_frame_parse    (const guint8 *data,
                             gsize         length,
                             PxMsgType    *type,
                             PxReader     *body);
const guint8 *px_get_bytes  (PxReader     *r,
                             gsize         n);
/* Reading a word: inline, as the parent reads several a task, millions a
 * second. Past the end, 0, and @r is no longer ok. */
static inline void
px_get_raw (PxReader *r,
            void     *v,
            gsize     n)
{
  if ((gsize)(r->end - r->p) < n)
    {
      r->ok = FALSE;
      memset (v, 0, n);
      return;
    }
  memcpy (v, r->p, n);
  r->p += n;
}

static inline guint32
px_get_u32 (PxReader *r)
{
  guint32 v;

  px_get_raw (r, &v, sizeof v);
  return v;
}

static inline guint64
px_get_u64 (PxReader *r)
{
  guint64 v;

  px_get_raw (r, &v, sizeof v);
  return v;
}

gboolean  px_write_all      (int           fd,
                             const guint8 *data,
                             gsize         n);

G_END_DECLS
