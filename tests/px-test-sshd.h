/* px-test-sshd.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "px-types.h"

G_BEGIN_DECLS

typedef struct
{
  char  *dir;
  int    pid;
  guint  port;
  /* "ssh -F CONFIG": ssh that knows the host key and has the user key. */
  char  *ssh_command;
} PxTestSshd;

gboolean px_test_sshd_start (PxTestSshd *sshd);
void     px_test_sshd_stop  (PxTestSshd *sshd);
guint    px_test_free_port  (void);
void     px_test_sshd_spec  (const PxTestSshd *sshd,
                             PxSpec           *spec,
                             const char       *hosts,
                             PxTaskKind        kind,
                             guint             workers,
                             guint             tasks,
                             double            task_ms);

G_END_DECLS
