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

#endif
