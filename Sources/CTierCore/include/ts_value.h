// The 16-byte value every tier shares: the Tier 0/1 interpreter (Swift), the micro-op bodies and the JIT
// stencils (C) all read and write exactly this layout.
#ifndef TS_VALUE_H
#define TS_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#pragma clang assume_nonnull begin

#define TS_SWIFT_NAME(name) __attribute__((swift_name(#name)))

/// What a value is. Immediate kinds (none, bool, int, float) carry their payload inline; every other kind
/// points to a heap object whose header repeats the tag, so a type check is one compare, never a load.
typedef enum __attribute__((enum_extensibility(closed))) : uint64_t {
    /// An empty slot: an unbound local, an unset attribute, CPython's NULL on the stack.
    TS_NULL TS_SWIFT_NAME(null) = 0,
    TS_NONE TS_SWIFT_NAME(none),
    TS_BOOL TS_SWIFT_NAME(bool),
    /// An int that fits in 64 bits. Larger ints are TS_BIGINT objects; results are normalised back.
    TS_INT TS_SWIFT_NAME(int),
    TS_FLOAT TS_SWIFT_NAME(float),
    TS_STR TS_SWIFT_NAME(str),
    TS_BIGINT TS_SWIFT_NAME(bigint),
    TS_LIST TS_SWIFT_NAME(list),
    TS_TUPLE TS_SWIFT_NAME(tuple),
    TS_DICT TS_SWIFT_NAME(dict),
    TS_RANGE TS_SWIFT_NAME(range),
    TS_SLICE TS_SWIFT_NAME(slice),
    TS_FUNCTION TS_SWIFT_NAME(function),
    TS_BUILTIN TS_SWIFT_NAME(builtin),
    TS_BOUND_METHOD TS_SWIFT_NAME(boundMethod),
    /// A class object: user classes and the built-in types (`int`, `list`, `ValueError`, ...).
    TS_CLASS TS_SWIFT_NAME(classObject),
    TS_INSTANCE TS_SWIFT_NAME(instance),
    TS_ITERATOR TS_SWIFT_NAME(iterator),
    TS_DICT_VIEW TS_SWIFT_NAME(dictView),
} ts_tag;

#define TS_FIRST_OBJECT_TAG TS_STR
enum { TS_TAG_COUNT = TS_DICT_VIEW + 1 };

struct ts_object;

/// The payload is named (`u`) so that Swift reads `v.u.i`; an anonymous union imports awkwardly.
typedef union ts_payload {
    int64_t i;
    double f;
    uint64_t bits;
    struct ts_object *_Nullable obj;
} ts_payload;

typedef struct ts_value {
    ts_tag tag;
    ts_payload u;
} ts_value;

_Static_assert(sizeof(ts_value) == 16, "a value is two machine words");

static inline bool ts_is_object(ts_value v) { return v.tag >= TS_FIRST_OBJECT_TAG; }

static inline ts_value ts_int(int64_t i) { return (ts_value){.tag = TS_INT, .u = {.i = i}}; }
static inline ts_value ts_float(double f) { return (ts_value){.tag = TS_FLOAT, .u = {.f = f}}; }
static inline ts_value ts_bool(bool b) { return (ts_value){.tag = TS_BOOL, .u = {.i = b ? 1 : 0}}; }
static inline ts_value ts_none(void) { return (ts_value){.tag = TS_NONE, .u = {.i = 0}}; }
static inline ts_value ts_null(void) { return (ts_value){.tag = TS_NULL, .u = {.i = 0}}; }

/// Copies a value as two separate 8-byte moves. A 16-byte copy right after an 8-byte payload store cannot
/// be store-forwarded and stalls the CPU; the empty asm keeps clang from fusing the moves back together.
static inline void ts_value_copy(ts_value *dst, const ts_value *src) {
    uint64_t tag = (uint64_t)src->tag;
    uint64_t bits = src->u.bits;
    __asm__("" : "+r"(tag));
    dst->tag = (ts_tag)tag;
    dst->u.bits = bits;
}

#pragma clang assume_nonnull end

#endif
