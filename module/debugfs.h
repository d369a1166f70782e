/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MEMFRAG_DEBUGFS_H
#define MEMFRAG_DEBUGFS_H

int memfrag_debugfs_init(void);
void memfrag_debugfs_exit(void);

#endif /* MEMFRAG_DEBUGFS_H */
