/* fuzz-replay.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a fuzz target over files, as an ordinary test: each folder named on
 * the command line (the committed corpus, and every input that ever
 * crashed, leaked or tripped a check) is one test case.
 * Built with gcc this is how each target runs on every test run; built
 * with clang and -Dfuzzing=true the same target links with libFuzzer.
 */

#include "config.h"

#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
replay_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree guint8 *exact = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_test_message ("%s", path);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  /* Exactly the file's bytes, without the NUL GLib adds: a read past the
   * end is caught by AddressSanitizer, as under the fuzzer. */
  exact = g_memdup2 (contents, length);
  LLVMFuzzerTestOneInput (exact, length);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* One test case a folder: every file in it, in order of name. The file
 * being replayed is logged first, so a failure names it. */
static void
replay_folder (gconstpointer data)
{
  const char *folder = data;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);

      replay_file (path);
    }
  g_test_message ("%u inputs replayed", names->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    g_error ("name the folders of inputs to replay");

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *kind = g_path_get_basename (argv[i]);
      g_autofree char *parent = g_path_get_dirname (argv[i]);
      g_autofree char *group = g_path_get_basename (parent);
      g_autofree char *test = g_strdup_printf ("/fuzz/%s/%s", kind, group);

      g_test_add_data_func (test, argv[i], replay_folder);
    }

  return g_test_run ();
}
