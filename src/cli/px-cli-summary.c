/* px-cli-summary.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `parallax run` prints when a run ends: the workload, every
 * figure of the summary's table, the run's events, a line per worker,
 * and the repetitions' statistics; labels padded by display width, so
 * translated ones line up too.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-cli-private.h"
#include "px-summary.h"

#define LABEL_COLUMNS 25

/* @text padded with spaces to @columns columns of a terminal: CJK
 * characters take two, so printf's byte-counted "%-13s" would misalign
 * translated labels. The result is kept until the eighth call after. */
static const char *
pad_label (const char *text)
{
  static char buffers[8][128];
  static guint next;
  char *buffer = buffers[next++ % G_N_ELEMENTS (buffers)];
  gsize used = g_strlcpy (buffer, text, sizeof buffers[0] - 16);
  int columns = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  for (; columns < LABEL_COLUMNS && used + 1 < sizeof buffers[0]; columns++)
    buffer[used++] = ' ';
  buffer[used] = '\0';
  return buffer;
}

void
_px_cli_print_summary (PxRun      *run,
                       const char *path)
{
  const PxSpec *spec = px_run_get_spec (run);
  g_autofree char *chunks = px_run_dup_chunk_size_text (run);
  g_auto(GStrv) events = px_run_dup_events (run);
  const PxFigure *figures;
  guint n_figures;
  PxSummary s;

  px_summary_compute (run, &s);

  g_print (_("%-13s %s (%s)\n"), pad_label (_("Profile")),
           spec->name && spec->name[0] ? spec->name : "-", path);
  g_print (_("%-13s %s, %u workers, kind %s, spawn %s, chunk size %s\n"), pad_label (_("Executor")),
           px_executor_kind_name (spec->executor), spec->workers,
           px_task_kind_name (spec->kind), spec->spawn == PX_SPAWN_POOL ? "pool" : "per-task",
           chunks);
  /* Jobs are timed, not sized by calibrated iterations. */
  if (spec->kind != PX_KIND_COMMAND)
    g_print (_("%-13s %.0f iterations/ms\n"), pad_label (_("Calibration")),
             px_run_get_calibration (run));
  figures = px_summary_get_figures (&n_figures);
  for (guint i = 0; i < n_figures; i++)
    {
      g_autofree char *value = px_figure_format (&figures[i], figures[i].value (&s));

      g_print ("%s %s\n", pad_label (_(figures[i].label)), value);
    }
  {
    g_autofree char *reading = px_summary_dup_efficiency_reading (&s);

    if (reading != NULL)
      g_print ("%s\n", reading);
  }
  {
    g_autofree char *loops = px_run_dup_loop_reading (run);
    g_autofree char *net = px_run_dup_net_reading (run);
    g_autofree char *signal = px_run_dup_signal_reading (run);

    if (loops != NULL)
      g_print ("%s\n", loops);
    if (net != NULL)
      g_print ("%s\n", net);
    if (signal != NULL)
      g_print ("%s\n", signal);
  }
  if (spec->kind == PX_KIND_SHARED_UPDATE)
    {
      g_autofree char *updates = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  px_run_get_shared_value (run));
      g_print (_("%-13s %s updates made to the shared state\n"), pad_label (_("Shared state")),
               updates);
    }
  for (guint i = 0; events[i]; i++)
    g_print ("  ! %s\n", events[i]);

  g_print ("\n%s%s\n", _("Worker  pid/tid    tasks  failed  CPU time    busy     util  lock wait  IO wait    restarts"),
           /* Translators: a column of the table of workers, after "restarts" */
           spec->launcher == PX_LAUNCHER_SSH ? _("  host") : "");
  for (guint i = 0; i < px_run_get_n_workers (run); i++)
    {
      PxWorkerSnapshot w;
      g_autofree char *busy = NULL;
      g_autofree char *lock = NULL;
      g_autofree char *io = NULL;
      g_autofree char *cpu = NULL;

      px_run_get_worker (run, i, &w);
      busy = px_format_duration (w.busy_us);
      lock = px_format_duration (w.lock_wait_us);
      io = px_format_duration (w.io_wait_us);
      cpu = px_format_duration (w.cpu_ns / 1000.0);
      g_print ("%6u  %-9d  %5" G_GUINT64_FORMAT "  %6" G_GUINT64_FORMAT "  %-10s  %-8s %3.0f%%  %-10s %-10s %u",
               i, spec->executor == PX_EXECUTOR_PROCESSES ? w.pid : w.tid,
               w.tasks_done, w.tasks_failed, cpu, busy,
               s.wall_us > 0 ? 100.0 * w.busy_us / s.wall_us : 0.0, lock, io, w.restarts);
      /* launcher=ssh: where it ran, ":" for this machine. */
      if (spec->launcher == PX_LAUNCHER_SSH)
        {
          g_autofree char *host = px_run_dup_worker_host (run, i);

          /* After restarts, as wide as its heading. */
          g_print ("%*s%s", w.restarts < 10 ? 9 : w.restarts < 100 ? 8 : 7, "",
                   host != NULL ? host : ":");
        }
      g_print ("\n");
    }

  {
    guint shown = 0;
    guint n;
    const PxTaskRecord *records = px_run_get_records (run, &n);

    for (guint i = 0; i < n && shown < 10; i++)
      {
        if (records[i].status == PX_TASK_FAILED)
          {
            g_autofree char *reason = px_run_dup_failure_reason (run, i);
            if (shown++ == 0)
              g_print ("\n%s\n", _("Failed tasks:"));
            g_print (_("  task %u (attempt %u, worker %u): %s\n"), i, records[i].attempt + 1,
                     records[i].worker, reason ? reason : "?");
          }
      }
  }
}

void
_px_cli_print_repetitions (const PxRepetitions *reps)
{
  g_print ("\n");
  if (reps->warmup > 0)
    g_print (ngettext ("%u measured runs after %u warm-up run:\n",
                       "%u measured runs after %u warm-up runs:\n", reps->warmup),
             reps->n, reps->warmup);
  else
    g_print (_("%u measured runs:\n"), reps->n);
  g_print (_("  wall time   %.3f ± %.3f s (%.3f … %.3f s)\n"), reps->wall_stats.mean,
           reps->wall_stats.stddev, reps->wall_stats.min, reps->wall_stats.max);
  g_print (_("  throughput  %.1f ± %.1f tasks/s\n"), reps->throughput_stats.mean,
           reps->throughput_stats.stddev);
  g_print (_("  task p50    %.3f ± %.3f ms\n"), reps->p50_stats.mean, reps->p50_stats.stddev);
  for (guint i = 0; i < reps->n; i++)
    g_print (_("  run %u: %.3f s, %.1f tasks/s%s\n"), i + 1, reps->wall_s[i], reps->throughput[i],
             reps->outlier[i] ? _("  (outlier)") : "");
}
