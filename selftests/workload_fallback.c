// SPDX-License-Identifier: GPL-2.0
/*
 * The phases that make allocations fall back to other migratetypes:
 * extfrag (unmovable, reclaimable and movable) and steal (unmovable
 * fallbacks that steal pages instead of claiming a pageblock).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "workload.h"

/*
 * Extfrag phase limits.  A pipe holds what it holds by default, 16 pages
 * (F_GETPIPE_SZ says how many bytes that is): resizing it (F_SETPIPE_SZ)
 * allocates a bigger ring with kmalloc, which in memory fragmented on
 * purpose found no free block of its order: on arm64's one-zone guest a
 * 1 MiB pipe's order-2 ring, on the KASAN kernel (redzones) even a
 * 256 KiB pipe's order-1 slab, and the OOM killer took the workload.  A
 * default pipe's ring fits in an order-0 slab page.
 */
#define FILES_MIN		1024
#define FILES_MAX		16384
/* The steal phase frees one page in this many of its region. */
#define STEAL_PUNCH		3

/* Temporary directory for the extfrag phase's files. */
static int make_tmpdir(char *dir, size_t size)
{
	static const char *const bases[] = { "/dev/shm", "/tmp", "." };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bases); i++) {
		if (access(bases[i], W_OK))
			continue;
		snprintf(dir, size, "%s/" PROG ".XXXXXX", bases[i]);
		if (mkdtemp(dir))
			return 0;
	}
	return -errno;
}

/* Pipes full of whole pages: unmovable memory the workload can free. */
struct pipes {
	int (*fd)[2];
	long opened;
	unsigned long pages;
};

/*
 * Opens n pipes and fills each with whole pages, pipe_size bytes; 0 or
 * -errno.
 */
static int pipes_fill(struct pipes *p, long n)
{
	struct rlimit rl;
	char *page;
	ssize_t w;

	memset(p, 0, sizeof(*p));
	if (!n)
		return 0;
	p->fd = calloc(n, sizeof(*p->fd));
	page = malloc(mft_page_size);
	if (!p->fd || !page) {
		free(page);
		return -ENOMEM;
	}
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < (rlim_t)(2 * n + 64)) {
		rl.rlim_cur = 2 * n + 64;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			mft_warnmsg("warning: RLIMIT_NOFILE: %s", strerror(errno));
	}
	memset(page, 0x5a, mft_page_size);
	for (; p->opened < n && !mft_stopping(); p->opened++) {
		if (pipe2(p->fd[p->opened], O_NONBLOCK | O_CLOEXEC)) {
			w = -errno;
			mft_warnmsg("pipe: %s", strerror(errno));
			free(page);
			return w;
		}
		/* One page per write: each fills one buffer of the pipe. */
		for (;;) {
			w = write(p->fd[p->opened][1], page, mft_page_size);
			if (w <= 0)
				break;
			p->pages++;
		}
	}
	free(page);
	return 0;
}

static void pipes_close(struct pipes *p)
{
	long i;

	for (i = 0; i < p->opened; i++) {
		close(p->fd[i][0]);
		close(p->fd[i][1]);
	}
	free(p->fd);
	memset(p, 0, sizeof(*p));
}

/*
 * Maps and touches bytes of anonymous base pages (movable) at *anon
 * (MAP_FAILED if none); 0 or -errno, 0 when interrupted.
 */
static int anon_fill(char **anon, unsigned long bytes)
{
	int err;

	*anon = MAP_FAILED;
	if (!bytes)
		return 0;
	*anon = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (*anon == MAP_FAILED)
		return -errno;
	madvise(*anon, bytes, MADV_NOHUGEPAGE);
	err = mft_populate(*anon, bytes);
	return err == -EINTR ? 0 : err;
}

int mft_phase_extfrag(struct mft_sbuf *sb)
{
	unsigned long bytes, freemem, anon_bytes, free_unmovable, pipe_bytes;
	char dir[256], name[320];
	long npipes, nfiles, f, made = 0;
	unsigned long floor;
	struct pipes pipes = { 0 };
	char *anon = MAP_FAILED;
	bool have_dir = false;
	int fd, err = 0;

	err = mft_ensure_fragmented("extfrag",	/* a phase, not a section name */
				mft_want_holes(32 * MIB));
	if (err)
		return err;
	err = mft_squeeze_report(sb);
	if (err)
		return err;

	/*
	 * An eighth of the budget in pipes, half that in anonymous memory,
	 * above a floor that allows for fully boosted watermarks: make room
	 * by shrinking the pool if needed.
	 */
	bytes = mft_mem_avail0 / 100 * mft_scale / 8;
	if (bytes < 16 * MIB)
		bytes = 16 * MIB;
	floor = mft_floor_bytes_of(true);
	/*
	 * The pipes fall back only once the unmovable and reclaimable free
	 * lists are used up, and after the phases before this one those
	 * can hold more than the budget (an arm64 6.12 guest's did, and
	 * nothing fell back): the pipes take what they hold on top.
	 */
	free_unmovable = mft_unmovable_free();
	mft_pool_shrink(floor + 2 * bytes + free_unmovable);
	freemem = read_meminfo("MemFree");
	if (freemem < floor + 8 * MIB)
		bytes = 0;
	else if (bytes > (freemem - floor) / 2)
		bytes = (freemem - floor) / 2;
	pipe_bytes = bytes ? bytes + free_unmovable : 0;
	/* Room for the anonymous half of the budget and the files. */
	if (pipe_bytes && pipe_bytes + bytes / 2 + 8 * MIB > freemem - floor)
		pipe_bytes = freemem - floor > bytes / 2 + 8 * MIB ?
			     freemem - floor - bytes / 2 - 8 * MIB : 0;
	npipes = pipe_bytes / mft_pipe_size;
	nfiles = bytes / (8 * KIB);
	if (nfiles < FILES_MIN)
		nfiles = FILES_MIN;
	if (nfiles > FILES_MAX)
		nfiles = FILES_MAX;
	anon_bytes = bytes / 2;
	mft_vmsg("extfrag: %ld pipes of %lu KiB (%lu MiB were free on unmovable lists), %ld files, %lu MiB anonymous",
		 npipes, mft_pipe_size / KIB, mft_mib(free_unmovable), nfiles,
	     mft_mib(anon_bytes));

	/*
	 * Reclaimable: dentries (and inodes) of many small files, first:
	 * their slabs can need order-1 blocks (KASAN's larger objects do),
	 * which are still there before the pipes fill the holes.  After
	 * them, on a KASAN kernel, the OOM killer ended the workload.
	 */
	err = make_tmpdir(dir, sizeof(dir));
	if (err) {
		mft_warnmsg("extfrag: files skipped: no writable directory");
		nfiles = 0;
		err = 0;
	} else {
		have_dir = true;
	}
	for (f = 0; f < nfiles && !mft_stopping(); f++) {
		snprintf(name, sizeof(name), "%s/f%06ld", dir, f);
		fd = open(name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0) {
			mft_warnmsg("extfrag: %s: %s", name, strerror(errno));
			break;
		}
		close(fd);
		made++;
	}

	/* Unmovable: pipe buffers are whole pages. */
	err = pipes_fill(&pipes, npipes);
	if (err)
		goto out;

	/* Movable: anonymous memory, in what is left. */
	err = anon_fill(&anon, anon_bytes);
	if (err)
		goto out;
	mft_sb_add(sb, "%ld pipes holding %lu pages (%lu MiB, unmovable; %lu MiB were free on unmovable lists), %ld files (reclaimable), %lu MiB anonymous (movable)",
		   pipes.opened, pipes.pages, mft_mib(pipes.pages * mft_page_size),
	       mft_mib(free_unmovable), made, mft_mib(anon_bytes));
out:
	if (anon != MAP_FAILED)
		munmap(anon, anon_bytes);
	pipes_close(&pipes);
	/*
	 * Each unlink() copies its path into a 4 KiB names_cache object, an
	 * order-1 slab on a KASAN kernel; the pipes' pages freed above were
	 * order-0 holes, and the pool holds every larger block.  A KASAN
	 * guest's unlink went to the OOM killer with 191 MiB free, all of it
	 * order 0: give back a few pool pages first.
	 */
	if (made)
		mft_pool_give_back(8 * MIB);
	for (f = 0; f < made; f++) {
		snprintf(name, sizeof(name), "%s/f%06ld", dir, f);
		unlink(name);
	}
	if (have_dir)
		rmdir(dir);
	mft_sb_add(sb, "all freed");
	mft_pool_done(sb);
	return err;
}

/*
 * Free hugepage-sized blocks of node nid outside its Movable zone (where
 * unmovable allocations cannot go), from /proc/buddyinfo.
 */
static unsigned long node_large_free(int nid)
{
	char line[512], zone[16];
	unsigned long large = 0, small = 0;
	int node, used;
	FILE *f;

	f = fopen("/proc/buddyinfo", "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %d, zone %15s %n", &node, zone,
			   &used) != 2 || node != nid ||
		    !strcmp(zone, "Movable"))
			continue;
		mft_buddy_add(line + used, &large, &small);
	}
	fclose(f);
	return large;
}

/*
 * The squeeze grows the pool through nr_hugepages, which spreads it over
 * the nodes and prefers their Movable zones: a node can keep free
 * hugepage-sized blocks in its other zones, which unmovable allocations
 * would claim whole.  Grows each node's own pool by those blocks (never
 * below the floor); the pool is still released through nr_hugepages.
 */
static void squeeze_each_node(void)
{
	unsigned long floor = mft_floor_bytes(), large, room;
	char path[160];
	long cur;
	int nid;

	for (nid = 0; nid < 64 && mft_hp_size; nid++) {
		snprintf(path, sizeof(path),
			 NODE_DIR "/node%d/hugepages/hugepages-%lukB/nr_hugepages",
			 nid, mft_hp_size / KIB);
		if (!mft_exists(path))
			continue;
		large = node_large_free(nid);
		room = read_meminfo("MemFree");
		room = room > floor ? (room - floor) / mft_hp_size : 0;
		cur = read_num(path);
		if (!large || cur < 0)
			continue;
		write_num(path, cur + (long)(large < room ? large : room));
		mft_vmsg("steal: node %d: %lu free hugepage-sized blocks left, its pool %ld -> %lld",
			 nid, large, cur, read_num(path));
	}
}

/*
 * Unmovable allocations that can only fall back into movable pageblocks
 * with few free pages, so that they steal pages instead of claiming the
 * block (the kernel claims a block only when at least half of it is free
 * or alike).  The phase maps a region of its own and frees one page in
 * three of it, so that each of its pageblocks is a third free: with every
 * other page freed they would be half free, claimable, and no later
 * allocation could fill them evenly, as the allocator hands out whatever
 * page heads a free list.  Mapping the region uses up the small free
 * blocks elsewhere, the squeeze takes every free block of a pageblock's
 * size, then pipes (unmovable) use up the unmovable and reclaimable free
 * lists and take half of what is still free above the floor, which is in
 * the region's holes.
 *
 * Watermark boosts are off meanwhile (watermark_boost_factor 0): every
 * fallback into a block it cannot claim raises the watermarks by a
 * pageblock, up to 150% of the high watermark by default, and a floor that
 * allowed for that would hold all the holes where the watermarks are high:
 * with 16 KiB pages THP sets min_free_kbytes to 5% of memory (high
 * 147 MiB, boosts up to 221 MiB on a 2 GiB guest).
 */
int mft_phase_steal(struct mft_sbuf *sb)
{
	unsigned long floor, freemem, free_unmovable, pipe_bytes;
	struct pipes pipes = { 0 };
	int err;

	if (mft_exists(BOOST_FACTOR)) {
		err = mft_setting_set(BOOST_FACTOR, "0\n");
		if (err)
			return err;
	}
	floor = mft_floor_bytes_of(true);
	err = mft_frag_build(sb, STEAL_PUNCH);
	if (!err)
		err = mft_squeeze_report(sb);
	if (err)
		goto out;
	squeeze_each_node();
	freemem = read_meminfo("MemFree");
	free_unmovable = mft_unmovable_free();
	freemem = freemem > floor ? freemem - floor : 0;
	pipe_bytes = free_unmovable < freemem ?
		     (freemem + free_unmovable) / 2 : freemem / 2;
	err = pipes_fill(&pipes, (long)(pipe_bytes / mft_pipe_size));
	mft_sb_add(sb, "%ld pipes holding %lu pages (unmovable; %lu MiB were free on unmovable lists)",
		   pipes.opened, pipes.pages, mft_mib(free_unmovable));
out:
	if (err == -EINTR)
		err = 0;
	pipes_close(&pipes);
	mft_setting_restore(mft_setting_find(BOOST_FACTOR));
	mft_sb_add(sb, "all freed");
	mft_pool_done(sb);
	return err;
}
