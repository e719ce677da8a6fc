/* px-cli.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The headless command line: `parallax run` and `parallax validate`.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "px-cli.h"
#include "px-cli-private.h"
#include "px-guard.h"
#include "px-output.h"
#include "px-profile.h"
#include "px-report.h"
#include "px-run-store.h"
#include "px-run.h"
#include "px-sampler.h"
#include "px-session.h"
#include "px-summary.h"

#define PROGRESS_MS 200
#define PLAIN_PROGRESS_US (1 * G_USEC_PER_SEC)

typedef struct
{
  PxSession        *session;
  const RunOptions *options;
  GMainLoop        *loop;
  GError           *error;
  gboolean          tty;
  gint64            last_plain;
  gboolean          interrupted;
  guint             progress_id;
  guint             progress_width;
} RunState;

static GPtrArray *overrides;

static gboolean
override_cb (const char  *option_name,
             const char  *value,
             gpointer     data,
             GError     **error)
{
  const char *key = option_name + 2;

  g_ptr_array_add (overrides, g_strdup (key));
  /* A switch alone (--transfer) is true. */
  g_ptr_array_add (overrides, g_strdup (value != NULL ? value : "true"));
  return TRUE;
}

/**
 * _px_cli_join_boolean_values:
 * @args: the command line's words, changed in place
 *
 * GOption gives an option with an optional argument the next word as
 * its value unless it starts with "-": "--gil data/gil.ini" would take
 * the profile as gil's value. A true-or-false key's option followed by
 * the word true or false takes it as its value; followed by anything
 * else, or last, it is true and leaves the next word alone.
 */
void
_px_cli_join_boolean_values (char **args)
{
  for (guint i = 1; args[i] != NULL; i++)
    {
      const char *value = args[i + 1];
      const PxField *field;
      char *joined;

      if (g_str_equal (args[i], "--"))
        break;
      if (!g_str_has_prefix (args[i], "--") || strchr (args[i], '=') != NULL)
        continue;
      field = px_profile_find_field (args[i] + 2);
      if (field == NULL || field->type != PX_FIELD_BOOLEAN)
        continue;

      if (value != NULL && (g_str_equal (value, "true") || g_str_equal (value, "false")))
        {
          joined = g_strconcat (args[i], "=", value, NULL);
          g_free (args[i + 1]);
          memmove (&args[i + 1], &args[i + 2], (g_strv_length (&args[i + 2]) + 1) *
                   sizeof (char *));
        }
      else
        joined = g_strconcat (args[i], "=true", NULL);
      g_free (args[i]);
      args[i] = joined;
    }
}

GOptionEntry *
_px_cli_build_override_entries (void)
{
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);
  GOptionEntry *entries = g_new0 (GOptionEntry, n_fields + 1);
  guint n = 0;

  for (guint i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "version"))
        continue;
      entries[n].long_name = fields[i].key;
      entries[n].arg = G_OPTION_ARG_CALLBACK;
      entries[n].arg_data = (gpointer)override_cb;
      /* --gil alone, or --gil=false */
      if (fields[i].type == PX_FIELD_BOOLEAN)
        entries[n].flags = G_OPTION_FLAG_OPTIONAL_ARG;
      entries[n].description = fields[i].blurb;
      entries[n].arg_description = fields[i].type == PX_FIELD_ENUM ? _("CHOICE")
                                   : fields[i].type == PX_FIELD_STRING ? _("TEXT")
                                   : fields[i].type == PX_FIELD_BOOLEAN ? "true|false"
                                   : _("N");
      n++;
    }

  return entries;
}


static void
print_progress (RunState *state,
                gboolean  final)
{
  PxRunCounters c;
  guint finished;
  double elapsed_s, rate, eta_s;
  g_autofree char *line = NULL;

  px_run_get_counters (px_session_get_run (state->session), &c);
  finished = c.done + c.failed + c.cancelled;
  elapsed_s = c.elapsed_us / (double)G_USEC_PER_SEC;
  rate = elapsed_s > 0 ? finished / elapsed_s : 0;
  eta_s = rate > 0 ? (c.total - finished) / rate : NAN;

  if (state->tty)
    {
      const guint width = 24;
      guint filled = c.total ? (guint)((guint64)finished * width / c.total) : 0;
      char bar[32];

      memset (bar, '#', filled);
      memset (bar + filled, '.', width - filled);
      bar[width] = '\0';
      if (isnan (eta_s) || final)
        line = g_strdup_printf (_("[%s] %u/%u tasks  %.1f tasks/s  queued %u  in flight %u  %.1f s"),
                                bar, finished, c.total, rate, c.queued, c.in_flight, elapsed_s);
      else
        line = g_strdup_printf (_("[%s] %u/%u tasks  %.1f tasks/s  queued %u  in flight %u  ETA %.1f s"),
                                bar, finished, c.total, rate, c.queued, c.in_flight, eta_s);
      g_printerr ("\r%-*s%s", state->progress_width, line, final ? "\n" : "");
      state->progress_width = MAX (state->progress_width, (guint)g_utf8_strlen (line, -1));
    }
  else
    {
      gint64 now = g_get_monotonic_time ();

      if (!final && now - state->last_plain < PLAIN_PROGRESS_US)
        return;
      state->last_plain = now;
      g_printerr (_("progress: %u/%u tasks, %.1f tasks/s, %u queued, %u in flight, %.1f s\n"),
                  finished, c.total, rate, c.queued, c.in_flight, elapsed_s);
    }
}

static gboolean
progress_cb (gpointer data)
{
  RunState *state = data;

  print_progress (state, FALSE);
  return G_SOURCE_CONTINUE;
}

static gboolean
interrupt_cb (gpointer data)
{
  RunState *state = data;

  if (!state->interrupted)
    g_printerr (_("\nCancelling…\n"));
  state->interrupted = TRUE;
  px_session_stop (state->session);
  return G_SOURCE_CONTINUE;
}


/* Whether the options set @key to @value. */
static gboolean
override_is (const char *key,
             const char *value)
{
  gboolean found = FALSE;

  for (guint i = 0; overrides != NULL && i + 1 < overrides->len; i += 2)
    if (g_str_equal (g_ptr_array_index (overrides, i), key))
      found = g_str_equal (g_ptr_array_index (overrides, i + 1), value);
  return found;
}

/* The profile at @path (the defaults if NULL), its experiment @variant
 * applied, then the profile keys the options set. */
PxProfile *
_px_cli_load_profile (const char  *path,
                      const char  *variant,
                      GError     **error)
{
  /* Without a profile file, the defaults and the options given. */
  g_autoptr(PxProfile) profile = path != NULL ? px_profile_new_from_file (path, error)
                                              : px_profile_new ();

  if (profile == NULL)
    return NULL;
  /* --try: the variant's settings first, then the options over them. */
  if (variant != NULL)
    {
      PxProfile *tried = px_profile_new_variant (profile, variant, error);

      if (tried == NULL)
        {
          g_prefix_error (error, _("option --try: "));
          return NULL;
        }
      g_object_unref (profile);
      profile = tried;
    }

  /* The profile's inputs file is found from its folder; one given as an
   * option, from the current folder. */
  if (px_profile_has_value (profile, "inputs-file") &&
      !g_path_is_absolute (px_profile_get_spec (profile)->inputs_file) &&
      px_profile_get_spec (profile)->inputs_file[0] != '\0')
    {
      g_autofree char *resolved = px_profile_resolve_path (profile,
                                                           px_profile_get_spec (profile)->inputs_file);

      if (!px_profile_set_value (profile, "inputs-file", resolved, error))
        return NULL;
    }

  for (guint i = 0; i + 1 < overrides->len; i += 2)
    {
      const char *key = g_ptr_array_index (overrides, i);
      const char *value = g_ptr_array_index (overrides, i + 1);

      if (!px_profile_set_value (profile, key, value, error))
        {
          /* The message starts with the key: "option --tasks: '0' is …" */
          g_prefix_error (error, _("option --"));
          return NULL;
        }
    }

  if (!px_profile_check (profile, error))
    return NULL;

  return g_steal_pointer (&profile);
}

static void
sample_added_cb (PxSampler *sampler,
                 RunState  *state)
{
  g_autoptr(GString) line = g_string_new (NULL);
  guint workers = px_sampler_get_n_workers (sampler);
  guint cores = px_sampler_get_n_cores (sampler);

  g_string_append_printf (line, _("live t=%.2f s  queued %.0f  in flight %.0f  done %.0f  "
                                  "failed %.0f  %.1f tasks/s  cpu%%"),
                          px_history_get_last (px_sampler_get_time (sampler)),
                          px_history_get_last (px_sampler_get_series (sampler, PX_SERIES_QUEUE)),
                          px_history_get_last (px_sampler_get_series (sampler, PX_SERIES_IN_FLIGHT)),
                          px_history_get_last (px_sampler_get_series (sampler, PX_SERIES_DONE)),
                          px_history_get_last (px_sampler_get_series (sampler, PX_SERIES_FAILED)),
                          px_history_get_last (px_sampler_get_series (sampler, PX_SERIES_THROUGHPUT)));
  for (guint i = 0; i < workers; i++)
    {
      double cpu = px_history_get_last (px_sampler_get_worker_series (sampler, i,
                                                                      PX_WORKER_SERIES_CPU));
      double st = px_history_get_last (px_sampler_get_worker_series (sampler, i,
                                                                     PX_WORKER_SERIES_STATE));
      g_string_append_printf (line, " w%u=%.0f(%s)", i, isnan (cpu) ? 0 : cpu,
                              px_worker_state_name ((PxWorkerState)st));
    }
  g_string_append (line, _("  cores"));
  for (guint i = 0; i < cores; i++)
    {
      double c = px_history_get_last (px_sampler_get_core_series (sampler, i));
      g_string_append_printf (line, " %.0f", isnan (c) ? 0 : c);
    }
  g_print ("%s\n", line->str);
}

static void
run_started_cb (PxSession *session,
                PxRun     *run,
                PxSampler *sampler,
                RunState  *state)
{
  g_autofree char *stage = px_session_dup_stage (session);

  if (stage != NULL && !state->options->quiet)
    g_printerr ("%s\n", stage);

  state->progress_width = 0;
  state->last_plain = 0;
  if (state->options->live)
    g_signal_connect (sampler, "sample-added", G_CALLBACK (sample_added_cb), state);
  else if (!state->options->quiet)
    state->progress_id = g_timeout_add (PROGRESS_MS, progress_cb, state);
}

static void
run_ended_cb (PxSession *session,
              PxRun     *run,
              PxSampler *sampler,
              gboolean   measured,
              RunState  *state)
{
  g_clear_handle_id (&state->progress_id, g_source_remove);
  if (!state->options->quiet && !state->options->live)
    print_progress (state, TRUE);
}

static void
session_ran_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  RunState *state = data;

  px_session_run_finish (PX_SESSION (object), result, &state->error);
  g_main_loop_quit (state->loop);
}


static gboolean
write_reports (PxSession        *session,
               const RunOptions *options)
{
  gboolean ok = TRUE;

  for (guint i = 0; options->reports && options->reports[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *target = options->reports[i];
      PxReportFormat format;

      if (options->format)
        px_report_format_from_name (options->format, &format);
      else
        px_report_format_from_path (target, &format);

      if (!px_report_write (px_session_get_run (session), px_session_get_sampler (session),
                            px_session_get_repetitions (session), format, target, &error))
        {
          g_printerr ("%s\n", error->message);
          ok = FALSE;
          continue;
        }
      if (format == PX_REPORT_CSV && !px_output_path_is_in_place (target))
        {
          g_autofree char *series = px_report_series_csv_path (target);
          g_printerr (_("Report written: %s and %s\n"), target, series);
        }
      else if (px_output_path_is_stdout (target))
        g_printerr (_("Report written to standard output\n"));
      else
        g_printerr (_("Report written: %s\n"), target);
    }

  if (options->joblog != NULL && !_px_cli_write_joblog (session, options))
    ok = FALSE;

  return ok;
}

/* The reports asked for, checked before anything runs: a format known
 * from --format or each file's name, and a folder that can be written;
 * FALSE after saying what is wrong. */
gboolean
_px_cli_check_reports (char       **reports,
                       const char  *format_name)
{
  if (format_name != NULL)
    {
      PxReportFormat format;

      if (!px_report_format_from_name (format_name, &format))
        {
          g_printerr (_("--format=%s is not accepted; accepted: %s\n"), format_name,
                      px_report_format_names ());
          return FALSE;
        }
    }

  for (guint i = 0; reports && reports[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      PxReportFormat format;

      if (format_name == NULL && px_output_path_is_stdout (reports[i]))
        {
          g_printerr (_("--report %s: standard output has no extension to tell the format; "
                        "add --format=%s\n"), reports[i], px_report_format_names ());
          return FALSE;
        }
      if (format_name == NULL && !px_report_format_from_path (reports[i], &format))
        {
          g_printerr (_("--report %s: cannot tell the format from the file name; use an "
                        "extension (.json, .csv, .md, .trace.json, .html) or --format=%s\n"),
                      reports[i], px_report_format_names ());
          return FALSE;
        }
      /* Found now, not after a long run. */
      if (!px_output_check_target (reports[i], &error))
        {
          /* The message names the file. */
          g_printerr ("--report: %s\n", error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* A print handler for when standard output carries a report. */
void
_px_cli_print_to_stderr (const char *text)
{
  fputs (text, stderr);
}

static int
run_command (const char *path,
             RunOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = _px_cli_load_profile (path, options->try_variant, &error);
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(PxSession) session = NULL;
  const PxRepetitions *reps;
  RunState state = { 0 };
  g_auto(PxSpec) with_inputs = { 0 };
  g_autoptr(PxRun) compared = NULL;
  g_autofree char *compared_title = NULL;
  g_auto(PxRepetitions) compared_reps = { 0 };
  const PxSpec *spec;
  guint sigint_id, sigterm_id;
  int status;

  if (profile == NULL)
    {
      g_printerr ("%s\n", error->message);
      return PX_EXIT_BAD_INPUT;
    }
  if (path == NULL)
    path = _("command line");
  if (!_px_cli_check_reports (options->reports, options->format))
    return PX_EXIT_BAD_INPUT;
  /* The run to compare with is found before this one runs. */
  if (options->compare_with != NULL &&
      !_px_cli_load_compared (options->compare_with, &compared, &compared_reps, &compared_title))
    return PX_EXIT_BAD_INPUT;
  /* A report on standard output keeps it to itself: the rest goes to
   * standard error. */
  for (guint i = 0; options->reports && options->reports[i]; i++)
    if (px_output_path_is_stdout (options->reports[i]))
      g_set_print_handler (_px_cli_print_to_stderr);

  {
    g_auto(GStrv) warnings = px_profile_dup_warnings (profile);

    for (guint w = 0; warnings[w]; w++)
      g_printerr (_("warning: %s\n"), warnings[w]);
  }

  spec = px_profile_get_spec (profile);
  status = _px_cli_prepare_jobs (path, options, &spec, &with_inputs);
  if (status != PX_EXIT_OK || spec == NULL)
    return status;
  if (options->check_hosts)
    return _px_cli_check_hosts (spec);
  if (!options->force && !px_resources_check (spec, &error))
    {
      g_printerr (_("%s: %s\nLower the keys named, or add --force to run it anyway.\n"), path,
                  error->message);
      return PX_EXIT_BAD_INPUT;
    }

  loop = g_main_loop_new (NULL, FALSE);
  session = px_session_new (spec);
  state.session = session;
  state.options = options;
  state.loop = loop;
  state.tty = isatty (STDERR_FILENO);
  g_signal_connect (session, "run-started", G_CALLBACK (run_started_cb), &state);
  g_signal_connect (session, "run-ended", G_CALLBACK (run_ended_cb), &state);

  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &state);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &state);
  px_session_run_async (session, NULL, session_ran_cb, &state);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&state.progress_id, g_source_remove);

  if (state.error != NULL)
    {
      g_printerr (_("%s: the run could not be carried out: %s\n"), path, state.error->message);
      g_clear_error (&state.error);
      return PX_EXIT_FAILED;
    }

  reps = px_session_get_repetitions (session);
  _px_cli_print_summary (px_session_get_run (session), path);
  if (reps->n > 1)
    _px_cli_print_repetitions (reps);

  if (compared != NULL)
    _px_cli_print_comparison (px_session_get_run (session), reps, _("This run"), compared,
                              &compared_reps, compared_title);

  status = px_session_get_all_done (session) ? PX_EXIT_OK : PX_EXIT_FAILED;
  if (!write_reports (session, options))
    status = PX_EXIT_FAILED;
  if (options->keep)
    {
      g_autoptr(GError) keep_error = NULL;
      g_autoptr(PxKeptRun) kept = px_run_store_keep (px_session_get_run (session),
                                                     px_session_get_sampler (session),
                                                     reps, NULL, _px_cli_kept_runs_limit (),
                                                     &keep_error);

      if (kept == NULL)
        {
          g_printerr (_("The run could not be kept: %s\n"), keep_error->message);
          status = PX_EXIT_FAILED;
        }
      else
        g_printerr (_("Kept as %s (parallax runs %s)\n"), kept->id, kept->id);
    }
  return status;
}

static int
validate_command (int    argc,
                  char **argv)
{
  int status = PX_EXIT_OK;

  if (argc < 1)
    {
      g_printerr (_("validate: name at least one profile file\n"));
      return PX_EXIT_BAD_INPUT;
    }

  for (int i = 0; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PxProfile) profile = _px_cli_load_profile (argv[i], NULL, &error);

      if (profile == NULL)
        {
          g_printerr ("%s\n", error->message);
          status = PX_EXIT_BAD_INPUT;
        }
      else
        {
          g_auto(GStrv) warnings = px_profile_dup_warnings (profile);

          for (guint w = 0; warnings[w]; w++)
            g_printerr (_("warning: %s\n"), warnings[w]);
          g_print (_("%s: valid\n"), argv[i]);
        }
    }

  return status;
}


int
px_cli_main (int    argc,
             char **argv)
{
  static const struct
  {
    const char *name;
    int       (*main) (char **argv);
  } commands[] = {
    { "watch", _px_cli_watch_main },
    { "runs", _px_cli_runs_main },
    { "sweep", _px_cli_sweep_main },
    { "calibrate", _px_cli_calibrate_main },
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GOptionEntry *override_entries = _px_cli_build_override_entries ();
  g_autofree char *description = _px_cli_dup_help_description ();
  g_autoptr(GPtrArray) override_store = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) args = NULL;
  gboolean version = FALSE;
  RunOptions options = { 0 };
  g_autofree GOptionEntry *main_entries = _px_cli_dup_main_entries (&options, &version);
  GOptionGroup *group;
  int n_args;

  overrides = override_store;
  signal (SIGPIPE, SIG_IGN);

  /* These commands have options of their own (watch, a program after
   * --), and their help's usage line names them. */
  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *program = g_path_get_basename (argv[0]);
        g_autofree char *name = g_strdup_printf ("%s %s", program, argv[1]);

        g_set_prgname (name);
        return commands[i].main (argv);
      }

  context = g_option_context_new (_("COMMAND [PROFILE…] — watch parallel work happen"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, main_entries, GETTEXT_PACKAGE);
  group = g_option_group_new ("profile", _("Profile overrides:"),
                              _("Show the options that override profile keys"), NULL, NULL);
  g_option_group_add_entries (group, override_entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);

  if (!_px_cli_take_inputs (argv, &args, &options.inputs, &error))
    {
      g_printerr ("%s\n", error->message);
      return PX_EXIT_BAD_INPUT;
    }
  n_args = argc;
  _px_cli_join_boolean_values (args);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr (_("%s\nRun 'parallax --help' to see the accepted options.\n"), error->message);
      return PX_EXIT_BAD_INPUT;
    }
  n_args = g_strv_length (args);

  if (version)
    {
      g_print ("parallax %s\n", PACKAGE_VERSION);
      return PX_EXIT_OK;
    }

  if (n_args < 2 || g_str_equal (args[1], "help"))
    {
      g_autofree char *help = g_option_context_get_help (context, FALSE, NULL);
      g_print ("%s", help);
      return n_args < 2 ? PX_EXIT_BAD_INPUT : PX_EXIT_OK;
    }

  if (g_str_equal (args[1], "run") && !_px_cli_apply_hosts (&options, overrides, &error))
    {
      g_printerr ("%s\n", error->message);
      g_free (options.hostfile);
      return PX_EXIT_BAD_INPUT;
    }
  g_clear_pointer (&options.hostfile, g_free);

  if (g_str_equal (args[1], "run"))
    {
      /* A command's jobs need no profile file: the options say it all. */
      /* Without a profile: a command's jobs, given by ::: or by
       * --kind=command with its options. */
      if (n_args == 2 && (options.inputs != NULL || override_is ("kind", "command")))
        {
          int status = run_command (NULL, &options);

          g_strfreev (options.reports);
          g_free (options.format);
          g_strfreev (options.inputs);
          g_free (options.joblog);
          g_free (options.try_variant);
          g_free (options.compare_with);
          return status;
        }
      if (n_args != 3)
        {
          g_printerr (_("run: name exactly one profile file, for example:\n"
                        "  parallax run data/profiles/threads-vs-processes.ini --executor=processes\n"));
          return PX_EXIT_BAD_INPUT;
        }
      {
        int status = run_command (args[2], &options);
        g_strfreev (options.reports);
        g_free (options.format);
        g_strfreev (options.inputs);
        g_free (options.joblog);
        g_free (options.try_variant);
        g_free (options.compare_with);
        return status;
      }
    }

  if (g_str_equal (args[1], "validate"))
    return validate_command (n_args - 2, args + 2);

  g_printerr (_("Unknown command '%s'; accepted: run, watch, runs, sweep, calibrate, "
                "validate, help\n"), args[1]);
  return PX_EXIT_BAD_INPUT;
}
