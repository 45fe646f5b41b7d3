// What happens around each micro-op of a trace, written once for the two executors of Tier 2: the
// micro-op interpreter (ts_execute_trace.inc) and the JIT's stencil template (Tools/jit/template.c).
// Both run a micro-op as `ts_step_NAME` and leave through an exit with `ts_follow_exit`, so native code
// and the interpreter write back the same state, reload the same frame and take exits the same way.
#ifndef TS_UOP_GLUE_H
#define TS_UOP_GLUE_H

#include "ts_executor.h"

#pragma clang assume_nonnull begin

/// Runs micro-op NAME of a trace (`ts_step_NAME`): before a body that calls into the VM, the stack depth
/// is written back so that the collector sees every value; after one that switches frames, the current
/// frame is reloaded. Returns the body's status. The flags are constants, so each step keeps only what
/// its micro-op needs.
#define TS_STEP_DEFINE(name, flags, ...)                                                                   \
    static inline __attribute__((always_inline)) int ts_step##name(                                      \
        ts_frame *_Nonnull *_Nonnull framep, ts_value *_Nonnull *_Nonnull spp, int32_t oparg, uint64_t operand) { \
        ts_frame *frame = *framep;                                                                         \
        if ((flags) & TS_UOPF_ESCAPES) frame->stack_depth = (int32_t)(*spp - ts_frame_stack_base(frame));  \
        int status = ts_uop_##name(frame, spp, oparg, operand);                                            \
        if ((flags) & TS_UOPF_FRAME) *framep = frame->runtime->current_frame;                              \
        return status;                                                                                     \
    }
TS_UOPS(TS_STEP_DEFINE)
#undef TS_STEP_DEFINE

/// Leaving a trace through `exit` (a failed guard, or the end of the trace): builds the frame of the
/// inlined call it is inside, if any, counts it, and returns the side trace to go on in, or NULL to
/// return to Tier 1 at the exit's target.
///
/// Going from trace to trace can circle a loop that no `_JUMP_TO_TOP` closes (a side trace that ends in
/// its parent's loop): each move counts as a back edge, so that safe points (collection, fuel, a stop
/// request) still come; when one is due, execution leaves for Tier 1, whose next back edge stops.
static inline ts_executor *_Nullable ts_follow_exit(
    ts_exit *exit, ts_runtime *runtime, ts_frame *_Nonnull *_Nonnull framep, ts_value *_Nonnull *_Nonnull spp) {
    if (__builtin_expect(exit->inlined != NULL, 0)) {
        ts_frame_position callee = runtime->build_inlined_frame(exit->inlined, *framep, *spp);
        *framep = callee.frame;
        *spp = callee.sp;
    }
    exit->count += 1;
    ts_executor *next = exit->side;
    if (next && next->valid && --runtime->safe_point_countdown >= 0) {
        next->runs += 1;
        next->iterations += 1;
        return next;
    }
    return NULL;
}

#pragma clang assume_nonnull end

#endif
