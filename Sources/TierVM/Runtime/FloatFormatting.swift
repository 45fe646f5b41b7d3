#if canImport(Glibc)
import Glibc
#endif

// Turning floats into text the way CPython does: repr's shortest round-trip digits, and the fixed,
// exponent and general forms of format specs (C's correctly rounded printf does the rounding).

/// `repr(x)`: the shortest digits that read back as `x`, in fixed notation unless the decimal exponent
/// is below -4 or above 16 (CPython's `float_repr_style = 'short'`).
func formatFloatRepr(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    let (negative, digits, pointPosition) = shortestDigits(x)
    let sign = negative ? "-" : ""
    if pointPosition > -4 && pointPosition <= 16 {
        return sign + fixedNotation(digits: digits, pointPosition: pointPosition, minimumFraction: 1)
    }
    return sign + exponentNotation(digits: digits, exponent: pointPosition - 1)
}

/// The shortest round-trip digits of a finite double and where the decimal point goes: the value is
/// `0.DIGITS × 10^pointPosition`. Swift's description already finds the shortest digits; this reads
/// them back out of whichever notation it chose.
func shortestDigits(_ x: Double) -> (negative: Bool, digits: [UInt8], pointPosition: Int) {
    var text = Array(x.description.utf8)
    let negative = text.first == UInt8(ascii: "-")
    if negative { text.removeFirst() }
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
        exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self))!
        text.removeSubrange(e...)
    }
    var digits: [UInt8] = []
    var pointPosition = 0
    var seenPoint = false
    for c in text {
        if c == UInt8(ascii: ".") {
            seenPoint = true
            continue
        }
        digits.append(c - 48)
        if !seenPoint { pointPosition += 1 }
    }
    while let first = digits.first, first == 0, digits.count > 1 {
        digits.removeFirst()
        pointPosition -= 1
    }
    while let last = digits.last, last == 0, digits.count > 1 { digits.removeLast() }
    if digits == [0] { pointPosition = 1 }
    return (negative, digits, pointPosition + exponent)
}

private func fixedNotation(digits: [UInt8], pointPosition: Int, minimumFraction: Int) -> String {
    var out = ""
    if pointPosition <= 0 {
        out = "0." + String(repeating: "0", count: -pointPosition) + digitText(digits)
    } else if pointPosition >= digits.count {
        out = digitText(digits) + String(repeating: "0", count: pointPosition - digits.count)
        if minimumFraction > 0 { out += "." + String(repeating: "0", count: minimumFraction) }
    } else {
        out = digitText(digits[..<pointPosition]) + "." + digitText(digits[pointPosition...])
    }
    return out
}

private func exponentNotation(digits: [UInt8], exponent: Int) -> String {
    var out = digitText(digits[..<1])
    if digits.count > 1 { out += "." + digitText(digits[1...]) }
    return out + exponentSuffix(exponent)
}

func exponentSuffix(_ exponent: Int) -> String {
    let magnitude = String(abs(exponent)).leftPadded(to: 2)
    return "e" + (exponent < 0 ? "-" : "+") + magnitude
}

private func digitText<C: Collection>(_ digits: C) -> String where C.Element == UInt8 {
    String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
}

/// printf-style formatting of one double (`%.*f`, `%.*e`): correctly rounded, like CPython's own.
func printfDouble(_ x: Double, conversion: Character, precision: Int) -> String {
    let format = "%.*" + String(conversion)
    var buffer = [CChar](repeating: 0, count: 512)
    let written = withVaList([Int32(precision), x]) { args in
        vsnprintf(&buffer, buffer.count, format, args)
    }
    if Int(written) >= buffer.count {
        buffer = [CChar](repeating: 0, count: Int(written) + 1)
        _ = withVaList([Int32(precision), x]) { args in vsnprintf(&buffer, buffer.count, format, args) }
    }
    let length = buffer.firstIndex(of: 0) ?? buffer.count
    return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// CPython's general format ('g', and no type with a precision): `precision` significant digits, fixed
/// or exponent notation by the exponent's size, trailing zeros removed unless `alternate`.
func generalFormat(_ x: Double, precision: Int, alternate: Bool, addDotZero: Bool) -> String {
    // printf spells these without an exponent to take apart.
    guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
    let p = precision == 0 ? 1 : precision
    let exponentForm = printfDouble(x, conversion: "e", precision: p - 1)
    let e = exponentForm.firstIndex(of: "e")!
    let exponent = Int(exponentForm[exponentForm.index(after: e)...])!
    var out: String
    // A result that must end in ".0" needs a digit after the point, so it switches to the exponent form
    // one power of ten sooner (CPython's format_float_short: 100.0 at precision 3 is 1e+02).
    if exponent >= -4 && exponent < p - (addDotZero ? 1 : 0) {
        out = printfDouble(x, conversion: "f", precision: max(0, p - 1 - exponent))
        if !alternate, out.contains(".") {
            while out.hasSuffix("0") { out.removeLast() }
            if out.hasSuffix(".") { out.removeLast() }
        }
        if addDotZero && !out.contains(".") { out += ".0" }
        if alternate && !out.contains(".") { out += "." }
    } else {
        var mantissa = String(exponentForm[..<e])
        if !alternate, mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        if alternate && !mantissa.contains(".") { mantissa += "." }
        out = mantissa + exponentSuffix(exponent)
    }
    return out
}
