#ifndef VANTAGE_CPREFETCH_H
#define VANTAGE_CPREFETCH_H

#if defined(__linux__)
#include <malloc.h>
#endif

/// Asks the CPU to start loading the cache line at `address` for reading, so that a
/// random access a few iterations later finds it loaded. A hint only: it never faults and
/// never changes a result. Swift has no way to say this itself.
static inline void vantage_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// The same for a line about to be written.
static inline void vantage_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// Hands memory freed inside malloc's arenas back to the system (glibc's `malloc_trim`,
/// which Swift's Glibc module does not declare); nothing elsewhere.
static inline void vantage_release_freed_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

/// Asks malloc to keep large freed blocks for reuse instead of handing each back to the
/// system (glibc's `mallopt`: blocks below `bytes` come from the heap, and the heap is
/// trimmed only past `bytes` of free space at its top); nothing elsewhere.
static inline void vantage_keep_freed_memory(int bytes) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, bytes);
    mallopt(M_TRIM_THRESHOLD, bytes);
#endif
}

#endif
