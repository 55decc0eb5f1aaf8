#ifndef VANTAGE_CPREFETCH_H
#define VANTAGE_CPREFETCH_H

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

#endif
