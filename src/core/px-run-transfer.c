/* px-run-transfer.c
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
 * the copy fails is said in the run's events, and its workers (or its
 * command's jobs) then fail to start as they would without it.
 */

#include "config.h"

#include <sys/utsname.h>

#include <glib/gi18n.h>

#include "px-run-private.h"

/* $1: the path, $2: this machine's architecture, $3: the worker's size
 * in bytes. Prints "present", "copied" or "arch M"; "short N" (with a
 * status) when only N bytes arrived: a copy whose input ended early (the
 * run cancelled, the connection lost) is removed. */
static const char transfer_script[] =
  "p=$1; "
  "if [ -x \"$p\" ]; then echo present; exit 0; fi; "
  "m=$(uname -m); "
  "if [ \"$m\" != \"$2\" ]; then echo \"arch $m\"; exit 0; fi; "
  "t=\"$p.part$$\"; "
  "mkdir -p -- \"$(dirname -- \"$p\")\" && cat > \"$t\" || { rm -f -- \"$t\"; exit 1; }; "
  "n=$(wc -c < \"$t\"); "
  "if ! [ \"$n\" -eq \"$3\" ] 2>/dev/null; then rm -f -- \"$t\"; echo \"short ${n:-0}\"; "
  "exit 1; fi; "
  "chmod 755 \"$t\" && mv -f -- \"$t\" \"$p\" && echo copied && exit 0; "
  "rm -f -- \"$t\"; exit 1";

typedef struct
{
  PxRunShared  *shared;
  const PxHost *host;
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

/* Says in the run's events how @t's copy went, if it did anything. */
static void
report (Transfer   *t,
        const char *path,
        const char *arch,
        goffset     size)
{
  PxRunShared *shared = t->shared;
  g_autofree char *host = px_host_describe (t->host);
  g_autofree char *said = px_host_dup_said (t->out);
  g_autofree char *why = NULL;

  if (t->error != NULL)
    why = g_strdup (t->error->message);
  else if (said != NULL && g_str_has_prefix (said, "short "))
    /* Translators: the copy was cut short: RECEIVED of SIZE bytes arrived */
    why = g_strdup_printf (_("the copy was cut short: %s of %lld bytes arrived"),
                           g_strstrip (said + 6), (long long)size);
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
    why = px_host_dup_said (t->err);
  if (why == NULL && g_subprocess_get_if_exited (t->proc))
    why = g_strdup_printf (_("ssh exited with status %d"), g_subprocess_get_exit_status (t->proc));
  if (why == NULL)
    why = g_strdup (_("ssh ended without saying why"));
  /* Translators: HOST: ... could not be copied to PATH: WHY */
  _px_run_shared_event (shared, _("%s: parallax-worker could not be copied to %s: %s"), host,
                        path, why);
}

/**
 * _px_run_shared_transfer_worker:
 * @hosts: the run's hosts
 * @host_of: the host of each of @n_slots slots, or -1 for this machine
 * @ssh_words: the ssh command's words
 * @path: parallax-worker's path on the hosts
 *
 * Copies parallax-worker to each host that has a slot and lacks it at
 * @path, if transfer is set; returns when every host answered or the run
 * was cancelled.
 */
void
_px_run_shared_transfer_worker (PxRunShared      *shared,
                                const PxHostList *hosts,
                                const gint       *host_of,
                                guint             n_slots,
                                char * const     *ssh_words,
                                const char       *path)
{
  const PxSpec *spec = &shared->spec;
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
  g_autofree char *worker = px_find_worker_binary ();
  struct utsname uts;
  GSource *wake;
  guint n = 0, pending = 0;

  if (!spec->transfer || hosts == NULL || uname (&uts) != 0)
    return;
  local = g_file_new_for_path (worker);
  info = g_file_query_info (local, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL,
                            NULL);
  quoted_arch = g_shell_quote (uts.machine);
  g_string_append_printf (command, "%s sh %s %s %" G_GOFFSET_FORMAT, script, quoted_path,
                          quoted_arch, info != NULL ? g_file_info_get_size (info) : (goffset)-1);

  g_main_context_push_thread_default (context);
  transfers = g_new0 (Transfer, hosts->n_hosts);
  for (guint i = 0; i < n_slots; i++)
    {
      gint h = host_of[i];
      g_autofree char *name = NULL;
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) ssh = NULL;
      g_auto(GStrv) argv = NULL;
      Transfer *t;

      if (h < 0)
        continue;
      /* A host listed twice is copied to once. */
      name = px_host_describe (&hosts->hosts[h]);
      if (g_ptr_array_find_with_equal_func (seen, name, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, g_steal_pointer (&name));

      t = &transfers[n++];
      t->shared = shared;
      t->host = &hosts->hosts[h];
      ssh = px_host_ssh_argv (ssh_words, t->host, spec->worker_timeout);
      g_strv_builder_addv (builder, (const char **)ssh);
      g_strv_builder_add (builder, command->str);
      argv = g_strv_builder_end (builder);
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                            G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_launcher_set_stdin_file_path (launcher, worker);
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
      if (_px_run_shared_cancelled (shared) && !g_cancellable_is_cancelled (cancellable))
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
        report (t, path, uts.machine, info != NULL ? g_file_info_get_size (info) : -1);
      g_clear_object (&t->proc);
      g_clear_pointer (&t->out, g_free);
      g_clear_pointer (&t->err, g_free);
      g_clear_error (&t->error);
    }
  g_main_context_pop_thread_default (context);
}
