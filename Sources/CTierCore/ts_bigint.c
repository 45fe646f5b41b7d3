// Big-int arithmetic through GMP's mpn layer: see ts_bigint.h for the number convention. Only the
// conversions to and from text and `**` go through mpz (which allocates); they are not on hot paths.
#include "ts_bigint.h"

#include <gmp.h>
#include <stdbool.h>
#include <math.h>
#include <string.h>

_Static_assert(sizeof(mp_limb_t) == sizeof(uint64_t), "GMP limbs must be 64-bit");
_Static_assert(GMP_NAIL_BITS == 0, "GMP must use full limbs");

static inline int64_t magnitude(int64_t n) { return n < 0 ? -n : n; }

/// The size of the n limbs at r once the zero limbs on top are dropped.
static inline int64_t normalized(const uint64_t *r, int64_t n) {
    while (n > 0 && r[n - 1] == 0) n--;
    return n;
}

/// Copies an mpz result into a caller's buffer and frees it.
static int64_t take_result(mpz_t result, uint64_t *r) {
    int64_t size = result->_mp_size;
    memcpy(r, result->_mp_d, (size_t)magnitude(size) * sizeof *r);
    mpz_clear(result);
    return size;
}

/// Adds 1 to the n-limb magnitude at r (room for n + 1 limbs) and returns its new size.
static int64_t increment_magnitude(uint64_t *r, int64_t n) {
    if (n == 0) {
        r[0] = 1;
        return 1;
    }
    r[n] = mpn_add_1(r, r, n, 1);
    return r[n] ? n + 1 : n;
}

/// |a| + |b| with |a| >= |b| (as limb counts).
static int64_t add_magnitudes(const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *r) {
    if (bn == 0) {
        memcpy(r, a, (size_t)an * sizeof *r);
        return an;
    }
    r[an] = mpn_add(r, a, an, b, bn);
    return r[an] ? an + 1 : an;
}

/// |a| - |b| with |a| >= |b| (as values).
static int64_t sub_magnitudes(const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *r) {
    if (bn == 0) {
        memcpy(r, a, (size_t)an * sizeof *r);
        return an;
    }
    mpn_sub(r, a, an, b, bn);
    return normalized(r, an);
}

static int compare_magnitudes(const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn) {
    if (an != bn) return an < bn ? -1 : 1;
    int c = an == 0 ? 0 : mpn_cmp(a, b, an);
    return c < 0 ? -1 : c > 0;
}

int64_t ts_big_add(const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *r) {
    int64_t x = magnitude(an), y = magnitude(bn);
    bool negative_a = an < 0;
    if ((an < 0) == (bn < 0)) {
        int64_t n = x >= y ? add_magnitudes(a, x, b, y, r) : add_magnitudes(b, y, a, x, r);
        return negative_a ? -n : n;
    }
    // Opposite signs: the larger magnitude wins the sign.
    if (compare_magnitudes(a, x, b, y) >= 0) {
        int64_t n = sub_magnitudes(a, x, b, y, r);
        return negative_a ? -n : n;
    }
    int64_t n = sub_magnitudes(b, y, a, x, r);
    return negative_a ? n : -n;
}

int64_t ts_big_sub(const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *r) {
    return ts_big_add(a, an, b, -bn, r);
}

int64_t ts_big_mul(const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *r) {
    int64_t x = magnitude(an), y = magnitude(bn);
    if (x == 0 || y == 0) return 0;
    if (x >= y) {
        mpn_mul(r, a, x, b, y);
    } else {
        mpn_mul(r, b, y, a, x);
    }
    int64_t n = r[x + y - 1] ? x + y : x + y - 1;
    return (an < 0) != (bn < 0) ? -n : n;
}

void ts_big_floor_divmod(
    const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *q, int64_t *qn, uint64_t *r,
    int64_t *rn, uint64_t *scratch) {
    int64_t x = magnitude(an), y = magnitude(bn);
    int64_t quotient, remainder;
    if (x < y) {
        quotient = 0;
        memcpy(r, a, (size_t)x * sizeof *r);
        remainder = x;
    } else {
        mpn_tdiv_qr(q, r, 0, a, x, b, y);
        quotient = normalized(q, x - y + 1);
        remainder = normalized(r, y);
    }
    bool negative_quotient = (an < 0) != (bn < 0);
    // Truncation rounded toward zero; floor rounds a negative inexact quotient one further down, and
    // the remainder moves to the divisor's side: |r| becomes |b| - |r|.
    if (negative_quotient && remainder != 0) {
        quotient = increment_magnitude(q, quotient);
        remainder = sub_magnitudes(b, y, r, remainder, scratch);
        memcpy(r, scratch, (size_t)remainder * sizeof *r);
    }
    *qn = negative_quotient ? -quotient : quotient;
    *rn = bn < 0 ? -remainder : remainder;
}

int ts_big_compare(const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn) {
    if ((an < 0) != (bn < 0)) return an < 0 ? -1 : 1;
    int c = compare_magnitudes(a, magnitude(an), b, magnitude(bn));
    return an < 0 ? -c : c;
}

int64_t ts_big_shift_left(const uint64_t *a, int64_t an, uint64_t bits, uint64_t *r) {
    int64_t x = magnitude(an);
    if (x == 0) return 0;
    int64_t limbs = (int64_t)(bits / 64);
    unsigned shift = (unsigned)(bits % 64);
    memset(r, 0, (size_t)limbs * sizeof *r);
    int64_t n;
    if (shift == 0) {
        memcpy(r + limbs, a, (size_t)x * sizeof *r);
        n = limbs + x;
    } else {
        r[limbs + x] = mpn_lshift(r + limbs, a, x, shift);
        n = r[limbs + x] ? limbs + x + 1 : limbs + x;
    }
    return an < 0 ? -n : n;
}

int64_t ts_big_shift_right(const uint64_t *a, int64_t an, uint64_t bits, uint64_t *r) {
    int64_t x = magnitude(an);
    uint64_t limbs = bits / 64;
    unsigned shift = (unsigned)(bits % 64);
    if (limbs >= (uint64_t)x) {
        if (an < 0) {
            r[0] = 1;
            return -1;
        }
        return 0;
    }
    int64_t n = x - (int64_t)limbs;
    bool lost = false;
    if (shift == 0) {
        memcpy(r, a + limbs, (size_t)n * sizeof *r);
    } else {
        lost = mpn_rshift(r, a + limbs, n, shift) != 0;
    }
    n = normalized(r, n);
    if (an >= 0) return n;
    for (uint64_t i = 0; i < limbs && !lost; i++) lost = a[i] != 0;
    // Floor: a negative number that lost bits rounds one further from zero.
    if (lost) n = increment_magnitude(r, n);
    return -n;
}

/// Limb i of x in two's complement: `borrow` carries the subtraction of 1 from a negative magnitude
/// (two's complement of -m is ~(m - 1)) from limb to limb.
static inline uint64_t twos_complement_limb(const uint64_t *x, int64_t n, bool negative, int64_t i, uint64_t *borrow) {
    uint64_t limb = i < n ? x[i] : 0;
    if (!negative) return limb;
    uint64_t d = limb - *borrow;
    *borrow = limb < *borrow;
    return ~d;
}

int64_t ts_big_bitwise(ts_big_bitwise_op op, const uint64_t *a, int64_t an, const uint64_t *b, int64_t bn, uint64_t *r) {
    int64_t x = magnitude(an), y = magnitude(bn);
    int64_t n = x > y ? x : y;
    bool na = an < 0, nb = bn < 0;
    bool negative = op == TS_BIG_AND ? na && nb : op == TS_BIG_OR ? na || nb : na != nb;
    uint64_t borrow_a = 1, borrow_b = 1, carry = 1;
    for (int64_t i = 0; i < n; i++) {
        uint64_t p = twos_complement_limb(a, x, na, i, &borrow_a);
        uint64_t s = twos_complement_limb(b, y, nb, i, &borrow_b);
        uint64_t v = op == TS_BIG_AND ? p & s : op == TS_BIG_OR ? p | s : p ^ s;
        if (negative) {
            // Back to a magnitude: -v is ~v + 1, the carry running upward.
            uint64_t w = ~v + carry;
            carry = carry && w == 0;
            v = w;
        }
        r[i] = v;
    }
    // All ones above the top limb negate to a carry out only when every limb was zero: -2**(64n).
    r[n] = negative ? carry : 0;
    int64_t size = normalized(r, n + 1);
    return negative ? -size : size;
}

uint64_t ts_big_mod_word(const uint64_t *a, int64_t an, uint64_t m) {
    int64_t x = magnitude(an);
    return x == 0 ? 0 : mpn_mod_1(a, x, m);
}

uint64_t ts_big_bit_length(const uint64_t *a, int64_t an) {
    int64_t x = magnitude(an);
    if (x == 0) return 0;
    return (uint64_t)(x - 1) * 64 + (64 - (uint64_t)__builtin_clzll(a[x - 1]));
}

double ts_big_to_double(const uint64_t *a, int64_t an) {
    int64_t x = magnitude(an);
    uint64_t width = ts_big_bit_length(a, an);
    double result;
    if (width <= 64) {
        result = x == 0 ? 0.0 : (double)a[0];
    } else {
        // The top 64 bits, with a sticky bit for everything below them, round exactly as the whole
        // number would: the conversion to double rounds once, at bit 11 of `top`.
        uint64_t shift = width - 64;
        uint64_t limb = shift / 64;
        unsigned bit = (unsigned)(shift % 64);
        uint64_t top = bit == 0 ? a[limb] : (a[limb] >> bit) | (a[limb + 1] << (64 - bit));
        bool sticky = bit != 0 && (a[limb] & ((UINT64_C(1) << bit) - 1)) != 0;
        for (uint64_t i = 0; i < limb && !sticky; i++) sticky = a[i] != 0;
        if (sticky) top |= 1;
        result = ldexp((double)top, (int)(shift > 4096 ? 4096 : shift));
    }
    return an < 0 ? -result : result;
}

size_t ts_big_digit_capacity(const uint64_t *a, int64_t an, int base) {
    mpz_t view;
    mpz_roinit_n(view, (const mp_limb_t *)a, magnitude(an));
    return mpz_sizeinbase(view, base) + 2;
}

size_t ts_big_digits(const uint64_t *a, int64_t an, int base, char *text) {
    mpz_t view;
    mpz_roinit_n(view, (const mp_limb_t *)a, magnitude(an));
    mpz_get_str(text, base, view);
    return strlen(text);
}

size_t ts_big_limb_capacity(size_t count, int base) {
    size_t bits_per_digit = 1;
    while ((1 << bits_per_digit) < base) bits_per_digit++;
    return count * bits_per_digit / 64 + 2;
}

int64_t ts_big_from_digits(const uint8_t *digits, size_t count, int base, uint64_t *r) {
    while (count > 0 && digits[0] == 0) {
        digits++;
        count--;
    }
    if (count == 0) return 0;
    int64_t n = (int64_t)mpn_set_str((mp_limb_t *)r, digits, count, base);
    return normalized(r, n);
}

int64_t ts_big_power(const uint64_t *a, int64_t an, uint64_t e, uint64_t *r, size_t capacity) {
    mpz_t view, result;
    mpz_roinit_n(view, (const mp_limb_t *)a, an);
    mpz_init(result);
    mpz_pow_ui(result, view, e);
    if ((size_t)magnitude(result->_mp_size) > capacity) {
        mpz_clear(result);
        return INT64_MIN;
    }
    return take_result(result, r);
}

int64_t ts_big_power_mod(
    const uint64_t *a, int64_t an, const uint64_t *e, int64_t en, const uint64_t *m, int64_t mn, uint64_t *r) {
    mpz_t base, exponent, modulus, result;
    mpz_roinit_n(base, (const mp_limb_t *)a, an);
    mpz_roinit_n(exponent, (const mp_limb_t *)e, en);
    mpz_roinit_n(modulus, (const mp_limb_t *)m, magnitude(mn));
    mpz_init(result);
    mpz_powm(result, base, exponent, modulus);
    return take_result(result, r);
}

int64_t ts_big_invert(const uint64_t *a, int64_t an, const uint64_t *m, int64_t mn, uint64_t *r) {
    mpz_t value, modulus, result;
    mpz_roinit_n(value, (const mp_limb_t *)a, an);
    mpz_roinit_n(modulus, (const mp_limb_t *)m, magnitude(mn));
    mpz_init(result);
    if (magnitude(mn) == 1 && m[0] == 1) {
        mpz_clear(result);
        return 0;
    }
    if (!mpz_invert(result, value, modulus)) {
        mpz_clear(result);
        return INT64_MIN;
    }
    return take_result(result, r);
}
