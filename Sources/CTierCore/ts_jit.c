// The one way into native trace code: an ordinary C function that calls the trace's first stencil with
// the frame, the stack pointer and the state in the registers stencils keep them in, and takes the
// trace's exits as the micro-op interpreter does (ts_follow_exit) when the exit stub returns.
#include "ts_jit.h"

ts_trace_result ts_jit_run(ts_executor *executor, ts_frame **framep, ts_value **spp) {
    executor->runs += 1;
    executor->iterations += 1;
    ts_jit_state state = {0};
    ts_frame *frame = *framep;
    ts_value *sp = *spp;
    for (;;) {
        int status = ((ts_jit_code *)executor->jit_code)(frame, sp, &state);
        frame = state.frame;
        sp = state.sp;
        executor = state.executor;
        *framep = frame;
        *spp = sp;
        if (status == TS_ERROR) {
            return (ts_trace_result){.status = TS_ERROR, .resume_ip = frame->ip, .executor = executor, .exit = NULL};
        }
        ts_exit *exit = &executor->exits[state.exit_index];
        ts_executor *next = ts_follow_exit(exit, frame->runtime);
        if (!next) {
            return (ts_trace_result){.status = TS_EXIT, .resume_ip = exit->target, .executor = executor, .exit = exit};
        }
        if (!next->jit_code) {
            // ts_execute_trace counts the entry itself; ts_follow_exit has counted it already.
            next->runs -= 1;
            next->iterations -= 1;
            return ts_execute_trace(next, framep, spp);
        }
        executor = next;
    }
}
