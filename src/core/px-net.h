/* px-net.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "px-types.h"

G_BEGIN_DECLS

/* kind=net: a request is PX_NET_REQUEST_SIZE bytes (the task id and a
 * magic word); the reply is response-bytes of the task's data, then the
 * server closes the connection. */
#define PX_NET_REQUEST_SIZE 8
#define PX_NET_MAX_RESPONSE (16u << 20)

typedef struct _PxNetServer PxNetServer;

/* What the server did, read while it runs. */
typedef struct
{
  guint64 accepted;
  guint64 served;
  guint64 bytes_sent;
  /* Requests waiting: connections the kernel holds and the server has
   * not accepted yet (its backlog), and requests read and waiting for
   * one of server-concurrency's slots. The most seen of the two, summed. */
  guint   backlog;
  guint   queued;
  guint   queued_max;
  guint   serving;
} PxNetStats;

/* A request under way without blocking (the event loop's): the socket,
 * and what is left to send and to read. */
typedef struct
{
  int      fd;
  guint    phase;
  guint8   request[PX_NET_REQUEST_SIZE];
  gsize    sent;
  guint64  expected;
  guint64  received;
  guint64  check_state;
  gboolean intact;
  gint64   start_us;
  gint64   connected_us;
} PxNetCall;

typedef gboolean (*PxNetStopFunc) (gpointer user_data);

PxNetServer *px_net_server_new       (const PxSpec  *spec,
                                      GError       **error);
guint16      px_net_server_get_port  (PxNetServer   *server);
void         px_net_server_read      (PxNetServer   *server,
                                      PxNetStats    *stats);
void         px_net_server_free      (PxNetServer   *server);

gboolean     px_net_request          (guint16        port,
                                      const PxSpec  *spec,
                                      guint32        task_id,
                                      PxNetStopFunc  stop,
                                      gpointer       user_data,
                                      gint64        *connect_us,
                                      guint64       *bytes,
                                      char          *reason,
                                      gsize          reason_size);

gboolean     px_net_call_start       (PxNetCall     *call,
                                      guint16        port,
                                      const PxSpec  *spec,
                                      guint32        task_id,
                                      char          *reason,
                                      gsize          reason_size);
guint        px_net_call_step        (PxNetCall     *call,
                                      gboolean      *ok,
                                      char          *reason,
                                      gsize          reason_size);
void         px_net_call_clear       (PxNetCall     *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxNetServer, px_net_server_free)

G_END_DECLS
