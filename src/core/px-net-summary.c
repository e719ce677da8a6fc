/* px-net-summary.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kind=net's own figures: how long connects and replies took, what the
 * requests moved, and how long the server's queue grew.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-summary.h"

/**
 * px_net_summary_compute:
 *
 * Returns: FALSE for a run of another kind
 */
gboolean
px_net_summary_compute (PxRun        *run,
                        PxNetSummary *summary)
{
  const guint32 *connects = px_run_get_connect_times (run);
  const PxTaskRecord *records;
  g_autofree double *connect_us = NULL;
  g_autofree double *reply_us = NULL;
  guint n_records, n = 0;

  memset (summary, 0, sizeof *summary);
  if (connects == NULL || !px_run_get_net_stats (run, &summary->server, &summary->bytes))
    return FALSE;

  records = px_run_get_records (run, &n_records);
  connect_us = g_new (double, MAX (n_records, 1));
  reply_us = g_new (double, MAX (n_records, 1));
  for (guint i = 0; i < n_records; i++)
    {
      if (records[i].status != PX_TASK_DONE)
        continue;
      connect_us[n] = connects[i];
      /* The request's wait is its connect, then its reply. */
      reply_us[n] = MAX ((double)records[i].io_wait_us - connects[i], 0);
      n++;
    }
  summary->requests = n;
  px_stats_compute (connect_us, n, &summary->connect_us);
  px_stats_compute (reply_us, n, &summary->reply_us);
  return TRUE;
}

/**
 * px_run_dup_net_reading:
 *
 * For a run of kind=net, its requests in a line: "Requests: connect
 * 48 µs (p95 90 µs), reply 20.12 ms (p95 20.40 ms); 820.0 kB moved;
 * server queue at most 12"; NULL for other runs.
 */
char *
px_run_dup_net_reading (PxRun *run)
{
  PxNetSummary s;
  g_autofree char *connect = NULL;
  g_autofree char *connect95 = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *reply95 = NULL;
  g_autofree char *bytes = NULL;

  if (!px_net_summary_compute (run, &s))
    return NULL;
  connect = px_format_duration (s.connect_us.p50);
  connect95 = px_format_duration (s.connect_us.p95);
  reply = px_format_duration (s.reply_us.p50);
  reply95 = px_format_duration (s.reply_us.p95);
  bytes = g_format_size (s.bytes);
  /* Translators: medians and 95th percentiles of the tasks' requests to
   * the loopback server, the bytes they moved, and the longest the
   * server's queue grew (requests waiting for one of its slots) */
  return g_strdup_printf (_("Requests: connect %s (p95 %s), reply %s (p95 %s); %s moved; server "
                            "queue at most %u"), connect, connect95, reply, reply95, bytes,
                          s.server.queued_max);
}
