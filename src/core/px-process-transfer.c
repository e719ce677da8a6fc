/* px-process-transfer.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * transfer=true: before the workers start, each host of the list that
 * lacks parallax-worker at its path there gets a copy of this one, if it
 * is of this machine's architecture. The copy goes through the same ssh
 * command as the workers (its options, port, user and agent: scp takes
 * its port and options in other words than ssh), a small sh script on
 * the host reading the binary from its standard input into a temporary
 * file beside the path, then renaming it, so a copy cut short leaves
 * nothing that would be run. All hosts are asked at once; a host where
 * the copy fails is said in the run's events, and its workers then fail
 * to start as they would without it.
 */

#include "config.h"

#include <sys/utsname.h>

#include <glib/gi18n.h>

#include "px-process-private.h"

/* $1: the path, $2: this machine's architecture. Prints "present",
 * "copied" or "arch M"; anything else on failure, with a status. */
static const char transfer_script[] =
  "p=$1; "
  "if [ -x \"$p\" ]; then echo present; exit 0; fi; "
  "m=$(uname -m); "
  "if [ \"$m\" != \"$2\" ]; then echo \"arch $m\"; exit 0; fi; "
  "t=\"$p.part$$\"; "
  "mkdir -p -- \"$(dirname -- \"$p\")\" && cat > \"$t\" && chmod 755 \"$t\" && "
  "mv -f -- \"$t\" \"$p\" && echo copied && exit 0; "
  "rm -f -- \"$t\"; exit 1";

typedef struct
{
  ProcExec     *pe;
  guint         host;
  GSubprocess  *proc;
  char         *out;
  char         *err;
  GError       *error;
  gboolean      done;
} Transfer;

static void
transfer_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Transfer *t = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &t->out, &t->err,
                                        &t->error);
  t->done = TRUE;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* The last non-empty line of @text, or NULL. */
static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint n = g_strv_length (lines); n > 0; n--)
    {
      g_strstrip (lines[n - 1]);
      if (lines[n - 1][0] != '\0')
        return g_utf8_make_valid (lines[n - 1], -1);
    }
  return NULL;
}

/* Says in the run's events how @t's copy went, if it did anything. */
static void
report (Transfer   *t,
        const char *path,
        const char *arch,
        goffset     size)
{
  PxRunShared *shared = t->pe->shared;
  g_autofree char *host = px_host_describe (&t->pe->hosts->hosts[t->host]);
  g_autofree char *said = last_line (t->out);
  g_autofree char *why = NULL;

  if (t->error != NULL)
    why = g_strdup (t->error->message);
  else if (g_subprocess_get_if_exited (t->proc) && g_subprocess_get_exit_status (t->proc) == 0
           && said != NULL)
    {
      g_autofree char *bytes = NULL;

      if (g_str_equal (said, "present"))
        return;
      if (g_str_equal (said, "copied"))
        {
          bytes = g_format_size (size);
          /* Translators: HOST: ... copied to PATH (SIZE) */
          _px_run_shared_event (shared, _("%s: parallax-worker copied to %s (%s)"), host, path,
                                bytes);
          return;
        }
      if (g_str_has_prefix (said, "arch "))
        {
          /* Translators: HOST: not copied ... the host is ARCH, this machine ARCH */
          _px_run_shared_event (shared, _("%s: parallax-worker not copied to %s: the host is "
                                          "%s, this machine %s"),
                                host, path, said + 5, arch);
          return;
        }
    }
  if (why == NULL)
    why = last_line (t->err);
  if (why == NULL && g_subprocess_get_if_exited (t->proc))
    why = g_strdup_printf (_("ssh exited with status %d"), g_subprocess_get_exit_status (t->proc));
  if (why == NULL)
    why = g_strdup (_("ssh ended without saying why"));
  /* Translators: HOST: ... could not be copied to PATH: WHY */
  _px_run_shared_event (shared, _("%s: parallax-worker could not be copied to %s: %s"), host,
                        path, why);
}

/* Copies parallax-worker to each host that has a worker and lacks it
 * there; returns when every host answered or the run was cancelled. */
void
_px_proc_remote_transfer (ProcExec *pe)
{
  const PxSpec *spec = &pe->shared->spec;
  const char *path = _px_proc_remote_worker_path (pe);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFile) local = NULL;
  g_autofree Transfer *transfers = NULL;
  g_autoptr(GString) command = g_string_new ("sh -c ");
  g_autofree char *script = g_shell_quote (transfer_script);
  g_autofree char *quoted_path = g_shell_quote (path);
  g_autofree char *quoted_arch = NULL;
  struct utsname uts;
  GSource *wake;
  guint n = 0, pending = 0;

  if (!spec->transfer || pe->hosts == NULL || uname (&uts) != 0)
    return;
  local = g_file_new_for_path (pe->shared->worker_path);
  info = g_file_query_info (local, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL,
                            NULL);
  quoted_arch = g_shell_quote (uts.machine);
  g_string_append_printf (command, "%s sh %s %s", script, quoted_path, quoted_arch);

  g_main_context_push_thread_default (context);
  transfers = g_new0 (Transfer, pe->hosts->n_hosts);
  for (guint i = 0; i < pe->n_procs; i++)
    {
      gint h = pe->procs[i].host;
      g_autofree char *name = NULL;
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) ssh = NULL;
      g_auto(GStrv) argv = NULL;
      Transfer *t;

      if (h < 0)
        continue;
      /* A host listed twice is copied to once. */
      name = px_host_describe (&pe->hosts->hosts[h]);
      if (g_ptr_array_find_with_equal_func (seen, name, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, g_steal_pointer (&name));

      t = &transfers[n++];
      t->pe = pe;
      t->host = (guint)h;
      ssh = px_host_ssh_argv (pe->launch_argv, &pe->hosts->hosts[h], spec->worker_timeout);
      g_strv_builder_addv (builder, (const char **)ssh);
      g_strv_builder_add (builder, command->str);
      argv = g_strv_builder_end (builder);
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                            G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_launcher_set_stdin_file_path (launcher, pe->shared->worker_path);
      t->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv, &t->error);
      if (t->proc == NULL)
        {
          t->done = TRUE;
          continue;
        }
      g_subprocess_communicate_utf8_async (t->proc, NULL, cancellable, transfer_done_cb, t);
      pending++;
    }

  /* A wake-up every 0.1 s to see whether the run was cancelled. */
  wake = g_timeout_source_new (100);
  g_source_set_callback (wake, wake_cb, NULL, NULL);
  g_source_attach (wake, context);
  while (pending > 0)
    {
      pending = 0;
      for (guint i = 0; i < n; i++)
        pending += !transfers[i].done;
      if (pending == 0)
        break;
      if (_px_run_shared_cancelled (pe->shared) && !g_cancellable_is_cancelled (cancellable))
        {
          g_cancellable_cancel (cancellable);
          for (guint i = 0; i < n; i++)
            if (transfers[i].proc != NULL)
              g_subprocess_force_exit (transfers[i].proc);
        }
      g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (wake);
  g_source_unref (wake);

  for (guint i = 0; i < n; i++)
    {
      Transfer *t = &transfers[i];

      if (!g_cancellable_is_cancelled (cancellable))
        report (t, path, uts.machine, info != NULL ? g_file_info_get_size (info) : 0);
      g_clear_object (&t->proc);
      g_clear_pointer (&t->out, g_free);
      g_clear_pointer (&t->err, g_free);
      g_clear_error (&t->error);
    }
  g_main_context_pop_thread_default (context);
}
