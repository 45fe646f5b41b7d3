// Tier 1's dispatch of an instruction to its micro-op expansion, derived from the expansion table
// (TS_EXPANSIONS in ts_expansions.h), so that a new specialised instruction needs no dispatch code of
// its own: its table row and its micro-op bodies are enough.
#ifndef TS_DISPATCH_H
#define TS_DISPATCH_H

#include "ts_expansions.h"
#include "ts_uops.h"

#pragma clang assume_nonnull begin

// Each micro-op's flags as a constant, so that an expansion's flags fold at compile time.
enum {
#define TS_DISPATCH_FLAGS(name, flags, ...) TS_DISPATCH_FLAGS_OF##name = (flags),
    TS_UOPS(TS_DISPATCH_FLAGS)
#undef TS_DISPATCH_FLAGS
};
#define TS_DISPATCH_FLAG(uop) | TS_DISPATCH_FLAGS_OF##uop
/// What the micro-ops of an expansion may do, together (`TS_UOPF_*`).
#define TS_EXPANSION_FLAGS(...) (0 TS_EACH(TS_DISPATCH_FLAG, __VA_ARGS__))

/// Runs instruction `op` as its micro-ops (`ts_inst_NAME`). Returns TS_OK; TS_JUMP (its branch is
/// taken: continue at `oparg`); TS_DEOPT (a guard failed and nothing changed: run the generic form);
/// or TS_ERROR (a runtime helper raised and the VM holds the error). An instruction without an
/// expansion deopts, which sends it to its generic form.
///
/// An expansion that calls into the VM (`TS_UOPF_ESCAPES`: a built-in may run Python code, which
/// may collect or raise with a traceback) first writes the interpreter's registers back into the
/// frame: `next_ip`, and the stack depth. The flags are known per case at compile time, so the
/// forms that stay in C pay nothing for it.
///
/// Always inlined: each of the interpreter's arms for specialised forms calls it with its own opcode
/// as a constant, so that this switch folds to that form's micro-ops.
static inline __attribute__((always_inline)) int ts_run_expansion(
    uint8_t op, ts_frame *frame, ts_value *_Nonnull *_Nonnull spp, int32_t oparg, const ts_cache *cache,
    int32_t next_ip) {
    switch (op) {
#define TS_DISPATCH_CASE(name, ...)                                                                        \
    case TS_OP_##name:                                                                                     \
        if (TS_EXPANSION_FLAGS(__VA_ARGS__) & TS_UOPF_ESCAPES) {                                           \
            frame->ip = next_ip;                                                                           \
            frame->stack_depth = (int32_t)(*spp - ts_frame_stack_base(frame));                             \
        }                                                                                                  \
        return ts_inst_##name(frame, spp, oparg, cache);
        TS_EXPANSIONS(TS_DISPATCH_CASE)
#undef TS_DISPATCH_CASE
    default: return TS_DEOPT;
    }
}

#pragma clang assume_nonnull end

#endif
