#define _GNU_SOURCE
#include "ts_text.h"

#include <string.h>

int64_t ts_find_bytes(const uint8_t *haystack, size_t length, const uint8_t *needle, size_t count) {
    const uint8_t *found = memmem(haystack, length, needle, count);
    return found ? (int64_t)(found - haystack) : -1;
}
