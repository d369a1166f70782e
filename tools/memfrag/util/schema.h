/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each memfrag file holds: its "key: value" lines, its sections and
 * the type of every column.  One table drives validation, JSON typing and
 * interval deltas (which columns are counters, which identify a row).
 */
#ifndef MEMFRAG_TOOL_SCHEMA_H
#define MEMFRAG_TOOL_SCHEMA_H

#include <stdint.h>

#include <memfrag/memfrag.h>

#include "parse.h"

enum mf_type {
	MF_T_STR,	/* a name; identifies the row */
	MF_T_INT,	/* signed integer (node, order); identifies the row */
	MF_T_NUM,	/* unsigned integer that identifies the row */
	MF_T_UPPER,	/* unsigned integer or "inf"; identifies the row */
	MF_T_COUNT,	/* counter since load or reset: deltas subtract */
	MF_T_GAUGE,	/* a value now (pages, score): deltas keep the last */
	MF_T_MEAN,	/* total_us / runs of the same row */
	MF_T_MILLI,	/* an index in thousandths: "0.123", "-1.000" */
	/* "key: value" lines only */
	MF_T_PAIRS,	/* "a=1 b=2": counters */
	MF_T_TPCOUNT,	/* "16 known, 16 attached, ..." */
	MF_T_WORDS,	/* "a b c", or "none" */
	MF_T_INT_OR_UNKNOWN,	/* a number, or "unknown" */
};

/*
 * The schema is built from include/memfrag/files.h (schema.c).  Each list
 * ends with an empty entry (name NULL), so holds one less than its size;
 * schema.c checks at build time that every list of files.h fits.
 */
#define MF_MAX_KV	9
#define MF_MAX_SECS	8
#define MF_MAX_COLS	12

struct mf_colspec {
	const char *name;
	enum mf_type type;
};

struct mf_secspec {
	const char *name;	/* "" for status's tracepoint table */
	const char *json;	/* JSON key */
	unsigned int flags;	/* MEMFRAG_SEC_* */
	enum mf_type order_type;	/* MEMFRAG_SEC_ORDERS: type of the orders */
	struct mf_colspec cols[MF_MAX_COLS];
};

struct mf_filespec {
	const char *name;
	struct mf_colspec kv[MF_MAX_KV];
	struct mf_secspec secs[MF_MAX_SECS];
};

/* Every file of MEMFRAG_FILES, in its order. */
extern const struct mf_filespec mf_files[];
extern const unsigned int mf_nfiles;

/*
 * Keys of a file that the tool provides, not the module: the thresholds
 * of proactive compaction in zones, which follow vm.compaction_proactiveness.
 * The module printed them up to format last_format, reading the sysctl
 * through /proc; a file of that format or older has them (validated like
 * the module's keys) and the tool shows what it says.  In a newer file
 * the tool computes them (mf_add_tool_keys()).  Either way they are
 * "key: value" lines of the parsed file, and the JSON lists them where
 * format 1 printed them: before the module's key "before", or after all
 * of them when it is NULL.
 */
struct mf_tool_key {
	const char *file;
	struct mf_colspec spec;
	const char *before;
	long long last_format;
};

extern const struct mf_tool_key mf_tool_keys[];
extern const unsigned int mf_ntool_keys;

/* The most "key: value" lines a file has, the tool's included. */
#define MF_MAX_KEYS	(MF_MAX_KV + 4)

/*
 * The spec of a file that is a table of sections, or NULL (an unknown
 * file, or reset, events, tasks and stacks, which are not).
 */
const struct mf_filespec *mf_filespec(const char *name);
/*
 * The spec of the sections that f's format holds for another file (zones
 * before format 5: pagetypes'), or NULL; *held says whether f's format
 * has them yet.
 */
const struct mf_filespec *mf_moved_spec(const struct mf_file *f, int *held);
/* The file whose spec has section: f's, or the one it moved to. */
const char *mf_section_file(const struct mf_file *f, const char *section);
/* Section s of file f's spec (or of its moved sections), or NULL. */
const struct mf_secspec *mf_secspec(const struct mf_file *f,
				    const struct mf_section *s);
/* The spec of a column or a "key: value" line, or NULL. */
const struct mf_colspec *mf_colspec(const struct mf_file *f,
				    const struct mf_section *s,
				    const char *col);
const struct mf_colspec *mf_kvspec(const struct mf_file *f, const char *key);
int mf_is_key_type(enum mf_type t);
/*
 * The "key: value" lines of f as the tool shows them (JSON), the module's
 * and the tool's, in their order: fills keys (up to MF_MAX_KEYS) and
 * returns how many.
 */
unsigned int mf_keys(const struct mf_file *f,
		     const struct mf_colspec *keys[MF_MAX_KEYS]);

/*
 * The largest vm.compaction_proactiveness (mm/compaction.c's sysctl table
 * limits it to 0..100).
 */
#define MF_PROACTIVENESS_MAX	100
/*
 * Adds the tool's keys (struct mf_tool_key) to f, a validated file whose
 * format no longer has them, from proactiveness: vm.compaction_proactiveness
 * as read ("20"), or NULL when it is unknown; a line of the same key that
 * f has is replaced.  A file of an older format keeps its own values.
 */
void mf_add_tool_keys(struct mf_file *f, const char *proactiveness);
/* Whether f is of a format in which the tool computes some of its keys. */
int mf_has_tool_keys(const struct mf_file *f);

/*
 * Checks f against its file's spec: every key, section and column there,
 * every value of the right type.  Returns 0 or MF_EXIT_MALFORMED (err set).
 */
int mf_validate(const struct mf_file *f, struct mf_error *err);

/* Column values of a validated file.  A missing column reads as "-". */
const char *mf_str(const struct mf_section *s, const struct mf_row *r,
		   const char *col);
/* 0 and *v set, or -1 for "-" (not reported) and *v = 0. */
int mf_u64(const struct mf_section *s, const struct mf_row *r,
	   const char *col, uint64_t *v);
uint64_t mf_u64z(const struct mf_section *s, const struct mf_row *r,
		 const char *col);
long long mf_int(const struct mf_section *s, const struct mf_row *r,
		 const char *col);
/* MEMFRAG_SEC_ORDERS: number of order columns, and order o of row r. */
unsigned int mf_norders(const struct mf_section *s);
const char *mf_order_tok(const struct mf_section *s, const struct mf_row *r,
			 unsigned int order);
/* A "key: value" line that is a number; -1 when absent or "unknown". */
long long mf_kv_int(const struct mf_file *f, const char *key);
/* "page_size", the key's name as files.h spells it. */
#define MF_KEY_STR_(key, type)	#key
#define MF_KEY_PAGE_SIZE	MEMFRAG_KEY_PAGE_SIZE(MF_KEY_STR_)
#define MF_KEY_EVENTS		MEMFRAG_KEY_EVENTS(MF_KEY_STR_)
#define MF_KEY_LOAD_ID		MEMFRAG_KEY_LOAD_ID(MF_KEY_STR_)
#define MF_KEY_RESET_GENERATION	MEMFRAG_KEY_RESET_GENERATION(MF_KEY_STR_)
#define MF_KEY_PAGEBLOCK_ORDER	MEMFRAG_KEYS_EXTFRAG(MF_KEY_STR_)
#define MF_KEY_SCORE_ORDER	"score_order"
/* the tool's keys of zones (mf_tool_keys) */
#define MF_KEY_PROACTIVENESS	"compaction_proactiveness"
#define MF_KEY_SCORE_LOW	"score_low"
#define MF_KEY_SCORE_HIGH	"score_high"
/*
 * The size in bytes of the pages validated file f counts: its page_size
 * (status and zones, format 4 on), or MF_PAGE_SIZE_OLD (util.h) for a file
 * that has none.
 */
uint64_t mf_page_size(const struct mf_file *f);
/*
 * The same for a reader: "16 KiB", or "4 KiB (assumed: files before
 * format 4 do not say)"; buf needs 64 bytes.
 */
const char *mf_page_size_text(const struct mf_file *f, char *buf,
			      size_t size);
/* The value of a in "a=1 b=2", or 0. */
uint64_t mf_pair(const char *pairs, const char *name);
/*
 * The first "name=number" at v (name up to 63 characters): its length,
 * or 0 when v does not start with one.
 */
int mf_pair_next(const char *v, char name[64], unsigned long long *n);

/* Whether row a of sa and row b of sb are of the same node and zone. */
int mf_same_zone(const struct mf_section *sa, const struct mf_row *a,
		 const struct mf_section *sb, const struct mf_row *b);

#endif /* MEMFRAG_TOOL_SCHEMA_H */
