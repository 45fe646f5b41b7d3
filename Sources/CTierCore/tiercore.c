// The C core is mostly header-only: its bodies are `static inline` so that Swift (and the JIT's
// stencils) inline them at each use. This file holds what is called, not inlined: the micro-op
// interpreter of Tier 2.
#include "tiercore.h"

#include "ts_uop_glue.h"

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
