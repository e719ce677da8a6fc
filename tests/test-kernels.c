/* test-kernels.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "px-kernels.h"
#include "px-profile.h"
#include "px-protocol.h"
#include "px-queue.h"
#include "px-summary.h"
#include "px-test-helpers.h"
#include "px-sync.h"

static void
default_spec (PxSpec *spec)
{
  g_autoptr(PxProfile) profile = px_profile_new ();

  px_spec_copy (spec, px_profile_get_spec (profile));
}

static void
test_cpu_jump_matches_compute (void)
{
  guint64 counts[] = { 0, 1, 2, 3, 1000, 65536, 123457 };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      guint64 seed = px_task_seed (42, i);
      g_assert_cmphex (px_cpu_compute (seed, counts[i]), ==, px_cpu_jump (seed, counts[i]));
    }
  g_assert_cmphex (px_cpu_compute (7, 1000), !=, px_cpu_compute (7, 1001));
}

static void
test_payload (void)
{
  guint8 buf[1001];

  px_payload_fill (buf, sizeof buf, 3, 9);
  g_assert_false (px_payload_check (buf, sizeof buf, 3, 9));
  px_payload_transform (buf, sizeof buf);
  g_assert_true (px_payload_check (buf, sizeof buf, 3, 9));
  g_assert_false (px_payload_check (buf, sizeof buf, 3, 10));
  buf[500] ^= 1;
  g_assert_false (px_payload_check (buf, sizeof buf, 3, 9));
}

static void
test_jitter (void)
{
  PxSpec spec;
  double sum = 0;
  guint64 lo = G_MAXUINT64, hi = 0;

  default_spec (&spec);
  spec.task_iterations = 10000;

  g_assert_cmpuint (px_task_amount (&spec, 1, 5), ==, 10000);

  spec.jitter = PX_JITTER_UNIFORM;
  for (guint i = 0; i < 10000; i++)
    {
      guint64 a = px_task_amount (&spec, 1, i);
      g_assert_cmpuint (a, ==, px_task_amount (&spec, 1, i));
      lo = MIN (lo, a);
      hi = MAX (hi, a);
      sum += a;
    }
  g_assert_cmpuint (lo, >=, 5000);
  g_assert_cmpuint (hi, <=, 15000);
  g_assert_cmpfloat (fabs (sum / 10000 - 10000), <, 200);

  spec.jitter = PX_JITTER_EXPONENTIAL;
  sum = 0;
  for (guint i = 0; i < 10000; i++)
    sum += px_task_amount (&spec, 1, i);
  g_assert_cmpfloat (fabs (sum / 10000 - 10000), <, 500);

  px_spec_clear (&spec);
}

static void
run_kind (PxTaskKind kind)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("px-kernel-XXXXXX", &error);
  g_autoptr(PxSync) sync = px_sync_new (1, FALSE, &error);
  PxKernelContext ctx = { 0 };
  PxSpec spec;

  g_assert_no_error (error);
  default_spec (&spec);
  spec.kind = kind;
  spec.task_ms = 1;
  spec.file_bytes = 100000;
  spec.memory_bytes = 100000;

  ctx.spec = &spec;
  ctx.iters_per_ms = 10000;
  ctx.sync = sync;
  ctx.tmpdir = tmpdir;

  for (guint32 id = 0; id < 5; id++)
    {
      PxTaskOutcome out;
      PxTaskStatus status = px_kernel_run (&ctx, id, &out);

      g_assert_cmpint (status, ==, PX_TASK_DONE);
      g_assert_cmphex (out.result, ==, px_task_expected_result (&spec, ctx.iters_per_ms, id));
      if (kind == PX_KIND_SLEEP || kind == PX_KIND_FILE_IO)
        g_assert_cmpint (out.io_wait_us, >, 0);
    }

  if (kind == PX_KIND_SHARED_UPDATE)
    g_assert_cmpint (px_sync_get_shared (sync), ==, 5 * spec.updates);

  /* file-io removes its files; the folder must be empty. */
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);

  px_kernel_context_clear (&ctx);
  px_spec_clear (&spec);
}

static void
test_kinds (void)
{
  for (PxTaskKind k = PX_KIND_CPU; k <= PX_KIND_SHARED_UPDATE; k++)
    {
      g_test_message ("kind %s", px_task_kind_name (k));
      run_kind (k);
    }
}

static void
test_file_io_error (void)
{
  PxKernelContext ctx = { 0 };
  PxTaskOutcome out;
  PxSpec spec;

  default_spec (&spec);
  spec.kind = PX_KIND_FILE_IO;
  spec.file_bytes = 10;
  ctx.spec = &spec;
  ctx.tmpdir = "/nonexistent-folder";

  g_assert_cmpint (px_kernel_run (&ctx, 1, &out), ==, PX_TASK_FAILED);
  g_assert_nonnull (strstr (out.reason, "open"));
  px_spec_clear (&spec);
}

typedef struct
{
  PxSync *sync;
  guint   worker;
  gint64  waited;
  int     tid;
} BarrierArg;

static gpointer
barrier_thread (gpointer data)
{
  BarrierArg *arg = data;

  g_atomic_int_set (&arg->tid, gettid ());
  arg->waited = px_sync_barrier_arrive (arg->sync, arg->worker);
  return NULL;
}

static void
test_barrier (void)
{
  g_autoptr(PxSync) sync = px_sync_new (1, TRUE, NULL);
  BarrierArg arg = { sync, 0, 0, 0 };
  GThread *thread;

  px_sync_barrier_join (sync, 0);
  px_sync_barrier_join (sync, 1);
  thread = g_thread_new ("barrier", barrier_thread, &arg);
  /* Arrived, and waiting for the other worker. */
  while (g_atomic_int_get (&arg.tid) == 0)
    g_usleep (1000);
  px_test_wait_asleep (arg.tid);
  g_usleep (50000);
  /* Worker 1 has not arrived: worker 0 still waits. */
  g_assert_cmpuint (px_sync_get_barrier_generation (sync), ==, 0);
  /* Worker 1 goes idle: the barrier must open rather than hang. */
  px_sync_barrier_leave (sync, 1);
  g_thread_join (thread);
  g_assert_cmpuint (px_sync_get_barrier_generation (sync), ==, 1);
  g_assert_cmpint (arg.waited, >=, 40000);
}

static void
test_queue_bounded (void)
{
  PxQueue *queue = px_queue_new (10, 3);
  guint32 ids[8];
  guint n;

  g_assert_true (px_queue_produce (queue, 3));
  g_assert_cmpuint (px_queue_get_depth (queue), ==, 3);
  g_assert_cmpint (px_queue_claim (queue, 2, ids, &n, FALSE), ==, PX_CLAIM_GOT);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (ids[0], ==, 0);
  g_assert_cmpuint (ids[1], ==, 1);
  g_assert_cmpuint (px_queue_get_depth (queue), ==, 1);
  px_queue_retry (queue, 1);
  g_assert_cmpuint (px_queue_get_depth (queue), ==, 2);
  g_assert_cmpint (px_queue_claim (queue, 8, ids, &n, FALSE), ==, PX_CLAIM_GOT);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (ids[0], ==, 1);
  g_assert_cmpint (px_queue_claim (queue, 8, ids, &n, FALSE), ==, PX_CLAIM_GOT);
  g_assert_cmpuint (ids[0], ==, 2);
  g_assert_cmpint (px_queue_claim (queue, 8, ids, &n, FALSE), ==, PX_CLAIM_EMPTY);
  px_queue_finished (queue, 3);
  g_assert_true (px_queue_produce (queue, 1));
  g_assert_cmpint (px_queue_claim (queue, 8, ids, &n, FALSE), ==, PX_CLAIM_GOT);
  g_assert_cmpuint (ids[0], ==, 3);
  px_queue_close (queue);
  g_assert_cmpint (px_queue_claim (queue, 8, ids, &n, TRUE), ==, PX_CLAIM_DONE);
  px_queue_free (queue);
}

static void
test_protocol_parse (void)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  gsize frame = px_frame_begin (buf, PX_MSG_UPDATE);
  PxMsgType type;
  PxReader body;
  guint8 junk[16] = { 0xde, 0xad, 0xbe, 0xef, 0x99, 0, 0, 0 };

  px_put_u64 (buf, 12345);
  px_frame_end (buf, frame);

  g_assert_cmpint (px_frame_parse (buf->data, 5, &type, &body), ==, 0);
  g_assert_cmpint (px_frame_parse (buf->data, buf->len, &type, &body), ==, buf->len);
  g_assert_cmpint (type, ==, PX_MSG_UPDATE);
  g_assert_cmpuint (px_get_u64 (&body), ==, 12345);
  g_assert_true (body.ok);
  px_get_u32 (&body);
  g_assert_false (body.ok);

  g_assert_cmpint (px_frame_parse (junk, sizeof junk, &type, &body), ==, -1);
}

static void
test_stats (void)
{
  double values[100];
  PxStats s;

  for (guint i = 0; i < 100; i++)
    values[99 - i] = i + 1;
  px_stats_compute (values, 100, &s);
  g_assert_cmpfloat_with_epsilon (s.mean, 50.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.min, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.max, 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.p50, 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.p95, 95, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.p99, 99, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.stddev, 29.011, 1e-3);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The percentiles found by selection are the nearest ranks of the sorted
 * values, for any size and however many values are equal (empty tasks
 * take 0, 1 or 2 µs), in order or not. */
static void
test_stats_selection (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const guint sizes[] = { 1, 2, 3, 7, 100, 101, 1000, 65537 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint kind = 0; kind < 4; kind++)
      {
        guint n = sizes[s];
        g_autofree double *values = g_new (double, n);
        g_autofree double *sorted = g_new (double, n);
        PxStats st;

        for (guint i = 0; i < n; i++)
          values[i] = kind == 0   ? g_rand_double (rand)
                      : kind == 1 ? g_rand_int_range (rand, 0, 3)
                      : kind == 2 ? (double)i
                                  : (double)(n - i) * (i % 2 ? 1 : -1);
        memcpy (sorted, values, n * sizeof (double));
        qsort (sorted, n, sizeof (double), compare_doubles);
        px_stats_compute (values, n, &st);
        g_assert_cmpfloat (st.min, ==, sorted[0]);
        g_assert_cmpfloat (st.max, ==, sorted[n - 1]);
        g_assert_cmpfloat (st.p50, ==, sorted[(guint)ceil (0.50 * n) - 1]);
        g_assert_cmpfloat (st.p95, ==, sorted[(guint)ceil (0.95 * n) - 1]);
        g_assert_cmpfloat (st.p99, ==, sorted[(guint)ceil (0.99 * n) - 1]);
      }
}

static void
test_calibrate (void)
{
  double rate = px_kernels_calibrate ();

  g_assert_cmpfloat (rate, >, 1000);
}

/* A worker process killed in the middle of a write leaves its sequence
 * odd: readers must not wait on it for ever, and recovery repairs it. */
static void
test_live_torn_write (void)
{
  g_autoptr(PxSync) sync = px_sync_new (1, FALSE, NULL);
  PxWorkerLive *live = px_sync_get_live (sync, 0);
  PxLiveReading reading;

  px_live_start (live);
  __atomic_store_n (&live->seq, 7, __ATOMIC_RELEASE);
  px_live_read (live, g_get_monotonic_time (), &reading);
  g_assert_true (px_sync_recover_worker (sync, 0, G_USEC_PER_SEC));
  g_assert_cmpuint (__atomic_load_n (&live->seq, __ATOMIC_ACQUIRE) % 2, ==, 0);
  px_live_enter (live, PX_WORKER_COMPUTING);
  px_live_read (live, g_get_monotonic_time (), &reading);
  g_assert_cmpint (reading.state, ==, PX_WORKER_COMPUTING);
}

/* The shared value may be updated by a worker process with any delta:
 * it wraps, and is never a signed overflow. */
static void
test_shared_add_wraps (void)
{
  g_autoptr(PxSync) sync = px_sync_new (1, FALSE, NULL);

  g_assert_cmpint (px_sync_shared_add (sync, 0, G_MAXINT64, NULL), ==, G_MAXINT64);
  g_assert_cmpint (px_sync_shared_add (sync, 0, 1, NULL), ==, G_MININT64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/kernels/cpu-jump", test_cpu_jump_matches_compute);
  g_test_add_func ("/px/kernels/payload", test_payload);
  g_test_add_func ("/px/kernels/jitter", test_jitter);
  g_test_add_func ("/px/kernels/kinds", test_kinds);
  g_test_add_func ("/px/kernels/file-io-error", test_file_io_error);
  g_test_add_func ("/px/kernels/barrier", test_barrier);
  g_test_add_func ("/px/kernels/calibrate", test_calibrate);
  g_test_add_func ("/px/queue/bounded", test_queue_bounded);
  g_test_add_func ("/px/protocol/parse", test_protocol_parse);
  g_test_add_func ("/px/summary/stats", test_stats);
  g_test_add_func ("/px/summary/stats-selection", test_stats_selection);
  g_test_add_func ("/px/sync/live-torn-write", test_live_torn_write);
  g_test_add_func ("/px/sync/shared-add-wraps", test_shared_add_wraps);

  return g_test_run ();
}
