/*
 * The C declarations Quicksilver's FFM bindings are generated from (see ../jextract.sh).
 *
 * One translation unit feeds both jextract runs: the libnuma run keeps the numa_* / numaif.h
 * declarations, the libc run keeps the scheduler, errno, dlfcn and page-size declarations. The
 * --include-* filters in jextract.sh decide which declaration lands in which header class, so this
 * file only has to make every declaration visible.
 */
#ifndef QUICKSILVER_NATIVE_H
#define QUICKSILVER_NATIVE_H

/* sched_getcpu, CPU_SETSIZE, Dl_info/dladdr and strerrorname_np are GNU extensions. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>   /* EINVAL, ENOENT, ...: errno values the hand-written code compares against */
#include <dlfcn.h>   /* dladdr, Dl_info: which file the dynamic linker loaded libnuma from */
#include <sched.h>   /* sched_setaffinity, sched_getaffinity, sched_getcpu, CPU_SETSIZE */
#include <string.h>  /* strerrorname_np, strerrordesc_np: thread-safe errno text */
#include <unistd.h>  /* getpagesize */

#include <numa.h>    /* numa_available, numa_alloc_onnode, numa_free, ... (libnuma-dev) */
#include <numaif.h>  /* mbind, get_mempolicy, move_pages, MPOL_* (libnuma-dev) */

#endif /* QUICKSILVER_NATIVE_H */
