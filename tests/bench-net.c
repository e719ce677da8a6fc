/* bench-net.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kind=net's requests against a minimal C client, in this same run: with
 * zero server latency, REQUESTS requests of 1 KiB replies on two thread
 * workers, against two threads that each connect, send the request, read
 * the reply to its end and close, in a plain loop, to a server of the
 * same code and settings (px_net_server_new, as a run starts its own).
 * Subject and baseline alternate, five rounds, medians judged (target:
 * Parallax's throughput ≥ 0.8× the plain loop's). Every figure is
 * printed, even after a miss. `meson test -C _build --benchmark -v
 * bench-net`.
 */

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "px-net.h"
#include "px-bench.h"
#include "px-test-helpers.h"

#define REQUESTS 4000
#define THREADS 2
#define RESPONSE_BYTES 1024
#define ROUNDS 5
#define TARGET_RATIO 0.8
#define NET_MAGIC 0x4e585850u

static void
net_spec (PxSpec *spec)
{
  px_test_spec (spec, PX_EXECUTOR_THREADS, PX_KIND_NET, THREADS, REQUESTS, 0);
  spec->server_latency_ms = 0;
  spec->response_bytes = RESPONSE_BYTES;
}

/* Requests per second of a run of kind=net on THREADS thread workers. */
static double
run_parallax (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;
  PxRunCounters c;
  PxSpec spec;

  net_spec (&spec);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, REQUESTS);
  return REQUESTS / (c.elapsed_us / 1e6);
}

typedef struct
{
  guint16 port;
  guint   first;
  guint   count;
  guint64 bytes;
} Client;

/* The plain loop: connect, send, read to the end, close. */
static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  struct sockaddr_in addr = { 0 };
  guint8 buf[64 * 1024];

  addr.sin_family = AF_INET;
  addr.sin_port = g_htons (client->port);
  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  for (guint i = 0; i < client->count; i++)
    {
      guint32 request[2] = { GUINT32_TO_LE (client->first + i), GUINT32_TO_LE (NET_MAGIC) };
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      gsize got = 0;
      ssize_t r;

      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (connect (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
      g_assert_cmpint (write (fd, request, sizeof request), ==, sizeof request);
      while ((r = read (fd, buf, sizeof buf)) > 0 || (r < 0 && errno == EINTR))
        got += MAX (r, 0);
      close (fd);
      g_assert_cmpuint (got, ==, RESPONSE_BYTES);
      client->bytes += got;
    }
  return NULL;
}

/* Requests per second of THREADS plain loops against a server like a
 * run's. */
static double
run_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxNetServer) server = NULL;
  Client clients[THREADS];
  GThread *threads[THREADS];
  gint64 start, end;
  PxNetStats stats;
  PxSpec spec;

  net_spec (&spec);
  server = px_net_server_new (&spec, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  for (guint t = 0; t < THREADS; t++)
    {
      clients[t] = (Client) { px_net_server_get_port (server), t * (REQUESTS / THREADS),
                              REQUESTS / THREADS, 0 };
      threads[t] = g_thread_new ("client", client_thread, &clients[t]);
    }
  for (guint t = 0; t < THREADS; t++)
    g_thread_join (threads[t]);
  end = g_get_monotonic_time ();
  px_net_server_read (server, &stats);
  g_assert_cmpuint (stats.served, ==, REQUESTS);
  g_clear_pointer (&server, px_net_server_free);
  px_spec_clear (&spec);
  return REQUESTS / ((end - start) / 1e6);
}

static void
bench_net (void)
{
  double ours[ROUNDS], plain[ROUNDS];
  double ours_median, plain_median;

  for (int round = 0; round < ROUNDS; round++)
    {
      /* The order turns each round, so neither always runs first. */
      if (round % 2 == 0)
        {
          ours[round] = run_parallax ();
          plain[round] = run_plain ();
        }
      else
        {
          plain[round] = run_plain ();
          ours[round] = run_parallax ();
        }
      g_test_message ("round %d: kind=net %.0f requests/s, plain C loop %.0f requests/s",
                      round, ours[round], plain[round]);
    }
  ours_median = px_test_median (ours, ROUNDS);
  plain_median = px_test_median (plain, ROUNDS);
  g_test_message ("%d requests of %d-byte replies, zero latency, %d threads, medians of %d "
                  "interleaved rounds: kind=net %.0f requests/s, a plain C client loop %.0f "
                  "requests/s: %.2fx (target >= %.1fx)", REQUESTS, RESPONSE_BYTES, THREADS,
                  ROUNDS, ours_median, plain_median, ours_median / plain_median, TARGET_RATIO);
  {
    g_autofree char *ours_text = g_strdup_printf ("%.0f requests/s", ours_median);
    g_autofree char *base = g_strdup_printf ("plain C client %.0f requests/s", plain_median);
    g_autofree char *target = g_strdup_printf ("≥ %.1fx", TARGET_RATIO);

    px_bench_target ("kind=net on loopback (ours / plain C client)", ours_text, base,
                     ours_median / plain_median, target,
                     ours_median / plain_median >= TARGET_RATIO);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/bench/net/plain-client", bench_net);

  return g_test_run ();
}
