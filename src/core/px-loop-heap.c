/* px-loop-heap.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An event loop's timers: a binary heap of its tasks by when they are
 * due, as asyncio's loop keeps its scheduled callbacks, with each task's
 * place in it so that one can leave before it is due (a request that
 * ended before its deadline).
 */

#include "config.h"

#include "px-loop-private.h"

static void
heap_set (Loop  *loop,
          guint  i,
          Task  *task)
{
  g_ptr_array_index (loop->heap, i) = task;
  task->heap_index = i;
}

static void
heap_up (Loop  *loop,
         guint  i)
{
  Task *task = g_ptr_array_index (loop->heap, i);

  while (i > 0)
    {
      Task *parent = g_ptr_array_index (loop->heap, (i - 1) / 2);

      if (parent->due_us <= task->due_us)
        break;
      heap_set (loop, i, parent);
      i = (i - 1) / 2;
    }
  heap_set (loop, i, task);
}

static void
heap_down (Loop  *loop,
           guint  i)
{
  guint n = loop->heap->len;
  Task *task = g_ptr_array_index (loop->heap, i);

  for (;;)
    {
      guint child = 2 * i + 1;
      Task *c;

      if (child >= n)
        break;
      if (child + 1 < n &&
          ((Task *)g_ptr_array_index (loop->heap, child + 1))->due_us <
          ((Task *)g_ptr_array_index (loop->heap, child))->due_us)
        child++;
      c = g_ptr_array_index (loop->heap, child);
      if (task->due_us <= c->due_us)
        break;
      heap_set (loop, i, c);
      i = child;
    }
  heap_set (loop, i, task);
}

void
_px_loop_heap_push (Loop *loop,
                    Task *task)
{
  g_ptr_array_add (loop->heap, task);
  heap_up (loop, loop->heap->len - 1);
}

Task *
_px_loop_heap_pop (Loop *loop)
{
  Task *top = g_ptr_array_index (loop->heap, 0);
  Task *last = g_ptr_array_steal_index (loop->heap, loop->heap->len - 1);

  if (loop->heap->len > 0)
    {
      heap_set (loop, 0, last);
      heap_down (loop, 0);
    }
  top->heap_index = NOT_IN_HEAP;
  return top;
}

/* Takes a task out of the heap wherever it is: a request that ended
 * before its deadline. */
void
_px_loop_heap_remove (Loop *loop,
                      Task *task)
{
  guint i = task->heap_index;
  Task *last = g_ptr_array_steal_index (loop->heap, loop->heap->len - 1);

  task->heap_index = NOT_IN_HEAP;
  if (last == task)
    return;
  heap_set (loop, i, last);
  heap_up (loop, i);
  heap_down (loop, last->heap_index);
}
