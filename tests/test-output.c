/* test-output.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports, profiles and images are written through PxOutput: a regular
 * file is replaced atomically and keeps its permissions; a FIFO or a
 * device is written in place, never replaced.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "px-output.h"
#include "px-profile.h"
#include "px-test-helpers.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("px-output-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  px_test_remove_dir (f->dir);
  g_free (f->dir);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static mode_t
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  return st.st_mode;
}

static void
test_output_keeps_mode (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = path_in (f, "private.json");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (chmod (path, 0600), ==, 0);

  g_assert_true (px_output_set_contents (path, "new", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mode_of (path) & 07777, ==, 0600);
  g_assert_true (S_ISREG (mode_of (path)));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "new");

  /* A read-only file too keeps its mode (the folder is what is written). */
  g_assert_cmpint (chmod (path, 0444), ==, 0);
  g_assert_true (px_output_set_contents (path, "newer", 5, &error));
  g_assert_cmpint (mode_of (path) & 07777, ==, 0444);
  g_assert_cmpuint (px_test_count_files (f->dir), ==, 1);
}

static void
test_output_new_follows_umask (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = path_in (f, "new.md");
  g_autoptr(GError) error = NULL;
  mode_t old;

  /* Set before any thread of this test program exists. */
  old = umask (027);
  g_assert_true (px_output_set_contents (path, "x", 1, &error));
  umask (old);
  g_assert_no_error (error);
  g_assert_cmpint (mode_of (path) & 07777, ==, 0640);
}

static void
test_output_follows_symlink (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *real = path_in (f, "real.csv");
  g_autofree char *link = path_in (f, "link.csv");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (real, "old", -1, NULL));
  g_assert_cmpint (symlink ("real.csv", link), ==, 0);

  g_assert_true (px_output_set_contents (link, "through", 7, &error));
  g_assert_no_error (error);
  g_assert_true (S_ISLNK (mode_of (link)));
  g_assert_true (g_file_get_contents (real, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "through");
  g_assert_cmpuint (px_test_count_files (f->dir), ==, 2);
}

static gpointer
read_fifo_thread (gpointer data)
{
  char *text = NULL;

  g_file_get_contents (data, &text, NULL, NULL);
  return text;
}

static void
test_output_fifo_in_place (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *fifo = path_in (f, "pipe");
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  GThread *reader;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (px_output_check_target (fifo, &error));
  g_assert_true (px_output_path_is_in_place (fifo));

  reader = g_thread_new ("fifo-reader", read_fifo_thread, fifo);
  g_assert_true (px_output_set_contents (fifo, "through the pipe", 16, &error));
  g_assert_no_error (error);
  got = g_thread_join (reader);

  g_assert_cmpstr (got, ==, "through the pipe");
  g_assert_true (S_ISFIFO (mode_of (fifo)));
  g_assert_cmpuint (px_test_count_files (f->dir), ==, 1);
}

static gboolean
make_char_device (const char *path,
                  guint       major,
                  guint       minor)
{
  if (mknod (path, S_IFCHR | 0666, makedev (major, minor)) == 0)
    return TRUE;
  g_test_skip_printf ("cannot make a character device here (%s); run as root to test "
                      "devices", g_strerror (errno));
  return FALSE;
}

static void
test_output_device_in_place (Fixture       *f,
                             gconstpointer  data)
{
  /* Private copies of /dev/null and /dev/full: the real ones are never
   * put at risk by a regression. */
  g_autofree char *null_dev = path_in (f, "null");
  g_autofree char *full_dev = path_in (f, "full");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) full_error = NULL;

  if (!make_char_device (null_dev, 1, 3) || !make_char_device (full_dev, 1, 7))
    return;

  g_assert_true (px_output_set_contents (null_dev, "gone", 4, &error));
  g_assert_no_error (error);
  g_assert_true (S_ISCHR (mode_of (null_dev)));

  /* A full device fails, says so, and stays a device. */
  g_assert_false (px_output_set_contents (full_dev, "nowhere", 7, &full_error));
  g_assert_error (full_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (full_error->message, full_dev));
  g_assert_true (S_ISCHR (mode_of (full_dev)));
  g_assert_cmpuint (px_test_count_files (f->dir), ==, 2);
}

static void
test_output_stdout (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  char buf[64] = { 0 };
  int fds[2], saved;

  g_assert_cmpint (pipe (fds), ==, 0);
  fflush (stdout);
  saved = dup (STDOUT_FILENO);
  dup2 (fds[1], STDOUT_FILENO);

  g_assert_true (px_output_set_contents ("-", "to stdout", 9, &error));

  dup2 (saved, STDOUT_FILENO);
  close (saved);
  close (fds[1]);
  g_assert_no_error (error);
  g_assert_cmpint (read (fds[0], buf, sizeof buf - 1), ==, 9);
  close (fds[0]);
  g_assert_cmpstr (buf, ==, "to stdout");
  g_assert_cmpuint (px_test_count_files (f->dir), ==, 0);
}

static void
test_output_check_target (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *missing = path_in (f, "no-such-folder/r.json");
  g_autofree char *ok = path_in (f, "r.json");
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;

  g_assert_true (px_output_check_target (ok, NULL));
  g_assert_true (px_output_check_target ("-", NULL));

  g_assert_false (px_output_check_target (missing, &e1));
  g_assert_nonnull (strstr (e1->message, missing));
  g_assert_nonnull (strstr (e1->message, "no-such-folder"));

  g_assert_false (px_output_check_target (f->dir, &e2));
  g_assert_nonnull (strstr (e2->message, "folder"));

  g_assert_false (px_output_check_target ("", &e3));
  g_assert_cmpuint (px_test_count_files (f->dir), ==, 0);
}

static void
test_output_abort (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = path_in (f, "kept.txt");
  g_autofree char *text = NULL;
  PxOutput *output;

  g_assert_true (g_file_set_contents (path, "kept", -1, NULL));
  output = px_output_open (path, NULL);
  g_assert_nonnull (output);
  g_output_stream_write_all (px_output_get_stream (output), "half of a report", 16, NULL, NULL,
                             NULL);
  px_output_abort (output);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "kept");
  g_assert_cmpuint (px_test_count_files (f->dir), ==, 1);
}

static void
test_output_profile_keeps_mode (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *path = path_in (f, "p.ini");
  g_autoptr(PxProfile) profile = px_profile_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "[Profile]\nversion=1\n", -1, NULL));
  g_assert_cmpint (chmod (path, 0600), ==, 0);
  g_assert_true (px_profile_save_to_file (profile, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mode_of (path) & 07777, ==, 0600);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/px/output/new-follows-umask", test_output_new_follows_umask);
  ADD ("/px/output/keeps-mode", test_output_keeps_mode);
  ADD ("/px/output/follows-symlink", test_output_follows_symlink);
  ADD ("/px/output/fifo-in-place", test_output_fifo_in_place);
  ADD ("/px/output/device-in-place", test_output_device_in_place);
  ADD ("/px/output/stdout", test_output_stdout);
  ADD ("/px/output/check-target", test_output_check_target);
  ADD ("/px/output/abort", test_output_abort);
  ADD ("/px/output/profile-keeps-mode", test_output_profile_keeps_mode);
#undef ADD

  return g_test_run ();
}
