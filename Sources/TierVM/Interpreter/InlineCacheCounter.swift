import CTierCore

/// The counter an instruction keeps in its inline cache (`ts_cache`): a warm-up towards the next tier
/// (specialising an instruction, tracing a loop or function), and the backoff after an attempt that
/// failed. Tier 1's specialiser and the Tier 2 driver count with this one type, so both tiers warm up
/// and back off alike and a cache's fields mean the same whoever wrote them.
///
/// `state` 0 is warming up (`counter` executions left, for `signature`); 1 is backing off (`counter`
/// executions to wait, the `backoff`-th wait in a row).
enum InlineCacheCounter {
    /// Counts one execution seen with `signature`; true when `threshold` executions in a row have seen
    /// it. Inlined: this is the only part that runs on every execution of a warming instruction.
    @inline(__always)
    static func warmUp(_ cache: UnsafeMutablePointer<ts_cache>, _ signature: UInt32, threshold: Int) -> Bool {
        if cache.pointee.signature == signature && cache.pointee.state == 0 {
            cache.pointee.counter &-= 1
            return cache.pointee.counter == 0
        }
        return restart(cache, signature, threshold: threshold)
    }

    /// A new signature (or the end of a backoff) starts the warm-up over.
    @inline(never)
    static func restart(_ cache: UnsafeMutablePointer<ts_cache>, _ signature: UInt32, threshold: Int) -> Bool {
        if cache.pointee.state != 0 {
            cache.pointee.counter &-= 1
            if cache.pointee.counter > 0 { return false }
            cache.pointee.state = 0
        }
        cache.pointee.signature = signature
        cache.pointee.counter = UInt16(clamping: max(1, threshold)) - 1
        return cache.pointee.counter == 0
    }

    /// Executions to wait after the `attempt`-th failure in a row: 32, 64, 128 ... at most
    /// 2^`maximumExponent`.
    static func backoffWait(_ attempt: UInt8, maximumExponent: Int) -> UInt16 {
        UInt16(1 << min(Int(attempt) + 5, maximumExponent))
    }

    /// Puts the counter into backoff after a failed attempt; returns how long it waits. The attempt
    /// count saturates where the wait reaches its maximum, so a long run of failures cannot wrap it.
    @discardableResult
    static func backOff(_ cache: UnsafeMutablePointer<ts_cache>, maximumExponent: Int) -> UInt16 {
        let wait = backoffWait(cache.pointee.backoff, maximumExponent: maximumExponent)
        cache.pointee.state = 1
        cache.pointee.counter = wait
        cache.pointee.backoff = min(cache.pointee.backoff + 1, UInt8(maximumExponent - 4))
        return wait
    }
}
