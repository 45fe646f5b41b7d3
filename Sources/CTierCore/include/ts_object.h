// Heap object layouts. Objects live in the VM's own heap (malloc'd, linked for the tracing collector);
// values point at them without reference counting. Swift builds and reads these structs directly, and
// the micro-op bodies read the few fields a fast path needs (list items, instance slots, range bounds).
#ifndef TS_OBJECT_H
#define TS_OBJECT_H

#include <stddef.h>

#include "ts_value.h"

#pragma clang assume_nonnull begin

/// Every heap object starts with this header.
typedef struct ts_object {
    /// The next object in the collector's list of everything it owns.
    struct ts_object *_Nullable gc_next;
    /// The object's `ts_tag`, repeated so the collector can walk an object without a value.
    uint32_t kind;
    /// Collector state: TS_GC_MARKED during a collection; TS_GC_IMMORTAL for objects that live as
    /// long as the program (constants, builtins, interned names), which are never traced or freed.
    uint32_t gc_flags;
} ts_object;

enum { TS_GC_MARKED = 1u, TS_GC_IMMORTAL = 2u };

/// A str. Code points are stored one byte each when all of them are ASCII (`kind == 1`, then the
/// bytes are also valid UTF-8), otherwise as UTF-32 (`kind == 4`). The kind is canonical: equal
/// strings have equal kinds, so comparison and hashing may look at raw data. The code points follow
/// the struct (NUL-terminated when ASCII), or, for a str that is TS_STR_BORROWED, they are the first
/// `length` of a shared ts_str_buffer whose address follows the struct instead.
typedef struct ts_str {
    ts_object ob;
    int64_t length;
    /// -1 until first computed.
    int64_t hash;
    uint32_t kind;
    /// TS_STR_WATCHED once a trace folded a global of this name: only then must a store to a watched
    /// namespace look the name up among the watches. TS_STR_BORROWED when the code points live in a
    /// ts_str_buffer.
    uint32_t flags;
} ts_str;

enum { TS_STR_WATCHED = 1u, TS_STR_BORROWED = 2u };

/// Room for a str built by repeated concatenation (`s += c` in a loop) to grow in place. Strs over
/// a buffer are its prefixes: the longest, `used` code points, is the only one a concatenation may
/// extend in place, since every shorter one stays as it was. Not a heap object: the strs over it
/// count it, and the collector frees it with the last of them. Code points follow the struct.
typedef struct ts_str_buffer {
    int64_t borrowers;
    /// Code points the buffer holds room for, and how many are written.
    int64_t capacity;
    int64_t used;
    /// The kind of every str over it (1 or 4).
    int64_t kind;
} ts_str_buffer;

static inline ts_str_buffer *ts_str_buffer_of(ts_str *s) { return *(ts_str_buffer **)(s + 1); }
static inline void *ts_str_data(ts_str *s) {
    return s->flags & TS_STR_BORROWED ? (void *)(ts_str_buffer_of(s) + 1) : (void *)(s + 1);
}
static inline uint8_t *ts_str_ascii(ts_str *s) { return (uint8_t *)ts_str_data(s); }
static inline uint32_t *ts_str_ucs4(ts_str *s) { return (uint32_t *)ts_str_data(s); }

/// An int beyond 64 bits: GMP's sign and magnitude (`size` limbs, least significant first, negated for a
/// negative number), the limbs inline after the struct. Never in int64 range: such ints are immediates.
typedef struct ts_bigint {
    ts_object ob;
    int64_t size;
} ts_bigint;

static inline uint64_t *ts_bigint_limbs(ts_bigint *b) { return (uint64_t *)(b + 1); }

typedef struct ts_list {
    ts_object ob;
    int64_t count;
    int64_t capacity;
    ts_value *_Nullable items;
} ts_list;

/// Items follow the struct.
typedef struct ts_tuple {
    ts_object ob;
    int64_t count;
} ts_tuple;

static inline ts_value *ts_tuple_items(ts_tuple *t) { return (ts_value *)(t + 1); }

typedef struct ts_dict_entry {
    int64_t hash;
    /// TS_NULL for a deleted entry.
    ts_value key;
    ts_value value;
} ts_dict_entry;

/// An insertion-ordered hash table in CPython's compact layout: `entries` in insertion order, and an
/// open-addressed `index` of entry numbers (TS_DICT_EMPTY, TS_DICT_DELETED or an entry number).
typedef struct ts_dict {
    ts_object ob;
    /// Live entries.
    int64_t used;
    /// Entries written, including deleted ones.
    int64_t nentries;
    int64_t entries_capacity;
    /// A power of two.
    int64_t index_size;
    int64_t *_Nullable index;
    ts_dict_entry *_Nullable entries;
    /// Changes whenever a key is added or removed, so a cached entry number stays valid as long as
    /// the version does (what LOAD_GLOBAL's specialised forms will check).
    uint64_t keys_version;
    /// Set when a trace folded one of this dict's values: stores must tell the VM (a dict watcher).
    uint32_t watched;
    uint32_t _reserved;
} ts_dict;

enum { TS_DICT_EMPTY = -1, TS_DICT_DELETED = -2 };

/// A range. The fast paths (FOR_ITER_RANGE, traces) see only ranges whose bounds and length all fit
/// in 64 bits, held in the fields here with `big` NULL. A range beyond that (`range(2**64)`) sets `big`
/// to a retained Swift box with its exact bounds and leaves the other fields unused; its iterators are
/// not TS_ITER_RANGE ones, so the specialised forms' guards send them down the generic path.
typedef struct ts_range {
    ts_object ob;
    int64_t start;
    int64_t stop;
    int64_t step;
    int64_t length;
    void *_Nullable big;
} ts_range;

/// How many items `range(start, stop, step)` has, for a step that is not zero; false when that does not
/// fit in 64 bits (`range(-2**63, 2**63 - 1)`), where the range needs exact bounds. The span between two
/// int64s always fits a uint64.
static inline bool ts_range_length(int64_t start, int64_t stop, int64_t step, int64_t *length) {
    int64_t low = step > 0 ? start : stop, high = step > 0 ? stop : start;
    if (low >= high) {
        *length = 0;
        return true;
    }
    uint64_t span = (uint64_t)high - (uint64_t)low;
    uint64_t magnitude = step > 0 ? (uint64_t)step : 0 - (uint64_t)step;
    uint64_t count = (span - 1) / magnitude + 1;
    if (count > (uint64_t)INT64_MAX) return false;
    *length = (int64_t)count;
    return true;
}

typedef struct ts_slice {
    ts_object ob;
    ts_value start;
    ts_value stop;
    ts_value step;
} ts_slice;

struct ts_class;
struct ts_code;

/// A Python function: the code it runs and what it closed over at definition time.
typedef struct ts_function {
    ts_object ob;
    /// The code it runs (owned by a Swift CodeObject that lives as long as the program).
    struct ts_code *code;
    struct ts_dict *globals;
    struct ts_str *name;
    struct ts_str *qualname;
    /// Default values for the trailing parameters, or NULL.
    struct ts_tuple *_Nullable defaults;
    /// The class whose body defined the function: where `super()` starts looking.
    struct ts_class *_Nullable owner;
    /// Changes when the function's code or defaults would change; specialised calls check it.
    uint32_t version;
    uint32_t _reserved;
} ts_function;

/// A function or method implemented by the VM (`len`, `list.append`, `int`).
typedef struct ts_builtin {
    ts_object ob;
    /// Index into the VM's table of built-in implementations.
    int64_t index;
    struct ts_str *name;
    /// For a method descriptor (`list.append`), the tag of the objects it applies to; TS_NULL otherwise.
    ts_tag self_tag;
} ts_builtin;

typedef struct ts_bound_method {
    ts_object ob;
    ts_value receiver;
    ts_value function;
} ts_bound_method;

/// A class: a user class or a built-in type.
typedef struct ts_class {
    ts_object ob;
    struct ts_str *name;
    struct ts_class *_Nullable base;
    /// The class namespace: methods and class attributes.
    struct ts_dict *dict;
    /// Instance attribute name -> slot number, shared by all instances of the class (CPython's shared
    /// keys). Slots are only ever appended, so a cached slot number stays valid.
    struct ts_dict *layout;
    /// Changes whenever this class or one of its bases is mutated; `_GUARD_TYPE_VERSION` compares it.
    uint32_t version;
    /// For a built-in type, the tag of its instances (`int` -> TS_INT); TS_NULL for user classes.
    uint32_t instance_tag;
    uint32_t flags;
    uint32_t _reserved;
} ts_class;

enum {
    /// Instances are exceptions (the class is BaseException or derives from it).
    TS_CLASS_EXCEPTION = 1u,
    /// A built-in type: its namespace cannot be changed.
    TS_CLASS_BUILTIN = 2u,
};

typedef struct ts_instance {
    ts_object ob;
    struct ts_class *cls;
    int64_t nslots;
    /// Indexed by `cls->layout`; TS_NULL marks an attribute this instance has not set.
    ts_value *_Nullable slots;
} ts_instance;

typedef enum __attribute__((enum_extensibility(closed))) : uint32_t {
    TS_ITER_SEQUENCE TS_SWIFT_NAME(sequence) = 0,
    TS_ITER_RANGE TS_SWIFT_NAME(range),
    TS_ITER_DICT TS_SWIFT_NAME(dict),
    TS_ITER_ENUMERATE TS_SWIFT_NAME(enumerate),
    TS_ITER_ZIP TS_SWIFT_NAME(zip),
    TS_ITER_REVERSED TS_SWIFT_NAME(reversed),
} ts_iter_kind;

/// Every iterator shares one layout; `kind` says how the fields are used:
/// - sequence (list, tuple, str): `source` is the sequence, `index` the next position;
/// - range: `index` is the next value, `remaining` how many are left, `step` the stride;
/// - dict: `source` is the dict, `index` the next entry number, `step` says keys (0), values (1) or
///   items (2);
/// - enumerate: `source` the inner iterator, `index` the next count; once the count leaves 64 bits,
///   `step` is 1 and `source` the pair (inner iterator, next count);
/// - zip: `source` a tuple of iterators;
/// - reversed: `source` the sequence, `index` the next position counting down.
typedef struct ts_iterator {
    ts_object ob;
    ts_iter_kind kind;
    uint32_t _reserved;
    ts_value source;
    int64_t index;
    int64_t remaining;
    int64_t step;
} ts_iterator;

/// `dict.keys()`, `dict.values()` or `dict.items()`: a live view of the dict.
typedef struct ts_dict_view {
    ts_object ob;
    struct ts_dict *dict;
    /// 0 keys, 1 values, 2 items (as in ts_iterator).
    int64_t which;
} ts_dict_view;

/// Whether two strs hold the same text. Kinds are canonical, so equal strings have equal kinds and
/// their data compares byte for byte.
static inline bool ts_str_equal(ts_str *a, ts_str *b) {
    if (a == b) return true;
    if (a->length != b->length || a->kind != b->kind) return false;
    if (a->hash != -1 && b->hash != -1 && a->hash != b->hash) return false;
    return __builtin_memcmp(ts_str_data(a), ts_str_data(b), (size_t)a->length * a->kind) == 0;
}

/// The version of a value's type: a user class's own version, or for built-in types their instances'
/// tag (built-in types never change, and user class versions start above every tag).
static inline uint32_t ts_type_version(ts_value v) {
    return v.tag == TS_INSTANCE ? ((struct ts_instance *)v.u.obj)->cls->version : (uint32_t)v.tag;
}

// Header access for code that holds only an object pointer (the collector). In C a struct may be
// accessed through its first member's type, so these are well defined for every layout above.
static inline uint32_t ts_object_kind(const void *o) { return ((const ts_object *)o)->kind; }
static inline uint32_t ts_object_gc_flags(const void *o) { return ((const ts_object *)o)->gc_flags; }
static inline void ts_object_set_gc_flags(void *o, uint32_t flags) { ((ts_object *)o)->gc_flags = flags; }
static inline ts_object *_Nullable ts_object_next(const void *o) { return ((const ts_object *)o)->gc_next; }
static inline void ts_object_set_next(void *o, ts_object *_Nullable next) { ((ts_object *)o)->gc_next = next; }

#pragma clang assume_nonnull end

#endif
