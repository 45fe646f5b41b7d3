// Bytecode, code objects, frames and the runtime context. Tier 1, the micro-op interpreter and JIT
// code all work on the same frame, so leaving a trace needs no conversion: only the right instruction
// index and stack depth.
#ifndef TS_FRAME_H
#define TS_FRAME_H

#include <stddef.h>
#include <string.h>

#include "ts_object.h"

#pragma clang assume_nonnull begin

/// One bytecode instruction: an opcode (`ts_opcode`, mirrored by Swift's `Opcode`) and its argument.
typedef struct ts_instr {
    uint8_t op;
    uint8_t _reserved[3];
    int32_t arg;
} ts_instr;

_Static_assert(sizeof(ts_instr) == 8, "instructions are one word");

/// The inline cache beside each instruction (CPython keeps it in the instruction stream; we keep a
/// parallel array so instruction indices stay dense). Tier 1 warms up, counts misses and keeps what a
/// specialised form assumes here; the trace recorder copies micro-op operands out of it.
typedef struct ts_cache {
    /// Warm-up countdown before specialising, or backoff countdown after failing or reverting.
    uint16_t counter;
    /// Guard misses of the specialised form since it was installed.
    uint8_t misses;
    /// Times this instruction failed to specialise or reverted: the exponent of the next wait.
    uint8_t backoff;
    /// The operand types seen during warm-up (see Specializer.signature).
    uint32_t signature;
    /// The type or dict-keys version a specialised form assumes.
    uint32_t version;
    /// Whether the counter is a warm-up (0) or a backoff (1).
    uint32_t state;
    /// A slot or entry number, a pointer, a constant: what the specialised form needs at hand.
    uint64_t operand;
    /// A second operand (a second version, a keys version).
    uint64_t operand2;
} ts_cache;

_Static_assert(sizeof(ts_cache) == 32, "caches are four words");

/// A code object as C sees it: what a frame needs to run it. The Swift CodeObject owns it.
typedef struct ts_code {
    ts_instr *instructions;
    ts_cache *caches;
    const ts_value *consts;
    struct ts_str *_Nonnull *_Nullable names;
    int32_t instruction_count;
    int32_t nlocals;
    int32_t stack_size;
    int32_t argument_count;
    /// The Swift CodeObject.
    void *owner;
    /// Executions of each instruction, counted while a viewer watches (here so that the interpreter
    /// reaches them without touching the Swift object).
    uint64_t *counts;
} ts_code;

/// How a returning frame hands back its result.
typedef enum __attribute__((enum_extensibility(closed))) : int32_t {
    /// Push the result on the caller's stack.
    TS_RETURN_PUSH TS_SWIFT_NAME(push) = 0,
    /// `__init__` returns None and the caller keeps the new instance already on its stack.
    TS_RETURN_INIT TS_SWIFT_NAME(initializer),
    /// A class body: the class, already on the caller's stack, is complete.
    TS_RETURN_CLASS_BODY TS_SWIFT_NAME(classBody),
    /// A method run for its effect (`__setitem__`): the result is dropped.
    TS_RETURN_DISCARD TS_SWIFT_NAME(discard),
    /// A protocol's method (`__add__`, `__lt__`, `__bool__`, `__contains__`): the caller's instruction
    /// finishes with the result as its generic form would. NotImplemented hands an operation to the other
    /// operand (still the frame's first two locals), `__bool__` must give a bool, and `in` takes the
    /// truth of what `__contains__` gave.
    TS_RETURN_PROTOCOL TS_SWIFT_NAME(protocolResult),
    /// Return to the Swift code that started this frame (the program, or a builtin calling back).
    TS_RETURN_TO_HOST TS_SWIFT_NAME(host),
} ts_return_action;

struct ts_runtime;
struct ts_inlined_call;
struct ts_frame;

/// Where execution stands: a frame and its stack pointer, returned together in two registers.
typedef struct ts_frame_position {
    struct ts_frame *frame;
    ts_value *sp;
} ts_frame_position;

/// A frame: a header, then `nlocals` local slots, then the value stack. Frames live on the VM's own
/// frame stack, never on the native stack, so Python recursion cannot overflow it.
typedef struct ts_frame {
    struct ts_frame *_Nullable previous;
    ts_code *code;
    struct ts_runtime *runtime;
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
/// Where a frame's locals start, in bytes from the frame (the JIT addresses locals from the frame).
static inline uint64_t ts_frame_locals_offset(void) { return (uint64_t)offsetof(ts_frame, localsplus); }
static inline ts_value *ts_frame_stack_base(ts_frame *f) { return f->localsplus + f->nlocals; }

/// The VM's world as micro-ops see it: the frame stack, and runtime helpers written in Swift that
/// micro-ops call through C function pointers (allocation, dict lookups, built-in calls).
typedef struct ts_runtime {
    /// The Swift VM.
    void *vm;
    uint8_t *frame_base;
    uint8_t *frame_top;
    uint8_t *frame_end;
    /// The innermost frame, or NULL when no Python code runs.
    ts_frame *_Nullable current_frame;
    /// Python frames on the stack, the module's included (CPython's recursion depth).
    int32_t depth;
    int32_t recursion_limit;
    struct ts_dict *builtins;
    /// The NotImplemented singleton, which an operator's method returns to decline.
    ts_value not_implemented;
    /// The one-character ASCII strings, so indexing a str needs no allocation.
    ts_value ascii_chars[128];

    /// `a + b` for two strs.
    ts_value (*string_concat)(struct ts_runtime *, ts_value, ts_value);
    /// Looks `key` up: 1 found (stored in *result), 0 absent, -1 the key cannot be hashed.
    int (*dict_get)(struct ts_runtime *, struct ts_dict *, ts_value key, ts_value *result);
    /// Sets `key`: 0 done, -1 the key cannot be hashed.
    int (*dict_set)(struct ts_runtime *, struct ts_dict *, ts_value key, ts_value value);
    /// LOAD_NAME's lookup (the frame's namespace, its globals, the builtins): 1 found (stored in *result),
    /// 0 bound nowhere.
    int (*load_name)(struct ts_runtime *, struct ts_frame *, struct ts_str *name, ts_value *result);
    /// Binds a name in a namespace (globals, or a class body's), telling the VM when the namespace is
    /// watched by traces that folded its values.
    void (*store_name)(struct ts_runtime *, struct ts_dict *, struct ts_str *name, ts_value value);
    /// Appends to a list, growing it.
    void (*list_append)(struct ts_runtime *, struct ts_list *, ts_value);
    /// Calls a built-in: 0 done (stored in *result), -1 it raised (the VM holds the error).
    int (*call_builtin)(struct ts_runtime *, struct ts_builtin *, ts_value *args, int32_t count, ts_value *result);
    /// Builds the frame of a call a trace ran inline, as an exit inside it leaves (ts_follow_exit): out of
    /// line, since every trace's native follow-the-exit path would otherwise carry its own copy.
    ts_frame_position (*build_inlined_frame)(const struct ts_inlined_call *call, struct ts_frame *frame, ts_value *sp);
    /// `iter(*slot)` in place: 0 done, -1 it raised (the VM holds the error).
    int (*get_iter)(struct ts_runtime *, ts_value *slot);
    /// A range iterator from `start`, `length` items `step` apart, with no range object behind it (what
    /// _CALL_RANGE_ITER makes of a `for` over `range(...)`): it allocates and never raises.
    ts_value (*range_iterator)(struct ts_runtime *, int64_t start, int64_t length, int64_t step);
    /// A one-character str for a non-ASCII code point.
    ts_value (*character)(struct ts_runtime *, uint32_t code_point);
    /// Runs generic instruction `op` on the frame's stack with the VM's own implementation: 0 done,
    /// -1 it raised (the VM holds the error), 1 it must run in Tier 1 instead (nothing was changed).
    int (*run_generic)(struct ts_runtime *, ts_frame *, ts_value *_Nonnull *_Nonnull sp, int32_t op, int32_t oparg);

    /// Installed executors by trace number (ENTER_EXECUTOR's argument); NULL once freed. Here, rather
    /// than in a Swift array of traces, so that entering a trace costs no reference counting.
    struct ts_executor *_Nullable *_Nullable executors;
    /// Traces running now, nested through built-ins and calls made from traces: executors are only
    /// freed when none is.
    int64_t running_traces;

    /// Counts down at every loop back edge and function entry (Tier 1) and every trace loop (Tier 2);
    /// below zero the engine stops at a safe point: to collect, to account fuel, to be stopped.
    int64_t safe_point_countdown;
} ts_runtime;

/// The bytes a frame for `code` takes on the frame stack.
static inline size_t ts_frame_size(const ts_code *code) {
    size_t slots = (size_t)code->nlocals + (size_t)code->stack_size;
    return (sizeof(ts_frame) + slots * sizeof(ts_value) + 15) & ~(size_t)15;
}

/// Whether a frame for `code` may be pushed: under the recursion limit, with room on the frame stack.
static inline bool ts_frame_fits(const ts_runtime *rt, const ts_code *code) {
    return rt->depth < rt->recursion_limit && rt->frame_top + ts_frame_size(code) <= rt->frame_end;
}

/// Makes the frame at the top of the frame stack the innermost one, its locals left as they are.
static inline ts_frame *ts_frame_place(
    ts_runtime *rt, ts_code *code, struct ts_function *_Nullable function, struct ts_dict *globals,
    struct ts_dict *names, ts_return_action action) {
    ts_frame *frame = (ts_frame *)rt->frame_top;
    rt->frame_top += ts_frame_size(code);
    frame->previous = rt->current_frame;
    frame->code = code;
    frame->runtime = rt;
    frame->function = function;
    frame->globals = globals;
    frame->names = names;
    frame->ip = 0;
    frame->stack_depth = 0;
    frame->nlocals = code->nlocals;
    frame->return_action = action;
    rt->current_frame = frame;
    rt->depth += 1;
    return frame;
}

/// Pushes a frame for `code` with its locals unbound; NULL when the recursion limit or the frame stack
/// is reached (the caller raises RecursionError). Written once for Swift and the micro-ops.
static inline ts_frame *_Nullable ts_frame_push(
    ts_runtime *rt, ts_code *code, struct ts_function *_Nullable function, struct ts_dict *globals,
    struct ts_dict *names, ts_return_action action) {
    if (!ts_frame_fits(rt, code)) return NULL;
    ts_frame *frame = ts_frame_place(rt, code, function, globals, names, action);
    for (int32_t i = 0; i < code->nlocals; i++) frame->localsplus[i] = ts_null();
    return frame;
}

/// Pops the innermost frame.
static inline void ts_frame_pop(ts_runtime *rt, ts_frame *frame) {
    rt->frame_top = (uint8_t *)frame;
    rt->current_frame = frame->previous;
    rt->depth -= 1;
}

#pragma clang assume_nonnull end

#endif
