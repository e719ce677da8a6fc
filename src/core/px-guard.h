/* px-guard.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "px-types.h"

G_BEGIN_DECLS

/* What a workload asks of the machine, estimated before it runs. */
typedef struct
{
  guint64  memory_bytes;       /* resident, all processes together */
  guint64  largest_process;    /* the most one process (or the parent) holds */
  guint64  disk_bytes;         /* in the temporary folder */
  guint    processes;          /* worker processes at once */
  char    *memory_detail;      /* where the memory goes, naming the keys */
  char    *disk_detail;
} PxResourceEstimate;

/* What this machine has for it now. */
typedef struct
{
  guint64  memory_available;   /* G_MAXUINT64 when unknown */
  guint64  process_limit;      /* address space one process may use */
  guint64  disk_available;
  guint64  processes_allowed;  /* more processes this user may start */
  char    *tmpdir;
} PxMachineResources;

void      px_resources_estimate      (const PxSpec             *spec,
                                      PxResourceEstimate       *estimate);
void      px_resources_estimate_clear (PxResourceEstimate      *estimate);
void      px_machine_resources_read  (PxMachineResources       *machine);
void      px_machine_resources_clear (PxMachineResources       *machine);
gboolean  px_resources_judge         (const PxResourceEstimate *estimate,
                                      const PxMachineResources *machine,
                                      GError                  **error);
gboolean  px_resources_check         (const PxSpec             *spec,
                                      GError                  **error);

G_END_DECLS
