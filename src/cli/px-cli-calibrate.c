/* px-cli-calibrate.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * parallax calibrate: the smallest task worth parallelising on this
 * machine, each way of running tasks. Progress on standard error, then
 * the efficiency at each task size and, for each way, its per-task
 * overhead and the size from which it reaches 90 % efficiency. The
 * result is kept for this machine (the editor and "parallax run" warn
 * of tasks below it) unless --no-save; Ctrl-C stops and keeps nothing.
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>

#include "px-calibrate.h"
#include "px-cli.h"
#include "px-cli-private.h"
#include "px-report.h"
#include "px-sweep.h"

typedef struct
{
  PxCalibration *calibration;
  GMainLoop     *loop;
  GError        *error;
  guint          step;
  gboolean       quiet;
} CalibrateState;

static void
step_started_cb (PxCalibration  *calibration,
                 guint           config,
                 guint           index,
                 CalibrateState *state)
{
  guint n_sizes;
  const double *sizes = px_calibration_get_sizes (calibration, &n_sizes);

  state->step++;
  if (!state->quiet)
    /* Translators: calibration's progress: the step, how many, the way
     * of running, the task size in µs */
    g_printerr (_("%u of %u: %s, tasks of %g µs\n"), state->step,
                px_calibration_get_n_steps (calibration), px_calibrate_config_label (config),
                sizes[index]);
}

static void
ran_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  CalibrateState *state = user_data;

  px_calibration_run_finish (PX_CALIBRATION (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
interrupt_cb (gpointer data)
{
  CalibrateState *state = data;

  g_printerr (_("Stopping the calibration; nothing is kept…\n"));
  px_calibration_stop (state->calibration);
  return G_SOURCE_CONTINUE;
}

/* The ways named in @text, comma-separated, as a mask. */
static gboolean
parse_ways (const char  *text,
            guint       *mask)
{
  g_auto(GStrv) names = g_strsplit (text, ",", -1);

  *mask = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      PxCalibrateConfig config;

      if (!px_calibrate_config_from_key (g_strstrip (names[i]), &config))
        {
          g_printerr (_("--ways: “%s” is not a way of running; accepted: threads, processes, "
                        "processes-chunked, spawn, commands\n"), names[i]);
          return FALSE;
        }
      *mask |= 1u << config;
    }
  return *mask != 0;
}

int
_px_cli_calibrate_main (char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_strdupv (argv);
  g_auto(GStrv) reports = NULL;
  g_autofree char *ways = NULL;
  g_autofree char *sizes_text = NULL;
  g_autoptr(PxCalibration) calibration = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *table = NULL;
  int workers = 0;
  double budget_ms = 250;
  gboolean no_save = FALSE, quiet = FALSE;
  guint mask = (1u << PX_CALIBRATE_N_CONFIGS) - 1;
  CalibrateState state = { 0 };
  guint sigint_id, sigterm_id;
  const GOptionEntry entries[] = {
    { "ways", 0, 0, G_OPTION_ARG_STRING, &ways,
      N_("The ways of running to time (default all): threads, processes, processes-chunked, "
         "spawn, commands"), N_("WAY,…") },
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text,
      N_("Task sizes in µs, a list or a range as sweep takes them (default "
         "1,3,10,30,…,100000: 1 µs to 100 ms)"), N_("VALUES") },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers,
      N_("Workers (default one per core)"), N_("N") },
    { "budget-ms", 0, 0, G_OPTION_ARG_DOUBLE, &budget_ms,
      N_("About how long each size runs (default 250)"), N_("MS") },
    { "no-save", 0, 0, G_OPTION_ARG_NONE, &no_save,
      N_("Do not keep the result for this machine"), NULL },
    { "report", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &reports,
      N_("Write the calibration (.json .csv .md); may be repeated"), N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("No progress on standard error"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— the smallest task worth parallelising on this machine"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                /* xgettext:no-c-format */
                                _("Times CPU tasks from 1 µs to 100 ms on threads, on worker "
                                  "processes (chunk-size 1, and chunked as Pool.map), with a "
                                  "process per task and with a command per task; prints each "
                                  "way's efficiency at each size, its per-task overhead and "
                                  "the size from which it reaches 90 % efficiency, and keeps "
                                  "that for this machine, where the editor and “parallax run” "
                                  "warn of smaller tasks. Run it on a quiet machine.\n\n"
                                  "  parallax calibrate\n"
                                  "  parallax calibrate --ways=threads,processes -o "
                                  "calibration.json"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr (_("%s\nRun 'parallax calibrate --help' to see the accepted options.\n"),
                  error->message);
      return PX_EXIT_BAD_INPUT;
    }
  if (args[1] == NULL || args[2] != NULL)
    {
      g_printerr (_("calibrate: takes no profile; it times its own tasks\n"));
      return PX_EXIT_BAD_INPUT;
    }
  if (ways != NULL && !parse_ways (ways, &mask))
    return PX_EXIT_BAD_INPUT;
  if (workers < 0 || workers > 256)
    {
      g_printerr (_("--workers=%d: expected a whole number from 1 to 256\n"), workers);
      return PX_EXIT_BAD_INPUT;
    }
  if (!(budget_ms >= 10 && budget_ms <= 60000))
    {
      g_printerr (_("--budget-ms=%g: expected milliseconds from 10 to 60000\n"), budget_ms);
      return PX_EXIT_BAD_INPUT;
    }
  for (guint i = 0; reports != NULL && reports[i] != NULL; i++)
    {
      PxReportFormat format;

      if (!px_report_format_from_path (reports[i], &format) ||
          (format != PX_REPORT_JSON && format != PX_REPORT_CSV && format != PX_REPORT_MARKDOWN))
        {
          g_printerr (_("%s: a calibration is written as .json, .csv or .md\n"), reports[i]);
          return PX_EXIT_BAD_INPUT;
        }
    }

  calibration = px_calibration_new (workers);
  px_calibration_set_configs (calibration, mask);
  px_calibration_set_budget_ms (calibration, budget_ms);
  if (sizes_text != NULL)
    {
      g_auto(GStrv) values = px_sweep_parse_values (sizes_text, &error);
      g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; values != NULL && values[i] != NULL; i++)
        {
          char *end = NULL;
          double v = g_ascii_strtod (values[i], &end);

          if (end == values[i] || *end != '\0' || !(v > 0 && v <= 10e6) ||
              (sizes->len > 0 && v <= g_array_index (sizes, double, sizes->len - 1)))
            {
              g_printerr (_("--sizes=%s: “%s” is not accepted; expected sizes in µs above 0 and "
                            "up to 10000000, each larger than the last\n"), sizes_text,
                          values[i]);
              return PX_EXIT_BAD_INPUT;
            }
          g_array_append_val (sizes, v);
        }
      if (values == NULL)
        {
          g_printerr ("--sizes=%s: %s\n", sizes_text, error->message);
          return PX_EXIT_BAD_INPUT;
        }
      px_calibration_set_sizes (calibration, (double *)sizes->data, sizes->len);
    }

  loop = g_main_loop_new (NULL, FALSE);
  state.calibration = calibration;
  state.loop = loop;
  state.quiet = quiet;
  g_signal_connect (calibration, "step-started", G_CALLBACK (step_started_cb), &state);
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &state);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &state);
  px_calibration_run_async (calibration, ran_cb, &state);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (state.error != NULL)
    {
      g_printerr (_("calibrate: %s\n"), state.error->message);
      g_clear_error (&state.error);
      return PX_EXIT_FAILED;
    }
  table = px_calibration_dup_table (calibration, FALSE);
  g_print ("%s", table);
  for (guint i = 0; reports != NULL && reports[i] != NULL; i++)
    if (!px_calibration_write (calibration, reports[i], &error))
      {
        g_printerr ("%s\n", error->message);
        return PX_EXIT_FAILED;
      }
  if (px_calibration_get_stopped (calibration))
    return PX_EXIT_FAILED;
  if (!no_save)
    {
      g_autofree char *path = px_calibration_dup_cache_path ();

      if (!px_calibration_save (calibration, &error))
        {
          g_printerr (_("The calibration could not be kept: %s\n"), error->message);
          return PX_EXIT_FAILED;
        }
      g_print (_("Kept for this machine in %s: the editor and “parallax run” warn of tasks "
                 "below these sizes.\n"), path);
    }
  return PX_EXIT_OK;
}
