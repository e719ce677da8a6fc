/* px-cli-runs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kept runs from the command line: `parallax runs` lists them, shows
 * one, writes it again in any report format or deletes it; `run --keep`
 * keeps a run and `--compare-with` sets a kept run (or any JSON report)
 * beside the run just made, figure by figure, with hyperfine's verdict
 * when both have repetitions.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-cli.h"
#include "px-cli-private.h"
#include "px-output.h"
#include "px-profile.h"
#include "px-run-store.h"

/* The default of the window's Preferences, when its schema is not
 * installed (run from the build folder). */
#define DEFAULT_KEPT_MEGABYTES 500

guint64
_px_cli_kept_runs_limit (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL
                                      ? g_settings_schema_source_lookup (source, APP_ID, TRUE)
                                      : NULL;
  guint megabytes = DEFAULT_KEPT_MEGABYTES;

  if (schema != NULL && g_settings_schema_has_key (schema, "kept-runs-megabytes"))
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      megabytes = g_settings_get_uint (settings, "kept-runs-megabytes");
    }
  return (guint64)megabytes << 20;
}

/* A kept run's name in lists and comparisons: its id, title and date. */
static char *
describe_kept (const PxKeptRun *kept)
{
  g_autofree char *date = px_kept_run_dup_date (kept);

  return g_strdup_printf ("%s (%s, %s)", kept->id, kept->title, date);
}

/* The figures of @then and @now side by side, each change as a ratio;
 * with repetitions on both sides, ± its error and whether it is beyond
 * the noise. */
void
_px_cli_print_comparison (PxRun               *now,
                          const PxRepetitions *now_reps,
                          const char          *now_title,
                          PxRun               *then,
                          const PxRepetitions *then_reps,
                          const char          *then_title)
{
  g_auto(GStrv) differences = px_spec_dup_differences (px_run_get_spec (then),
                                                       px_run_get_spec (now));
  const PxRepetitions *a_reps = now_reps != NULL && now_reps->n > 1 ? now_reps : NULL;
  const PxRepetitions *b_reps = then_reps != NULL && then_reps->n > 1 ? then_reps : NULL;
  const PxStats *a = px_repetitions_get_stats (a_reps, "wall-time", NULL);
  const PxStats *b = px_repetitions_get_stats (b_reps, "wall-time", NULL);
  const PxFigure *figures;
  guint n_figures;
  PxSummary x, y;
  double ratio, error;
  gboolean differs;

  g_print ("\n");
  g_print (_("Compared with %s:\n"), then_title);
  if (differences[0] != NULL)
    {
      g_autofree char *list = g_strjoinv ("; ", differences);

      if (differences[1] == NULL)
        g_print (_("  These runs differ in one setting: %s.\n"), list);
      else
        g_print (_("  warning: these runs are of different workloads, so their figures differ "
                   "for more than one reason: %s.\n"), list);
    }

  px_summary_compute (now, &x);
  px_summary_compute (then, &y);
  g_print ("  %-28s %14s %14s  %s\n", _("Figure"), _("Then"), _("Now"), _("Change"));
  figures = px_summary_get_figures (&n_figures);
  for (guint i = 0; i < n_figures; i++)
    {
      const PxFigure *figure = &figures[i];
      const PxStats *sa = px_repetitions_get_stats (a_reps, figure->key, NULL);
      const PxStats *sb = px_repetitions_get_stats (b_reps, figure->key, NULL);
      double vx = figure->value (&x), vy = figure->value (&y);
      g_autofree char *then_text = px_figure_format (figure, vy);
      g_autofree char *now_text = px_figure_format (figure, vx);
      g_autofree char *change = NULL;

      if (sa != NULL && sb != NULL && px_stats_compare (sa, sb, &ratio, &error, &differs))
        change = g_strdup_printf (_("%.2f ± %.2f×%s"), ratio, error,
                                  !differs ? _(" (within the noise)")
                                  : (ratio > 1) == figure->higher_is_better ? _(" (better)")
                                                                            : _(" (worse)"));
      else if (vx > 0 && vy > 0)
        change = g_strdup_printf (_("%.2f×"), vx / vy);
      else
        change = g_strdup ("–");
      g_print ("  %-28s %14s %14s  %s\n", _(figure->label), then_text, now_text, change);
    }

  if (a != NULL && b != NULL && px_stats_compare (a, b, &ratio, &error, &differs))
    {
      if (!differs)
        g_print (_("  %s and %s took the same wall time, within the noise of their repetitions "
                   "(%.2f ± %.2f×).\n"), now_title, then_title, ratio, error);
      else if (ratio < 1)
        g_print (_("  %s ran %.2f ± %.2f times faster than %s.\n"), now_title, 1 / ratio,
                 error / (ratio * ratio), then_title);
      else
        g_print (_("  %s ran %.2f ± %.2f times slower than %s.\n"), now_title, ratio, error,
                 then_title);
    }
  else
    g_print (_("  Single runs: their noise is unknown. Run both with --repetitions=3 or more to "
               "tell a difference from noise.\n"));
}

/* Finds and reads the run --compare-with names; an error says why not. */
gboolean
_px_cli_load_compared (const char     *name,
                       PxRun         **run,
                       PxRepetitions  *reps,
                       char          **title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxKeptRun) kept = px_run_store_find (name, &error);

  if (kept == NULL || !px_report_read (kept->path, run, NULL, reps, &error))
    {
      g_printerr (_("--compare-with=%s: %s\n"), name, error->message);
      return FALSE;
    }
  *title = describe_kept (kept);
  return TRUE;
}

static int
list_runs (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(GPtrArray) runs = px_run_store_list (&problems, &error);
  g_autofree char *dir = px_run_store_dup_dir ();
  guint64 total = 0;

  if (runs == NULL)
    {
      g_printerr ("%s\n", error->message);
      return PX_EXIT_FAILED;
    }
  for (guint i = 0; problems[i] != NULL; i++)
    g_printerr (_("warning: %s\n"), problems[i]);
  if (runs->len == 0)
    {
      g_print (_("No run is kept yet in %s. Runs finished in the window are kept there; "
                 "“parallax run PROFILE --keep” keeps one from the command line.\n"), dir);
      return PX_EXIT_OK;
    }

  g_print ("%-18s  %-19s  %-10s  %7s  %-12s  %10s  %12s  %s\n", _("Id"), _("Started"),
           _("Executor"), _("Workers"), _("Done"), _("Wall time"), _("Tasks/s"), _("Title"));
  for (guint i = 0; i < runs->len; i++)
    {
      PxKeptRun *kept = g_ptr_array_index (runs, i);
      g_autofree char *date = px_kept_run_dup_date (kept);
      g_autofree char *wall = px_format_duration (kept->wall_us);
      g_autofree char *done = g_strdup_printf ("%u/%u", kept->done, kept->tasks);

      g_print ("%-18s  %-19s  %-10s  %7u  %-12s  %10s  %12.1f  %s\n", kept->id, date,
               px_executor_kind_name (kept->executor), kept->workers, done, wall,
               kept->throughput, kept->title);
      total += kept->size;
    }
  {
    g_autofree char *size = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *limit = g_format_size_full (_px_cli_kept_runs_limit (),
                                                 G_FORMAT_SIZE_IEC_UNITS);

    g_print (ngettext ("%u run kept in %s, %s of %s\n", "%u runs kept in %s, %s of %s\n",
                       runs->len), runs->len, dir, size, limit);
  }
  return PX_EXIT_OK;
}

static int
show_run (const char  *name,
          char       **reports,
          const char  *format_name,
          const char  *compare_with)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxKeptRun) kept = px_run_store_find (name, &error);
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  PxRepetitions reps = { 0 };
  int status = PX_EXIT_OK;

  if (kept == NULL || !px_report_read (kept->path, &run, &sampler, &reps, &error))
    {
      g_printerr ("%s\n", error->message);
      return PX_EXIT_BAD_INPUT;
    }

  if (reports == NULL)
    {
      g_autofree char *date = px_kept_run_dup_date (kept);
      /* Translators: where a summary's run comes from: its id and date */
      g_autofree char *source = g_strdup_printf (_("kept run %s, %s"), kept->id, date);

      _px_cli_print_summary (run, source);
      if (reps.n > 1)
        _px_cli_print_repetitions (&reps);
    }
  if (compare_with != NULL)
    {
      g_autoptr(PxRun) then = NULL;
      g_autofree char *then_title = NULL;
      g_autofree char *now_title = describe_kept (kept);
      PxRepetitions then_reps = { 0 };

      if (!_px_cli_load_compared (compare_with, &then, &then_reps, &then_title))
        status = PX_EXIT_BAD_INPUT;
      else
        _px_cli_print_comparison (run, &reps, now_title, then, &then_reps, then_title);
      px_repetitions_clear (&then_reps);
    }

  for (guint i = 0; reports != NULL && reports[i] != NULL && status == PX_EXIT_OK; i++)
    {
      PxReportFormat format;

      if (format_name != NULL ? !px_report_format_from_name (format_name, &format)
                              : !px_report_format_from_path (reports[i], &format))
        {
          g_printerr (_("%s: the format is not known; accepted: %s (or --format)\n"),
                      reports[i], px_report_format_names ());
          status = PX_EXIT_BAD_INPUT;
        }
      else if (!px_report_write (run, sampler, &reps, format, reports[i], &error))
        {
          g_printerr ("%s\n", error->message);
          g_clear_error (&error);
          status = PX_EXIT_FAILED;
        }
      else if (!px_output_path_is_stdout (reports[i]))
        g_printerr (_("Report written: %s\n"), reports[i]);
    }
  px_repetitions_clear (&reps);
  return status;
}

int
_px_cli_runs_main (char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_strdupv (argv);
  g_auto(GStrv) reports = NULL;
  g_autofree char *format = NULL;
  g_autofree char *compare_with = NULL;
  gboolean delete = FALSE;
  const GOptionEntry entries[] = {
    { "report", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &reports,
      N_("Write the run again as a report (format from the extension: .json .csv .md "
         ".trace.json .html; - is standard output); may be repeated"), N_("FILE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("Report format, whatever the extension: json, csv, md, trace or html"), N_("FORMAT") },
    { "compare-with", 0, 0, G_OPTION_ARG_FILENAME, &compare_with,
      N_("Set another kept run (an id, “last”, or a JSON report's path) beside it"), N_("RUN") },
    { "delete", 0, 0, G_OPTION_ARG_NONE, &delete, N_("Delete the runs named"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("[RUN…] — the runs kept across sessions"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Without RUN, lists the kept runs, newest first. With one, "
                                  "prints its summary, or writes it again with -o. RUN is an "
                                  "id from the list, “last” for the newest, or the path of any "
                                  "Parallax JSON report."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr (_("%s\nRun 'parallax runs --help' to see the accepted options.\n"),
                  error->message);
      return PX_EXIT_BAD_INPUT;
    }
  if (format != NULL)
    {
      PxReportFormat f;

      if (!px_report_format_from_name (format, &f))
        {
          g_printerr (_("--format=%s is not accepted; accepted: %s\n"), format,
                      px_report_format_names ());
          return PX_EXIT_BAD_INPUT;
        }
    }

  /* args[0] is the program, args[1] “runs”. */
  if (delete)
    {
      int status = PX_EXIT_OK;

      if (args[2] == NULL)
        {
          g_printerr (_("runs --delete: name the runs to delete, by the ids "
                        "“parallax runs” lists\n"));
          return PX_EXIT_BAD_INPUT;
        }
      for (guint i = 2; args[i] != NULL; i++)
        {
          g_autoptr(GError) delete_error = NULL;

          if (!px_run_store_delete (args[i], &delete_error))
            {
              g_printerr ("%s\n", delete_error->message);
              status = PX_EXIT_BAD_INPUT;
            }
          else
            g_print (_("Deleted %s\n"), args[i]);
        }
      return status;
    }
  if (args[2] == NULL)
    {
      if (reports != NULL || compare_with != NULL)
        {
          g_printerr (_("runs: name the run to write or compare, for example “parallax runs "
                        "last -o report.html”\n"));
          return PX_EXIT_BAD_INPUT;
        }
      return list_runs ();
    }
  if (args[3] != NULL)
    {
      g_printerr (_("runs: name one run at a time (or use --delete)\n"));
      return PX_EXIT_BAD_INPUT;
    }
  return show_run (args[2], reports, format, compare_with);
}
