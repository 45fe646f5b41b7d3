// The JIT's stencil template. Tools/jit/generate.py compiles it once per micro-op, with TS_STENCIL_UOP
// naming the micro-op (or TS_STENCIL_STUB naming one of the stubs below), and copies the machine code of
// each `ts_stencil_*` function out of the object with its relocations: those are the holes the emitter
// patches when it lays a trace's stencils end to end.
//
// A stencil runs its micro-op through the glue the micro-op interpreter uses (ts_uop_glue.h), then goes
// on, by a tail call that the emitter turns into a jump (or drops, when the next stencil follows), to
// the next stencil, the trace's loop head, the micro-op's exit stub or the error stub. The frame, the
// stack pointer, the JIT state and the cached top of the stack stay in registers the whole way
// (preserve_none passes them in r12, r13, r14, then r15, rdi, rsi, rdx, rcx, r8); ts_jit_run, an
// ordinary C function, is the one way in from Swift.
/// A hole: an address only the emitter knows. Declared hidden so that clang reaches it directly (a
/// `movabs` for a value, a rel32 `jmp`/`call` for code) rather than through a GOT. A small hole holds a
/// value that fits in 32 bits (the small code model's promise), which clang can use as an immediate or
/// an address's displacement.
#define TS_HOLE(name) extern char name[] __attribute__((visibility("hidden")))
#define TS_SMALL_HOLE(name) extern char name[] __attribute__((visibility("hidden"), model("small")))
#define TS_CODE_HOLE(name) extern ts_jit_code name __attribute__((visibility("hidden")))

TS_SMALL_HOLE(_JIT_OPARG);
/// The byte offset of the micro-op's local (its argument) in the frame.
TS_SMALL_HOLE(_JIT_LOCAL);
#define TS_LOCAL(frame, index) ((void)(index), (ts_value *)((char *)(frame) + (uintptr_t)_JIT_LOCAL))

#include "ts_jit.h"

TS_HOLE(_JIT_OPERAND);
TS_HOLE(_JIT_EXECUTOR);
TS_SMALL_HOLE(_JIT_EXIT_INDEX);
TS_CODE_HOLE(_JIT_CONTINUE);
TS_CODE_HOLE(_JIT_LOOP);
TS_CODE_HOLE(_JIT_EXIT);
TS_CODE_HOLE(_JIT_ERROR);

#define TS_PASTE_(a, b) a##b
#define TS_PASTE(a, b) TS_PASTE_(a, b)

/// The parameters every stencil takes, and the same names passed on: a stencil that leaves a cached
/// register alone hands it on where it came, so the tail call moves nothing.
#define TS_STENCIL_PARAMETERS                                                                             \
    ts_frame *frame, ts_value *sp, ts_jit_state *state, uint64_t tag0, uint64_t bits0, uint64_t tag1,      \
        uint64_t bits1, uint64_t tag2, uint64_t bits2
#define TS_PASS_CACHE tag0, bits0, tag1, bits1, tag2, bits2

/// Nothing, in the register that carries cached value `k`'s tag or payload: what a stencil that works on
/// the stack passes on, so that the registers need not be kept across the VM calls it makes (they hold
/// nothing on entry either).
#define TS_NOTHING_IN(reg)                                                                                 \
    static inline __attribute__((unused)) uint64_t ts_nothing_in_##reg(void) {                                                 \
        register uint64_t nothing __asm__(#reg);                                                           \
        __asm__("" : "=r"(nothing));                                                                       \
        return nothing;                                                                                    \
    }
TS_NOTHING_IN(r15)
TS_NOTHING_IN(rdi)
TS_NOTHING_IN(rsi)
TS_NOTHING_IN(rdx)
TS_NOTHING_IN(rcx)
TS_NOTHING_IN(r8)
#define TS_PASS_NOTHING                                                                                    \
    ts_nothing_in_r15(), ts_nothing_in_rdi(), ts_nothing_in_rsi(), ts_nothing_in_rdx(), ts_nothing_in_rcx(), \
        ts_nothing_in_r8()

#if defined(TS_STENCIL_UOP)

#define TS_UOP_NUMBER TS_PASTE(TS_UOP, TS_STENCIL_UOP)
#define TS_STEP TS_PASTE(ts_step, TS_STENCIL_UOP)

/// The micro-op on the frame's stack, nothing cached: for micro-ops that call into the VM, switch frames
/// or leave the trace, which all need the stack as the interpreter keeps it.
TS_JIT_CC int ts_stencil_body(TS_STENCIL_PARAMETERS) {
    (void)tag0, (void)bits0, (void)tag1, (void)bits1, (void)tag2, (void)bits2;
    int status = TS_STEP(&frame, &sp, (int32_t)(intptr_t)_JIT_OPARG, (uint64_t)(uintptr_t)_JIT_OPERAND);
    if (__builtin_expect(status == TS_OK, 1)) __attribute__((musttail)) return _JIT_CONTINUE(frame, sp, state, TS_PASS_NOTHING);
    if (status == TS_LOOP) {
        ((ts_executor *)_JIT_EXECUTOR)->iterations += 1;
        __attribute__((musttail)) return _JIT_LOOP(frame, sp, state, TS_PASS_NOTHING);
    }
    if (status == TS_ERROR) __attribute__((musttail)) return _JIT_ERROR(frame, sp, state, TS_PASS_NOTHING);
    __attribute__((musttail)) return _JIT_EXIT(frame, sp, state, TS_PASS_NOTHING);
}

#if defined(TS_STENCIL_CACHED)

/// Values from the stack below the cached ones that a body may read: more than any micro-op with a
/// fixed stack effect reaches. Loads of those it does not read are dead, and clang drops them.
enum { TS_WINDOW_BELOW = 4, TS_WINDOW_ROOM = 4 };

static inline void ts_set(ts_value *slot, uint64_t tag, uint64_t bits) {
    slot->tag = (ts_tag)tag;
    slot->u.bits = bits;
}

/// Each micro-op's flags, as constants, so that the template can check the generator's choice.
enum {
#define TS_UOP_FLAGS_CONSTANT(name, flags, ...) TS_FLAGS_OF##name = (flags),
    TS_UOPS(TS_UOP_FLAGS_CONSTANT)
#undef TS_UOP_FLAGS_CONSTANT
};
_Static_assert(
    (TS_PASTE(TS_FLAGS_OF, TS_STENCIL_UOP) & (TS_UOPF_ESCAPES | TS_UOPF_JUMPS | TS_UOPF_ERROR | TS_UOPF_FRAME)) == 0,
    "a micro-op that calls into the VM, jumps, raises or switches frames works on the frame's stack");

/// The micro-op entered with `CACHED` values in registers. The body runs unchanged, on a window: a
/// local array holding the values below the cached ones (loaded from the stack), the cached values, and
/// room for what it pushes. The window never has its address taken beyond the inlined body, so clang
/// keeps it in registers, and what is left is the body's own work on registers: generate.py drops any
/// variant where that failed (it would use the native stack).
///
/// The micro-op table says which values a body changes: its inputs, replaced by its outputs; below
/// them it only reads. So values loaded from the stack that were not inputs are still there, and only
/// what the body left in their place (and the cached values) need writing back. The body's results
/// become the cached values, up to TS_JIT_CACHE_MAX; the deepest go to the stack. Such a micro-op
/// leaves the trace only through a failed guard (TS_DEOPT), which changes nothing first, though it may
/// pop: the stack it exits with is the window's values up to where the body left its top.
#define TS_CACHED_VARIANT(CACHED)                                                                          \
    TS_JIT_CC int ts_stencil_cached_##CACHED(TS_STENCIL_PARAMETERS) {                                      \
        enum { BELOW = TS_WINDOW_BELOW, TOP = BELOW + (CACHED) };                                          \
        const int32_t oparg = (int32_t)(intptr_t)_JIT_OPARG;                                               \
        const int32_t inputs = ts_uop_inputs(TS_UOP_NUMBER, oparg);                                        \
        const int32_t outputs = ts_uop_outputs(TS_UOP_NUMBER, oparg);                                      \
        ts_value window[TOP + TS_WINDOW_ROOM];                                                             \
        for (int k = 0; k < BELOW; k++) ts_value_copy(&window[k], &sp[k - BELOW]);                         \
        if ((CACHED) > 0) ts_set(&window[BELOW], tag0, bits0);                                             \
        if ((CACHED) > 1) ts_set(&window[BELOW + 1], tag1, bits1);                                         \
        if ((CACHED) > 2) ts_set(&window[BELOW + 2], tag2, bits2);                                         \
        ts_value *top = window + TOP;                                                                      \
        int status = TS_STEP(&frame, &top, oparg, (uint64_t)(uintptr_t)_JIT_OPERAND);                      \
        int32_t count = (int32_t)(top - window);                                                           \
        if (__builtin_expect(status != TS_OK, 0)) {                                                        \
            for (int32_t k = BELOW; k < count; k++) ts_value_copy(&sp[k - BELOW], &window[k]);             \
            __attribute__((musttail)) return _JIT_EXIT(frame, sp - BELOW + count, state, TS_PASS_NOTHING); \
        }                                                                                                  \
        /* Values from `kept` up are the body's results or were cached. */                                 \
        const int32_t kept = TOP - inputs < BELOW ? TOP - inputs : BELOW;                                   \
        const int32_t cached = ts_jit_cached_after((CACHED), inputs, outputs);                             \
        ts_value *stack = sp - BELOW + kept;                                                               \
        for (int32_t k = kept; k < count - cached; k++) ts_value_copy(stack++, &window[k]);                \
        ts_value *regs = &window[count - cached];                                                          \
        __attribute__((musttail)) return _JIT_CONTINUE(                                                    \
            frame, stack, state, cached > 0 ? (uint64_t)regs[0].tag : ts_nothing_in_r15(),                 \
            cached > 0 ? regs[0].u.bits : ts_nothing_in_rdi(), cached > 1 ? (uint64_t)regs[1].tag : ts_nothing_in_rsi(), \
            cached > 1 ? regs[1].u.bits : ts_nothing_in_rdx(), cached > 2 ? (uint64_t)regs[2].tag : ts_nothing_in_rcx(), \
            cached > 2 ? regs[2].u.bits : ts_nothing_in_r8());                                            \
    }

TS_CACHED_VARIANT(0)
TS_CACHED_VARIANT(1)
TS_CACHED_VARIANT(2)
TS_CACHED_VARIANT(3)
_Static_assert(TS_JIT_CACHE_MAX == 3, "one cached variant per count of cached values");

#endif

#elif TS_STENCIL_STUB == TS_STUB_EXIT

/// Where a micro-op's failed guard (or the trace's end) goes: one stub per exit, naming it to the trace's
/// follow-the-exit stub in the register of the first cached value, which holds nothing here (the stencil
/// that left wrote its cached values back).
TS_JIT_CC int ts_stencil_body(TS_STENCIL_PARAMETERS) {
    (void)tag0;
    __attribute__((musttail)) return _JIT_CONTINUE(
        frame, sp, state, (uint64_t)(uintptr_t)_JIT_EXIT_INDEX, bits0, tag1, bits1, tag2, bits2);
}

#elif TS_STENCIL_STUB == TS_STUB_FOLLOW_EXIT

/// Follows the exit a TS_STUB_EXIT named as the interpreter does (ts_follow_exit): into the side or
/// linked trace's native code when it has some, by a jump, as CPython's exits go through
/// `exit->executor`; otherwise back to ts_jit_run, with the trace to interpret next, if any. Reading the
/// exit each time, rather than patching the jump, keeps invalidation and eviction to clearing a pointer.
TS_JIT_CC int ts_stencil_body(TS_STENCIL_PARAMETERS) {
    (void)bits0, (void)tag1, (void)bits1, (void)tag2, (void)bits2;
    ts_executor *executor = (ts_executor *)_JIT_EXECUTOR;
    int32_t index = (int32_t)tag0;
    ts_executor *next = ts_follow_exit(&executor->exits[index], frame->runtime, &frame, &sp);
    if (next && next->jit_code)
        __attribute__((musttail)) return ((ts_jit_code *)next->jit_code)(frame, sp, state, TS_PASS_NOTHING);
    state->frame = frame;
    state->sp = sp;
    state->executor = executor;
    state->exit_index = index;
    state->next = next;
    return TS_EXIT;
}

#elif TS_STENCIL_STUB == TS_STUB_ERROR

/// Where a micro-op that raised goes: the VM holds the error; the frame says where.
TS_JIT_CC int ts_stencil_body(TS_STENCIL_PARAMETERS) {
    (void)tag0, (void)bits0, (void)tag1, (void)bits1, (void)tag2, (void)bits2;
    state->frame = frame;
    state->sp = sp;
    state->executor = (ts_executor *)_JIT_EXECUTOR;
    state->exit_index = -1;
    return TS_ERROR;
}

#elif TS_STENCIL_STUB == TS_STUB_FLUSH

/// Writes the TS_STENCIL_FLUSH cached values back to the stack, deepest first, and goes on with none.
TS_JIT_CC int ts_stencil_body(TS_STENCIL_PARAMETERS) {
    ts_value *stack = sp;
    if (TS_STENCIL_FLUSH > 0) stack[0].tag = (ts_tag)tag0, stack[0].u.bits = bits0;
    if (TS_STENCIL_FLUSH > 1) stack[1].tag = (ts_tag)tag1, stack[1].u.bits = bits1;
    if (TS_STENCIL_FLUSH > 2) stack[2].tag = (ts_tag)tag2, stack[2].u.bits = bits2;
    __attribute__((musttail)) return _JIT_CONTINUE(frame, sp + TS_STENCIL_FLUSH, state, TS_PASS_CACHE);
}

#else
#error "name a micro-op (TS_STENCIL_UOP) or a stub (TS_STENCIL_STUB)"
#endif
