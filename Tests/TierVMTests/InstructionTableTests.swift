import CTierCore
import Foundation
import Testing

@testable import TierVM

/// The C tables are the one definition of every instruction and micro-op; these check that what Swift
/// and the executors derive from them agrees with them and with itself.
@Suite("Instruction and micro-op tables")
struct InstructionTableTests {
    @Test("Tables.generated.swift is what scripts/generate-tables writes from the C tables")
    func generatedSwiftIsFresh() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/generate-tables").path, "--check"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(message)")
    }

    @Test("every generated case is named and numbered as C numbers it")
    func casesMatchTheCEnums() {
        #expect(Opcode.allCases.count == Int(TS_OPCODE_COUNT.rawValue))
        for op in Opcode.allCases {
            #expect(String(cString: ts_opcode_name(op.rawValue)) == "\(op)")
        }
        #expect(MicroOp.allCases.count == MicroOp.count)
        for uop in MicroOp.allCases {
            #expect(uop.name == "\(uop)")
            #expect(MicroOp(named: uop.name) == uop)
        }
    }

    /// Arguments that every instruction family accepts (odd, so that LOAD_ATTR/LOAD_GLOBAL forms push
    /// their extra value).
    static let opargs: [Int32] = [1, 3, 5]

    @Test("an instruction's micro-ops move the stack exactly as the instruction does")
    func expansionStackEffects() {
        for op in Opcode.allCases where !op.expansion.isEmpty {
            // A frame push leaves its result for the callee's return: that micro-op's own count says so.
            guard !op.expansion.contains(where: { $0.flags & UInt32(TS_UOPF_FRAME) != 0 }) else { continue }
            for oparg in Self.opargs {
                let moved = op.expansion.reduce(0) { $0 + $1.outputs(oparg) - $1.inputs(oparg) }
                #expect(moved == op.stackEffect(oparg, jumping: false), "\(op) with argument \(oparg)")
            }
        }
    }

    @Test("each generic micro-op moves the stack as its instruction does")
    func genericStackEffects() {
        for op in Opcode.allCases {
            guard let uop = MicroOp.generic(running: op) else { continue }
            #expect(uop.name == "_\(op)")
            for oparg in Self.opargs {
                #expect(
                    uop.outputs(oparg) - uop.inputs(oparg) == op.stackEffect(oparg, jumping: false),
                    "\(uop) with argument \(oparg)")
            }
        }
        #expect(MicroOp.generic(running: .BINARY_OP) == ._BINARY_OP && MicroOp.generic(running: .LOAD_FAST) == nil)
    }

    @Test("a guard that proves a type takes nothing off the stack")
    func guardsOnlyRead() {
        for uop in MicroOp.allCases where uop.isGuard {
            // Failing must leave the stack as the generic instruction expects it.
            #expect(uop.inputs(1) == 0, "\(uop)")
            if uop.proofs != (.unknown, .unknown) { #expect(uop.outputs(1) == 0, "\(uop)") }
        }
        #expect(MicroOp._GUARD_BOTH_INT.proofs == (.int, .int))
        #expect(MicroOp._GUARD_NOS_LIST.proofs == (.unknown, .list))
        #expect(MicroOp.typeGuard(proving: (tos: .int, nos: .unknown)) == ._GUARD_TOS_INT)
    }

    @Test("constant folding runs the instruction's own micro-ops: guards, overflow and NaN included")
    func foldingRunsTheBodies() {
        func fold(_ uop: MicroOp, _ oparg: Int32, _ a: ts_value, _ b: ts_value) -> ts_value? {
            var result = ts_value.null
            return ts_fold_binary(uop.rawValue, oparg, a, b, &result) ? result : nil
        }
        #expect(fold(._BINARY_OP_ADD_INT, 0, .int(2), .int(3)).map { $0.u.i } == 5)
        #expect(fold(._BINARY_OP_MULTIPLY_INT, 0, .int(-7), .int(6)).map { $0.u.i } == -42)
        // What would leave the trace is not folded: the overflow becomes a big int at run time.
        #expect(fold(._BINARY_OP_ADD_INT, 0, .int(Int64.max), .int(1)) == nil)
        // The guard of the instruction runs too: an int is not a float.
        #expect(fold(._BINARY_OP_ADD_FLOAT, 0, .int(1), .float(2)) == nil)
        #expect(fold(._BINARY_OP_SUBTRACT_FLOAT, 0, .float(1.5), .float(0.25)).map { $0.u.f } == 1.25)
        let nan = ts_value.float(.nan)
        #expect(fold(._COMPARE_OP_FLOAT, ComparisonOperator.equal.rawValue, nan, nan).map { $0.u.i } == 0)
        #expect(fold(._COMPARE_OP_FLOAT, ComparisonOperator.notEqual.rawValue, nan, nan).map { $0.u.i } == 1)
        #expect(fold(._COMPARE_OP_INT, ComparisonOperator.lessEqual.rawValue, .int(3), .int(3)).map { $0.u.i } == 1)
        // Not pure: a string concatenation allocates, so it is never run at optimisation time.
        #expect(fold(._BINARY_OP_ADD_UNICODE, 0, .int(1), .int(2)) == nil)
        #expect(MicroOp.allCases.filter(\.isPure).allSatisfy { $0.inputs(0) == 2 && $0.outputs(0) == 1 })
    }
}
