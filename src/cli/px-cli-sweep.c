/* px-cli-sweep.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * parallax sweep PROFILE --over KEY=VALUES…: the profile run at every
 * point of the grid the axes make, with progress (point i of n, an
 * estimate of what is left) on standard error, then a table of the
 * points and, for a sweep over workers, the scaling laws fitted. Ctrl-C
 * stops the sweep and keeps the points finished.
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>

#include "px-cli.h"
#include "px-cli-private.h"
#include "px-output.h"
#include "px-sweep-report.h"

typedef struct
{
  PxSweep    *sweep;
  GMainLoop  *loop;
  GError     *error;
  gint64      started_us;
  guint       finished;
} SweepState;

static void
point_started_cb (PxSweep    *sweep,
                  guint       index,
                  SweepState *state)
{
  const PxSweepPoint *point = px_sweep_get_point (sweep, index);
  guint n = px_sweep_get_n_points (sweep);
  g_autoptr(GString) values = g_string_new (NULL);

  for (guint a = 0; a < px_sweep_get_n_axes (sweep); a++)
    g_string_append_printf (values, "%s%s=%s", a > 0 ? " " : "",
                            px_sweep_get_axis_key (sweep, a), point->values[a]);
  if (index > 0)
    {
      double per_point = (g_get_monotonic_time () - state->started_us) / 1e6 / index;
      g_autofree char *left = px_format_estimate (per_point * (n - index) * 1e6);

      /* Translators: progress of a sweep: the point, how many, its
       * settings, and the time left */
      g_printerr (_("point %u of %u: %s (about %s left)\n"), index + 1, n, values->str, left);
    }
  else
    g_printerr (_("point %u of %u: %s\n"), index + 1, n, values->str);
}

static void
point_finished_cb (PxSweep    *sweep,
                   guint       index,
                   SweepState *state)
{
  state->finished++;
}

static void
sweep_ran_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SweepState *state = user_data;

  px_sweep_run_finish (PX_SWEEP (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
interrupt_cb (gpointer data)
{
  SweepState *state = data;

  g_printerr (_("Stopping the sweep; the points finished are kept…\n"));
  px_sweep_stop (state->sweep);
  return G_SOURCE_CONTINUE;
}

/* The format of each report asked for, checked before anything runs as
 * run checks them; a sweep has no trace. */
static gboolean
check_reports (char            **reports,
               const char       *format_name,
               PxReportFormat  **formats)
{
  guint n = reports != NULL ? g_strv_length (reports) : 0;

  *formats = g_new0 (PxReportFormat, MAX (n, 1));
  if (!_px_cli_check_reports (reports, format_name))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (format_name != NULL)
        px_report_format_from_name (format_name, &(*formats)[i]);
      else
        px_report_format_from_path (reports[i], &(*formats)[i]);
      if ((*formats)[i] == PX_REPORT_TRACE)
        {
          g_printerr (_("%s: a sweep is written as .json, .csv, .md or .html (or "
                        "--format=json, csv, md or html)\n"),
                      format_name != NULL ? format_name : reports[i]);
          return FALSE;
        }
    }
  return TRUE;
}

int
_px_cli_sweep_main (char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_strdupv (argv);
  g_auto(GStrv) overs = NULL;
  g_auto(GStrv) reports = NULL;
  g_autofree char *format = NULL;
  g_autofree PxReportFormat *formats = NULL;
  g_autoptr(PxProfile) profile = NULL;
  g_autoptr(PxSweep) sweep = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *table = NULL;
  g_autofree char *variant = NULL;
  g_autofree GOptionEntry *override_entries = _px_cli_build_override_entries ();
  GOptionGroup *group;
  int status = PX_EXIT_OK;
  gboolean keep = FALSE;
  SweepState state = { 0 };
  guint sigint_id, sigterm_id;
  const GOptionEntry entries[] = {
    { "over", 0, 0, G_OPTION_ARG_STRING_ARRAY, &overs,
      N_("A key and its values: a list (1,2,4), a range (1..8, 1..16+2) or a geometric range "
         "(1..1024*2); several make a grid; a {NAME} of a command is filled too"),
      N_("KEY=VALUES") },
    { "try", 0, 0, G_OPTION_ARG_STRING, &variant,
      N_("Sweep one of the profile's experiments (its [Try] group)"), N_("NAME") },
    { "report", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &reports,
      N_("Write the sweep (.json .csv .md .html; - is standard output); may be repeated"),
      N_("FILE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("Report format, whatever the extension: json, csv, md or html"), N_("FORMAT") },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep,
      N_("Keep the sweep beside the kept runs, where the window's sweep lists it to compare"),
      NULL },
    { NULL }
  };

  context = g_option_context_new (_("PROFILE --over KEY=VALUES… — a profile at every point of "
                                    "a grid"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Runs the profile once per point (with its repetitions), "
                                  "then prints a table; a sweep over workers adds speedup, "
                                  "efficiency and the Amdahl, Gustafson and USL fits.\n\n"
                                  "  parallax sweep data/profiles/io-bound.ini --over "
                                  "workers=1..8\n"
                                  "  parallax sweep p.ini --over chunk-size=1..1024*4 "
                                  "--repetitions=3 -o sweep.csv"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Every profile key, as for run: --repetitions=3, --tasks=100, … */
  group = g_option_group_new ("profile", _("Profile overrides:"),
                              _("Show the options that override profile keys"), NULL, NULL);
  g_option_group_add_entries (group, override_entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
  _px_cli_join_boolean_values (args);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr (_("%s\nRun 'parallax sweep --help' to see the accepted options.\n"),
                  error->message);
      return PX_EXIT_BAD_INPUT;
    }
  /* args[0] is the program, args[1] “sweep”. */
  if (args[1] == NULL || args[2] == NULL || args[3] != NULL)
    {
      g_printerr (_("sweep: name one profile, for example “parallax sweep "
                    "data/profiles/io-bound.ini --over workers=1..8”\n"));
      return PX_EXIT_BAD_INPUT;
    }
  if (overs == NULL || overs[0] == NULL)
    {
      g_printerr (_("sweep: say what to sweep with --over KEY=VALUES, for example "
                    "--over workers=1..8\n"));
      return PX_EXIT_BAD_INPUT;
    }
  if (!check_reports (reports, format, &formats))
    return PX_EXIT_BAD_INPUT;

  profile = _px_cli_load_profile (args[2], variant, &error);
  if (profile == NULL)
    {
      g_printerr ("%s\n", error->message);
      return PX_EXIT_BAD_INPUT;
    }
  sweep = px_sweep_new (profile);
  for (guint i = 0; overs[i] != NULL; i++)
    if (!px_sweep_add_axis (sweep, overs[i], &error))
      {
        g_printerr ("%s: %s\n", args[2], error->message);
        return PX_EXIT_BAD_INPUT;
      }

  loop = g_main_loop_new (NULL, FALSE);
  state.sweep = sweep;
  state.loop = loop;
  state.started_us = g_get_monotonic_time ();
  g_signal_connect (sweep, "point-started", G_CALLBACK (point_started_cb), &state);
  g_signal_connect (sweep, "point-finished", G_CALLBACK (point_finished_cb), &state);
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &state);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &state);
  px_sweep_run_async (sweep, sweep_ran_cb, &state);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (state.error != NULL)
    {
      g_printerr ("%s: %s\n", args[2], state.error->message);
      g_clear_error (&state.error);
      status = PX_EXIT_FAILED;
    }
  if (px_sweep_get_stopped (sweep) || state.finished < px_sweep_get_n_points (sweep))
    status = PX_EXIT_FAILED;
  for (guint i = 0; i < px_sweep_get_n_points (sweep); i++)
    if (px_sweep_get_point (sweep, i)->summary.failed > 0)
      status = PX_EXIT_FAILED;

  table = px_sweep_dup_table (sweep);
  for (guint i = 0; reports != NULL && reports[i] != NULL; i++)
    if (px_output_path_is_stdout (reports[i]))
      g_set_print_handler (_px_cli_print_to_stderr);
  g_print ("%s", table);
  for (guint i = 0; reports != NULL && reports[i] != NULL; i++)
    {
      g_autoptr(GError) write_error = NULL;

      if (!px_sweep_report_write (sweep, formats[i], reports[i], &write_error))
        {
          g_printerr ("%s\n", write_error->message);
          status = PX_EXIT_FAILED;
        }
    }
  if (keep && state.finished > 0)
    {
      g_autoptr(GError) keep_error = NULL;
      g_autofree char *kept = px_sweep_keep (sweep, &keep_error);

      if (kept == NULL)
        {
          g_printerr (_("The sweep could not be kept: %s\n"), keep_error->message);
          status = PX_EXIT_FAILED;
        }
      else
        g_printerr (_("Kept as %s\n"), kept);
    }
  return status;
}
