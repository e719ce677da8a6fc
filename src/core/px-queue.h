/* px-queue.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The task queue between the producer and the workers. Fresh tasks are
 * numbered, so the queue is a window [claimed, produced) of ids plus a
 * list of tasks to try again; claiming from the window takes no lock. */
typedef struct _PxQueue PxQueue;

typedef enum
{
  PX_CLAIM_GOT,
  PX_CLAIM_EMPTY,
  PX_CLAIM_DONE,
} PxClaim;

PxQueue  *px_queue_new        (guint     total,
                               guint     capacity);
void      px_queue_free       (PxQueue  *queue);
void      px_queue_set_wakeup (PxQueue  *queue,
                               GFunc     wakeup,
                               gpointer  user_data);
PxClaim   px_queue_claim      (PxQueue  *queue,
                               guint     max,
                               guint32  *ids,
                               guint    *n_ids,
                               gboolean  wait);
gboolean  px_queue_wait_for_room (PxQueue *queue,
                                  guint    n);
gboolean  px_queue_produce    (PxQueue  *queue,
                               guint     n);
void      px_queue_retry      (PxQueue  *queue,
                               guint32   id);
void      px_queue_finished   (PxQueue  *queue,
                               guint     n);
void      px_queue_close      (PxQueue  *queue);
guint     px_queue_get_depth  (PxQueue  *queue);
guint     px_queue_get_produced (PxQueue *queue);
guint     px_queue_get_finished (PxQueue *queue);

G_END_DECLS
