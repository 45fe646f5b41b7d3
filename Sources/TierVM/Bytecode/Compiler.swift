import CTierCore

/// Compiles a parsed module to code objects: one for the module, one for each function, lambda and class
/// body. Code generation follows CPython 3.13's shapes (conditions compiled to jumps, chained comparisons
/// with COPY/SWAP, method calls through LOAD_ATTR's method form, comprehensions inlined as in 3.12).
public enum Compiler {
    /// Compiles source text; the entry point of the front end.
    public static func compile(source: String, filename: String) throws(SyntaxError) -> CodeObject {
        let module = try Parser.parse(source)
        return try compile(module, filename: filename)
    }

    public static func compile(_ module: Module, filename: String) throws(SyntaxError) -> CodeObject {
        let scope = Scope(kind: .module, locals: [], globals: try ScopeAnalyzer.globals(of: module.body), enclosing: [])
        let unit = CodeUnit(
            kind: .module, name: "<module>", qualifiedName: "<module>", filename: filename, firstLine: 1, scope: scope)
        try unit.compileBody(module.body)
        return try unit.finish()
    }
}

/// Where a name lives in a given scope.
struct Scope {
    enum Kind { case module, classBody, function }
    var kind: Kind
    var locals: [String]
    var globals: Set<String>
    /// Enclosing function scopes, innermost last, with their locals: reading one of those is a closure.
    var enclosing: [(name: String, locals: Set<String>)]
    /// Whether this function is defined directly in a class body (so `super()` can work).
    var isMethod = false
}

/// Builds one code object.
final class CodeUnit {
    private let kind: CodeObject.Kind
    private let name: String
    private let qualifiedName: String
    private let filename: String
    private let firstLine: Int32
    private let scope: Scope
    private let argumentCount: Int

    private var instructions: [ts_instr] = []
    private var positions: [SourceRange] = []
    private var constants: [Constant] = []
    private var constantIndex: [Constant: Int32] = [:]
    private var names: [String] = []
    private var nameIndex: [String: Int32] = [:]
    private var localNames: [String]
    private var localIndex: [String: Int32] = [:]
    private var functions: [CodeObject] = []
    /// Label number -> instruction index (-1 until placed). Jumps carry label numbers until `finish`.
    private var labels: [Int] = []
    private var range: SourceRange
    private var loops: [Loop] = []
    /// Comprehension variables in scope, innermost last: name -> hidden local slot.
    private var comprehensionVariables: [[String: Int32]] = []
    /// Guards the recursion of expression compilation (the parser bounds the tree; this is a backstop).
    private var expressionDepth = 0
    private let startTime = MonotonicClock.now()
    /// Time spent in nested code units, which their own code objects account for.
    private var nestedTime: UInt64 = 0
    private(set) var totalTime: UInt64 = 0

    private struct Loop {
        var continueLabel: Int
        var breakLabel: Int
        /// A `for` loop keeps its iterator on the stack; `break` must pop it.
        var hasIterator: Bool
    }

    init(
        kind: CodeObject.Kind, name: String, qualifiedName: String, filename: String, firstLine: Int32,
        scope: Scope, parameters: [String] = []
    ) {
        self.kind = kind
        self.name = name
        self.qualifiedName = qualifiedName
        self.filename = filename
        self.firstLine = firstLine
        self.scope = scope
        self.argumentCount = parameters.count
        localNames = scope.locals
        for (i, n) in localNames.enumerated() { localIndex[n] = Int32(i) }
        range = SourceRange(SourcePosition(line: firstLine, column: 0))
    }

    // MARK: - Emitting

    @discardableResult
    private func emit(_ op: Opcode, _ arg: Int32 = 0) -> Int {
        instructions.append(ts_instr(op: op.rawValue, _reserved: (0, 0, 0), arg: arg))
        positions.append(range)
        return instructions.count - 1
    }

    private func newLabel() -> Int {
        labels.append(-1)
        return labels.count - 1
    }

    private func place(_ label: Int) {
        labels[label] = instructions.count
    }

    private func emitJump(_ op: Opcode, to label: Int) {
        emit(op, Int32(label))
    }

    private func constant(_ c: Constant) -> Int32 {
        if let i = constantIndex[c] { return i }
        constants.append(c)
        let i = Int32(constants.count - 1)
        constantIndex[c] = i
        return i
    }

    private func nameSlot(_ n: String) -> Int32 {
        if let i = nameIndex[n] { return i }
        names.append(n)
        let i = Int32(names.count - 1)
        nameIndex[n] = i
        return i
    }

    private func hiddenLocal(_ n: String) -> Int32 {
        localNames.append(n)
        return Int32(localNames.count - 1)
    }

    private func at<T>(_ r: SourceRange, _ body: () throws(SyntaxError) -> T) throws(SyntaxError) -> T {
        let saved = range
        range = r
        defer { range = saved }
        return try body()
    }

    private func error(_ message: String, _ r: SourceRange? = nil) -> SyntaxError {
        SyntaxError(message, at: r ?? range)
    }

    // MARK: - Names

    private enum Access {
        case fast(Int32)
        case global
        case name
    }

    private func resolve(_ n: String) throws(SyntaxError) -> Access {
        for variables in comprehensionVariables.reversed() {
            if let slot = variables[n] { return .fast(slot) }
        }
        switch scope.kind {
        case .module, .classBody:
            if scope.globals.contains(n) || !comprehensionVariables.isEmpty { return .global }
            return .name
        case .function:
            if scope.globals.contains(n) { return .global }
            if let slot = localIndex[n] { return .fast(slot) }
            if let owner = scope.enclosing.last(where: { $0.locals.contains(n) }) {
                throw error(
                    "closures are not supported by tierscope: '\(n)' is a local variable of the enclosing function '\(owner.name)'"
                )
            }
            return .global
        }
    }

    private func load(_ n: String, pushNull: Bool = false) throws(SyntaxError) {
        switch try resolve(n) {
        case .fast(let slot): emit(.LOAD_FAST, slot)
        case .global:
            emit(.LOAD_GLOBAL, nameSlot(n) << 1 | (pushNull ? 1 : 0))
            return
        case .name: emit(.LOAD_NAME, nameSlot(n))
        }
        if pushNull { emit(.PUSH_NULL) }
    }

    private func store(_ n: String) throws(SyntaxError) {
        switch try resolve(n) {
        case .fast(let slot): emit(.STORE_FAST, slot)
        case .global: emit(.STORE_GLOBAL, nameSlot(n))
        case .name: emit(.STORE_NAME, nameSlot(n))
        }
    }

    private func delete(_ n: String) throws(SyntaxError) {
        switch try resolve(n) {
        case .fast(let slot): emit(.DELETE_FAST, slot)
        case .global: emit(.DELETE_GLOBAL, nameSlot(n))
        case .name: emit(.DELETE_NAME, nameSlot(n))
        }
    }

    // MARK: - Bodies

    func compileBody(_ body: [Stmt]) throws(SyntaxError) {
        emit(.RESUME)
        try compile(body)
        // The end is reachable when the last instruction falls through or a jump lands there.
        if !endsInTerminator || labels.contains(instructions.count) {
            if let last = positions.last { range = last }
            emit(.RETURN_CONST, constant(.none))
        }
    }

    /// Compiles a lambda: its body is one returned expression.
    func compileLambdaBody(_ body: Expr) throws(SyntaxError) {
        emit(.RESUME)
        try at(body.range) { () throws(SyntaxError) in
            try compile(body)
            emit(.RETURN_VALUE)
        }
    }

    private func compile(_ body: [Stmt]) throws(SyntaxError) {
        for statement in body { try compile(statement) }
    }

    private func compile(_ statement: Stmt) throws(SyntaxError) {
        try at(statement.range) { () throws(SyntaxError) in try compileStatement(statement) }
    }

    private func compileStatement(_ statement: Stmt) throws(SyntaxError) {
        switch statement.kind {
        case .expression(let e):
            try compile(e)
            emit(.POP_TOP)
        case .assign(let targets, let value):
            try compile(value)
            for (i, target) in targets.enumerated() {
                if i < targets.count - 1 { emit(.COPY, 1) }
                try compileStore(target)
            }
        case .augmentedAssign(let target, let op, let value):
            try compileAugmentedAssign(target, op, value)
        case .if(let test, let body, let orElse):
            let elseLabel = newLabel()
            try compileCondition(test, jumpIf: false, to: elseLabel)
            try compile(body)
            if orElse.isEmpty {
                place(elseLabel)
            } else {
                let end = newLabel()
                if !endsInTerminator { emitJump(.JUMP_FORWARD, to: end) }
                place(elseLabel)
                try compile(orElse)
                place(end)
            }
        case .while(let test, let body, let orElse):
            let top = newLabel()
            let exit = newLabel()
            let end = newLabel()
            place(top)
            try compileCondition(test, jumpIf: false, to: exit)
            loops.append(Loop(continueLabel: top, breakLabel: end, hasIterator: false))
            try compile(body)
            loops.removeLast()
            emitJump(.JUMP_BACKWARD, to: top)
            place(exit)
            try compile(orElse)
            place(end)
        case .for(let target, let iterable, let body, let orElse):
            try compile(iterable)
            emit(.GET_ITER)
            let top = newLabel()
            let exit = newLabel()
            let end = newLabel()
            place(top)
            emitJump(.FOR_ITER, to: exit)
            try at(target.range) { () throws(SyntaxError) in try compileStore(target) }
            loops.append(Loop(continueLabel: top, breakLabel: end, hasIterator: true))
            try compile(body)
            loops.removeLast()
            emitJump(.JUMP_BACKWARD, to: top)
            place(exit)
            try compile(orElse)
            place(end)
        case .break:
            guard let loop = loops.last else { throw error("'break' outside loop") }
            if loop.hasIterator { emit(.POP_TOP) }
            emitJump(.JUMP_FORWARD, to: loop.breakLabel)
        case .continue:
            guard let loop = loops.last else { throw error("'continue' not properly in loop") }
            emitJump(.JUMP_BACKWARD, to: loop.continueLabel)
        case .pass:
            emit(.NOP)
        case .functionDef(let def):
            try compileFunction(
                name: def.name, parameters: def.parameters, body: .statements(def.body), firstLine: def.headerRange.line
            )
            try store(def.name)
        case .classDef(let def):
            try compileClass(def)
        case .return(let value):
            guard kind == .function || kind == .lambda else { throw error("'return' outside function") }
            if let value {
                if case .constant(let c) = value.kind {
                    emit(.RETURN_CONST, constant(c))
                } else {
                    try compile(value)
                    emit(.RETURN_VALUE)
                }
            } else {
                emit(.RETURN_CONST, constant(.none))
            }
        case .global:
            break
        case .assert(let test, let message):
            let ok = newLabel()
            try compileCondition(test, jumpIf: true, to: ok)
            emit(.LOAD_ASSERTION_ERROR)
            if let message {
                emit(.PUSH_NULL)
                try compile(message)
                emit(.CALL, 1)
            }
            emit(.RAISE_VARARGS, 1)
            place(ok)
        case .delete(let targets):
            for target in targets { try compileDelete(target) }
        case .raise(let exception):
            if let exception {
                try compile(exception)
                emit(.RAISE_VARARGS, 1)
            } else {
                emit(.RAISE_VARARGS, 0)
            }
        }
    }

    private var endsInTerminator: Bool {
        instructions.last.map { Opcode(rawValue: $0.op)!.isTerminator } ?? false
    }

    private func compileStore(_ target: Expr) throws(SyntaxError) {
        try at(target.range) { () throws(SyntaxError) in
            switch target.kind {
            case .name(let n):
                try store(n)
            case .attribute(let object, let attribute):
                try compile(object)
                emit(.STORE_ATTR, nameSlot(attribute))
            case .subscription(let object, let index):
                try compile(object)
                try compileIndex(index)
                emit(.STORE_SUBSCR)
            case .tuple(let items), .list(let items):
                emit(.UNPACK_SEQUENCE, Int32(items.count))
                for item in items { try compileStore(item) }
            default:
                throw error("cannot assign to expression")
            }
        }
    }

    private func compileDelete(_ target: Expr) throws(SyntaxError) {
        try at(target.range) { () throws(SyntaxError) in
            switch target.kind {
            case .name(let n):
                try delete(n)
            case .attribute(let object, let attribute):
                try compile(object)
                emit(.DELETE_ATTR, nameSlot(attribute))
            case .subscription(let object, let index):
                try compile(object)
                try compileIndex(index)
                emit(.DELETE_SUBSCR)
            case .tuple(let items), .list(let items):
                for item in items { try compileDelete(item) }
            default:
                throw error("cannot delete expression")
            }
        }
    }

    private func compileAugmentedAssign(_ target: Expr, _ op: BinaryOperator, _ value: Expr) throws(SyntaxError) {
        let inPlace = op.rawValue + BinaryOperator.inPlaceOffset
        switch target.kind {
        case .name(let n):
            try at(target.range) { () throws(SyntaxError) in try load(n) }
            try compile(value)
            emit(.BINARY_OP, inPlace)
            try at(target.range) { () throws(SyntaxError) in try store(n) }
        case .attribute(let object, let attribute):
            try compile(object)
            try at(target.range) { () throws(SyntaxError) in
                emit(.COPY, 1)
                emit(.LOAD_ATTR, nameSlot(attribute) << 1)
            }
            try compile(value)
            emit(.BINARY_OP, inPlace)
            try at(target.range) { () throws(SyntaxError) in
                emit(.SWAP, 2)
                emit(.STORE_ATTR, nameSlot(attribute))
            }
        case .subscription(let object, let index):
            try compile(object)
            try compileIndex(index)
            try at(target.range) { () throws(SyntaxError) in
                emit(.COPY, 2)
                emit(.COPY, 2)
                emit(.BINARY_SUBSCR)
            }
            try compile(value)
            emit(.BINARY_OP, inPlace)
            try at(target.range) { () throws(SyntaxError) in
                emit(.SWAP, 3)
                emit(.SWAP, 2)
                emit(.STORE_SUBSCR)
            }
        default:
            throw error("illegal expression for augmented assignment", target.range)
        }
    }

    // MARK: - Functions and classes

    private enum FunctionBody {
        case statements([Stmt])
        case expression(Expr)
    }

    private func compileFunction(
        name: String, parameters: Parameters, body: FunctionBody, firstLine: Int32
    ) throws(SyntaxError) {
        for d in parameters.defaults { try compile(d) }
        if !parameters.defaults.isEmpty { emit(.BUILD_TUPLE, Int32(parameters.defaults.count)) }
        let analysis: ScopeAnalyzer
        switch body {
        case .statements(let statements):
            analysis = try ScopeAnalyzer.analyze(parameters: parameters.names, body: statements)
        case .expression:
            analysis = try ScopeAnalyzer.analyze(parameters: parameters.names, body: [])
        }
        var inner = Scope(
            kind: .function, locals: analysis.locals, globals: analysis.globals, enclosing: enclosingScopes())
        inner.isMethod = scope.kind == .classBody
        let prefix =
            scope.kind == .module ? "" : scope.kind == .classBody ? "\(qualifiedName)." : "\(qualifiedName).<locals>."
        let unit = CodeUnit(
            kind: name == "<lambda>" ? .lambda : .function, name: name, qualifiedName: prefix + name,
            filename: filename,
            firstLine: firstLine, scope: inner, parameters: parameters.names)
        switch body {
        case .statements(let statements): try unit.compileBody(statements)
        case .expression(let e): try unit.compileLambdaBody(e)
        }
        functions.append(try unit.finish())
        nestedTime += unit.totalTime
        emit(.MAKE_FUNCTION, Int32(functions.count - 1))
        if !parameters.defaults.isEmpty { emit(.SET_FUNCTION_ATTRIBUTE, 1) }
    }

    /// The scopes a function or class defined here can see but not use: this function's locals and any
    /// comprehension variables around the definition.
    private func enclosingScopes() -> [(name: String, locals: Set<String>)] {
        var locals: Set<String> = scope.kind == .function ? Set(localNames.prefix(scope.locals.count)) : []
        for variables in comprehensionVariables { locals.formUnion(variables.keys) }
        return locals.isEmpty ? scope.enclosing : scope.enclosing + [(name, locals)]
    }

    private func compileClass(_ def: ClassDef) throws(SyntaxError) {
        emit(.LOAD_BUILD_CLASS)
        emit(.PUSH_NULL)
        let inner = Scope(
            kind: .classBody, locals: [], globals: try ScopeAnalyzer.globals(of: def.body), enclosing: enclosingScopes()
        )
        let prefix =
            scope.kind == .module ? "" : scope.kind == .classBody ? "\(qualifiedName)." : "\(qualifiedName).<locals>."
        let unit = CodeUnit(
            kind: .classBody, name: def.name, qualifiedName: prefix + def.name, filename: filename,
            firstLine: def.headerRange.line, scope: inner)
        try unit.compileBody(def.body)
        functions.append(try unit.finish())
        nestedTime += unit.totalTime
        emit(.MAKE_FUNCTION, Int32(functions.count - 1))
        emit(.LOAD_CONST, constant(.str(def.name)))
        if let base = def.base {
            try compile(base)
            emit(.CALL, 3)
        } else {
            emit(.CALL, 2)
        }
        try store(def.name)
    }

    // MARK: - Conditions

    /// Compiles `test` as a jump to `label` when its truth equals `jumpIf`, without building a bool when the
    /// shape of the test allows (`not`, `and`, `or`, comparisons, constants).
    private func compileCondition(_ test: Expr, jumpIf: Bool, to label: Int) throws(SyntaxError) {
        try at(test.range) { () throws(SyntaxError) in
            switch test.kind {
            case .unary(.not, let operand):
                try compileCondition(operand, jumpIf: !jumpIf, to: label)
            case .boolean(let op, let operands):
                // `a and b` jumps when false as soon as one operand is false; when true only after all.
                let shortCircuitsOn = op == .or
                if jumpIf == shortCircuitsOn {
                    for operand in operands { try compileCondition(operand, jumpIf: jumpIf, to: label) }
                } else {
                    let skip = newLabel()
                    for operand in operands.dropLast() { try compileCondition(operand, jumpIf: !jumpIf, to: skip) }
                    try compileCondition(operands.last!, jumpIf: jumpIf, to: label)
                    place(skip)
                }
            case .constant(let c) where constantTruth(c) != nil:
                if constantTruth(c) == jumpIf { emitJump(.JUMP_FORWARD, to: label) }
            case .compare(_, let comparisons) where comparisons.count == 1:
                try compile(test)
                emitJump(jumpIf ? .POP_JUMP_IF_TRUE : .POP_JUMP_IF_FALSE, to: label)
            default:
                try compile(test)
                emit(.TO_BOOL)
                emitJump(jumpIf ? .POP_JUMP_IF_TRUE : .POP_JUMP_IF_FALSE, to: label)
            }
        }
    }

    private func constantTruth(_ c: Constant) -> Bool? {
        switch c {
        case .none: false
        case .bool(let b): b
        case .int(let i): i != 0
        case .float(let f): f != 0
        case .str(let s): !s.isEmpty
        case .tuple(let t): !t.isEmpty
        }
    }

    // MARK: - Expressions

    private func compile(_ expr: Expr) throws(SyntaxError) {
        expressionDepth += 1
        defer { expressionDepth -= 1 }
        if expressionDepth > Parser.maximumDepth + 100 {
            throw error("expression too deeply nested (more than \(Parser.maximumDepth) levels)", expr.range)
        }
        try at(expr.range) { () throws(SyntaxError) in try compileExpression(expr) }
    }

    private func compileExpression(_ expr: Expr) throws(SyntaxError) {
        switch expr.kind {
        case .name(let n):
            try load(n)
        case .constant(let c):
            emit(.LOAD_CONST, constant(c))
        case .formatted(let pieces):
            try compileFormatted(pieces)
        case .unary(let op, let operand):
            if op == .negate, case .constant(let c) = operand.kind, let negated = negate(c) {
                emit(.LOAD_CONST, constant(negated))
                return
            }
            try compile(operand)
            switch op {
            case .negate: emit(.UNARY_NEGATIVE)
            case .plus: emit(.UNARY_POSITIVE)
            case .invert: emit(.UNARY_INVERT)
            case .not:
                emit(.TO_BOOL)
                emit(.UNARY_NOT)
            }
        case .binary(let op, let left, let right):
            try compile(left)
            try compile(right)
            emit(.BINARY_OP, op.rawValue)
        case .boolean(let op, let operands):
            let end = newLabel()
            for operand in operands.dropLast() {
                try compile(operand)
                emit(.COPY, 1)
                emit(.TO_BOOL)
                emitJump(op == .and ? .POP_JUMP_IF_FALSE : .POP_JUMP_IF_TRUE, to: end)
                emit(.POP_TOP)
            }
            try compile(operands.last!)
            place(end)
        case .compare(let first, let comparisons):
            try compileComparison(first, comparisons)
        case .call(let callee, let arguments, let keywords):
            try compileCall(callee, arguments, keywords)
        case .attribute(let object, let attribute):
            if let selfSlot = try superReceiver(object) {
                emit(.LOAD_FAST, selfSlot)
                emit(.LOAD_SUPER_ATTR, nameSlot(attribute) << 1)
            } else {
                try compile(object)
                emit(.LOAD_ATTR, nameSlot(attribute) << 1)
            }
        case .subscription(let object, let index):
            try compile(object)
            try compileIndex(index)
            emit(.BINARY_SUBSCR)
        case .slice:
            throw error("slices are only allowed inside []")
        case .list(let items):
            for item in items { try compile(item) }
            emit(.BUILD_LIST, Int32(items.count))
        case .tuple(let items):
            if let folded = constantTuple(items) {
                emit(.LOAD_CONST, constant(folded))
            } else {
                for item in items { try compile(item) }
                emit(.BUILD_TUPLE, Int32(items.count))
            }
        case .dict(let pairs):
            for pair in pairs {
                try compile(pair.key)
                try compile(pair.value)
            }
            emit(.BUILD_MAP, Int32(pairs.count))
        case .conditional(let test, let body, let orElse):
            let elseLabel = newLabel()
            let end = newLabel()
            try compileCondition(test, jumpIf: false, to: elseLabel)
            try compile(body)
            emitJump(.JUMP_FORWARD, to: end)
            place(elseLabel)
            try compile(orElse)
            place(end)
        case .lambda(let parameters, let body):
            try compileFunction(
                name: "<lambda>", parameters: parameters, body: .expression(body), firstLine: expr.range.line)
        case .listComprehension(let element, let clauses):
            emit(.BUILD_LIST, 0)
            try compileComprehension(clauses, depth: 1) { () throws(SyntaxError) in
                try compile(element)
                emit(.LIST_APPEND, Int32(clauses.count + 1))
            }
        case .dictComprehension(let key, let value, let clauses):
            emit(.BUILD_MAP, 0)
            try compileComprehension(clauses, depth: 1) { () throws(SyntaxError) in
                try compile(key)
                try compile(value)
                emit(.MAP_ADD, Int32(clauses.count + 1))
            }
        }
    }

    private func negate(_ c: Constant) -> Constant? {
        switch c {
        case .int(let i): .int(-i)
        case .float(let f): .float(-f)
        default: nil
        }
    }

    private func constantTuple(_ items: [Expr]) -> Constant? {
        var values: [Constant] = []
        for item in items {
            switch item.kind {
            case .constant(let c): values.append(c)
            case .unary(.negate, let operand):
                guard case .constant(let c) = operand.kind, let n = negate(c) else { return nil }
                values.append(n)
            case .tuple(let inner):
                guard let t = constantTuple(inner) else { return nil }
                values.append(t)
            default: return nil
            }
        }
        return .tuple(values)
    }

    private func compileIndex(_ index: Expr) throws(SyntaxError) {
        if case .slice(let lower, let upper, let step) = index.kind {
            try at(index.range) { () throws(SyntaxError) in
                for part in [lower, upper] {
                    if let part { try compile(part) } else { emit(.LOAD_CONST, constant(.none)) }
                }
                if let step {
                    try compile(step)
                    emit(.BUILD_SLICE, 3)
                } else {
                    emit(.BUILD_SLICE, 2)
                }
            }
        } else if case .tuple(let items) = index.kind,
            items.contains(where: { if case .slice = $0.kind { true } else { false } })
        {
            throw error("multi-dimensional slicing is not supported by tierscope", index.range)
        } else {
            try compile(index)
        }
    }

    private func compileComparison(_ first: Expr, _ comparisons: [Comparison]) throws(SyntaxError) {
        try compile(first)
        if comparisons.count == 1 {
            try compile(comparisons[0].right)
            emitComparison(comparisons[0].op)
            return
        }
        let cleanup = newLabel()
        let end = newLabel()
        for (i, comparison) in comparisons.enumerated() {
            try compile(comparison.right)
            if i < comparisons.count - 1 {
                emit(.SWAP, 2)
                emit(.COPY, 2)
                emitComparison(comparison.op)
                emit(.COPY, 1)
                emitJump(.POP_JUMP_IF_FALSE, to: cleanup)
                emit(.POP_TOP)
            } else {
                emitComparison(comparison.op)
            }
        }
        emitJump(.JUMP_FORWARD, to: end)
        place(cleanup)
        emit(.SWAP, 2)
        emit(.POP_TOP)
        place(end)
    }

    private func emitComparison(_ op: CompareOperator) {
        switch op {
        case .less: emit(.COMPARE_OP, ComparisonOperator.less.rawValue)
        case .lessEqual: emit(.COMPARE_OP, ComparisonOperator.lessEqual.rawValue)
        case .equal: emit(.COMPARE_OP, ComparisonOperator.equal.rawValue)
        case .notEqual: emit(.COMPARE_OP, ComparisonOperator.notEqual.rawValue)
        case .greater: emit(.COMPARE_OP, ComparisonOperator.greater.rawValue)
        case .greaterEqual: emit(.COMPARE_OP, ComparisonOperator.greaterEqual.rawValue)
        case .is: emit(.IS_OP, 0)
        case .isNot: emit(.IS_OP, 1)
        case .in: emit(.CONTAINS_OP, 0)
        case .notIn: emit(.CONTAINS_OP, 1)
        }
    }

    /// For `super()` inside a method: the slot of the method's first parameter (`self`).
    private func superReceiver(_ object: Expr) throws(SyntaxError) -> Int32? {
        guard case .call(let callee, let arguments, let keywords) = object.kind, case .name("super") = callee.kind
        else { return nil }
        guard case .global = try resolve("super") else { return nil }
        guard arguments.isEmpty, keywords.isEmpty else {
            throw error(
                "super() with arguments is not supported by tierscope; use super() inside a method", object.range)
        }
        guard scope.isMethod, argumentCount > 0, comprehensionVariables.isEmpty else {
            throw error("super() is only supported by tierscope inside a method, as super().name", object.range)
        }
        return 0
    }

    private func compileCall(_ callee: Expr, _ arguments: [Expr], _ keywords: [Keyword]) throws(SyntaxError) {
        switch callee.kind {
        case .attribute(let object, let attribute):
            try at(callee.range) { () throws(SyntaxError) in
                if let selfSlot = try superReceiver(object) {
                    emit(.LOAD_FAST, selfSlot)
                    emit(.LOAD_SUPER_ATTR, nameSlot(attribute) << 1 | 1)
                } else {
                    try compile(object)
                    emit(.LOAD_ATTR, nameSlot(attribute) << 1 | 1)
                }
            }
        case .name(let n):
            if case .name("super") = callee.kind, case .global = try resolve(n) {
                throw error("super() is only supported by tierscope as super().name inside a method", callee.range)
            }
            try at(callee.range) { () throws(SyntaxError) in try load(n, pushNull: true) }
        default:
            try compile(callee)
            emit(.PUSH_NULL)
        }
        for argument in arguments { try compile(argument) }
        if keywords.isEmpty {
            emit(.CALL, Int32(arguments.count))
        } else {
            for keyword in keywords { try compile(keyword.value) }
            emit(.LOAD_CONST, constant(.tuple(keywords.map { .str($0.name) })))
            emit(.CALL_KW, Int32(arguments.count + keywords.count))
        }
    }

    private func compileFormatted(_ pieces: [FormattedPiece]) throws(SyntaxError) {
        var count: Int32 = 0
        for piece in pieces {
            switch piece {
            case .text(let text):
                if text.isEmpty { continue }
                emit(.LOAD_CONST, constant(.str(text)))
            case .value(let value, let conversion, let spec):
                try compile(value)
                switch conversion {
                case "s": emit(.CONVERT_VALUE, 1)
                case "r": emit(.CONVERT_VALUE, 2)
                case "a": emit(.CONVERT_VALUE, 3)
                default: break
                }
                if let spec {
                    try compileFormatted(spec)
                    emit(.FORMAT_WITH_SPEC)
                } else {
                    emit(.FORMAT_SIMPLE)
                }
            }
            count += 1
        }
        if count == 0 {
            emit(.LOAD_CONST, constant(.str("")))
        } else if count > 1 {
            emit(.BUILD_STRING, count)
        }
    }

    /// Inlines a comprehension (as CPython 3.12 does): its variables get hidden local slots, so they neither
    /// leak nor clobber names of the enclosing scope. `depth` counts the loops inside the result's slot.
    private func compileComprehension(
        _ clauses: [ComprehensionClause], depth: Int, element: () throws(SyntaxError) -> Void
    ) throws(SyntaxError) {
        guard let clause = clauses.first else {
            try element()
            return
        }
        // The first iterable is evaluated in the enclosing scope; the rest see the variables.
        try compile(clause.iterable)
        emit(.GET_ITER)
        var variables: [String: Int32] = [:]
        collectNames(clause.target, into: &variables)
        comprehensionVariables.append(variables)
        defer { comprehensionVariables.removeLast() }
        let top = newLabel()
        let exit = newLabel()
        let next = newLabel()
        place(top)
        emitJump(.FOR_ITER, to: exit)
        try compileStore(clause.target)
        for condition in clause.conditions {
            try compileCondition(condition, jumpIf: false, to: next)
        }
        try compileComprehension(Array(clauses.dropFirst()), depth: depth + 1, element: element)
        place(next)
        emitJump(.JUMP_BACKWARD, to: top)
        place(exit)
    }

    private func collectNames(_ target: Expr, into variables: inout [String: Int32]) {
        switch target.kind {
        case .name(let n):
            if variables[n] == nil { variables[n] = hiddenLocal(n) }
        case .tuple(let items), .list(let items):
            for item in items { collectNames(item, into: &variables) }
        default:
            break
        }
    }

    // MARK: - Finishing

    func finish() throws(SyntaxError) -> CodeObject {
        for i in instructions.indices where Opcode(rawValue: instructions[i].op)!.isJump {
            instructions[i].arg = Int32(labels[Int(instructions[i].arg)])
        }
        let flow = FlowAnalysis(instructions: instructions, argumentCount: argumentCount, localCount: localNames.count)
        for i in flow.possiblyUnboundLoads {
            instructions[i].op = Opcode.LOAD_FAST_CHECK.rawValue
        }
        totalTime = MonotonicClock.now() - startTime
        return CodeObject(
            kind: kind, name: name, qualifiedName: qualifiedName, filename: filename, firstLine: firstLine,
            argumentCount: argumentCount, localNames: localNames, names: names, constants: constants,
            functions: functions, stackSize: flow.maximumStackDepth, instructions: instructions,
            positions: positions, stackDepths: flow.depths, compileNanoseconds: totalTime - nestedTime)
    }
}
