/* px-net.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kind=net: real network IO on loopback. The run starts a server, a
 * GSocketService bound to 127.0.0.1 on a port the kernel picks, running
 * on a thread and a GMainContext of its own. Each task connects, sends
 * its id, and reads the reply: response-bytes of the task's data, sent
 * after server-latency-ms (spread by the profile's jitter). The server
 * serves server-concurrency requests at once; the others wait in its
 * queue, which is how a saturated server shows.
 *
 * The client is one state machine for every executor: threads and
 * worker processes drive it blocking (polling in slices, so a cancel or
 * a task-timeout is seen), an event loop drives it from its epoll set.
 */

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "px-kernels.h"
#include "px-net.h"

#define NET_MAGIC 0x4e585850u
/* Bytes the server writes at a time, and the client reads. */
#define CHUNK (64 * 1024)
#define READ_CHUNK (16 * 1024)
#define POLL_SLICE_MS 20
/* Connections the kernel holds for the server before it accepts them:
 * a burst of a thousand connects must not wait for SYN retries. */
#define BACKLOG 4096

enum
{
  PHASE_CONNECTING,
  PHASE_SENDING,
  PHASE_RECEIVING,
  PHASE_DONE,
};

struct _PxNetServer
{
  PxSpec          spec;
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  GSocketService *service;
  GSocket        *socket;
  GCancellable   *cancellable;
  /* Every connection open; those waiting for a slot, in order. */
  GHashTable     *conns;
  GQueue          waiting;
  guint           limit;
  gboolean        stopping;
  guint16         port;
  GMutex          mutex;
  GCond           cond;
  gboolean        started;
  GError         *error;
  PxNetStats      stats;
};

typedef struct
{
  PxNetServer       *server;
  GSocketConnection *connection;
  guint8             request[PX_NET_REQUEST_SIZE];
  guint32            task_id;
  /* The server's latency, then the reply, a chunk at a time. */
  GSource           *timer;
  guint8            *chunk;
  guint64            sent;
  guint64            state;
  gboolean           busy;
  gboolean           pending;
} Conn;

static void serve (Conn *conn);

static void
stat_add (guint64 *counter,
          guint64  n)
{
  __atomic_add_fetch (counter, n, __ATOMIC_RELAXED);
}

static void
stat_max (guint *slot,
          guint  value)
{
  guint seen = __atomic_load_n (slot, __ATOMIC_RELAXED);

  while (value > seen &&
         !__atomic_compare_exchange_n (slot, &seen, value, TRUE, __ATOMIC_RELAXED,
                                       __ATOMIC_RELAXED))
    ;
}

/* The connections the kernel holds for the listening socket, not yet
 * accepted: Linux tells it in tcpi_unacked for a socket that listens. */
static guint
read_backlog (PxNetServer *server)
{
  struct tcp_info info = { 0 };
  socklen_t len = sizeof info;

  if (server->socket == NULL ||
      getsockopt (g_socket_get_fd (server->socket), IPPROTO_TCP, TCP_INFO, &info, &len) < 0)
    return 0;
  return info.tcpi_unacked;
}

static void
conn_free (Conn *conn)
{
  PxNetServer *server = conn->server;

  if (conn->timer != NULL)
    {
      g_source_destroy (conn->timer);
      g_source_unref (conn->timer);
    }
  if (conn->busy)
    __atomic_sub_fetch (&server->stats.serving, 1, __ATOMIC_RELAXED);
  g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);
  g_object_unref (conn->connection);
  g_free (conn->chunk);
  g_hash_table_remove (server->conns, conn);
  g_free (conn);

  if (server->stopping && g_hash_table_size (server->conns) == 0)
    g_main_loop_quit (server->loop);
}

/* A request served or dropped: its slot goes to the next in the queue. */
static void
conn_end (Conn *conn)
{
  PxNetServer *server = conn->server;
  gboolean freed_slot = conn->busy;

  conn_free (conn);
  if (freed_slot && !server->stopping && !g_queue_is_empty (&server->waiting))
    {
      __atomic_sub_fetch (&server->stats.queued, 1, __ATOMIC_RELAXED);
      serve (g_queue_pop_head (&server->waiting));
    }
}

static void write_next (Conn *conn);

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Conn *conn = data;
  gsize written = 0;

  conn->pending = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, NULL))
    {
      conn_end (conn);
      return;
    }
  conn->sent += written;
  stat_add (&conn->server->stats.bytes_sent, written);
  write_next (conn);
}

static void
write_next (Conn *conn)
{
  PxNetServer *server = conn->server;
  guint64 left = server->spec.response_bytes - conn->sent;
  gsize n = (gsize)MIN (left, CHUNK);

  if (n == 0 || server->stopping)
    {
      if (n == 0)
        stat_add (&server->stats.served, 1);
      conn_end (conn);
      return;
    }
  if (conn->chunk == NULL)
    conn->chunk = g_malloc (MIN (server->spec.response_bytes, CHUNK));
  px_payload_stream (conn->chunk, n, &conn->state);
  conn->pending = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (conn->connection)),
                                   conn->chunk, n, G_PRIORITY_DEFAULT, server->cancellable,
                                   write_cb, conn);
}

static gboolean
latency_done (gpointer data)
{
  Conn *conn = data;

  g_source_destroy (conn->timer);
  g_clear_pointer (&conn->timer, g_source_unref);
  conn->state = px_task_seed (conn->server->spec.seed, conn->task_id);
  write_next (conn);
  return G_SOURCE_REMOVE;
}

static gboolean
timer_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs timer_funcs = { NULL, NULL, timer_dispatch, NULL, NULL, NULL };

/* A slot serves the request: the latency (to the microsecond, which a
 * GLib timeout's milliseconds would round), then the reply. */
static void
serve (Conn *conn)
{
  PxNetServer *server = conn->server;
  guint64 latency_us = px_task_amount (&server->spec, 0, conn->task_id);

  conn->busy = TRUE;
  __atomic_add_fetch (&server->stats.serving, 1, __ATOMIC_RELAXED);
  if (latency_us == 0)
    {
      conn->state = px_task_seed (server->spec.seed, conn->task_id);
      write_next (conn);
      return;
    }
  conn->timer = g_source_new (&timer_funcs, sizeof (GSource));
  g_source_set_callback (conn->timer, latency_done, conn, NULL);
  g_source_set_ready_time (conn->timer, g_get_monotonic_time () + (gint64)latency_us);
  g_source_attach (conn->timer, server->context);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Conn *conn = data;
  PxNetServer *server = conn->server;
  gsize n = 0;
  guint32 magic;

  conn->pending = FALSE;
  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, NULL) ||
      n != PX_NET_REQUEST_SIZE || server->stopping)
    {
      conn_end (conn);
      return;
    }
  memcpy (&conn->task_id, conn->request, 4);
  memcpy (&magic, conn->request + 4, 4);
  conn->task_id = GUINT32_FROM_LE (conn->task_id);
  if (GUINT32_FROM_LE (magic) != NET_MAGIC)
    {
      conn_end (conn);
      return;
    }

  if (__atomic_load_n (&server->stats.serving, __ATOMIC_RELAXED) < server->limit)
    serve (conn);
  else
    {
      guint queued = __atomic_add_fetch (&server->stats.queued, 1, __ATOMIC_RELAXED);

      stat_max (&server->stats.queued_max, queued + read_backlog (server));
      g_queue_push_tail (&server->waiting, conn);
    }
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           data)
{
  PxNetServer *server = data;
  Conn *conn;

  if (server->stopping)
    return FALSE;
  conn = g_new0 (Conn, 1);
  conn->server = server;
  conn->connection = g_object_ref (connection);
  g_hash_table_add (server->conns, conn);
  stat_add (&server->stats.accepted, 1);
  stat_max (&server->stats.queued_max, __atomic_load_n (&server->stats.queued, __ATOMIC_RELAXED) +
            read_backlog (server));
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY,
                       1, NULL);
  conn->pending = TRUE;
  g_input_stream_read_all_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                 conn->request, sizeof conn->request, G_PRIORITY_DEFAULT,
                                 server->cancellable, read_cb, conn);
  return TRUE;
}

static gboolean
listen_loopback (PxNetServer  *server,
                 GError      **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  /* The socket is made here, not by the listener, to read its backlog. */
  server->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, error);
  if (server->socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (server->socket, BACKLOG);
  if (!g_socket_bind (server->socket, address, TRUE, error) ||
      !g_socket_listen (server->socket, error))
    return FALSE;
  effective = g_socket_get_local_address (server->socket, error);
  if (effective == NULL)
    return FALSE;
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));

  server->service = g_socket_service_new ();
  if (!g_socket_listener_add_socket (G_SOCKET_LISTENER (server->service), server->socket, NULL,
                                     error))
    return FALSE;
  g_signal_connect (server->service, "incoming", G_CALLBACK (incoming_cb), server);
  g_socket_service_start (server->service);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  PxNetServer *server = data;
  gboolean ok;

  g_main_context_push_thread_default (server->context);
  ok = listen_loopback (server, &server->error);

  g_mutex_lock (&server->mutex);
  server->started = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->mutex);

  if (ok)
    g_main_loop_run (server->loop);

  if (server->service != NULL)
    {
      g_socket_service_stop (server->service);
      g_socket_listener_close (G_SOCKET_LISTENER (server->service));
      g_clear_object (&server->service);
    }
  if (server->socket != NULL)
    g_socket_close (server->socket, NULL);
  /* What was cancelled ends its calls here, so nothing is left behind. */
  while (g_main_context_iteration (server->context, FALSE))
    ;
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

/**
 * px_net_server_new:
 *
 * Starts the server of a kind=net run, listening on 127.0.0.1 only.
 * Returns %NULL with @error set when it cannot listen.
 */
PxNetServer *
px_net_server_new (const PxSpec  *spec,
                   GError       **error)
{
  PxNetServer *server = g_new0 (PxNetServer, 1);

  px_spec_copy (&server->spec, spec);
  server->limit = spec->server_concurrency > 0 ? spec->server_concurrency : G_MAXUINT;
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->cancellable = g_cancellable_new ();
  server->conns = g_hash_table_new (NULL, NULL);
  g_queue_init (&server->waiting);
  g_mutex_init (&server->mutex);
  g_cond_init (&server->cond);

  server->thread = g_thread_try_new ("px-net-server", server_thread, server, error);
  if (server->thread == NULL)
    {
      px_net_server_free (server);
      return NULL;
    }
  g_mutex_lock (&server->mutex);
  while (!server->started)
    g_cond_wait (&server->cond, &server->mutex);
  g_mutex_unlock (&server->mutex);

  if (server->error != NULL)
    {
      g_set_error (error, server->error->domain, server->error->code,
                   _("Could not start the loopback server for kind=net: %s"),
                   server->error->message);
      px_net_server_free (server);
      return NULL;
    }
  return server;
}

guint16
px_net_server_get_port (PxNetServer *server)
{
  return server->port;
}

void
px_net_server_read (PxNetServer *server,
                    PxNetStats  *stats)
{
  stats->accepted = __atomic_load_n (&server->stats.accepted, __ATOMIC_RELAXED);
  stats->served = __atomic_load_n (&server->stats.served, __ATOMIC_RELAXED);
  stats->bytes_sent = __atomic_load_n (&server->stats.bytes_sent, __ATOMIC_RELAXED);
  stats->queued = __atomic_load_n (&server->stats.queued, __ATOMIC_RELAXED);
  stats->backlog = read_backlog (server);
  /* What is seen waiting counts toward the most, as what the server
   * itself saw. */
  stat_max (&server->stats.queued_max, stats->queued + stats->backlog);
  stats->queued_max = __atomic_load_n (&server->stats.queued_max, __ATOMIC_RELAXED);
  stats->serving = __atomic_load_n (&server->stats.serving, __ATOMIC_RELAXED);
}

/* On the server's thread: no more connections; those waiting or in
 * their latency end now, those in a read or a write when it is
 * cancelled. */
static gboolean
stop_cb (gpointer data)
{
  PxNetServer *server = data;
  GHashTableIter iter;
  gpointer key;

  server->stopping = TRUE;
  if (server->service != NULL)
    g_socket_service_stop (server->service);
  g_cancellable_cancel (server->cancellable);
  g_queue_clear (&server->waiting);
  __atomic_store_n (&server->stats.queued, 0, __ATOMIC_RELAXED);

  /* Freed one at a time: freeing changes the table. */
  for (;;)
    {
      Conn *idle = NULL;

      g_hash_table_iter_init (&iter, server->conns);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!((Conn *)key)->pending)
          {
            idle = key;
            break;
          }
      if (idle == NULL)
        break;
      conn_free (idle);
    }
  if (g_hash_table_size (server->conns) == 0)
    g_main_loop_quit (server->loop);
  return G_SOURCE_REMOVE;
}

/**
 * px_net_server_free:
 *
 * Stops the server and waits for its thread: every connection is closed
 * and the port is free when it returns.
 */
void
px_net_server_free (PxNetServer *server)
{
  if (server == NULL)
    return;
  if (server->thread != NULL)
    {
      g_main_context_invoke (server->context, stop_cb, server);
      g_thread_join (server->thread);
    }
  g_clear_error (&server->error);
  g_clear_object (&server->socket);
  g_hash_table_unref (server->conns);
  g_object_unref (server->cancellable);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_mutex_clear (&server->mutex);
  g_cond_clear (&server->cond);
  px_spec_clear (&server->spec);
  g_free (server);
}

/* The client */

static void
set_reason (char       *reason,
            gsize       size,
            const char *format,
            ...) G_GNUC_PRINTF (3, 4);

static void
set_reason (char       *reason,
            gsize       size,
            const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  g_vsnprintf (reason, size, format, args);
  va_end (args);
}

/**
 * px_net_call_start:
 *
 * Opens the connection of task @task_id's request, without blocking.
 * Returns %FALSE, with @reason, when the socket cannot be made or the
 * connect fails at once.
 */
gboolean
px_net_call_start (PxNetCall    *call,
                   guint16       port,
                   const PxSpec *spec,
                   guint32       task_id,
                   char         *reason,
                   gsize         reason_size)
{
  struct sockaddr_in addr = { 0 };
  guint32 id = GUINT32_TO_LE (task_id), magic = GUINT32_TO_LE (NET_MAGIC);
  int one = 1;

  memset (call, 0, sizeof *call);
  call->start_us = g_get_monotonic_time ();
  call->expected = spec->response_bytes;
  call->check_state = px_task_seed (spec->seed, task_id);
  call->intact = TRUE;
  memcpy (call->request, &id, 4);
  memcpy (call->request + 4, &magic, 4);

  call->fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (call->fd < 0)
    {
      set_reason (reason, reason_size, _("could not open a socket: %s"), g_strerror (errno));
      return FALSE;
    }
  setsockopt (call->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  addr.sin_family = AF_INET;
  addr.sin_port = g_htons (port);
  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  if (connect (call->fd, (struct sockaddr *)&addr, sizeof addr) == 0)
    {
      call->connected_us = g_get_monotonic_time ();
      call->phase = PHASE_SENDING;
    }
  else if (errno == EINPROGRESS)
    call->phase = PHASE_CONNECTING;
  else
    {
      set_reason (reason, reason_size, _("could not connect to the server on 127.0.0.1:%u: %s"),
                  port, g_strerror (errno));
      px_net_call_clear (call);
      return FALSE;
    }
  return TRUE;
}

/**
 * px_net_call_step:
 * @ok: (out): whether the request ended well, once it ended
 *
 * Goes as far as it can without blocking. Returns what to wait for
 * before the next step (POLLIN or POLLOUT, which epoll spells the same),
 * or 0 when the request ended.
 */
guint
px_net_call_step (PxNetCall *call,
                  gboolean  *ok,
                  char      *reason,
                  gsize      reason_size)
{
  *ok = FALSE;

  if (call->phase == PHASE_CONNECTING)
    {
      struct pollfd pfd = { call->fd, POLLOUT, 0 };
      int error = 0;
      socklen_t len = sizeof error;

      if (poll (&pfd, 1, 0) == 0)
        return POLLOUT;
      if (getsockopt (call->fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0)
        error = errno;
      if (error != 0)
        {
          set_reason (reason, reason_size, _("could not connect to the server: %s"),
                      g_strerror (error));
          call->phase = PHASE_DONE;
          return 0;
        }
      call->connected_us = g_get_monotonic_time ();
      call->phase = PHASE_SENDING;
    }

  if (call->phase == PHASE_SENDING)
    {
      while (call->sent < sizeof call->request)
        {
          gssize n = send (call->fd, call->request + call->sent,
                           sizeof call->request - call->sent, MSG_NOSIGNAL);

          if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return errno == EAGAIN ? POLLOUT : px_net_call_step (call, ok, reason, reason_size);
          if (n < 0)
            {
              set_reason (reason, reason_size, _("could not send the request: %s"),
                          g_strerror (errno));
              call->phase = PHASE_DONE;
              return 0;
            }
          call->sent += n;
        }
      call->phase = PHASE_RECEIVING;
    }

  if (call->phase == PHASE_RECEIVING)
    {
      guint8 buf[READ_CHUNK];

      for (;;)
        {
          gssize n = recv (call->fd, buf, sizeof buf, 0);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0 && errno == EAGAIN)
            return POLLIN;
          if (n < 0)
            {
              set_reason (reason, reason_size, _("could not read the reply: %s"),
                          g_strerror (errno));
              call->phase = PHASE_DONE;
              return 0;
            }
          if (n == 0)
            break;
          if (call->received + n <= call->expected)
            call->intact &= px_payload_verify (buf, n, &call->check_state, call->received);
          call->received += n;
        }
      call->phase = PHASE_DONE;
      if (call->received != call->expected)
        set_reason (reason, reason_size,
                    _("the reply had %u bytes, not the %u asked for"),
                    (guint)MIN (call->received, G_MAXUINT), (guint)call->expected);
      else if (!call->intact)
        set_reason (reason, reason_size, _("the reply was not the task's data"));
      else
        *ok = TRUE;
    }

  return 0;
}

void
px_net_call_clear (PxNetCall *call)
{
  if (call->fd >= 0)
    close (call->fd);
  call->fd = -1;
}

/**
 * px_net_request:
 * @stop: called between waits of at most POLL_SLICE_MS: %TRUE ends the
 *   request (a cancel, a timeout), with no reason given
 * @connect_us: (out): how long the connect took
 * @bytes: (out): the bytes the request moved, both ways
 *
 * Makes task @task_id's request and reads the reply, blocking.
 */
gboolean
px_net_request (guint16        port,
                const PxSpec  *spec,
                guint32        task_id,
                PxNetStopFunc  stop,
                gpointer       user_data,
                gint64        *connect_us,
                guint64       *bytes,
                char          *reason,
                gsize          reason_size)
{
  PxNetCall call;
  gboolean ok = FALSE;
  guint events;

  *connect_us = 0;
  *bytes = 0;
  if (!px_net_call_start (&call, port, spec, task_id, reason, reason_size))
    return FALSE;

  while ((events = px_net_call_step (&call, &ok, reason, reason_size)) != 0)
    {
      struct pollfd pfd = { call.fd, (short)events, 0 };

      if (stop != NULL && stop (user_data))
        break;
      if (poll (&pfd, 1, POLL_SLICE_MS) < 0 && errno != EINTR)
        {
          set_reason (reason, reason_size, _("could not wait for the server: %s"),
                      g_strerror (errno));
          break;
        }
    }
  if (call.connected_us > 0)
    *connect_us = call.connected_us - call.start_us;
  *bytes = call.sent + call.received;
  px_net_call_clear (&call);
  return ok;
}
