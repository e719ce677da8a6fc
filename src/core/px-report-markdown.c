/* px-report-markdown.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Markdown report: the settings, the summary figures, the task-time
 * and queue-wait distributions, workers, repetitions and events.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-report-private.h"

void
_px_report_write_markdown (Out                 *out,
                           PxRun               *run,
                           PxSampler           *sampler,
                           const PxRepetitions *reps,
                           const PxSummary     *s)
{
  const PxSpec *spec = px_run_get_spec (run);
  g_autofree char *chunks = px_run_dup_chunk_size_text (run);
  g_auto(GStrv) events = px_run_dup_events (run);
  const PxFigure *figures;
  guint n_figures;
  const PxStats *st[2] = { &s->run_us, &s->wait_us };
  const char *names[2] = { _("Task time"), _("Queue wait") };

  out_printf (out, "# %s\n\n", spec->name && spec->name[0] ? spec->name : _("Parallax run"));
  if (spec->description && spec->description[0])
    out_printf (out, "%s\n\n", spec->description);

  out_printf (out, "| %s | %s |\n|---|---|\n", _("Setting"), _("Value"));
  out_printf (out, "| %s | %s, %u %s |\n", _("Executor"), px_executor_kind_name (spec->executor),
              spec->workers, _("workers"));
  out_printf (out, "| %s | %s, %u %s, chunk-size %s, spawn %s%s |\n", _("Workload"),
              px_task_kind_name (spec->kind), spec->tasks, _("tasks"), chunks,
              spec->spawn == PX_SPAWN_POOL ? "pool" : "per-task", spec->gil ? ", gil" : "");
  out_printf (out, "| %s | %.0f %s |\n\n", _("Calibration"), px_run_get_calibration (run),
              _("iterations/ms"));

  out_printf (out, "## %s\n\n| %s | %s |\n|---|---|\n", _("Summary"), _("Measure"), _("Value"));
  figures = px_summary_get_figures (&n_figures);
  for (guint i = 0; i < n_figures; i++)
    {
      g_autofree char *value = px_figure_format (&figures[i], figures[i].value (s));

      out_printf (out, "| %s | %s |\n", _(figures[i].label), value);
    }
  if (sampler && isfinite (px_sampler_get_mean_waiting (sampler)))
    out_printf (out, "| %s | %.2f / %.2f |\n",
                _("Little's law: mean tasks waiting (sampled) / throughput × mean queue wait"),
                px_sampler_get_mean_waiting (sampler), s->throughput * s->wait_us.mean / 1e6);
  out_str (out, "\n");
  {
    g_autofree char *reading = px_summary_dup_efficiency_reading (s);

    if (reading != NULL)
      out_printf (out, "%s\n\n", reading);
  }
  {
    g_autofree char *loops = px_run_dup_loop_reading (run);
    g_autofree char *net = px_run_dup_net_reading (run);
    g_autofree char *signal = px_run_dup_signal_reading (run);

    if (loops != NULL)
      out_printf (out, "%s\n\n", loops);
    if (net != NULL)
      out_printf (out, "%s\n\n", net);
    if (signal != NULL)
      out_printf (out, "%s\n\n", signal);
  }

  out_printf (out, "| | mean | stddev | min | p50 | p95 | p99 | max |\n"
                   "|---|---|---|---|---|---|---|---|\n");
  for (guint i = 0; i < 2; i++)
    {
      double v[7] = { st[i]->mean, st[i]->stddev, st[i]->min, st[i]->p50, st[i]->p95,
                      st[i]->p99, st[i]->max };
      out_printf (out, "| %s |", names[i]);
      for (guint k = 0; k < 7; k++)
        {
          g_autofree char *d = px_format_duration (v[k]);
          out_printf (out, " %s |", d);
        }
      out_str (out, "\n");
    }

  out_printf (out, "\n## %s\n\n| # | pid/tid | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
              _("Workers"), _("tasks"), _("failed"), _("CPU time"), _("utilisation"),
              _("compute"), _("lock wait"), _("IO wait"), _("IPC"), _("signal wait"));
  /* launcher=ssh: where each ran. */
  if (spec->launcher != PX_LAUNCHER_LOCAL)
    out_printf (out, " %s |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n", _("host"));
  else
    out_str (out, "\n|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (guint i = 0; i < px_run_get_n_workers (run); i++)
    {
      PxWorkerSnapshot w;
      g_autofree char *cpu = NULL;
      g_autofree char *comp = NULL;
      g_autofree char *lock = NULL;
      g_autofree char *io = NULL;
      g_autofree char *ipc = NULL;
      g_autofree char *signal = NULL;
      g_autofree char *host = NULL;

      px_run_get_worker (run, i, &w);
      cpu = px_format_duration (w.cpu_ns / 1000.0);
      comp = px_format_duration (w.time_us[PX_WORKER_COMPUTING]);
      lock = px_format_duration (w.time_us[PX_WORKER_LOCK_WAIT]);
      io = px_format_duration (w.time_us[PX_WORKER_IO_WAIT]);
      ipc = px_format_duration (w.time_us[PX_WORKER_IPC]);
      signal = px_format_duration (w.time_us[PX_WORKER_SIGNAL_WAIT]);
      host = _px_report_dup_worker_host (run, i);
      out_printf (out, "| %u | %d | %" G_GUINT64_FORMAT " | %" G_GUINT64_FORMAT
                       " | %s | %.0f %% | %s | %s | %s | %s | %s |",
                  i, spec->executor == PX_EXECUTOR_PROCESSES ? w.pid : w.tid, w.tasks_done,
                  w.tasks_failed, cpu, s->wall_us ? 100.0 * w.busy_us / s->wall_us : 0,
                  comp, lock, io, ipc, signal);
      if (host != NULL)
        out_printf (out, " %s |", host);
      out_str (out, "\n");
    }

  if (reps != NULL && reps->n > 1)
    {
      out_printf (out, "\n## %s\n\n", _("Repetitions"));
      out_printf (out, _("%u measured runs (after %u warm-up): wall time %.3f ± %.3f s "
                         "(%.3f … %.3f s), throughput %.1f ± %.1f tasks/s.\n\n"),
                  reps->n, reps->warmup, reps->wall_stats.mean, reps->wall_stats.stddev,
                  reps->wall_stats.min, reps->wall_stats.max,
                  reps->throughput_stats.mean, reps->throughput_stats.stddev);
      out_printf (out, "| # | %s | %s | p50 | |\n|---|---|---|---|---|\n", _("wall time"),
                  _("throughput"));
      for (guint i = 0; i < reps->n; i++)
        out_printf (out, "| %u | %.3f s | %.1f | %.2f ms | %s |\n", i + 1, reps->wall_s[i],
                    reps->throughput[i], reps->p50_ms[i], reps->outlier[i] ? _("outlier") : "");
    }

  if (events[0] != NULL)
    {
      out_printf (out, "\n## %s\n\n", _("Events"));
      for (guint i = 0; events[i]; i++)
        out_printf (out, "- %s\n", events[i]);
    }
}
