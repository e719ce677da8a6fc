/* px-queue.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "px-queue.h"

struct _PxQueue
{
  GMutex    mutex;
  GCond     cond;
  guint     total;
  guint     capacity;
  guint     produced;
  guint     claimed;
  guint     finished;
  guint     retry_pending;
  GArray   *retry;
  guint     waiting;
  guint     producer_waiting;
  gboolean  closed;
  GFunc     wakeup;
  gpointer  wakeup_data;
};

PxQueue *
px_queue_new (guint total,
              guint capacity)
{
  PxQueue *queue = g_new0 (PxQueue, 1);

  g_mutex_init (&queue->mutex);
  g_cond_init (&queue->cond);
  queue->total = total;
  queue->capacity = capacity;
  queue->retry = g_array_new (FALSE, FALSE, sizeof (guint32));
  return queue;
}

void
px_queue_free (PxQueue *queue)
{
  if (queue == NULL)
    return;
  g_array_unref (queue->retry);
  g_mutex_clear (&queue->mutex);
  g_cond_clear (&queue->cond);
  g_free (queue);
}

void
px_queue_set_wakeup (PxQueue  *queue,
                     GFunc     wakeup,
                     gpointer  user_data)
{
  g_mutex_lock (&queue->mutex);
  queue->wakeup = wakeup;
  queue->wakeup_data = user_data;
  g_mutex_unlock (&queue->mutex);
}

/* Called with the mutex held, after anything a waiter may want changed. */
static void
wake_locked (PxQueue *queue)
{
  if (queue->waiting > 0 || queue->producer_waiting > 0)
    g_cond_broadcast (&queue->cond);
  if (queue->wakeup)
    queue->wakeup (queue, queue->wakeup_data);
}

static guint
depth (PxQueue *queue)
{
  guint produced = g_atomic_int_get (&queue->produced);
  guint claimed = g_atomic_int_get (&queue->claimed);

  return (produced > claimed ? produced - claimed : 0) +
         g_atomic_int_get (&queue->retry_pending);
}

PxClaim
px_queue_claim (PxQueue *queue,
                guint    max,
                guint32 *ids,
                guint   *n_ids,
                gboolean wait)
{
  *n_ids = 0;

  for (;;)
    {
      if (g_atomic_int_get (&queue->retry_pending) == 0)
        {
          guint claimed = g_atomic_int_get (&queue->claimed);
          guint produced = g_atomic_int_get (&queue->produced);

          if (claimed < produced)
            {
              guint n = MIN (max, produced - claimed);

              if (g_atomic_int_compare_and_exchange (&queue->claimed, claimed, claimed + n))
                {
                  for (guint i = 0; i < n; i++)
                    ids[i] = claimed + i;
                  *n_ids = n;
                  if (g_atomic_int_get (&queue->producer_waiting))
                    {
                      g_mutex_lock (&queue->mutex);
                      g_cond_broadcast (&queue->cond);
                      g_mutex_unlock (&queue->mutex);
                    }
                  return PX_CLAIM_GOT;
                }
              continue;
            }
        }

      g_mutex_lock (&queue->mutex);

      if (queue->closed)
        {
          g_mutex_unlock (&queue->mutex);
          return PX_CLAIM_DONE;
        }

      if (queue->retry->len > 0)
        {
          guint n = MIN (max, queue->retry->len);

          for (guint i = 0; i < n; i++)
            ids[i] = g_array_index (queue->retry, guint32, queue->retry->len - 1 - i);
          g_array_set_size (queue->retry, queue->retry->len - n);
          g_atomic_int_set (&queue->retry_pending, queue->retry->len);
          *n_ids = n;
          if (queue->producer_waiting)
            g_cond_broadcast (&queue->cond);
          g_mutex_unlock (&queue->mutex);
          return PX_CLAIM_GOT;
        }

      if ((guint)g_atomic_int_get (&queue->claimed) < queue->produced)
        {
          g_mutex_unlock (&queue->mutex);
          continue;
        }

      if ((guint)g_atomic_int_get (&queue->finished) >= queue->total)
        {
          g_mutex_unlock (&queue->mutex);
          return PX_CLAIM_DONE;
        }

      if (!wait)
        {
          g_mutex_unlock (&queue->mutex);
          return PX_CLAIM_EMPTY;
        }

      queue->waiting++;
      g_cond_wait (&queue->cond, &queue->mutex);
      queue->waiting--;
      g_mutex_unlock (&queue->mutex);
    }
}

/* Called with the mutex held. The producer says it waits *before* it
 * looks at the depth: a consumer claims without the lock, then reads
 * producer_waiting, so one of the two always sees the other and no
 * wake-up is lost. */
static void
wait_for_room_locked (PxQueue *queue,
                      guint    n)
{
  if (queue->capacity == 0)
    return;

  g_atomic_int_inc (&queue->producer_waiting);
  while (!queue->closed && depth (queue) + n > queue->capacity)
    g_cond_wait (&queue->cond, &queue->mutex);
  g_atomic_int_dec_and_test (&queue->producer_waiting);
}

/**
 * px_queue_wait_for_room:
 *
 * Blocks while a bounded queue has no room for @n more tasks: this is the
 * back-pressure on the producer. Returns %FALSE if the queue was closed.
 */
gboolean
px_queue_wait_for_room (PxQueue *queue,
                        guint    n)
{
  gboolean open;

  g_mutex_lock (&queue->mutex);
  wait_for_room_locked (queue, n);
  open = !queue->closed;
  g_mutex_unlock (&queue->mutex);

  return open;
}

/**
 * px_queue_produce:
 *
 * Makes the next @n fresh tasks available, blocking while a bounded
 * queue is full. Returns %FALSE if the queue was closed meanwhile.
 */
gboolean
px_queue_produce (PxQueue *queue,
                  guint    n)
{
  g_mutex_lock (&queue->mutex);
  wait_for_room_locked (queue, n);

  if (queue->closed)
    {
      g_mutex_unlock (&queue->mutex);
      return FALSE;
    }

  n = MIN (n, queue->total - queue->produced);
  g_atomic_int_add (&queue->produced, n);
  wake_locked (queue);
  g_mutex_unlock (&queue->mutex);

  return TRUE;
}

void
px_queue_retry (PxQueue *queue,
                guint32  id)
{
  g_mutex_lock (&queue->mutex);
  g_array_append_val (queue->retry, id);
  g_atomic_int_set (&queue->retry_pending, queue->retry->len);
  wake_locked (queue);
  g_mutex_unlock (&queue->mutex);
}

void
px_queue_finished (PxQueue *queue,
                   guint    n)
{
  guint total = queue->total;

  if (n == 0)
    return;
  if ((guint)g_atomic_int_add (&queue->finished, n) + n >= total)
    {
      g_mutex_lock (&queue->mutex);
      wake_locked (queue);
      g_mutex_unlock (&queue->mutex);
    }
}

void
px_queue_close (PxQueue *queue)
{
  g_mutex_lock (&queue->mutex);
  queue->closed = TRUE;
  g_cond_broadcast (&queue->cond);
  if (queue->wakeup)
    queue->wakeup (queue, queue->wakeup_data);
  g_mutex_unlock (&queue->mutex);
}

guint
px_queue_get_depth (PxQueue *queue)
{
  return depth (queue);
}

guint
px_queue_get_produced (PxQueue *queue)
{
  return g_atomic_int_get (&queue->produced);
}

guint
px_queue_get_finished (PxQueue *queue)
{
  return g_atomic_int_get (&queue->finished);
}
