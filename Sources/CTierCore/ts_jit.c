// The one way into native trace code: an ordinary C function that calls the trace's first stencil with
// the frame, the stack pointer and the state in the registers stencils keep them in. Native code moves
// from trace to trace by itself (the exit stubs follow exits, as the micro-op interpreter does); it
// returns here only to leave for Tier 1, to raise, or to go on in a trace that has no native code.
#include "ts_jit.h"

ts_trace_result ts_jit_run(ts_executor *executor, ts_frame **framep, ts_value **spp) {
    executor->runs += 1;
    executor->iterations += 1;
    ts_jit_state state = {0};
    // Nothing is cached on entry: the registers that would hold cached values carry nothing yet.
    int status = ((ts_jit_code *)executor->jit_code)(*framep, *spp, &state, 0, 0, 0, 0, 0, 0);
    *framep = state.frame;
    *spp = state.sp;
    if (status == TS_ERROR) {
        return (ts_trace_result){
            .status = TS_ERROR, .resume_ip = state.frame->ip, .executor = state.executor, .exit = NULL};
    }
    ts_exit *exit = &state.executor->exits[state.exit_index];
    if (!state.next) {
        return (ts_trace_result){
            .status = TS_EXIT, .resume_ip = exit->target, .executor = state.executor, .exit = exit};
    }
    // The exit stub counted the entry into the next trace; ts_execute_trace counts it again.
    state.next->runs -= 1;
    state.next->iterations -= 1;
    return ts_execute_trace(state.next, framep, spp);
}
