/* px-cli-doc.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the command line says about itself outside --help: the manual
 * page parallax(1) and the bash completion, both written from the same
 * tables as --help (the options, the profile's field table, the
 * examples), so none of them can say something the others do not.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "px-cli-private.h"
#include "px-profile.h"

/* Examples that work as pasted from the source folder (the bundled
 * profiles are under data/profiles). A test runs each. */
static const struct
{
  const char *command;
  const char *what;
} examples[] = {
  { "parallax run data/profiles/threads-vs-processes.ini --executor=processes",
    N_("Run a bundled profile headless on worker processes instead of threads") },
  { "parallax run data/profiles/checksums.ini --workers=4 -o checksums.html",
    N_("Run your own command's profile four jobs at a time; write an interactive HTML report") },
  { "parallax run --kind=command --command='sha256sum {}' --workers=2 ::: /etc/passwd /etc/os-release",
    N_("Stand in for GNU parallel: a job an input, two at a time, each measured") },
  { "seq 1 20 | parallax run -q --kind=command --command='expr {} * {}' --output :::: -",
    N_("Inputs from standard input, each job's output printed whole") },
  { "parallax run --kind=command --command='sleep 0.1' --tasks=20 --joblog=jobs.log",
    N_("The same command 20 times; a joblog in GNU parallel's format") },
  { "parallax sweep data/profiles/io-bound.ini --over workers=1..4 --tasks=40",
    N_("Run a profile at 1 to 4 workers: speedup, efficiency and the scaling laws fitted") },
  { "parallax validate data/profiles/*.ini",
    N_("Check profiles and report every problem") },
};

/* The examples as --help lists them. */
char *
_px_cli_dup_examples_help (void)
{
  GString *text = g_string_new (_("Examples:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    g_string_append_printf (text, "  # %s\n  %s\n", _(examples[i].what), examples[i].command);
  return g_string_free (text, FALSE);
}

/* @text as roff: backslashes and hyphens escaped, no line taken for a
 * request. */
static void
append_roff (GString    *man,
             const char *text)
{
  gboolean line_start = man->len == 0 || man->str[man->len - 1] == '\n';

  for (const char *p = text; *p; p++)
    {
      if (line_start && (*p == '.' || *p == '\''))
        g_string_append (man, "\\&");
      line_start = *p == '\n';
      if (*p == '\\')
        g_string_append (man, "\\e");
      else if (*p == '-')
        g_string_append (man, "\\-");
      else
        g_string_append_c (man, *p);
    }
}

static void
append_option (GString            *man,
               const GOptionEntry *entry)
{
  g_string_append (man, ".TP\n");
  if (entry->short_name != 0)
    g_string_append_printf (man, "\\fB\\-%c\\fR, ", entry->short_name);
  g_string_append (man, "\\fB\\-\\-");
  append_roff (man, entry->long_name);
  g_string_append (man, "\\fR");
  if (entry->arg_description != NULL)
    {
      g_string_append (man, "=\\fI");
      append_roff (man, entry->arg_description);
      g_string_append (man, "\\fR");
    }
  g_string_append_c (man, '\n');
  append_roff (man, entry->description);
  g_string_append_c (man, '\n');
}

static void
append_field (GString       *man,
              const PxField *field)
{
  g_autofree char *accepted = g_str_equal (field->key, "version")
                              ? g_strdup ("1") : px_field_describe_accepted (field);

  g_string_append (man, ".TP\n\\fB");
  append_roff (man, field->key);
  g_string_append (man, "\\fR\n");
  append_roff (man, field->blurb);
  g_string_append (man, ".\n.br\nAccepted: ");
  append_roff (man, accepted);
  g_string_append (man, ". Default: ");
  append_roff (man, field->default_value[0] != '\0' ? field->default_value : "empty");
  g_string_append (man, ".");
  if (field->applies_when != NULL)
    {
      g_string_append_c (man, ' ');
      append_roff (man, field->applies_when);
      g_string_append_c (man, '.');
    }
  g_string_append_c (man, '\n');
}

static void
append_section (GString    *man,
                const char *title,
                const char *body)
{
  g_string_append_printf (man, ".SH %s\n", title);
  append_roff (man, body);
  g_string_append_c (man, '\n');
}

/**
 * px_cli_dup_man_page:
 *
 * The manual page parallax(1), in roff: every command, option and
 * profile key.
 */
char *
px_cli_dup_man_page (void)
{
  g_autoptr(GString) man = g_string_new (NULL);
  g_autofree GOptionEntry *entries = _px_cli_dup_main_entries (NULL, NULL);
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);
  const char *group = NULL;

  g_string_append_printf (man, ".TH PARALLAX 1 \"\" \"parallax %s\" \"User Commands\"\n",
                          PACKAGE_VERSION);
  g_string_append (man, ".SH NAME\nparallax \\- watch parallel work happen: threads, processes "
                        "and your own commands, measured per task\n");
  g_string_append (man,
                   ".SH SYNOPSIS\n"
                   ".B parallax\n[\\fIPROFILE\\fR...]\n.br\n"
                   ".B parallax run\n\\fIPROFILE\\fR [\\fIOPTION\\fR...]\n.br\n"
                   ".B parallax run \\-\\-kind=command \\-\\-command=\\fICOMMAND\\fR\n"
                   "[\\fIOPTION\\fR...] [\\fB:::\\fR \\fIINPUT\\fR... | \\fB::::\\fR "
                   "\\fIFILE\\fR...]\n.br\n"
                   ".B parallax watch\n[\\fIOPTION\\fR...] \\fIPID\\fR | \\fB\\-\\-\\fR "
                   "\\fIPROGRAM\\fR [\\fIARGUMENT\\fR...]\n.br\n"
                   ".B parallax runs\n[\\fIRUN\\fR] [\\fIOPTION\\fR...]\n.br\n"
                   ".B parallax sweep\n\\fIPROFILE\\fR \\-\\-over \\fIKEY\\fR=\\fIVALUES\\fR... "
                   "[\\fIOPTION\\fR...]\n.br\n"
                   ".B parallax calibrate\n[\\fIOPTION\\fR...]\n.br\n"
                   ".B parallax validate\n\\fIPROFILE\\fR...\n");
  append_section (man, "DESCRIPTION",
                  "Parallax runs workloads on a pool of threads or of worker processes, or runs "
                  "your own command as jobs N at a time, and measures each task: its wall time, "
                  "queue wait, CPU time and peak memory, and each worker's CPU over time. "
                  "Without a command, it opens its window on the profiles named. A profile is "
                  "a key file of the keys below; each key can also be given as an option, "
                  "--KEY=VALUE, which overrides the profile.");
  g_string_append (man, ".SH COMMANDS\n"
                        ".TP\n\\fBrun\\fR \\fIPROFILE\\fR\n");
  append_roff (man, "Run a workload profile headless, print its summary, and write the reports "
                    "asked for. Without a profile, --kind=command and its options say it all.");
  g_string_append (man, "\n.TP\n\\fBwatch\\fR \\fIPID\\fR | \\fB\\-\\-\\fR "
                        "\\fIPROGRAM\\fR...\n");
  append_roff (man, "Watch a running process, or a program it launches, and everything it "
                    "starts, from /proc without ptrace: each thread's CPU and time waiting "
                    "for a CPU (schedstat, in nanoseconds), its state and switches, each "
                    "process's memory and IO, and the program's parallelism. A line per "
                    "sample, a summary at the end; a launched program's exit status is the "
                    "command's. Options: --interval-ms=N, --duration=SECONDS, --threads (a "
                    "line per thread), --quiet, --workdir=FOLDER, --progress=REGEX (output "
                    "lines of a launched program that count as tasks done), -o FILE (.json, "
                    ".csv, .md, .html, .trace.json), --format. See parallax watch --help.");
  g_string_append (man, "\n.TP\n\\fBruns\\fR [\\fIRUN\\fR]\n");
  append_roff (man, "List the runs kept across sessions, newest first: those the window "
                    "finished, and those run with --keep. With RUN (an id from the list, "
                    "last for the newest, or the path of any Parallax JSON report), print its "
                    "summary; -o FILE writes it again in any report format, --compare-with=RUN "
                    "sets another beside it, and --delete deletes the runs named. The runs "
                    "are JSON reports in $XDG_DATA_HOME/parallax/runs, or $PARALLAX_RUNS_DIR; "
                    "the oldest go when they outgrow the space set in the window's "
                    "Preferences (500 MiB unless set).");
  g_string_append (man, "\n.TP\n\\fBsweep\\fR \\fIPROFILE\\fR \\-\\-over "
                        "\\fIKEY\\fR=\\fIVALUES\\fR...\n");
  append_roff (man, "Run the profile at every point of a grid, one after the other, each "
                    "measured as run measures it (with the profile's repetitions), then print "
                    "a table of the points. VALUES is a list (1,2,4), a range (1..8, or "
                    "1..16+2 in steps of 2) or a geometric range (1..1024*2); several --over "
                    "make a grid; for a command workload, --over NAME=VALUES also fills {NAME} "
                    "in the command. A sweep over workers adds speedup, efficiency and the "
                    "Karp-Flatt serial fraction, and fits Amdahl's law, Gustafson's law and "
                    "the Universal Scalability Law (with each parameter's standard error, R2 "
                    "and the workers where throughput peaks). -o FILE writes .json, .csv, .md "
                    "or .html (with SVG plots of speedup, efficiency and the fits); every "
                    "--KEY=VALUE and --try apply to each point; Ctrl-C keeps the points "
                    "finished; --keep keeps the sweep beside the kept runs, where the "
                    "window's sweep lists it to compare with.");
  g_string_append (man, "\n.TP\n\\fBcalibrate\\fR\n");
  append_roff (man, "Find the smallest task worth parallelising on this machine: CPU tasks from "
                    "1 us to 100 ms, on threads, on worker processes (chunk-size 1, and chunked "
                    "as Python's Pool.map), with a process per task and with a command per "
                    "task; print each way's efficiency at each size, its per-task overhead and "
                    "the size at which it reaches 90 % efficiency. The result is kept for this "
                    "machine in $XDG_CACHE_HOME/parallax/calibration.ini (or "
                    "$PARALLAX_CACHE_DIR), and run and the window's editor warn of profiles "
                    "whose tasks are smaller. Options: --ways=LIST (threads, processes, "
                    "processes-chunked, spawn, commands), --sizes=VALUES (in us), "
                    "--workers=N, --budget-ms=MS, --no-save, -o FILE (.json, .csv, .md), "
                    "--quiet.");
  g_string_append (man, "\n.TP\n\\fBvalidate\\fR \\fIPROFILE\\fR...\n");
  append_roff (man, "Check profiles and report every problem, each with its file, line and key. "
                    "A key that the workload does not use is a warning.");
  g_string_append (man, "\n.TP\n\\fBhelp\\fR\n");
  append_roff (man, "Print the options and the profile keys.");
  g_string_append (man, "\n.SH OPTIONS\n");
  for (guint i = 0; entries[i].long_name != NULL; i++)
    append_option (man, &entries[i]);
  g_string_append (man, ".TP\n\\fB\\-\\-\\fIKEY\\fB=\\fIVALUE\\fR\n");
  append_roff (man, "Set a profile key, whatever the profile says: see PROFILE KEYS.");
  g_string_append (man, "\n.SH INPUTS\n");
  append_roff (man, "After ::: the arguments that follow are the inputs of a kind=command run, "
                    "a job each. After :::: the arguments are files of inputs, one a line; - "
                    "is standard input. In a profile, inputs gives a range such as 1..200 or "
                    "items separated by commas, and inputs-file a file. An input is one "
                    "argument of the command, never read by a shell unless shell=true.");
  g_string_append (man, "\n.SH PROFILE KEYS\n");
  append_roff (man, "A profile is a key file: groups in brackets, then KEY=VALUE lines. "
                    "Values may end with a comment after white space and #.");
  g_string_append_c (man, '\n');
  for (guint i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (group, fields[i].group) != 0)
        {
          group = fields[i].group;
          g_string_append_printf (man, ".SS [%s]\n", group);
        }
      append_field (man, &fields[i]);
    }
  append_section (man, "EXIT STATUS",
                  "0: every task done. 1: some tasks failed or were cancelled, or a report "
                  "could not be written. 2: bad input, a profile or an option that is not "
                  "accepted, or a command that cannot run; nothing ran.");
  g_string_append (man, ".SH EXAMPLES\n");
  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_string_append (man, ".PP\n");
      append_roff (man, examples[i].what);
      g_string_append (man, ":\n.PP\n.RS 4\n.nf\n");
      append_roff (man, examples[i].command);
      g_string_append (man, "\n.fi\n.RE\n");
    }
  append_section (man, "FILES",
                  PX_PKGDATADIR "/profiles: the bundled profiles. " PX_PKGDATADIR
                  "/examples: the example programs they run. The window keeps its "
                  "preferences with GSettings.");
  g_string_append (man, ".SH SEE ALSO\n.BR parallel (1),\n.BR xargs (1),\n.BR time (1)\n");
  return g_string_free (g_steal_pointer (&man), FALSE);
}

/* The words of a list, separated by spaces. */
static void
append_words (GString            *text,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "", words[i]);
}

/**
 * px_cli_dup_bash_completion:
 *
 * A bash completion for parallax: its commands, options, profile keys
 * and their choices, profiles and files. Plain bash, so it works with or
 * without the bash-completion package.
 */
char *
px_cli_dup_bash_completion (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree GOptionEntry *entries = _px_cli_dup_main_entries (NULL, NULL);
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);

  g_string_append (text,
                   "# bash completion for parallax, written from its option and profile key "
                   "tables\n\n"
                   "_parallax ()\n{\n"
                   "  local cur=${COMP_WORDS[COMP_CWORD]} key= i\n"
                   "  local options=\"");
  for (guint i = 0; entries[i].long_name != NULL; i++)
    g_string_append_printf (text, "--%s%s ", entries[i].long_name,
                            entries[i].arg == G_OPTION_ARG_NONE ? "" : "=");
  for (guint i = 0; i < n_fields; i++)
    if (!g_str_equal (fields[i].key, "version"))
      g_string_append_printf (text, "--%s= ", fields[i].key);
  /* sweep's: --over KEY=VALUES. */
  g_string_append (text, "--over= --ways= --sizes= --budget-ms= --no-save --help\"\n"
                         "  local keys=\"");
  for (guint i = 0; i < n_fields; i++)
    if (!g_str_equal (fields[i].key, "version"))
      g_string_append_printf (text, "%s ", fields[i].key);
  g_string_append (text, "\"\n\n");

  /* "--key=value" arrives as "--key" "=" "value" when = breaks words. */
  g_string_append (text,
                   "  if [ \"$cur\" = \"=\" ]; then\n"
                   "    key=${COMP_WORDS[COMP_CWORD-1]}; cur=\n"
                   "  elif [ \"${COMP_WORDS[COMP_CWORD-1]}\" = \"=\" ]; then\n"
                   "    key=${COMP_WORDS[COMP_CWORD-2]}\n"
                   "  elif [[ \"$cur\" == --*=* ]]; then\n"
                   "    key=${cur%%=*}; cur=${cur#*=}\n"
                   "  else\n"
                   "    # An option's value may also be the next word.\n"
                   "    case ${COMP_WORDS[COMP_CWORD-1]} in\n"
                   "      -o|--report) key=--report ;;\n"
                   "      -f|--format) key=--format ;;\n"
                   "      --joblog) key=--joblog ;;\n"
                   "    esac\n"
                   "  fi\n\n"
                   "  if [ -n \"$key\" ]; then\n"
                   "    case $key in\n");
  for (guint i = 0; i < n_fields; i++)
    {
      if (fields[i].type == PX_FIELD_ENUM)
        {
          g_string_append_printf (text, "      --%s) COMPREPLY=($(compgen -W \"", fields[i].key);
          append_words (text, fields[i].choices);
          g_string_append (text, "\" -- \"$cur\")) ;;\n");
        }
      else if (fields[i].type == PX_FIELD_BOOLEAN)
        g_string_append_printf (text, "      --%s) COMPREPLY=($(compgen -W \"true false\" -- "
                                      "\"$cur\")) ;;\n", fields[i].key);
    }
  g_string_append (text,
                   "      --workdir|--results) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
                   "      --format) COMPREPLY=($(compgen -W \"json csv md trace html\" -- "
                   "\"$cur\")) ;;\n"
                   "      --over) COMPREPLY=($(compgen -S = -W \"$keys\" -- \"$cur\"))\n"
                   "              compopt -o nospace 2>/dev/null ;;\n"
                   "      --report|--joblog|--inputs-file) COMPREPLY=($(compgen -f -- "
                   "\"$cur\")) ;;\n"
                   "      *) COMPREPLY=() ;;\n"
                   "    esac\n"
                   "    return 0\n"
                   "  fi\n\n"
                   "  if [[ \"$cur\" == -* ]]; then\n"
                   "    COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
                   "    [[ \"${COMPREPLY[0]}\" == *= ]] && compopt -o nospace 2>/dev/null\n"
                   "    return 0\n"
                   "  fi\n\n"
                   "  # After ::: or ::::, inputs: files.\n"
                   "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
                   "    case ${COMP_WORDS[i]} in\n"
                   "      :::|::::) COMPREPLY=($(compgen -f -- \"$cur\")); return 0 ;;\n"
                   "    esac\n"
                   "  done\n"
                   "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
                   "    COMPREPLY=($(compgen -W \"run watch runs sweep calibrate validate help\" -- \"$cur\") "
                   "$(compgen -f -X '!*.ini' -- \"$cur\") $(compgen -d -- \"$cur\"))\n"
                   "  else\n"
                   "    COMPREPLY=($(compgen -f -X '!*.ini' -- \"$cur\") "
                   "$(compgen -d -- \"$cur\"))\n"
                   "  fi\n"
                   "  return 0\n"
                   "}\n\n"
                   "complete -F _parallax parallax\n");
  return g_string_free (g_steal_pointer (&text), FALSE);
}
