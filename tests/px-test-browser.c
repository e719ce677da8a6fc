/* px-test-browser.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Headless Chromium for tests of what the HTML report's script does: run
 * on a page, it prints the DOM the script left; everything it writes
 * stays in a folder of its own, removed once its last process is gone.
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "px-test-browser.h"
#include "px-test-helpers.h"

/* Processes whose environment has HOME=@home: the browser and every
 * process it started, daemons included. */
static guint
count_processes_with_home (const char *home)
{
  g_autofree char *entry = g_strdup_printf ("HOME=%s", home);
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *env = NULL;
      gsize len;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_strdup_printf ("/proc/%s/environ", name);
      if (!g_file_get_contents (path, &env, &len, NULL))
        continue;
      for (gsize at = 0; at < len; at += strlen (env + at) + 1)
        if (g_str_equal (env + at, entry))
          {
            n++;
            break;
          }
    }
  return n;
}

gboolean
px_test_browser_init (PxTestBrowser *b)
{
  b->program = g_find_program_in_path ("chromium");
  if (b->program == NULL)
    b->program = g_find_program_in_path ("chromium-browser");
  if (b->program == NULL)
    {
      /* build-aux/dev test installs it, and says it must be there. */
      if (g_getenv ("PX_REQUIRE_BROWSER") != NULL)
        g_test_fail_printf ("neither chromium nor chromium-browser is in PATH, but "
                            "PX_REQUIRE_BROWSER is set: the report's script must be checked");
      else
        g_test_skip ("neither chromium nor chromium-browser is in PATH: install chromium "
                     "(build-aux/dev test does) to check the report's script");
      return FALSE;
    }
  b->home = px_test_make_dir ("px-chromium");
  return TRUE;
}

/* Waits for every process of the browser to end, then removes all it
 * wrote. */
void
px_test_browser_clear (PxTestBrowser *b)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (b->home != NULL)
    {
      while (count_processes_with_home (b->home) > 0 && g_get_monotonic_time () < deadline)
        g_usleep (20000);
      g_assert_cmpuint (count_processes_with_home (b->home), ==, 0);
      px_test_remove_dir (b->home);
    }
  g_clear_pointer (&b->home, g_free);
  g_clear_pointer (&b->program, g_free);
}

/* Runs headless Chromium on @page with @fragment and the options that
 * follow, up to NULL; returns what it printed. */
char *
px_test_browser_run (PxTestBrowser *b,
                     const char *page,
                     const char *fragment,
                     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *config = g_build_filename (b->home, "config", NULL);
  g_autofree char *cache = g_build_filename (b->home, "cache", NULL);
  g_autofree char *data = g_build_filename (b->home, "data", NULL);
  g_autofree char *uri = g_filename_to_uri (page, NULL, &error);
  const char *option;
  va_list args;
  char *out = NULL;
  char *err = NULL;

  g_assert_no_error (error);
  g_ptr_array_add (argv, g_strdup (b->program));
  g_ptr_array_add (argv, g_strdup ("--headless"));
  g_ptr_array_add (argv, g_strdup ("--no-sandbox"));
  g_ptr_array_add (argv, g_strdup ("--disable-gpu"));
  g_ptr_array_add (argv, g_strdup ("--no-first-run"));
  g_ptr_array_add (argv, g_strdup ("--disable-extensions"));
  g_ptr_array_add (argv, g_strdup ("--hide-scrollbars"));
  g_ptr_array_add (argv, g_strdup ("--virtual-time-budget=5000"));
  g_ptr_array_add (argv, g_strdup_printf ("--user-data-dir=%s/profile", b->home));
  va_start (args, fragment);
  while ((option = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (option));
  va_end (args);
  g_ptr_array_add (argv, g_strconcat (uri, fragment, NULL));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "HOME", b->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "TMPDIR", b->home, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, NULL);
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    g_error ("%s failed on %s:\n%s", b->program, page, err);
  g_free (err);
  return out;
}

/* The start tag of the @nth element that begins with @prefix in the
 * dumped DOM, up to its '>'. */
char *
px_test_dup_start_tag (const char *dom,
                       const char *prefix,
                       guint       nth)
{
  const char *p = strstr (dom, prefix);

  for (; p && nth > 0; nth--)
    p = strstr (p + 1, prefix);
  if (p == NULL)
    g_error ("no element %u starting with '%s' in:\n%s", nth, prefix, dom);
  return g_strndup (p, strchr (p, '>') - p);
}

/* An attribute of a start tag, its entities decoded; NULL if absent. */
char *
px_test_dup_attribute (const char *tag,
                       const char *name)
{
  g_autofree char *key = g_strdup_printf (" %s=\"", name);
  const char *start = strstr (tag, key);
  const char *end;
  GString *value;

  if (start == NULL)
    return NULL;
  start += strlen (key);
  end = strchr (start, '"');
  value = g_string_new_len (start, end - start);
  g_string_replace (value, "&quot;", "\"", 0);
  g_string_replace (value, "&lt;", "<", 0);
  g_string_replace (value, "&gt;", ">", 0);
  g_string_replace (value, "&nbsp;", "\u00a0", 0);
  g_string_replace (value, "&amp;", "&", 0);
  return g_string_free (value, FALSE);
}
