// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memfrag/events: recent compaction runs, one line each.
 *
 * Producer: the end tracepoint's probe appends a record to its CPU's ring.
 * A run ends in process context, and the probe has pinned itself to its
 * CPU (compat.h), so each ring has exactly one producer at a time and
 * needs no lock: head is written only
 * by its CPU, tail only by the reader, both published with release/acquire.
 * A full ring drops the new record and counts it.  Waking readers would
 * take the wait queue's lock, so the probe queues an irq_work instead and
 * the wake-up happens there; and only when a reader is waiting, so that a
 * stream nobody reads costs no interrupt per run.
 *
 * Consumer: reading consumes.  Readers are serialised; each record goes to
 * exactly one of several concurrent readers, oldest first across CPUs.
 * A read blocks until a record is available unless the file was opened
 * with O_NONBLOCK (then EAGAIN); poll() reports POLLIN when one is.
 */
#include <linux/debugfs.h>
#include <linux/irq_work.h>
#include <linux/kallsyms.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "compat.h"
#include "events.h"
#include "names.h"
#include "oldest.h"
#include "stackmap.h"
#include "stats.h"
#include "tracefiles.h"

struct memfrag_ring {
	u64 head;		/* next record to write; this CPU only */
	u64 tail;		/* next record to read; the reader only */
	u64 dropped;		/* records lost to a full ring; this CPU only */
	struct memfrag_event rec[];	/* memfrag_ring_size of them */
};

static struct memfrag_ring **memfrag_rings;
static unsigned int memfrag_ring_size;
static DECLARE_WAIT_QUEUE_HEAD(memfrag_events_wait);
static DEFINE_MUTEX(memfrag_events_read_mutex);
static struct irq_work memfrag_events_wake_work;
/* Drops already announced in the stream; under the read mutex. */
static u64 memfrag_events_drops_shown;

/* Room for one record: its line and up to MEMFRAG_RUN_FRAMES frames. */
#define MEMFRAG_EVENT_TEXT	(256 + MEMFRAG_RUN_FRAMES * (KSYM_SYMBOL_LEN + 4))

/*
 * An open events file: the text of the record it is reading, kept between
 * reads so that a reader with a small buffer (bash's read builtin takes
 * one byte at a time) gets the rest of it next time, as trace_pipe does.
 * Each open file has its own, so that two readers never share a record.
 * Written under the read mutex; left is also read without it, to say
 * "readable".
 */
struct memfrag_events_reader {
	size_t len, off, left;
	char text[MEMFRAG_EVENT_TEXT];
};

/*
 * The rings with unread records, as a min-heap on the oldest record's
 * time (oldest.h).  Under the read mutex; allocated at load.
 */
static struct memfrag_oldest *memfrag_heap;
static int memfrag_heap_len;

static void memfrag_events_set_text(struct memfrag_events_reader *rd,
				    size_t len)
{
	rd->len = len;
	rd->off = 0;
	WRITE_ONCE(rd->left, len);
}


static void memfrag_events_wake(struct irq_work *work)
{
	wake_up_interruptible_all(&memfrag_events_wait);
}

int memfrag_events_init(void)
{
	int cpu;

	size_t size;

	memfrag_ring_size = clamp_t(unsigned int,
			rounddown_pow_of_two(MEMFRAG_EVENTS_TOTAL /
					     num_possible_cpus()),
			MEMFRAG_EVENTS_PER_CPU_MIN, MEMFRAG_EVENTS_PER_CPU_MAX);
	size = struct_size(memfrag_rings[0], rec, memfrag_ring_size);
	memfrag_rings = kcalloc(nr_cpu_ids, sizeof(*memfrag_rings), GFP_KERNEL);
	if (!memfrag_rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		memfrag_rings[cpu] = kvzalloc_node(size, GFP_KERNEL,
						   cpu_to_node(cpu));
		if (!memfrag_rings[cpu]) {
			memfrag_events_exit();
			return -ENOMEM;
		}
		memfrag_stats.bytes += size;
	}
	memfrag_heap = kcalloc(nr_cpu_ids, sizeof(*memfrag_heap), GFP_KERNEL);
	if (!memfrag_heap) {
		memfrag_events_exit();
		return -ENOMEM;
	}
	memfrag_stats.bytes += nr_cpu_ids * (sizeof(*memfrag_rings) +
					     sizeof(*memfrag_heap));
	memfrag_events_drops_shown = 0;
	init_irq_work(&memfrag_events_wake_work, memfrag_events_wake);
	return 0;
}

/* After the probes are detached: nothing produces any more. */
void memfrag_events_exit(void)
{
	int cpu;

	irq_work_sync(&memfrag_events_wake_work);
	for (cpu = 0; memfrag_rings && cpu < nr_cpu_ids; cpu++)
		kvfree(memfrag_rings[cpu]);
	kfree(memfrag_rings);
	memfrag_rings = NULL;
	kfree(memfrag_heap);
	memfrag_heap = NULL;
}

void memfrag_events_record(const struct memfrag_event *ev)
{
	struct memfrag_ring *r;
	u64 head;

	/* One producer per ring: head is read, written and published here. */
	memfrag_assert_pinned();
	r = memfrag_rings[smp_processor_id()];
	head = r->head;

	/* Pairs with the reader's release of tail: that slot was copied out. */
	if (head - smp_load_acquire(&r->tail) >= memfrag_ring_size) {
		WRITE_ONCE(r->dropped, r->dropped + 1);
		return;
	}
	r->rec[head % memfrag_ring_size] = *ev;
	/* The record is complete before the reader can see it. */
	smp_store_release(&r->head, head + 1);
	/*
	 * wq_has_sleeper()'s barrier orders the head store before the check;
	 * it pairs with the barrier a waiter has between joining the queue
	 * and testing for records (set_current_state(), or the one in poll).
	 */
	if (wq_has_sleeper(&memfrag_events_wait))
		irq_work_queue(&memfrag_events_wake_work);
}

unsigned int memfrag_events_per_cpu(void)
{
	return memfrag_ring_size;
}

u64 memfrag_events_dropped(void)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(memfrag_rings[cpu]->dropped);
	return sum;
}

/* Whether ring r holds an unread record; then *ts is the oldest one's time. */
static bool memfrag_ring_peek(struct memfrag_ring *r, u64 *ts)
{
	u64 tail = r->tail;

	/* Pairs with the producer's release of head: record complete. */
	if (smp_load_acquire(&r->head) == tail)
		return false;
	*ts = r->rec[tail % memfrag_ring_size].ts_ns;
	return true;
}

static bool memfrag_events_pending(const struct memfrag_events_reader *rd)
{
	u64 ts;
	int cpu;

	if (READ_ONCE(rd->left) ||
	    memfrag_events_dropped() != READ_ONCE(memfrag_events_drops_shown))
		return true;
	for_each_possible_cpu(cpu)
		if (memfrag_ring_peek(memfrag_rings[cpu], &ts))
			return true;
	return false;
}

/*
 * One line per run, fields separated by one space (Documentation/memfrag.rst):
 * ts_ns pid comm node zone order trigger mode latency_ns result fragindex
 * min low high boost free.  Spaces in comm become '_'; "-" marks a value
 * that is not known (no begin seen, or order -1).  A direct compaction's
 * kernel stack follows as lines that start with two spaces, one frame each.
 */
static int memfrag_format_event(char *buf, size_t size,
				const struct memfrag_event *ev)
{
	char comm[TASK_COMM_LEN], fragindex[16] = "-", lat[24] = "-";
	char ext[96] = "- - - - -";
	pg_data_t *pgdat = NODE_DATA(ev->nid);
	const char *zone = pgdat ? pgdat->node_zones[ev->zone_idx].name : "?";
	const unsigned long *ip = NULL;
	unsigned int i, nr;
	int n;

	memfrag_sanitize_comm(comm, ev->comm);
	if (ev->timed) {
		snprintf(lat, sizeof(lat), "%llu", ev->latency_ns);
		if (ev->start.fragindex != S16_MIN)
			snprintf(fragindex, sizeof(fragindex), "%s%d.%03d",
				 ev->start.fragindex < 0 ? "-" : "",
				 abs(ev->start.fragindex) / 1000,
				 abs(ev->start.fragindex) % 1000);
		snprintf(ext, sizeof(ext), "%lu %lu %lu %lu %lu",
			 ev->start.min, ev->start.low, ev->start.high,
			 ev->start.boost, ev->start.free);
	}
	n = scnprintf(buf, size, "%llu %d %s %u %s %d %s %s %s %s %s %s\n",
		      ev->ts_ns, ev->pid, comm, ev->nid, zone, ev->order,
		      memfrag_trigger_name(ev->trigger),
		      ev->sync ? "sync" : "async", lat,
		      memfrag_result_name(ev->result), fragindex, ext);
	nr = memfrag_stack_frames(ev->stack_id, &ip);
	for (i = 0; i < nr && i < MEMFRAG_RUN_FRAMES; i++) {
		n += scnprintf(buf + n, size - n, "  ");
		n += memfrag_sprint_frame(buf + n, size - n, ip[i]);
		n += scnprintf(buf + n, size - n, "\n");
	}
	return n;
}

static void memfrag_heap_build(void)
{
	int cpu;
	u64 ts;

	memfrag_heap_len = 0;
	for_each_possible_cpu(cpu)
		if (memfrag_ring_peek(memfrag_rings[cpu], &ts))
			memfrag_heap[memfrag_heap_len++] =
				(struct memfrag_oldest){ ts, cpu };
	memfrag_oldest_build(memfrag_heap, memfrag_heap_len);
}

/* After the top ring's oldest record was consumed: its next, or drop it. */
static void memfrag_heap_advance(void)
{
	struct memfrag_oldest *top = &memfrag_heap[0];
	bool more = memfrag_ring_peek(memfrag_rings[top->cpu], &top->ts);

	memfrag_heap_len = memfrag_oldest_advance(memfrag_heap,
						  memfrag_heap_len, more);
}

/* Copies what is left of the current record's text; false on a fault. */
static bool memfrag_events_flush(struct memfrag_events_reader *rd,
				 char __user *ubuf, size_t len, size_t *done)
{
	size_t n = min(len - *done, rd->len - rd->off);

	if (copy_to_user(ubuf + *done, rd->text + rd->off, n))
		return false;
	rd->off += n;
	*done += n;
	WRITE_ONCE(rd->left, rd->len - rd->off);
	return true;
}

/*
 * Copies records into ubuf, oldest first: the rest of a record a previous
 * read left, a "# dropped N" line if records were lost since the last
 * one, then whole records while they fit.  A record that does not fit an
 * empty buffer is copied in part and its rest kept for the next read.
 * Returns bytes copied (at least one) or -EFAULT.
 */
static ssize_t memfrag_events_copy(struct memfrag_events_reader *rd,
				   char __user *ubuf, size_t len)
{
	size_t done = 0;
	u64 dropped;
	int n;

	if (!memfrag_events_flush(rd, ubuf, len, &done))
		return -EFAULT;
	if (rd->left)
		return done;
	dropped = memfrag_events_dropped();
	if (dropped != memfrag_events_drops_shown) {
		n = scnprintf(rd->text, sizeof(rd->text), "# dropped %llu\n",
			      dropped - memfrag_events_drops_shown);
		WRITE_ONCE(memfrag_events_drops_shown, dropped);
		memfrag_events_set_text(rd, n);
		if (!memfrag_events_flush(rd, ubuf, len, &done))
			return done ? done : -EFAULT;
		if (rd->left)
			return done;
	}
	memfrag_heap_build();
	while (memfrag_heap_len && done < len) {
		struct memfrag_ring *r = memfrag_rings[memfrag_heap[0].cpu];
		u64 tail = r->tail;

		n = memfrag_format_event(rd->text, sizeof(rd->text),
					 &r->rec[tail % memfrag_ring_size]);
		/* Whole records while they fit; a part only to start a read. */
		if (done && done + n > len)
			break;
		memfrag_events_set_text(rd, n);
		/* The slot may be reused once its text is out of it. */
		smp_store_release(&r->tail, tail + 1);
		memfrag_heap_advance();
		if (!memfrag_events_flush(rd, ubuf, len, &done))
			return done ? done : -EFAULT;
	}
	return done;
}

static int memfrag_events_open(struct inode *inode, struct file *file)
{
	int err = memfrag_trace_file_allowed();

	if (err)
		return err;
	file->private_data = kzalloc(sizeof(struct memfrag_events_reader),
				     GFP_KERNEL);
	if (!file->private_data)
		return -ENOMEM;
	return nonseekable_open(inode, file);
}

static int memfrag_events_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static ssize_t memfrag_events_read(struct file *file, char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	struct memfrag_events_reader *rd = file->private_data;
	ssize_t ret;

	if (!len)
		return 0;
	for (;;) {
		if (mutex_lock_interruptible(&memfrag_events_read_mutex))
			return -ERESTARTSYS;
		if (memfrag_events_pending(rd)) {
			ret = memfrag_events_copy(rd, ubuf, len);
			mutex_unlock(&memfrag_events_read_mutex);
			return ret;
		}
		mutex_unlock(&memfrag_events_read_mutex);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(memfrag_events_wait,
					     memfrag_events_pending(rd)))
			return -ERESTARTSYS;
	}
}

static __poll_t memfrag_events_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &memfrag_events_wait, wait);
	/* Pairs with wq_has_sleeper() in memfrag_events_record(). */
	smp_mb();
	return memfrag_events_pending(file->private_data) ?
		EPOLLIN | EPOLLRDNORM : 0;
}

const struct file_operations memfrag_events_fops = {
	.owner	= THIS_MODULE,
	.open	= memfrag_events_open,
	.release = memfrag_events_release,
	.read	= memfrag_events_read,
	.poll	= memfrag_events_poll,
	.llseek	= noop_llseek,
};
