/* test-cli-docs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the command line says about itself: the manual page reads
 * without a warning from man and names every option and profile key;
 * the bash completion completes commands, options, keys and their
 * choices; the examples of --help work when pasted.
 */

#include "config.h"

#include <string.h>

#include "px-profile.h"
#include "px-test-helpers.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* Runs @argv in @cwd (NULL: here) with @input on its standard input. */
static void
run (Result             *r,
     const char         *cwd,
     const char         *input,
     const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bin = g_path_get_dirname (g_getenv ("PARALLAX_TEST_BINARY"));
  g_autofree char *path = g_strdup_printf ("%s:%s", bin, g_getenv ("PATH"));

  /* The parallax of this build comes first, as the examples call it. */
  g_subprocess_launcher_setenv (launcher, "PATH", path, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "MANWIDTH", "80", TRUE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  r->status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  g_test_message ("%s: exit %d\nstdout:\n%s\nstderr:\n%s", argv[0], r->status, r->out, r->err);
}

static void
test_man_page (void)
{
  const char *page = g_getenv ("PX_MAN_PAGE");
  const char *argv[] = { "man", "--warnings", "-E", "UTF-8", "-l", page, NULL };
  g_autofree char *man = g_find_program_in_path ("man");
  g_auto(Result) r = { 0 };
  g_autofree char *flat = NULL;
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);
  const char *options[] = { "--quiet", "--live", "--report", "--force", "--output", "--resume",
                            "--resume-failed", "--joblog", "--format", "--version", NULL };

  if (man == NULL)
    {
      g_test_skip ("man is not installed (Debian package man-db; build-aux/dev installs it)");
      return;
    }
  run (&r, NULL, NULL, argv);
  g_assert_cmpint (r.status, ==, 0);
  /* groff's warnings, and man's, go to standard error. */
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "PARALLAX(1)"));

  for (guint i = 0; i < n_fields; i++)
    {
      /* An entry's tag starts a line; a short one shares it with the
       * entry's text. */
      g_autofree char *on_its_line = g_strdup_printf ("\n       %s\n", fields[i].key);
      g_autofree char *with_text = g_strdup_printf ("\n       %s ", fields[i].key);

      if (strstr (r.out, on_its_line) == NULL && strstr (r.out, with_text) == NULL)
        g_error ("the manual page has no entry for the key %s", fields[i].key);
    }
  for (guint i = 0; options[i] != NULL; i++)
    g_assert_nonnull (strstr (r.out, options[i]));
  g_assert_nonnull (strstr (r.out, "EXIT STATUS"));
  g_assert_nonnull (strstr (r.out, "EXAMPLES"));
}

/* What the completion offers for the words of a command line, the last
 * one being completed, as lines. */
static char **
complete (const char *words)
{
  g_autofree char *script = g_strdup_printf (
    ". '%s'\n"
    "COMP_WORDS=(%s)\n"
    "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
    "COMPREPLY=()\n"
    "_parallax\n"
    "printf '%%s\\n' \"${COMPREPLY[@]}\"\n", g_getenv ("PX_BASH_COMPLETION"), words);
  const char *argv[] = { "bash", "--norc", "-c", script, NULL };
  g_auto(Result) r = { 0 };

  run (&r, NULL, NULL, argv);
  g_assert_cmpint (r.status, ==, 0);
  return g_strsplit (g_strchomp (r.out), "\n", -1);
}

static void
assert_offers (const char *words,
               const char *expected)
{
  g_auto(GStrv) offered = complete (words);

  if (!g_strv_contains ((const char * const *)offered, expected))
    g_error ("completing %s did not offer %s", words, expected);
}

static void
test_bash_completion (void)
{
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);
  g_auto(GStrv) all = complete ("parallax run --");
  g_auto(GStrv) kinds = complete ("parallax run --kind = ''");

  assert_offers ("parallax ''", "run");
  assert_offers ("parallax va", "validate");
  assert_offers ("parallax run --kin", "--kind=");
  assert_offers ("parallax run --jo", "--joblog=");
  /* = breaks words, or does not: both are understood. */
  assert_offers ("parallax run --kind = co", "command");
  assert_offers ("parallax run --serve=", "lines");
  assert_offers ("parallax run --shell = ''", "false");
  assert_offers ("parallax run -f ''", "html");
  assert_offers ("parallax run --format = ''", "trace");

  /* Every key, as an option; every kind. */
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *option = g_strdup_printf ("--%s=", fields[i].key);

      if (!g_str_equal (fields[i].key, "version") &&
          !g_strv_contains ((const char * const *)all, option))
        g_error ("completing options did not offer %s", option);
    }
  g_assert_cmpuint (g_strv_length (kinds), ==,
                    g_strv_length ((char **)px_profile_find_field ("kind")->choices));
}

/* The examples of --help, each run as a user would paste it, from a
 * folder that has the bundled profiles under data/. */
static void
test_help_examples (void)
{
  const char *help_argv[] = { g_getenv ("PARALLAX_TEST_BINARY"), "--help", NULL };
  g_autofree char *dir = px_test_make_dir ("px-cli-docs");
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *source_data = g_build_filename (PX_SOURCE_ROOT, "data", NULL);
  g_auto(Result) help = { 0 };
  g_auto(GStrv) lines = NULL;
  gboolean in_examples = FALSE;
  guint n_examples = 0;

  g_assert_cmpint (symlink (source_data, data), ==, 0);
  run (&help, NULL, NULL, help_argv);
  g_assert_cmpint (help.status, ==, 0);
  lines = g_strsplit (help.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *sh_argv[] = { "sh", "-c", NULL, NULL };
      g_auto(Result) r = { 0 };

      if (g_str_equal (lines[i], "Examples:"))
        {
          in_examples = TRUE;
          continue;
        }
      if (!in_examples || lines[i][0] == '\0')
        {
          in_examples = in_examples && lines[i][0] != '\0';
          continue;
        }
      if (g_str_has_prefix (lines[i], "  # "))
        continue;
      sh_argv[2] = lines[i] + 2;
      run (&r, dir, "", sh_argv);
      if (r.status != 0)
        g_error ("the example '%s' exited %d:\n%s", sh_argv[2], r.status, r.err);
      n_examples++;
    }
  g_assert_cmpuint (n_examples, >=, 5);
  px_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-docs/man-page", test_man_page);
  g_test_add_func ("/cli-docs/bash-completion", test_bash_completion);
  g_test_add_func ("/cli-docs/help-examples", test_help_examples);

  return g_test_run ();
}
