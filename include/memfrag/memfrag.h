/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names shared by memfrag.ko and the userspace tool: where the files live,
 * what they are called, and which format version they are written in.
 *
 * This header holds preprocessor constants only, so that both the kernel
 * module and a libc program can include it.
 */
#ifndef MEMFRAG_MEMFRAG_H
#define MEMFRAG_MEMFRAG_H

#define MEMFRAG_VERSION		"0.1.0"

/*
 * Bumped whenever a file's layout changes in a way that a parser written
 * for the previous version would misread.  Every file starts with it.
 */
#define MEMFRAG_FORMAT_VERSION	1

#define MEMFRAG_DEBUGFS_DIR	"memfrag"
#define MEMFRAG_FILE_STATUS	"status"
#define MEMFRAG_FILE_ZONES	"zones"
#define MEMFRAG_FILE_COMPACTION	"compaction"
#define MEMFRAG_FILE_LATENCY	"latency"
#define MEMFRAG_FILE_DIRECT	"direct"
#define MEMFRAG_FILE_KCOMPACTD	"kcompactd"
#define MEMFRAG_FILE_MIGRATION	"migration"
#define MEMFRAG_FILE_EXTFRAG	"extfrag"
#define MEMFRAG_FILE_RESET	"reset"
#define MEMFRAG_FILE_EVENTS	"events"
#define MEMFRAG_FILE_TASKS	"tasks"
#define MEMFRAG_FILE_STACKS	"stacks"

#endif /* MEMFRAG_MEMFRAG_H */
