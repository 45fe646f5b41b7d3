import Testing

@testable import TierVM

/// Floats print exactly as CPython prints them: the shortest digits that read back, switching to
/// exponent notation outside 1e-4 ..< 1e16.
@Suite("Float repr")
struct FloatReprTests {
    @Test(
        "known values",
        arguments: [
            (0.1, "0.1"), (0.1 + 0.2, "0.30000000000000004"), (1e16, "1e+16"), (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"), (0.0001, "0.0001"), (-0.0, "-0.0"), (0.0, "0.0"), (100.0, "100.0"),
            (1.0 / 3.0, "0.3333333333333333"), (Double.leastNonzeroMagnitude, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (123456789.0 * 1000, "123456789000.0"), (2.5e-300, "2.5e-300"), (-1.5, "-1.5"), (1e22, "1e+22"),
            (9007199254740993.0, "9007199254740992.0"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
            (Double.nan, "nan"), (12345678901234567.0, "1.2345678901234568e+16"),
        ])
    func known(_ value: Double, _ text: String) {
        #expect(formatFloatRepr(value) == text)
    }

    @Test("random doubles read back exactly and use CPython's notation")
    func roundTrip() {
        var rng = FrontEndFuzzTests.SplitMix64(state: 42)
        for _ in 0..<20000 {
            let value = Double(bitPattern: rng.next())
            guard value.isFinite else { continue }
            let text = formatFloatRepr(value)
            #expect(Double(text) == value, "\(text) does not read back as \(value)")
            let (_, _, point) = shortestDigits(value)
            #expect(text.contains("e") == !(point > -4 && point <= 16), "\(text)")
        }
    }

    @Test(
        "format specs round like CPython",
        arguments: [
            (2.675, ".2f", "2.67"), (1e20, ",.1f", "100,000,000,000,000,000,000.0"), (0.5, ".0f", "0"),
            (1.5, ".0f", "2"), (123.456, "e", "1.234560e+02"), (0.0001234, "g", "0.0001234"),
            (1234567.0, "g", "1.23457e+06"),
            (0.25, "%", "25.000000%"), (3.0, ".3", "3.0"), (1234.0, ".3", "1.23e+03"), (-0.0, "z.1f", "0.0"),
        ])
    func formatted(_ value: Double, _ spec: String, _ text: String) throws {
        let vm = try makeVM()
        #expect(try vm.format(.float(value), spec: spec) == text)
    }
}

/// A VM with an empty program, for testing runtime functions directly.
func makeVM() throws -> VM {
    let program = try Compiler.compile(source: "", filename: "empty.py")
    return VM(program: program, source: SourceText(path: "empty.py", text: ""), output: { _ in })
}
