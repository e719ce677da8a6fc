/* px-hosts.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hosts a run's worker processes start on, written as GNU parallel
 * writes its --sshlogin: [N/][user@]host[:port], ":" for this machine,
 * entries separated by commas or white space. A name that ssh would
 * read as an option (a leading '-') is refused: a profile is data, and
 * must not pass options to ssh.
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "px-hosts.h"
#include "px-types.h"

/* A character of a host or user name, as ssh takes them and reports and
 * traces write them unescaped. */
gboolean
px_host_is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-' || c == '_';
}

/* A whole number from @min to @max, all of @text. */
static gboolean
parse_number (const char *text,
              gsize       length,
              guint       min,
              guint       max,
              guint      *value)
{
  guint64 v = 0;

  if (length == 0 || length > 9)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      v = v * 10 + (guint64)(text[i] - '0');
    }
  if (v < min || v > max)
    return FALSE;
  *value = (guint)v;
  return TRUE;
}

/* Parses one entry into @host; on failure returns why. */
static char *
parse_entry (const char *entry,
             PxHost     *host)
{
  const char *p = entry;
  const char *slash = strchr (entry, '/');
  const char *at;
  const char *name_end;

  memset (host, 0, sizeof *host);
  if (slash != NULL)
    {
      if (!parse_number (entry, slash - entry, 1, PX_MAX_WORKERS, &host->slots))
        return g_strdup_printf (_("N/ takes a whole number of worker slots from 1 to %d"),
                                PX_MAX_WORKERS);
      p = slash + 1;
    }

  if (g_str_equal (p, ":"))
    return NULL;

  at = strchr (p, '@');
  if (at != NULL)
    {
      if (at == p || *p == '-')
        return g_strdup (_("the user before @ is empty or begins with '-'"));
      for (const char *c = p; c < at; c++)
        if (!px_host_is_name_char (*c))
          return g_strdup (_("the user before @ holds a character other than letters, digits, "
                             "'.', '-' and '_'"));
      host->user = g_strndup (p, at - p);
      p = at + 1;
    }

  if (*p == '[')
    {
      /* An IPv6 address, in brackets so that its colons are not a port. */
      const char *close = strchr (p, ']');

      if (close == NULL || close == p + 1)
        return g_strdup (_("an address in brackets needs its closing ']'"));
      for (const char *c = p + 1; c < close; c++)
        if (!g_ascii_isxdigit (*c) && *c != ':' && *c != '.')
          return g_strdup (_("an address in brackets holds only hexadecimal digits, ':' and "
                             "'.'"));
      host->name = g_strndup (p + 1, close - p - 1);
      name_end = close + 1;
    }
  else
    {
      name_end = p;
      while (px_host_is_name_char (*name_end))
        name_end++;
      if (name_end == p)
        return g_strdup (_("the host name is empty"));
      if (*p == '-')
        return g_strdup (_("a host name cannot begin with '-'"));
      host->name = g_strndup (p, name_end - p);
    }

  if (*name_end == ':')
    {
      if (!parse_number (name_end + 1, strlen (name_end + 1), 1, 65535, &host->port))
        return g_strdup (_("the port after ':' must be a whole number from 1 to 65535"));
    }
  else if (*name_end != '\0')
    return g_strdup_printf (_("“%c” cannot appear in a host name"), *name_end);

  return NULL;
}

static void
host_clear (PxHost *host)
{
  g_clear_pointer (&host->user, g_free);
  g_clear_pointer (&host->name, g_free);
}

/**
 * px_host_list_parse:
 * @text: entries separated by commas or white space
 *
 * Returns: (transfer full): the hosts, in their order; NULL with @error
 *   naming the entry and what is accepted.
 */
PxHostList *
px_host_list_parse (const char  *text,
                    GError     **error)
{
  g_autoptr(PxHostList) list = g_new0 (PxHostList, 1);
  g_auto(GStrv) entries = g_strsplit_set (text != NULL ? text : "", ", \t\r\n", -1);
  guint n = 0;

  list->hosts = g_new0 (PxHost, g_strv_length (entries) + 1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_autofree char *why = NULL;

      if (entries[i][0] == '\0')
        continue;
      why = parse_entry (entries[i], &list->hosts[n]);
      if (why != NULL)
        {
          host_clear (&list->hosts[n]);
          list->n_hosts = n;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       /* Translators: the first %s is a host list's entry, the last why it
                        * is refused */
                       _("“%s”: %s; accepted: [N/][user@]host[:port], or [N/]: for this "
                         "machine, separated by commas"),
                       entries[i], why);
          return NULL;
        }
      n++;
    }
  list->n_hosts = n;

  if (n == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("no host is named; accepted: [N/][user@]host[:port], or [N/]: for "
                             "this machine, separated by commas"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

void
px_host_list_free (PxHostList *list)
{
  if (list == NULL)
    return;
  for (guint i = 0; i < list->n_hosts; i++)
    host_clear (&list->hosts[i]);
  g_free (list->hosts);
  g_free (list);
}

gboolean
px_host_list_any_remote (const PxHostList *list)
{
  for (guint i = 0; list != NULL && i < list->n_hosts; i++)
    if (list->hosts[i].name != NULL)
      return TRUE;
  return FALSE;
}

/**
 * px_host_list_assign:
 * @host_of_worker: (out caller-allocates): @workers host indices
 *
 * Deals the workers to the hosts in turn, as cards: worker 0 to the
 * first host, 1 to the second, and so on round again, a host with N/
 * taking no more than N. Fails when the slots run out first.
 */
gboolean
px_host_list_assign (const PxHostList  *list,
                     guint              workers,
                     guint             *host_of_worker,
                     GError           **error)
{
  g_autofree guint *taken = g_new0 (guint, list->n_hosts);
  guint h = 0;

  for (guint w = 0; w < workers; w++)
    {
      guint tries = 0;

      while (list->hosts[h].slots > 0 && taken[h] >= list->hosts[h].slots &&
             tries < list->n_hosts)
        {
          h = (h + 1) % list->n_hosts;
          tries++;
        }
      if (tries == list->n_hosts)
        {
          guint slots = 0;

          for (guint i = 0; i < list->n_hosts; i++)
            slots += list->hosts[i].slots;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "workers=%u, but the hosts offer %u worker slot in all "
                                    "(N/ before a host); lower workers, or raise or drop an N/",
                                    "workers=%u, but the hosts offer %u worker slots in all "
                                    "(N/ before a host); lower workers, or raise or drop an N/",
                                    slots),
                       workers, slots);
          return FALSE;
        }
      host_of_worker[w] = h;
      taken[h]++;
      h = (h + 1) % list->n_hosts;
    }
  return TRUE;
}

/* The host as written, without its slots: "user@name:port", ":" for this
 * machine. */
char *
px_host_describe (const PxHost *host)
{
  GString *s;

  if (host->name == NULL)
    return g_strdup (":");
  s = g_string_new (NULL);
  if (host->user != NULL)
    g_string_append_printf (s, "%s@", host->user);
  if (strchr (host->name, ':') != NULL)
    g_string_append_printf (s, "[%s]", host->name);
  else
    g_string_append (s, host->name);
  if (host->port > 0)
    g_string_append_printf (s, ":%u", host->port);
  return g_string_free (s, FALSE);
}

/**
 * px_host_ssh_argv:
 * @ssh: the ssh command's words, with its options
 * @host: a host of a list, not this machine
 * @connect_timeout: seconds ssh may take to connect (0: its own default)
 *
 * Returns: the words that run a command on @host: ssh's, never asking
 *   for a password, the port, the user and the host, which cannot be
 *   read as an option; the command follows as one word, which the
 *   remote shell splits.
 */
char **
px_host_ssh_argv (char * const *ssh,
                  const PxHost *host,
                  double        connect_timeout)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (host != NULL && host->name != NULL, NULL);

  g_strv_builder_addv (builder, (const char **)ssh);
  /* Never a prompt: a host that wants a password fails, and says so. */
  g_strv_builder_add_many (builder, "-o", "BatchMode=yes", NULL);
  if (connect_timeout > 0)
    {
      g_autofree char *timeout = g_strdup_printf ("ConnectTimeout=%u",
                                                  (guint)MAX (connect_timeout, 1));

      g_strv_builder_add_many (builder, "-o", timeout, NULL);
    }
  if (host->port > 0)
    {
      g_autofree char *port = g_strdup_printf ("%u", host->port);

      g_strv_builder_add_many (builder, "-p", port, NULL);
    }
  if (host->user != NULL)
    g_strv_builder_add_many (builder, "-l", host->user, NULL);
  g_strv_builder_add_many (builder, "--", host->name, NULL);
  return g_strv_builder_end (builder);
}

/**
 * px_host_dup_said:
 * @text: (nullable): what ssh (or the shell there) wrote
 *
 * Returns: (nullable): its last line that is not blank, valid UTF-8: why
 *   a host failed, as ssh says it; NULL if it said nothing.
 */
char *
px_host_dup_said (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint n = g_strv_length (lines); n > 0; n--)
    {
      g_strstrip (lines[n - 1]);
      if (lines[n - 1][0] != '\0')
        return g_utf8_make_valid (lines[n - 1], -1);
    }
  return NULL;
}
