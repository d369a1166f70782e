/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A JSON reader for memfrag's recordings: one document into a tree of
 * values allocated in an arena.  Depth, length and size are bounded, so a
 * hostile input costs bounded memory and stack.
 */
#ifndef MEMFRAG_TOOL_JSONREAD_H
#define MEMFRAG_TOOL_JSONREAD_H

#include <stddef.h>

#include "util.h"

#define MF_JV_MAX_DEPTH	32

enum mf_jtype { MF_JNULL, MF_JBOOL, MF_JNUM, MF_JSTR, MF_JARR, MF_JOBJ };

struct mf_jv {
	enum mf_jtype type;
	double num;		/* MF_JNUM, MF_JBOOL (0 or 1) */
	const char *str;	/* MF_JSTR */
	unsigned int n;		/* MF_JARR, MF_JOBJ: members */
	const char **keys;	/* MF_JOBJ */
	struct mf_jv **items;	/* MF_JARR, MF_JOBJ */
};

/*
 * Parses text[0 .. len) as one JSON value into *out (allocated in a).
 * Returns 0, or -1 with a message in why (e.g. "unterminated string at
 * column 12").
 */
int mf_jv_parse(struct mf_arena *a, const char *text, size_t len,
		struct mf_jv **out, char *why, size_t whylen);

/* Member key of an object, or NULL (also when v is not an object). */
const struct mf_jv *mf_jv_get(const struct mf_jv *v, const char *key);
/* Item i of an array, or NULL. */
const struct mf_jv *mf_jv_at(const struct mf_jv *v, unsigned int i);
/* The number at key, or def when absent or not a number. */
double mf_jv_num(const struct mf_jv *v, const char *key, double def);
/* The string at key, or def. */
const char *mf_jv_str(const struct mf_jv *v, const char *key,
		      const char *def);
/* The array length at key (0 when absent). */
unsigned int mf_jv_len(const struct mf_jv *v, const char *key);

#endif /* MEMFRAG_TOOL_JSONREAD_H */
