/* px-hosts.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One entry of a host list, GNU parallel's --sshlogin syntax:
 * [N/][user@]host[:port], or [N/]: for this machine. */
typedef struct
{
  /* NULL: ssh's own default. */
  char  *user;
  /* NULL: this machine. */
  char  *name;
  /* 0: ssh's own default. */
  guint  port;
  /* Worker slots on the host; 0: as many as the workers need. */
  guint  slots;
} PxHost;

typedef struct
{
  PxHost *hosts;
  guint   n_hosts;
} PxHostList;

PxHostList *px_host_list_parse       (const char        *text,
                                      GError           **error);
void        px_host_list_free        (PxHostList        *list);
gboolean    px_host_list_any_remote  (const PxHostList  *list);
gboolean    px_host_list_assign      (const PxHostList  *list,
                                      guint              workers,
                                      guint             *host_of_worker,
                                      GError           **error);
char       *px_host_describe         (const PxHost      *host);
gboolean    px_host_is_name_char     (char               c);
char       *px_host_dup_said         (const char        *text);
char      **px_host_ssh_argv         (char * const      *ssh,
                                      const PxHost      *host,
                                      double             connect_timeout);

void        px_host_check_async      (char * const      *ssh,
                                      const PxHost      *host,
                                      const char        *path,
                                      double             connect_timeout,
                                      GCancellable      *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer           user_data);
char       *px_host_check_finish     (GAsyncResult      *result,
                                      GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxHostList, px_host_list_free)

G_END_DECLS
