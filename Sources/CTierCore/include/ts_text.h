// Byte-string search for str methods, where C's library does better than a loop in Swift.
#ifndef TS_TEXT_H
#define TS_TEXT_H

#include <stddef.h>
#include <stdint.h>

/// The offset of the first `needle` in `haystack`, or -1. glibc's memmem: a two-way search with vector
/// compares. Swift does not see it, since it is a GNU extension.
int64_t ts_find_bytes(const uint8_t *haystack, size_t length, const uint8_t *needle, size_t count);

#endif
