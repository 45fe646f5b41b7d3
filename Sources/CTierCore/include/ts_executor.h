// Tier 2 executors: optimised traces of micro-ops, their side exits, and the micro-op interpreter that
// runs them. The same structures will feed the JIT.
#ifndef TS_EXECUTOR_H
#define TS_EXECUTOR_H

#include "ts_uop_bodies.h"

#pragma clang assume_nonnull begin

/// One micro-op of a trace.
typedef struct ts_trace_uop {
    uint16_t uop;
    int32_t oparg;
    uint64_t operand;
    /// The exit a failing guard (or a `_JUMP_TO_TOP`/`_EXIT_TRACE`) leaves through; -1 for none.
    int32_t exit;
    int32_t _reserved;
} ts_trace_uop;

_Static_assert(sizeof(ts_trace_uop) == 24, "trace micro-ops are three words");

struct ts_executor;

/// A call a trace runs inline (the call inlining pass): the callee's locals and stack live on the
/// caller's stack, and no frame is pushed. An exit inside it first builds the callee's frame from them,
/// so that Tier 1 (or a side trace) finds the frames it would have found.
typedef struct ts_inlined_call {
    /// The function's code, and where its call sits in the caller.
    ts_code *code;
    /// The callable's slot on the caller's stack (where the call's result goes).
    int32_t call_slot;
    /// The caller's local slot (localsplus index) holding the callee's first local.
    int32_t locals_base;
    /// Where the caller resumes once the callee returns: just past its call.
    int32_t resume_ip;
    int32_t _reserved;
} ts_inlined_call;

/// The frame of an inlined call, built where Tier 1 would have pushed it: the callee's locals and stack
/// move from the caller's stack into it, the caller stops at the call with the callable on its stack,
/// and execution goes on in the callee's. The frame stack has room: `_INLINE_CALL` checked. The
/// runtime's `build_inlined_frame`; defined in tiercore.c.
ts_frame_position ts_build_inlined_frame(const ts_inlined_call *call, ts_frame *frame, ts_value *sp);

/// Where execution goes when a guard fails: back to Tier 1 at `target`, or into a side trace.
typedef struct ts_exit {
    /// The bytecode index Tier 1 resumes at.
    int32_t target;
    /// Times execution has left through here.
    int32_t count;
    /// A trace grown from this exit, run in place of Tier 1 once it exists.
    struct ts_executor *_Nullable side;
    /// The micro-op that leaves (its TS_UOP number), for reports.
    uint16_t uop;
    uint16_t _reserved[3];
    /// The call the exit is inside, when the trace runs it inline: its frame is built before leaving.
    const ts_inlined_call *_Nullable inlined;
} ts_exit;

/// An optimised trace, ready to run.
typedef struct ts_executor {
    ts_trace_uop *uops;
    int32_t length;
    /// Where `_JUMP_TO_TOP` goes (just past `_START_EXECUTOR`).
    int32_t loop_start;
    ts_exit *exits;
    int32_t exit_count;
    /// Cleared when something the trace assumed changes; `_CHECK_VALIDITY` reads it.
    uint8_t valid;
    uint8_t _reserved[3];
    /// Times the trace was entered.
    uint64_t runs;
    /// Times its body began: entries plus trips round the loop (what heat attributes to its bytecode).
    uint64_t iterations;
    /// The bytecode index the trace starts at: ENTER_EXECUTOR sets the frame there before running it.
    int32_t entry_ip;
    int32_t _reserved2;
    /// The Swift Trace.
    void *owner;
    /// The trace's native code (ts_jit_code), or NULL where it runs in the micro-op interpreter.
    void *_Nullable jit_code;
} ts_executor;

/// How a run of traces ended.
typedef struct ts_trace_result {
    /// TS_EXIT (left through `exit`) or TS_ERROR (the VM holds the error).
    int32_t status;
    /// The bytecode index to resume at in the (possibly different) current frame.
    int32_t resume_ip;
    /// The executor and exit it left through.
    ts_executor *_Nullable executor;
    ts_exit *_Nullable exit;
} ts_trace_result;

/// The micro-op interpreter: runs `executor` (and the side traces and linked traces it moves into) on
/// `*framep` until execution leaves for Tier 1. `*framep` and `*spp` are updated: a trace that followed a
/// call may leave inside the callee's frame.
ts_trace_result ts_execute_trace(ts_executor *executor, ts_frame *_Nonnull *_Nonnull framep, ts_value *_Nonnull *_Nonnull spp);

/// Called before each micro-op by `ts_execute_trace_observed`, with the micro-op's index in `executor`.
/// It may block (a person stepping through the trace); it must not run Python code.
typedef void (*ts_uop_observer)(void *context, ts_executor *executor, int32_t index, ts_frame *frame, ts_value *sp);

/// `ts_execute_trace`, calling `observer` before every micro-op: for stepping through a trace one
/// micro-op at a time. A separate function so that the ordinary one carries no test for it.
ts_trace_result ts_execute_trace_observed(
    ts_executor *executor, ts_frame *_Nonnull *_Nonnull framep, ts_value *_Nonnull *_Nonnull spp,
    ts_uop_observer observer, void *_Nullable context);

#pragma clang assume_nonnull end

#endif
