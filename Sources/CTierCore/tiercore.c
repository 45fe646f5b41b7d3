// The C core is mostly header-only: its bodies are `static inline` so that Swift (and the JIT's
// stencils) inline them at each use. This file holds what is called, not inlined: the micro-op
// interpreter of Tier 2.
#include "tiercore.h"

#include "ts_executor.h"

/// Dispatches with computed gotos: each micro-op jumps straight to the next one's handler, which keeps
/// branch prediction per micro-op instead of one shared indirect jump.
ts_trace_result ts_execute_trace(ts_executor *executor, ts_frame **framep, ts_value **spp) {
    static const void *const handlers[] = {
#define TS_HANDLER_ADDRESS(name, flags, source) &&handle##name,
        TS_UOPS(TS_HANDLER_ADDRESS)
#undef TS_HANDLER_ADDRESS
    };
    ts_frame *frame = *framep;
    ts_value *sp = *spp;
    const ts_trace_uop *uop;
    int status;
    executor->runs += 1;
    uop = executor->uops;

#define TS_DISPATCH() goto *handlers[uop->uop]

    TS_DISPATCH();

#define TS_HANDLER(name, f, source)                                                                        \
    handle##name : {                                                                                       \
        if ((f) & TS_UOPF_ESCAPES) frame->stack_depth = (int32_t)(sp - ts_frame_stack_base(frame));        \
        status = ts_uop_##name(frame, &sp, uop->oparg, uop->operand);                                      \
        if ((f) & TS_UOPF_FRAME) frame = frame->runtime->current_frame;                                    \
        if (status != TS_OK) goto leave;                                                                   \
        uop += 1;                                                                                          \
        TS_DISPATCH();                                                                                     \
    }
    TS_UOPS(TS_HANDLER)
#undef TS_HANDLER

leave:
    if (status == TS_LOOP) {
        uop = executor->uops + executor->loop_start;
        TS_DISPATCH();
    }
    if (status == TS_ERROR) {
        *framep = frame;
        *spp = sp;
        return (ts_trace_result){.status = TS_ERROR, .resume_ip = frame->ip, .executor = executor, .exit = NULL};
    }
    // A guard failed or the trace ended: leave through the micro-op's exit.
    ts_exit *exit = &executor->exits[uop->exit];
    exit->count += 1;
    ts_executor *next = exit->side;
    // Going from trace to trace can circle a loop that no _JUMP_TO_TOP closes (a side trace that ends
    // in its parent's loop): count each move as a back edge, so that safe points (collection, fuel,
    // a stop request) still come; when one is due, leave for Tier 1, whose next back edge stops.
    if (next && next->valid && --frame->runtime->safe_point_countdown >= 0) {
        executor = next;
        executor->runs += 1;
        uop = executor->uops;
        TS_DISPATCH();
    }
    *framep = frame;
    *spp = sp;
    return (ts_trace_result){.status = TS_EXIT, .resume_ip = exit->target, .executor = executor, .exit = exit};
#undef TS_DISPATCH
}
