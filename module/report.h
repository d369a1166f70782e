/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The statistics files: each function writes one file's body, after the
 * common header, from counters summed at read time.
 */
#ifndef MEMFRAG_REPORT_H
#define MEMFRAG_REPORT_H

#include <linux/seq_file.h>

void memfrag_report_compaction(struct seq_file *m);
void memfrag_report_latency(struct seq_file *m);
void memfrag_report_direct(struct seq_file *m);
void memfrag_report_kcompactd(struct seq_file *m);
void memfrag_report_migration(struct seq_file *m);
void memfrag_report_extfrag(struct seq_file *m);
void memfrag_report_status(struct seq_file *m);

#endif /* MEMFRAG_REPORT_H */
