// The C core is mostly header-only: its bodies are `static inline` so that Swift (and the JIT's
// stencils) inline them at each use. This file holds what is called, not inlined: the micro-op
// interpreter of Tier 2, and the frame an exit from a call run inline builds.
#include "tiercore.h"

#include "ts_uop_glue.h"

ts_frame_position ts_build_inlined_frame(const ts_inlined_call *call, ts_frame *caller, ts_value *sp) {
    ts_runtime *rt = caller->runtime;
    ts_value *values = &caller->localsplus[call->locals_base];
    size_t count = (size_t)(sp - values);
    ts_function *function = (ts_function *)ts_frame_stack_base(caller)[call->call_slot].u.obj;
    caller->ip = call->resume_ip;
    caller->stack_depth = call->call_slot;
    // The new frame starts at the frame stack's top, past the caller and perhaps over the tail of these
    // values, which move first: the header is written after.
    ts_frame *callee = (ts_frame *)rt->frame_top;
    memmove(callee->localsplus, values, count * sizeof(ts_value));
    ts_frame_place(rt, call->code, function, function->globals, function->globals, TS_RETURN_PUSH);
    return (ts_frame_position){.frame = callee, .sp = callee->localsplus + count};
}

#define TS_OBSERVED 0
#define TS_EXECUTE_TRACE_SIGNATURE ts_trace_result ts_execute_trace(ts_executor *executor, ts_frame **framep, ts_value **spp)
#include "ts_execute_trace.inc"
#undef TS_EXECUTE_TRACE_SIGNATURE
#undef TS_OBSERVED

#define TS_OBSERVED 1
#define TS_EXECUTE_TRACE_SIGNATURE                                                                          \
    ts_trace_result ts_execute_trace_observed(                                                              \
        ts_executor *executor, ts_frame **framep, ts_value **spp, ts_uop_observer observer, void *context)
#include "ts_execute_trace.inc"
#undef TS_EXECUTE_TRACE_SIGNATURE
#undef TS_OBSERVED
