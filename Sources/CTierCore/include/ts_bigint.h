// Integer arithmetic beyond 64 bits, over limb arrays the caller owns, through GMP's mpn layer.
//
// A number is `(limbs, size)` as in GMP's mpz: |size| limbs, least significant first, the top one
// non-zero; size is negative for a negative number and 0 for zero. Every function writes its result into
// a buffer the caller sized (the capacity each needs is beside it) and returns the result's signed size,
// so nothing here allocates and the VM decides where results live: a scratch buffer, then its own heap.
// Result buffers must not overlap the operands.
#ifndef TS_BIGINT_H
#define TS_BIGINT_H

#include <stddef.h>
#include <stdint.h>

#pragma clang assume_nonnull begin

/// a + b, into max(|a|, |b|) + 1 limbs.
int64_t ts_big_add(const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *r);
/// a - b, into max(|a|, |b|) + 1 limbs.
int64_t ts_big_sub(const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *r);
/// a * b, into |a| + |b| limbs.
int64_t ts_big_mul(const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *r);
/// Python's floor division and modulo (the remainder takes the divisor's sign); b is not zero. The
/// quotient needs max(|a| - |b|, 0) + 2 limbs, the remainder and `scratch` |b| each.
void ts_big_floor_divmod(
    const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *q, int64_t *qn, uint64_t *r,
    int64_t *rn, uint64_t *scratch);
/// -1, 0 or 1 as a is below, equal to or above b.
int ts_big_compare(const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn);
/// a << bits, into |a| + bits / 64 + 1 limbs.
int64_t ts_big_shift_left(const uint64_t *a, int64_t an, uint64_t bits, uint64_t *r);
/// a >> bits rounding toward negative infinity (Python's shift of a negative number), into
/// |a| - bits / 64 + 1 limbs (at least 1).
int64_t ts_big_shift_right(const uint64_t *a, int64_t an, uint64_t bits, uint64_t *r);

typedef enum ts_big_bitwise_op { TS_BIG_AND, TS_BIG_OR, TS_BIG_XOR } ts_big_bitwise_op;
/// a & b, a | b or a ^ b on two's complement of unbounded width, into max(|a|, |b|) + 1 limbs.
int64_t ts_big_bitwise(ts_big_bitwise_op op, const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *r);

/// |a| modulo m (m > 0).
uint64_t ts_big_mod_word(const uint64_t *a, int64_t an, uint64_t m);
/// The number of significant bits of |a| (0 for zero).
uint64_t ts_big_bit_length(const uint64_t *a, int64_t an);
/// The nearest double, ties to even, as CPython's int-to-float conversion; +-infinity beyond the range.
double ts_big_to_double(const uint64_t *a, int64_t an);

/// Digits of |a| in `base` (2 to 36): an upper bound on their count, for the buffer of ts_big_digits.
size_t ts_big_digit_capacity(const uint64_t *a, int64_t an, int base);
/// Writes the digits of |a| in `base` (2 to 36, lower-case letters) into `text` (room for
/// ts_big_digit_capacity bytes) and returns their count; zero is "0". No sign, no terminator.
size_t ts_big_digits(const uint64_t *a, int64_t an, int base, char *text);
/// Limbs enough for a number of `count` digits in `base`.
size_t ts_big_limb_capacity(size_t count, int base);
/// The non-negative number whose digit values (0 to base - 1, most significant first) are `digits`.
int64_t ts_big_from_digits(const uint8_t *digits, size_t count, int base, uint64_t *r);

/// a ** e, for e >= 0, into a buffer of `capacity` limbs: the size, or INT64_MIN when it does not fit.
int64_t ts_big_power(const uint64_t *a, int64_t an, uint64_t e, uint64_t *r, size_t capacity);

/// a ** e modulo |m| (e >= 0, m not zero), in [0, |m|), into |m| limbs.
int64_t ts_big_power_mod(
    const uint64_t *a, int64_t an, const uint64_t *e, int64_t en, const uint64_t *m, int64_t mn, uint64_t *r);
/// The inverse of a modulo |m| (m not zero), in [0, |m|), into |m| limbs; INT64_MIN when there is none.
int64_t ts_big_invert(const uint64_t *a, int64_t an, const uint64_t *m, int64_t mn, uint64_t *r);

#pragma clang assume_nonnull end

#endif
