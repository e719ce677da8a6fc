/* px-cli-options.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command line's own options (those that are no profile key) and
 * the description its help gives of the commands.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-cli-private.h"
#include "px-profile.h"

/* The help's description: the commands, the exit statuses, the
 * examples. */
char *
_px_cli_dup_help_description (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);
  const char *group = NULL;

  g_autofree char *examples = _px_cli_dup_examples_help ();

  g_string_append (text, _("Commands:\n"
                           "  (none) [PROFILE…]       Open the window, on the profiles named\n"
                           "  run PROFILE [OPTION…]   Run a workload profile headless and print a summary\n"
                           "  run --kind=command --command=COMMAND [OPTION…] [::: INPUT… | :::: FILE…]\n"
                           "                          Run your command, a job an input (a file of\n"
                           "                          inputs after ::::, - is standard input)\n"
                           "  watch PID | -- PROGRAM [ARGUMENT…]\n"
                           "                          Watch a program's threads and processes\n"
                           "                          (parallax watch --help)\n"
                           "  runs [RUN] [-o FILE]    List the runs kept across sessions, show one,\n"
                           "                          or write it again (parallax runs --help)\n"
                           "  sweep PROFILE --over KEY=VALUES…\n"
                           "                          Run a profile at every point of a grid;\n"
                           "                          over workers, fit the scaling laws\n"
                           "                          (parallax sweep --help)\n"
                           "  calibrate [OPTION…]     Find the smallest task worth parallelising\n"
                           "                          on this machine, each way of running\n"
                           "                          (parallax calibrate --help)\n"
                           "  validate PROFILE…       Check profiles and report every problem\n"
                           "\n"
                           "Exit status: 0 every task done, 1 some tasks failed or were cancelled\n"
                           "(or a report could not be written), 2 bad input (a profile or an option\n"
                           "that is not accepted).\n"
                           "\n"
                           "Profile keys (each can be overridden on the command line as --KEY=VALUE):\n"));

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *accepted = g_str_equal (fields[i].key, "version")
                                  ? g_strdup ("1")
                                  : px_field_describe_accepted (&fields[i]);

      if (g_strcmp0 (group, fields[i].group) != 0)
        {
          group = fields[i].group;
          g_string_append_printf (text, "  [%s]\n", group);
        }
      g_string_append_printf (text, "    %-16s ", fields[i].key);
      /* Translators: a profile key's help: what it is; what is accepted;
       * its default value */
      g_string_append_printf (text, _("%s; %s (default %s)\n"), _(fields[i].blurb), accepted,
                              fields[i].default_value[0] ? fields[i].default_value : "\"\"");
    }

  g_string_append_printf (text, "\n%s", examples);
  g_string_append (text, _("\nThe manual page parallax(1) says the same at length.\n"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * _px_cli_dup_main_entries:
 * @options: (nullable): where the options go; NULL for their names and
 *   help only (the manual page and the shell completion)
 *
 * The command line's options other than the profile's keys.
 */
GOptionEntry *
_px_cli_dup_main_entries (RunOptions *options,
                          gboolean   *version)
{
  static RunOptions unused_options;
  static gboolean unused_version;

  if (options == NULL)
    options = &unused_options;
  if (version == NULL)
    version = &unused_version;
  {
    const GOptionEntry entries[] = {
      { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options->quiet,
        N_("Print no progress, only the summary"), NULL },
      { "live", 'l', 0, G_OPTION_ARG_NONE, &options->live,
        N_("Print the sampled figures, one line per sample"), NULL },
      { "report", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &options->reports,
        N_("Write a timing report (format from the extension: .json .csv .md .trace.json .html; "
           "- is standard output); may be repeated"), N_("FILE") },
      { "force", 0, 0, G_OPTION_ARG_NONE, &options->force,
        N_("Run even when the run looks likely to exhaust this machine's memory, disk or "
           "processes"), NULL },
      { "output", 0, 0, G_OPTION_ARG_NONE, &options->output,
        N_("Print each job's output whole when it ends, never interleaved with another's "
           "(kind=command)"), NULL },
      { "resume", 0, 0, G_OPTION_ARG_NONE, &options->resume,
        N_("Skip the jobs the --joblog file lists, and add the others to it"), NULL },
      { "resume-failed", 0, 0, G_OPTION_ARG_NONE, &options->resume_failed,
        N_("Skip the jobs the --joblog file lists as succeeded, and run the rest again"), NULL },
      { "joblog", 0, 0, G_OPTION_ARG_FILENAME, &options->joblog,
        N_("Write the jobs of a kind=command run to FILE in GNU parallel's joblog format"),
        N_("FILE") },
      { "format", 'f', 0, G_OPTION_ARG_STRING, &options->format,
        N_("Report format, whatever the extension: json, csv, md, trace or html"), N_("FORMAT") },
      { "try", 0, 0, G_OPTION_ARG_STRING, &options->try_variant,
        N_("Run the profile's variant NAME, one of the experiments of its [Try] group; options "
           "given apply over it"), N_("NAME") },
      { "keep", 0, 0, G_OPTION_ARG_NONE, &options->keep,
        N_("Keep the run across sessions, as the window keeps its runs (parallax runs lists "
           "them)"), NULL },
      { "hostfile", 0, 0, G_OPTION_ARG_FILENAME, &options->hostfile,
        N_("Read the hosts (launcher=ssh) from FILE, a host a line as GNU parallel's "
           "--sshloginfile; # begins a comment. --hosts or --hostfile alone means "
           "--launcher=ssh"), N_("FILE") },
      { "check-hosts", 0, 0, G_OPTION_ARG_NONE, &options->check_hosts,
        N_("Ask each host (launcher=ssh) whether ssh reaches it and parallax-worker is there, "
           "and run nothing"), NULL },
      { "compare-with", 0, 0, G_OPTION_ARG_FILENAME, &options->compare_with,
        N_("Set a kept run beside this one, figure by figure: an id from parallax runs, "
           "“last”, or a JSON report's path"), N_("RUN") },
      { "version", 0, 0, G_OPTION_ARG_NONE, version, N_("Print the version and exit"), NULL },
      { NULL }
    };

    return g_memdup2 (entries, sizeof entries);
  }
}
