// The JIT's stencil template. Tools/jit/generate.py compiles it once per micro-op, with TS_STENCIL_UOP
// naming the micro-op (or TS_STENCIL_STUB naming one of the stubs below), and copies the machine code of
// `ts_stencil_body` out of each object with its relocations: those are the holes the emitter patches when it
// lays a trace's stencils end to end.
//
// A stencil runs its micro-op through the glue the micro-op interpreter uses (ts_uop_glue.h), then goes
// on, by a tail call that the emitter turns into a jump (or drops, when the next stencil follows), to
// the next stencil, the trace's loop head, the micro-op's exit stub or the error stub. The frame, the
// stack pointer and the JIT state stay in registers the whole way (preserve_none passes them in r12,
// r13 and r14); ts_jit_enter, an ordinary C function, is the one way in from Swift.
#include "ts_jit.h"

/// A hole: an address only the emitter knows. Declared hidden so that clang reaches it directly (a
/// `movabs` for a value, a rel32 `jmp`/`call` for code) rather than through a GOT.
#define TS_HOLE(name) extern char name[] __attribute__((visibility("hidden")))
#define TS_CODE_HOLE(name) extern ts_jit_code name __attribute__((visibility("hidden")))

TS_HOLE(_JIT_OPARG);
TS_HOLE(_JIT_OPERAND);
TS_HOLE(_JIT_EXECUTOR);
TS_HOLE(_JIT_EXIT_INDEX);
TS_CODE_HOLE(_JIT_CONTINUE);
TS_CODE_HOLE(_JIT_LOOP);
TS_CODE_HOLE(_JIT_EXIT);
TS_CODE_HOLE(_JIT_ERROR);

#define TS_PASTE_(a, b) a##b
#define TS_PASTE(a, b) TS_PASTE_(a, b)

#if defined(TS_STENCIL_UOP)

TS_JIT_CC int ts_stencil_body(ts_frame *frame, ts_value *sp, ts_jit_state *state) {
    int status = TS_PASTE(ts_step, TS_STENCIL_UOP)(
        &frame, &sp, (int32_t)(intptr_t)_JIT_OPARG, (uint64_t)(uintptr_t)_JIT_OPERAND);
    if (__builtin_expect(status == TS_OK, 1)) __attribute__((musttail)) return _JIT_CONTINUE(frame, sp, state);
    if (status == TS_LOOP) {
        ((ts_executor *)_JIT_EXECUTOR)->iterations += 1;
        __attribute__((musttail)) return _JIT_LOOP(frame, sp, state);
    }
    if (status == TS_ERROR) __attribute__((musttail)) return _JIT_ERROR(frame, sp, state);
    __attribute__((musttail)) return _JIT_EXIT(frame, sp, state);
}

#elif TS_STENCIL_STUB == TS_STUB_EXIT

/// Where a micro-op's failed guard (or the trace's end) goes: one stub per exit, naming it. It follows
/// the exit as the interpreter does (ts_follow_exit): into the side or linked trace's native code when it
/// has some, by a jump, as CPython's exits go through `exit->executor`; otherwise back to ts_jit_run,
/// with the trace to interpret next, if any. Reading the exit each time, rather than patching the jump,
/// keeps invalidation and eviction to clearing a pointer.
TS_JIT_CC int ts_stencil_body(ts_frame *frame, ts_value *sp, ts_jit_state *state) {
    ts_executor *executor = (ts_executor *)_JIT_EXECUTOR;
    int32_t index = (int32_t)(intptr_t)_JIT_EXIT_INDEX;
    ts_executor *next = ts_follow_exit(&executor->exits[index], frame->runtime);
    if (next && next->jit_code) __attribute__((musttail)) return ((ts_jit_code *)next->jit_code)(frame, sp, state);
    state->frame = frame;
    state->sp = sp;
    state->executor = executor;
    state->exit_index = index;
    state->next = next;
    return TS_EXIT;
}

#elif TS_STENCIL_STUB == TS_STUB_ERROR

/// Where a micro-op that raised goes: the VM holds the error; the frame says where.
TS_JIT_CC int ts_stencil_body(ts_frame *frame, ts_value *sp, ts_jit_state *state) {
    state->frame = frame;
    state->sp = sp;
    state->executor = (ts_executor *)_JIT_EXECUTOR;
    state->exit_index = -1;
    return TS_ERROR;
}

#else
#error "name a micro-op (TS_STENCIL_UOP) or a stub (TS_STENCIL_STUB)"
#endif
