import CTierCore

#if canImport(Glibc)
import Glibc
#endif

// The built-in functions (print, len, min, sorted, ...) and constructors of the built-in types.

extension VM {
    /// Registers a built-in: a global function (`in: builtinsDict`), a method of a built-in type
    /// (`selfTag`), or a constructor (`in: nil`).
    @discardableResult
    func defineBuiltin(
        _ name: String, selfTag: ts_tag = .null, in dict: DictRef?, _ body: @escaping BuiltinFunction.Body
    ) -> BuiltinRef {
        let b = heap.allocate(ts_builtin.self, kind: .builtin, immortal: true)
        b.pointee.index = Int64(builtinFunctions.count)
        b.pointee.name = intern(name)
        b.pointee.self_tag = selfTag
        builtinFunctions.append(BuiltinFunction(name: name, body: body))
        if let dict { setItem(dict, string: b.pointee.name, ts_value(.builtin, b)) }
        return b
    }

    /// Registers a method of a built-in type. Every way of calling it (bound, `str.lower(x)`, `key=str.lower`,
    /// from a trace) reaches the body through the receiver check here, so a body may take `args[0]` to be
    /// of its type: CPython's method descriptors check the same once, before the method runs.
    func defineMethod(_ tag: ts_tag, _ name: String, _ body: @escaping BuiltinFunction.Body) {
        let type = typeByTag[Int(tag.rawValue)]!
        defineBuiltin(name, selfTag: tag, in: type.pointee.dict) { vm, args throws(PyError) in
            if args.count == 0 || args[0].tag != tag { try vm.checkReceiver(args, of: type, method: name) }
            return try body(vm, args)
        }
    }

    /// The slow half of the receiver check: subclasses (bool for int's methods, big ints) pass, anything
    /// else is CPython's TypeError.
    private func checkReceiver(_ args: Arguments, of type: ClassRef, method: String) throws(PyError) {
        let typeName = type.pointee.name.string
        guard args.count > 0 else {
            throw PyError.typeError("unbound method \(typeName).\(method)() needs an argument")
        }
        guard isInstance(args[0], of: type) else {
            throw PyError.typeError(
                "descriptor '\(method)' for '\(typeName)' objects doesn't apply to a '\(self.typeName(args[0]))' object"
            )
        }
    }

    private func defineConstructor(_ tag: ts_tag, _ body: @escaping BuiltinFunction.Body) {
        let type = typeByTag[Int(tag.rawValue)]!
        constructors[Int(type.pointee.instance_tag)] = defineBuiltin(type.pointee.name.string, in: nil, body)
    }

    func registerBuiltins() {
        registerFunctions()
        registerConstructors()
        registerStringMethods()
        registerListMethods()
        registerRangeMethods()
        registerDictMethods()
        let baseException = builtinTypes["BaseException"]!
        defineBuiltin("__init__", in: baseException.pointee.dict) { vm, args throws(PyError) in
            let receiver = args[0]
            vm.setInstanceAttribute(
                receiver.instance, vm.names.args, ts_value(vm.heap.makeTuple(Array(args.positional.dropFirst()))))
            return .none
        }
        buildClass = defineBuiltin("__build_class__", in: builtinsDict) { _, _ throws(PyError) in
            throw PyError.typeError("__build_class__ is only called by class statements")
        }
    }

    // MARK: - Argument checks

    func exactlyOne(_ args: Arguments, _ name: String) throws(PyError) -> ts_value {
        try args.checkKeywords(name, allowed: [])
        guard args.count == 1 else {
            throw PyError.typeError("\(name)() takes exactly one argument (\(args.count) given)")
        }
        return args[0]
    }

    func arity(_ args: Arguments, _ name: String, _ range: ClosedRange<Int>) throws(PyError) {
        guard range.contains(args.count) else {
            if args.count < range.lowerBound {
                let noun = range.lowerBound == 1 ? "argument" : "arguments"
                throw PyError.typeError("\(name) expected at least \(range.lowerBound) \(noun), got \(args.count)")
            }
            let noun = range.upperBound == 1 ? "argument" : "arguments"
            throw PyError.typeError("\(name) expected at most \(range.upperBound) \(noun), got \(args.count)")
        }
    }

    /// How a method of a built-in type words a wrong number of arguments, which in CPython depends on
    /// how the method parses them.
    enum ArgumentCountWording {
        /// `replace expected at least 2 arguments, got 1` (`_PyArg_CheckPositional`).
        case checkPositional
        /// `find() takes at least 1 argument (0 given)` (`PyArg_ParseTuple`).
        case parseTuple
        /// `str.join() takes exactly one argument (0 given)` (a single-argument method).
        case singleArgument
    }

    /// The argument count of a method of a built-in type, receiver excluded, as CPython counts it.
    func methodArity(
        _ args: Arguments, _ name: String, _ range: ClosedRange<Int>, _ wording: ArgumentCountWording = .checkPositional
    ) throws(PyError) {
        let given = args.count - 1
        guard !range.contains(given) else { return }
        switch wording {
        case .checkPositional:
            try arity(args.droppingReceiver, name, range)
        case .parseTuple:
            let (bound, limit) = given < range.lowerBound ? ("least", range.lowerBound) : ("most", range.upperBound)
            throw PyError.typeError(
                "\(name)() takes at \(bound) \(limit) argument\(limit == 1 ? "" : "s") (\(given) given)")
        case .singleArgument:
            throw PyError.typeError("\(name)() takes exactly one argument (\(given) given)")
        }
    }

    // MARK: - Functions

    private func registerFunctions() {
        let b = builtinsDict
        defineBuiltin("print", in: b) { vm, args throws(PyError) in
            try args.checkKeywords("print", allowed: ["sep", "end", "flush", "file"])
            if let file = args.keyword("file"), file.tag != .none {
                throw PyError.typeError("print(file=...) is not supported by tierscope")
            }
            let sep = try vm.separator(args.keyword("sep"), "sep")
            let end = try vm.separator(args.keyword("end"), "end")
            let mark = vm.outputMark
            defer { vm.finishOutput(from: mark) }
            for i in 0..<args.count {
                if i > 0 { if let sep { vm.write(sep) } else { vm.write(" ") } }
                try vm.writeStr(args[i])
            }
            if let end { vm.write(end) } else { vm.write("\n") }
            return .none
        }
        defineBuiltin("len", in: b) { vm, args throws(PyError) in
            .int(try vm.length(of: try vm.exactlyOne(args, "len")))
        }
        defineBuiltin("abs", in: b) { vm, args throws(PyError) in
            let v = try vm.exactlyOne(args, "abs")
            switch v.tag {
            case .int, .bool: return v.u.i < 0 ? try vm.negative(v) : .int(v.u.i)
            case .bigint: return vm.heap.makeInt(v.bigValue.magnitude)
            case .float: return .float(Swift.abs(v.u.f))
            default:
                return try vm.instanceUnary(
                    vm.specialNames.abs, v, PyError.typeError("bad operand type for abs(): '\(vm.typeName(v))'"))
            }
        }
        defineBuiltin("min", in: b) { vm, args throws(PyError) in try vm.extremum(args, "min", .less) }
        defineBuiltin("max", in: b) { vm, args throws(PyError) in try vm.extremum(args, "max", .greater) }
        defineBuiltin("sum", in: b) { vm, args throws(PyError) in
            try args.checkKeywords("sum", allowed: ["start"])
            try vm.arity(args, "sum", 1...2)
            var total = args.count > 1 ? args[1] : (args.keyword("start") ?? .int(0))
            if total.tag == .str {
                throw PyError.typeError("sum() can't sum strings [use ''.join(seq) instead]")
            }
            try vm.forEach(args[0]) { (v) throws(PyError) in
                total = try vm.binaryOp(BinaryOperator.add.rawValue, total, v)
            }
            return total
        }
        defineBuiltin("isinstance", in: b) { vm, args throws(PyError) in
            try args.checkKeywords("isinstance", allowed: [])
            guard args.count == 2 else {
                throw PyError.typeError("isinstance expected 2 arguments, got \(args.count)")
            }
            return .bool(try vm.isInstance(args[0], ofAny: args[1]))
        }
        defineBuiltin("enumerate", in: b) { vm, args throws(PyError) in
            try args.checkKeywords("enumerate", allowed: ["start"])
            try vm.arity(args, "enumerate", 1...2)
            let start = args.count > 1 ? args[1] : (args.keyword("start") ?? .int(0))
            return try vm.makeEnumerate(args[0], start: start)
        }
        defineBuiltin("zip", in: b) { vm, args throws(PyError) in
            try args.checkKeywords("zip", allowed: [])
            return try vm.makeZip(Array(args.positional))
        }
        defineBuiltin("reversed", in: b) { vm, args throws(PyError) in
            try vm.makeReversed(try vm.exactlyOne(args, "reversed"))
        }
        defineBuiltin("sorted", in: b) { vm, args throws(PyError) in
            try args.checkKeywords("sorted", allowed: ["key", "reverse"])
            guard args.count == 1 else { throw PyError.typeError("sorted expected 1 argument, got \(args.count)") }
            let list = vm.heap.makeList(try vm.collect(args[0]))
            let value = ts_value(list)
            vm.heap.temporaryRoots.append(value)
            defer { vm.heap.temporaryRoots.removeLast() }
            try vm.sort(list, key: args.keyword("key"), reverse: args.keyword("reverse"))
            return value
        }
        defineBuiltin("any", in: b) { vm, args throws(PyError) in
            var result = false
            try vm.forEach(try vm.exactlyOne(args, "any")) { (v) throws(PyError) in if try vm.truth(v) { result = true }
            }
            return .bool(result)
        }
        defineBuiltin("all", in: b) { vm, args throws(PyError) in
            var result = true
            try vm.forEach(try vm.exactlyOne(args, "all")) { (v) throws(PyError) in
                if try !vm.truth(v) { result = false }
            }
            return .bool(result)
        }
        defineBuiltin("chr", in: b) { vm, args throws(PyError) in
            let v = try vm.exactlyOne(args, "chr")
            guard v.isIntegral else {
                throw PyError.typeError("'\(vm.typeName(v))' object cannot be interpreted as an integer")
            }
            guard v.tag != .bigint, v.u.i >= 0, v.u.i < 0x110000 else {
                throw PyError.valueError("chr() arg not in range(0x110000)")
            }
            return vm.character(UInt32(v.u.i))
        }
        defineBuiltin("ord", in: b) { vm, args throws(PyError) in
            let v = try vm.exactlyOne(args, "ord")
            guard v.tag == .str else {
                throw PyError.typeError("ord() expected string of length 1, but \(vm.typeName(v)) found")
            }
            guard v.str.length == 1 else {
                throw PyError.typeError("ord() expected a character, but string of length \(v.str.length) found")
            }
            return .int(Int64(v.str[0]))
        }
        defineBuiltin("repr", in: b) { vm, args throws(PyError) in
            ts_value(try vm.repr(try vm.exactlyOne(args, "repr")))
        }
        defineBuiltin("format", in: b) { vm, args throws(PyError) in
            try vm.arity(args, "format", 1...2)
            let spec = args.count > 1 ? args[1] : ts_value(vm.intern(""))
            guard spec.tag == .str else {
                throw PyError.typeError("format() argument 2 must be str, not \(vm.typeName(spec))")
            }
            return ts_value(vm.heap.makeString(try vm.format(args[0], spec: spec.str.string)))
        }
        defineBuiltin("divmod", in: b) { vm, args throws(PyError) in
            guard args.count == 2 else { throw PyError.typeError("divmod expected 2 arguments, got \(args.count)") }
            let (a, c) = (args[0], args[1])
            if a.tag == .float || c.tag == .float, a.isNumber, c.isNumber {
                let x = try vm.toDouble(a)
                let y = try vm.toDouble(c)
                if y == 0 { throw PyError.zeroDivision("float divmod()") }
                return ts_value(
                    vm.heap.makeTuple([.float(FloatMath.floorDivide(x, y)), .float(FloatMath.remainder(x, y))]))
            }
            guard a.isIntegral, c.isIntegral else {
                throw PyError.typeError(
                    "unsupported operand type(s) for divmod(): '\(vm.typeName(a))' and '\(vm.typeName(c))'")
            }
            if c.isIntegral && !vm.isTruthy(c) { throw PyError.zeroDivision("integer division or modulo by zero") }
            let q = try vm.binaryOp(BinaryOperator.floorDivide.rawValue, a, c)
            let r = try vm.binaryOp(BinaryOperator.remainder.rawValue, a, c)
            return ts_value(vm.heap.makeTuple([q, r]))
        }
        defineBuiltin("pow", in: b) { vm, args throws(PyError) in
            try vm.arity(args, "pow", 2...3)
            if args.count == 2 || args[2].tag == .none {
                return try vm.binaryOp(BinaryOperator.power.rawValue, args[0], args[1])
            }
            guard args[0].isIntegral, args[1].isIntegral, args[2].isIntegral else {
                if args[0].isNumber && args[1].isNumber && args[2].isNumber {
                    throw PyError.typeError("pow() 3rd argument not allowed unless all arguments are integers")
                }
                let names = (0..<3).map { "'\(vm.typeName(args[$0]))'" }.joined(separator: ", ")
                throw PyError.typeError("unsupported operand type(s) for ** or pow(): \(names)")
            }
            let modulus = args[2].bigValue
            if modulus.isZero { throw PyError.valueError("pow() 3rd argument cannot be 0") }
            var base = args[0].bigValue
            var exponent = args[1].bigValue
            if exponent.isNegative {
                guard let inverse = base.inverse(modulus) else {
                    throw PyError.valueError("base is not invertible for the given modulus")
                }
                base = inverse
                exponent = -exponent
            }
            var result = base.power(exponent, modulus: modulus)
            if !result.isZero && (result.isNegative) != (modulus.isNegative) { result += modulus }
            return vm.heap.makeInt(result)
        }
        defineBuiltin("round", in: b) { vm, args throws(PyError) in
            try args.checkKeywords("round", allowed: ["ndigits"])
            try vm.arity(args, "round", 1...2)
            let digits = args.count > 1 ? args[1] : (args.keyword("ndigits") ?? .none)
            return try vm.round(args[0], digits: digits)
        }
        defineBuiltin("hash", in: b) { vm, args throws(PyError) in
            .int(try vm.hashValue(try vm.exactlyOne(args, "hash")))
        }
        defineBuiltin("iter", in: b) { vm, args throws(PyError) in
            try vm.getIterator(try vm.exactlyOne(args, "iter"))
        }
        defineBuiltin("next", in: b) { vm, args throws(PyError) in
            try vm.arity(args, "next", 1...2)
            guard args[0].tag == .iterator else {
                throw PyError.typeError("'\(vm.typeName(args[0]))' object is not an iterator")
            }
            if let v = try vm.next(args[0]) { return v }
            if args.count > 1 { return args[1] }
            throw PyError("StopIteration", "")
        }
        defineBuiltin("callable", in: b) { vm, args throws(PyError) in
            let v = try vm.exactlyOne(args, "callable")
            return .bool([.function, .builtin, .boundMethod, .classObject].contains(v.tag))
        }
        defineBuiltin("getattr", in: b) { vm, args throws(PyError) in
            try vm.arity(args, "getattr", 2...3)
            guard args[1].tag == .str else {
                throw PyError.typeError("attribute name must be string, not '\(vm.typeName(args[1]))'")
            }
            do throws(PyError) {
                return try vm.loadAttribute(args[0], args[1].str)
            } catch {
                if args.count == 3 && error.typeName == "AttributeError" { return args[2] }
                throw error
            }
        }
        defineBuiltin("hasattr", in: b) { vm, args throws(PyError) in
            guard args.count == 2 else { throw PyError.typeError("hasattr expected 2 arguments, got \(args.count)") }
            guard args[1].tag == .str else {
                throw PyError.typeError("attribute name must be string, not '\(vm.typeName(args[1]))'")
            }
            do throws(PyError) {
                _ = try vm.loadAttribute(args[0], args[1].str)
                return .true
            } catch {
                if error.typeName == "AttributeError" { return .false }
                throw error
            }
        }
        defineBuiltin("setattr", in: b) { vm, args throws(PyError) in
            guard args.count == 3 else { throw PyError.typeError("setattr expected 3 arguments, got \(args.count)") }
            guard args[1].tag == .str else {
                throw PyError.typeError("attribute name must be string, not '\(vm.typeName(args[1]))'")
            }
            try vm.storeAttribute(args[0], args[1].str, args[2])
            return .none
        }
    }

    private func separator(_ v: ts_value?, _ name: String) throws(PyError) -> StrRef? {
        guard let v, v.tag != .none else { return nil }
        guard v.tag == .str else { throw PyError.typeError("\(name) must be None or a string, not \(typeName(v))") }
        return v.str
    }

    /// Writes `str(v)` to the program's output, without making a str for the common kinds.
    func writeStr(_ v: ts_value) throws(PyError) {
        switch v.tag {
        case .str: write(v.str)
        case .int: write(String(v.u.i))
        default: write(try strText(v))
        }
    }

    private func extremum(_ args: Arguments, _ name: String, _ better: ComparisonOperator) throws(PyError) -> ts_value {
        try args.checkKeywords(name, allowed: ["key", "default"])
        guard args.count > 0 else { throw PyError.typeError("\(name) expected at least 1 argument, got 0") }
        let key = args.keyword("key").flatMap { $0.tag == .none ? nil : $0 }
        let candidates: [ts_value]
        if args.count == 1 {
            candidates = try collect(args[0])
            if candidates.isEmpty {
                if let fallback = args.keyword("default") { return fallback }
                throw PyError.valueError("\(name)() arg is an empty sequence")
            }
        } else {
            if args.keyword("default") != nil {
                throw PyError.typeError("Cannot specify a default for \(name)() with multiple positional arguments")
            }
            candidates = Array(args.positional)
        }
        let rootCount = heap.temporaryRoots.count
        heap.temporaryRoots += candidates
        defer { heap.temporaryRoots.removeLast(heap.temporaryRoots.count - rootCount) }
        var best = candidates[0]
        var bestKey = try key.map { (k) throws(PyError) in try call(k, [best]) } ?? best
        heap.temporaryRoots.append(bestKey)
        for v in candidates.dropFirst() {
            let k = try key.map { (k) throws(PyError) in try call(k, [v]) } ?? v
            if try compare(better, k, bestKey) {
                best = v
                bestKey = k
                heap.temporaryRoots.append(k)
            }
        }
        return best
    }

    /// `round(number, ndigits)`.
    func round(_ v: ts_value, digits: ts_value) throws(PyError) -> ts_value {
        switch v.tag {
        case .int, .bool, .bigint:
            if digits.tag == .none { return v.tag == .bool ? .int(v.u.i) : v }
            let n = try machineInt(digits)
            if n >= 0 { return v.tag == .bool ? .int(v.u.i) : v }
            guard -n < 4300 else { return .int(0) }
            let unit = BigInt(10).power(-n)
            let (q, r) = IntMath.floorDivMod(v.bigValue, unit)
            var rounded = q
            let twice = r * 2
            if twice > unit || (twice == unit && q.isOdd) { rounded += 1 }
            return heap.makeInt(rounded * unit)
        case .float:
            let x = v.u.f
            if digits.tag == .none {
                if x.isNaN { throw PyError.valueError("cannot convert float NaN to integer") }
                if x.isInfinite { throw PyError.overflow("cannot convert float infinity to integer") }
                return heap.makeInt(BigInt(x.rounded(.toNearestOrEven)))
            }
            let n = try machineInt(digits)
            if !x.isFinite || x == 0 { return v }
            if n >= 0 {
                if n > 400 { return v }
                return .float(Double(printfDouble(x, conversion: "f", precision: n)) ?? x)
            }
            if n < -400 { return .float(0.0 * x) }
            // Round the exact binary value to a multiple of 10**-n, half to even.
            let exact = exactRational(x)
            let unit = BigInt(10).power(-n)
            let scaledDenominator = exact.denominator * unit
            let (q, r) = IntMath.floorDivMod(exact.numerator, scaledDenominator)
            var rounded = q
            let twice = r * 2
            if twice > scaledDenominator || (twice == scaledDenominator && q.isOdd) { rounded += 1 }
            let result = Double(rounded * unit)
            if result.isInfinite { throw PyError.overflow("rounded value too large to represent") }
            return .float(result == 0 ? copysign(0, x) : result)
        default:
            throw PyError.typeError("type \(typeName(v)) doesn't define __round__ method")
        }
    }

    /// A finite double as numerator / denominator, exactly.
    private func exactRational(_ x: Double) -> (numerator: BigInt, denominator: BigInt) {
        let significand = BigInt(x.significandBitPattern | (x.isNormal ? 1 << 52 : 0))
        let exponent = Int(x.exponent) - 52
        let signed = x < 0 ? -significand : significand
        return exponent >= 0 ? (signed << exponent, 1) : (signed, BigInt(1) << (-exponent))
    }

    // MARK: - Constructors of built-in types

    private func registerConstructors() {
        defineConstructor(.int) { vm, args throws(PyError) in
            try args.checkKeywords("int", allowed: ["base"])
            try vm.arity(args, "int", 0...2)
            let baseValue = args.count > 1 ? args[1] : args.keyword("base")
            if args.count == 0 {
                if baseValue != nil { throw PyError.typeError("int() missing string argument") }
                return .int(0)
            }
            let v = args[0]
            if let baseValue {
                let base = try vm.machineInt(baseValue)
                guard base == 0 || (2...36).contains(base) else {
                    throw PyError.valueError("int() base must be >= 2 and <= 36, or 0")
                }
                guard v.tag == .str else {
                    throw PyError.typeError("int() can't convert non-string with explicit base")
                }
                return try vm.parseInt(v.str, base: base)
            }
            switch v.tag {
            case .int, .bigint: return v
            case .bool: return .int(v.u.i)
            case .float:
                let x = v.u.f
                if x.isNaN { throw PyError.valueError("cannot convert float NaN to integer") }
                if x.isInfinite { throw PyError.overflow("cannot convert float infinity to integer") }
                return vm.heap.makeInt(BigInt(x.rounded(.towardZero)))
            case .str:
                return try vm.parseInt(v.str, base: 10)
            default:
                throw PyError.typeError(
                    "int() argument must be a string, a bytes-like object or a real number, not '\(vm.typeName(v))'")
            }
        }
        defineConstructor(.float) { vm, args throws(PyError) in
            try args.checkKeywords("float", allowed: [])
            try vm.arity(args, "float", 0...1)
            guard args.count == 1 else { return .float(0) }
            let v = args[0]
            switch v.tag {
            case .float: return v
            case .int, .bool, .bigint: return .float(try vm.toDouble(v))
            case .str:
                guard let x = NumberParsing.parseFloat(v.str.string) else {
                    throw PyError.valueError("could not convert string to float: \(vm.quoted(v.str))")
                }
                return .float(x.isNaN ? vm.freshNaN(negative: x.sign == .minus) : x)
            default:
                throw PyError.typeError("float() argument must be a string or a real number, not '\(vm.typeName(v))'")
            }
        }
        defineConstructor(.str) { vm, args throws(PyError) in
            try args.checkKeywords("str", allowed: [])
            try vm.arity(args, "str", 0...1)
            return args.count == 0 ? ts_value(vm.intern("")) : ts_value(try vm.str(args[0]))
        }
        defineConstructor(.bool) { vm, args throws(PyError) in
            try args.checkKeywords("bool", allowed: [])
            try vm.arity(args, "bool", 0...1)
            return .bool(args.count == 1 ? try vm.truth(args[0]) : false)
        }
        defineConstructor(.list) { vm, args throws(PyError) in
            try args.checkKeywords("list", allowed: [])
            try vm.arity(args, "list", 0...1)
            return ts_value(vm.heap.makeList(args.count == 0 ? [] : try vm.collect(args[0])))
        }
        defineConstructor(.tuple) { vm, args throws(PyError) in
            try args.checkKeywords("tuple", allowed: [])
            try vm.arity(args, "tuple", 0...1)
            if args.count == 1 && args[0].tag == .tuple { return args[0] }
            return ts_value(vm.heap.makeTuple(args.count == 0 ? [] : try vm.collect(args[0])))
        }
        defineConstructor(.dict) { vm, args throws(PyError) in
            try vm.arity(args, "dict", 0...1)
            let d = vm.heap.allocateDict()
            if args.count == 1 { try vm.update(d, from: args[0]) }
            if let names = args.keywordNames {
                for i in 0..<names.count { vm.setItem(d, string: names.items[i].str, args.keywordValues[i]) }
            }
            return ts_value(d)
        }
        defineConstructor(.range) { vm, args throws(PyError) in try vm.makeRange(args) }
        defineConstructor(.classObject) { vm, args throws(PyError) in
            guard args.count == 1 else {
                throw PyError.typeError("type() with 3 arguments (creating classes) is not supported by tierscope")
            }
            return ts_value(vm.typeOf(args[0]))
        }
        defineConstructor(.none) { _, args throws(PyError) in
            guard args.count == 0 else { throw PyError.typeError("NoneType takes no arguments") }
            return .none
        }
    }

    func parseInt(_ s: StrRef, base: Int) throws(PyError) -> ts_value {
        let text = s.string
        let digitCount = text.filter { $0.isNumber }.count
        if base == 10 || base == 0, digitCount > maximumIntegerDigits {
            throw PyError.valueError(
                "Exceeds the limit (\(maximumIntegerDigits) digits) for integer string conversion: value has \(digitCount) digits; use sys.set_int_max_str_digits() to increase the limit"
            )
        }
        guard let value = NumberParsing.parseInt(text, base: base) else {
            throw PyError.valueError("invalid literal for int() with base \(base): \(quoted(s))")
        }
        return heap.makeInt(value)
    }

    /// `dict.update(other)` and `dict(other)`: a dict, or an iterable of pairs.
    func update(_ d: DictRef, from source: ts_value) throws(PyError) {
        if source.tag == .dict {
            for e in source.dict.entries where !e.key.isNull { try setItem(d, e.key, e.value) }
            return
        }
        var index = 0
        try forEach(source) { (item) throws(PyError) in
            guard item.tag == .tuple || item.tag == .list || item.tag == .str || item.tag == .iterator else {
                throw PyError.typeError("cannot convert dictionary update sequence element #\(index) to a sequence")
            }
            let pair = try collect(item)
            guard pair.count == 2 else {
                throw PyError.valueError(
                    "dictionary update sequence element #\(index) has length \(pair.count); 2 is required")
            }
            try setItem(d, pair[0], pair[1])
            index += 1
        }
    }
}
