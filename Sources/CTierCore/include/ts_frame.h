// Bytecode and frame layouts. Tier 1, the micro-op interpreter and JIT code all work on the same frame,
// so leaving a trace needs no conversion: only the right instruction index and stack depth.
#ifndef TS_FRAME_H
#define TS_FRAME_H

#include "ts_object.h"

#pragma clang assume_nonnull begin

/// One bytecode instruction: an opcode (the Swift `Opcode` enum) and its argument.
typedef struct ts_instr {
    uint8_t op;
    uint8_t _reserved[3];
    int32_t arg;
} ts_instr;

_Static_assert(sizeof(ts_instr) == 8, "instructions are one word");

/// The inline cache beside each instruction (CPython keeps it in the instruction stream; we keep a
/// parallel array so instruction indices stay dense). Tier 1 counts executions and misses here and
/// stores what a specialised form assumes.
typedef struct ts_cache {
    /// Warm-up countdown before specialising, or backoff countdown after reverting.
    uint16_t counter;
    /// Guard misses of the specialised form since it was installed.
    uint16_t misses;
    /// The type or dict-keys version a specialised form assumes.
    uint32_t version;
    /// What a specialised form needs at hand: a slot or entry number, a pointer, a constant.
    uint64_t operand;
} ts_cache;

_Static_assert(sizeof(ts_cache) == 16, "caches are two words");

/// How a returning frame hands back its result.
typedef enum __attribute__((enum_extensibility(closed))) : int32_t {
    /// Push the result on the caller's stack.
    TS_RETURN_PUSH TS_SWIFT_NAME(push) = 0,
    /// `__init__` returns None and the caller keeps the new instance already on its stack.
    TS_RETURN_INIT TS_SWIFT_NAME(initializer),
    /// A class body: the class, already on the caller's stack, is complete.
    TS_RETURN_CLASS_BODY TS_SWIFT_NAME(classBody),
    /// Return to the Swift code that started this frame (the program, or a builtin calling back).
    TS_RETURN_TO_HOST TS_SWIFT_NAME(host),
} ts_return_action;

/// A frame: a header, then `nlocals` local slots, then the value stack. Frames live on the VM's own
/// frame stack, never on the native stack, so Python recursion cannot overflow it.
typedef struct ts_frame {
    struct ts_frame *_Nullable previous;
    /// The CodeObject being run (a Swift object kept alive by the loaded program).
    void *code;
    const ts_instr *instructions;
    ts_cache *caches;
    const ts_value *consts;
    /// The function being run, or NULL for the module and class bodies.
    struct ts_function *_Nullable function;
    struct ts_dict *globals;
    /// Where LOAD_NAME and STORE_NAME look: the module's globals, or a class body's namespace.
    struct ts_dict *names;
    /// Index of the next instruction, written back whenever the frame is not the running one.
    int32_t ip;
    /// Values on the stack, written back whenever the frame is not the running one.
    int32_t stack_depth;
    int32_t nlocals;
    ts_return_action return_action;
    ts_value localsplus[];
} ts_frame;

/// Swift drops flexible array members; this is the way to the locals (and the stack after them).
static inline ts_value *ts_frame_locals(ts_frame *f) { return f->localsplus; }
static inline ts_value *ts_frame_stack_base(ts_frame *f) { return f->localsplus + f->nlocals; }

#pragma clang assume_nonnull end

#endif
