/// A recursive-descent parser for the Python subset, following CPython's grammar and, for the mistakes
/// people make most, its error messages. Features outside the subset are rejected with a message that
/// names them.
public struct Parser {
    private var tokens: [Token]
    private var index = 0
    /// How deeply expressions nest, counting each link of an operator chain: it bounds the depth of the
    /// tree so that compiling (and freeing) it cannot exhaust the native stack.
    private var depth = 0
    /// Brackets open around the current position, for "Perhaps you forgot a comma?".
    private var bracketLevel = 0

    public static let maximumDepth = 1000

    public init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole program.
    public static func parse(_ source: String) throws(SyntaxError) -> Module {
        var parser = Parser(tokens: try Lexer.tokenize(source))
        return try parser.parseModule()
    }

    public mutating func parseModule() throws(SyntaxError) -> Module {
        var body: [Stmt] = []
        while !check(.endOfFile) {
            body += try parseStatement()
        }
        return Module(body: body)
    }

    // MARK: - Token helpers

    private var current: Token { tokens[index] }
    private var next: Token { tokens[min(index + 1, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func check(_ kind: Token.Kind) -> Bool { current.kind == kind }

    private func checkOp(_ op: String) -> Bool {
        if case .op(let o) = current.kind { return o == op }
        return false
    }

    private func checkKeyword(_ word: String) -> Bool {
        if case .name(let n) = current.kind { return n == word }
        return false
    }

    private mutating func acceptOp(_ op: String) -> Bool {
        guard checkOp(op) else { return false }
        _ = advance()
        return true
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        guard checkKeyword(word) else { return false }
        _ = advance()
        return true
    }

    private func invalidSyntax(at token: Token? = nil) -> SyntaxError {
        let token = token ?? current
        if case .indent = token.kind {
            return SyntaxError(.indentation, "unexpected indent", at: token.range)
        }
        if case .dedent = token.kind {
            return SyntaxError(.indentation, "unindent does not match any outer indentation level", at: token.range)
        }
        return SyntaxError("invalid syntax", at: token.range)
    }

    private mutating func expectOp(_ op: String) throws(SyntaxError) -> Token {
        guard checkOp(op) else { throw invalidSyntax() }
        return advance()
    }

    private func unsupported(_ what: String, at range: SourceRange) -> SyntaxError {
        SyntaxError("\(what) not supported by tierscope", at: range)
    }

    private mutating func nest() throws(SyntaxError) {
        depth += 1
        if depth > Parser.maximumDepth {
            throw SyntaxError(
                "expression too deeply nested (more than \(Parser.maximumDepth) levels)", at: current.range)
        }
    }

    // MARK: - Statements

    private mutating func parseStatement() throws(SyntaxError) -> [Stmt] {
        let token = current
        switch token.kind {
        case .indent:
            throw SyntaxError(.indentation, "unexpected indent", at: token.range)
        case .op("@"):
            throw unsupported("decorators are", at: token.range)
        case .name(let word):
            switch word {
            case "if": return [try parseIf()]
            case "while": return [try parseWhile()]
            case "for": return [try parseFor()]
            case "def": return [try parseFunctionDef()]
            case "class": return [try parseClassDef()]
            case "try": throw unsupported("'try' statements (exceptions cannot be caught) are", at: token.range)
            case "with": throw unsupported("'with' statements are", at: token.range)
            case "async": throw unsupported("'async' is", at: token.range)
            case "elif", "else", "except", "finally": throw invalidSyntax()
            default: break
            }
        default:
            break
        }
        return try parseSimpleStatements()
    }

    private mutating func parseSimpleStatements() throws(SyntaxError) -> [Stmt] {
        var statements = [try parseSimpleStatement()]
        while acceptOp(";") {
            if check(.newline) { break }
            statements.append(try parseSimpleStatement())
        }
        guard check(.newline) else { throw invalidSyntax() }
        _ = advance()
        return statements
    }

    private mutating func parseSimpleStatement() throws(SyntaxError) -> Stmt {
        let token = current
        if case .name(let word) = token.kind {
            switch word {
            case "pass":
                _ = advance()
                return Stmt(.pass, token.range)
            case "break":
                _ = advance()
                return Stmt(.break, token.range)
            case "continue":
                _ = advance()
                return Stmt(.continue, token.range)
            case "return":
                _ = advance()
                if atStatementEnd { return Stmt(.return(nil), token.range) }
                let value = try parseStarExpressions()
                return Stmt(.return(value), .to(token.range, value.range))
            case "global":
                _ = advance()
                var names: [String] = []
                var end = token.range
                repeat {
                    guard case .name(let n) = current.kind, !pythonKeywords.contains(n) else { throw invalidSyntax() }
                    end = advance().range
                    names.append(n)
                } while acceptOp(",")
                return Stmt(.global(names), .to(token.range, end))
            case "nonlocal":
                throw unsupported("'nonlocal' is", at: token.range)
            case "import", "from":
                // Said in full: the reason matters more than the rule here.
                throw SyntaxError(
                    "'import' is not supported by tierscope: a program runs on its own, without modules",
                    at: token.range)
            case "yield":
                throw unsupported("'yield' (generators) is", at: token.range)
            case "assert":
                _ = advance()
                let test = try parseExpression()
                var message: Expr? = nil
                if acceptOp(",") { message = try parseExpression() }
                return Stmt(.assert(test: test, message: message), .to(token.range, (message ?? test).range))
            case "del":
                _ = advance()
                var targets: [Expr] = []
                repeat {
                    if atStatementEnd { break }
                    let target = try parseBitwiseOr()
                    try validateDeleteTarget(target)
                    targets.append(target)
                } while acceptOp(",")
                guard let last = targets.last else { throw invalidSyntax() }
                return Stmt(.delete(targets), .to(token.range, last.range))
            case "raise":
                _ = advance()
                if atStatementEnd { return Stmt(.raise(nil), token.range) }
                let exception = try parseExpression()
                if checkKeyword("from") { throw unsupported("'raise ... from' is", at: current.range) }
                return Stmt(.raise(exception), .to(token.range, exception.range))
            default:
                break
            }
        }
        return try parseExpressionStatement()
    }

    private var atStatementEnd: Bool {
        check(.newline) || checkOp(";") || check(.endOfFile)
    }

    private static let augmentedOperators: Set<String> = [
        "+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=", "<<=", ">>=", "@=",
    ]

    private mutating func parseExpressionStatement() throws(SyntaxError) -> Stmt {
        let first = try parseStarExpressions()
        if checkOp("=") {
            var targets = [first]
            var value = first
            while acceptOp("=") {
                if case .name("yield") = current.kind {
                    throw unsupported("'yield' (generators) is", at: current.range)
                }
                value = try parseStarExpressions()
                targets.append(value)
            }
            targets.removeLast()
            for target in targets { try validateAssignmentTarget(target, statementLevel: true) }
            return Stmt(.assign(targets: targets, value: value), .to(first.range, value.range))
        }
        if case .op(let op) = current.kind, Parser.augmentedOperators.contains(op) {
            let opToken = advance()
            switch first.kind {
            case .name, .attribute, .subscription:
                break
            default:
                let name = Parser.describe(first)
                let article = name.hasPrefix("'") ? name : "'\(name)'"
                throw SyntaxError("\(article) is an illegal expression for augmented assignment", at: first.range)
            }
            if case .name(let n) = first.kind { try checkAssignableName(n, at: first.range) }
            let value = try parseStarExpressions()
            let binary = BinaryOperator(symbol: String(op.dropLast()))!
            _ = opToken
            return Stmt(.augmentedAssign(target: first, op: binary, value: value), .to(first.range, value.range))
        }
        if checkOp(":") {
            // An annotated assignment: the annotation is parsed and ignored.
            _ = advance()
            _ = try parseExpression()
            try validateAssignmentTarget(first, statementLevel: true)
            if acceptOp("=") {
                let value = try parseStarExpressions()
                return Stmt(.assign(targets: [first], value: value), .to(first.range, value.range))
            }
            return Stmt(.pass, first.range)
        }
        if !atStatementEnd, case .name("print") = first.kind {
            switch current.kind {
            case .string, .int, .float, .name:
                throw SyntaxError(
                    "Missing parentheses in call to 'print'. Did you mean print(...)?",
                    at: .to(first.range, current.range))
            default: break
            }
        }
        return Stmt(.expression(first), first.range)
    }

    /// Parses `:` and an indented block (or a simple statement on the same line).
    private mutating func parseBlock(after what: String, line: Int32) throws(SyntaxError) -> [Stmt] {
        guard checkOp(":") else {
            if check(.newline) { throw SyntaxError("expected ':'", at: current.range) }
            throw invalidSyntax()
        }
        _ = advance()
        guard check(.newline) else {
            return try parseSimpleStatements()
        }
        _ = advance()
        guard check(.indent) else {
            throw SyntaxError(
                .indentation, "expected an indented block after \(what) on line \(line)", at: current.range)
        }
        _ = advance()
        var body: [Stmt] = []
        while !check(.dedent) && !check(.endOfFile) {
            body += try parseStatement()
        }
        _ = advance()
        return body
    }

    private mutating func parseIf() throws(SyntaxError) -> Stmt {
        let keyword = advance()
        let test = try parseExpression()
        let body = try parseBlock(after: "'if' statement", line: keyword.range.line)
        let orElse = try parseElse()
        return Stmt(.if(test: test, body: body, orElse: orElse), .to(keyword.range, test.range))
    }

    /// `elif` chains become nested ifs in the else branch, as in CPython's tree.
    private mutating func parseElse() throws(SyntaxError) -> [Stmt] {
        if checkKeyword("elif") {
            let keyword = advance()
            try nest()
            defer { depth -= 1 }
            let test = try parseExpression()
            let body = try parseBlock(after: "'elif' statement", line: keyword.range.line)
            let orElse = try parseElse()
            return [Stmt(.if(test: test, body: body, orElse: orElse), .to(keyword.range, test.range))]
        }
        if checkKeyword("else") {
            let keyword = advance()
            return try parseBlock(after: "'else' statement", line: keyword.range.line)
        }
        return []
    }

    private mutating func parseLoopElse() throws(SyntaxError) -> [Stmt] {
        guard checkKeyword("else") else { return [] }
        let keyword = advance()
        return try parseBlock(after: "'else' statement", line: keyword.range.line)
    }

    private mutating func parseWhile() throws(SyntaxError) -> Stmt {
        let keyword = advance()
        let test = try parseExpression()
        let body = try parseBlock(after: "'while' statement", line: keyword.range.line)
        let orElse = try parseLoopElse()
        return Stmt(.while(test: test, body: body, orElse: orElse), .to(keyword.range, test.range))
    }

    private mutating func parseFor() throws(SyntaxError) -> Stmt {
        let keyword = advance()
        let target = try parseTargetList()
        guard acceptKeyword("in") else { throw invalidSyntax() }
        let iterable = try parseStarExpressions()
        let body = try parseBlock(after: "'for' statement", line: keyword.range.line)
        let orElse = try parseLoopElse()
        return Stmt(
            .for(target: target, iterable: iterable, body: body, orElse: orElse), .to(keyword.range, iterable.range))
    }

    /// The target of `for` and of comprehension clauses: targets separated by commas, before `in`.
    private mutating func parseTargetList() throws(SyntaxError) -> Expr {
        let first = try parseTarget()
        guard checkOp(",") else { return first }
        var items = [first]
        while acceptOp(",") {
            if checkKeyword("in") { break }
            items.append(try parseTarget())
        }
        return Expr(.tuple(items), .to(first.range, items.last!.range))
    }

    private mutating func parseTarget() throws(SyntaxError) -> Expr {
        if checkOp("*") { throw unsupported("starred assignment targets are", at: current.range) }
        let target = try parseBitwiseOr()
        try validateAssignmentTarget(target, statementLevel: false)
        return target
    }

    private mutating func parseFunctionDef() throws(SyntaxError) -> Stmt {
        let keyword = advance()
        guard case .name(let name) = current.kind, !pythonKeywords.contains(name) else { throw invalidSyntax() }
        _ = advance()
        _ = try expectOp("(")
        let parameters = try parseParameters(closing: ")")
        let close = try expectOp(")")
        if acceptOp("->") { _ = try parseExpression() }
        let header = SourceRange.to(keyword.range, close.range)
        let body = try parseBlock(after: "function definition", line: keyword.range.line)
        return Stmt(
            .functionDef(FunctionDef(name: name, parameters: parameters, body: body, headerRange: header)), header)
    }

    private mutating func parseParameters(closing: String) throws(SyntaxError) -> Parameters {
        var parameters = Parameters(names: [], defaults: [], ranges: [])
        while !checkOp(closing) {
            if checkOp("*") || checkOp("**") {
                let what =
                    checkOp("*") ? "'*args' parameters (and keyword-only parameters) are" : "'**kwargs' parameters are"
                throw unsupported(what, at: current.range)
            }
            if checkOp("/") { throw unsupported("positional-only parameters ('/') are", at: current.range) }
            guard case .name(let name) = current.kind, !pythonKeywords.contains(name) else { throw invalidSyntax() }
            let token = advance()
            if parameters.names.contains(name) {
                throw SyntaxError("duplicate argument '\(name)' in function definition", at: token.range)
            }
            if closing == ")" && acceptOp(":") { _ = try parseExpression() }
            if acceptOp("=") {
                parameters.defaults.append(try parseExpression())
            } else if !parameters.defaults.isEmpty {
                throw SyntaxError("non-default argument follows default argument", at: token.range)
            }
            parameters.names.append(name)
            parameters.ranges.append(token.range)
            if !acceptOp(",") { break }
        }
        return parameters
    }

    private mutating func parseClassDef() throws(SyntaxError) -> Stmt {
        let keyword = advance()
        guard case .name(let name) = current.kind, !pythonKeywords.contains(name) else { throw invalidSyntax() }
        var header = SourceRange.to(keyword.range, advance().range)
        var base: Expr? = nil
        if acceptOp("(") {
            bracketLevel += 1
            if !checkOp(")") {
                if case .name = current.kind, case .op("=") = next.kind {
                    throw unsupported("class keywords (metaclasses) are", at: current.range)
                }
                base = try parseExpression()
                if acceptOp(","), !checkOp(")") {
                    throw unsupported("multiple inheritance is", at: current.range)
                }
            }
            bracketLevel -= 1
            header = .to(header, try expectOp(")").range)
        }
        let body = try parseBlock(after: "class definition", line: keyword.range.line)
        return Stmt(.classDef(ClassDef(name: name, base: base, body: body, headerRange: header)), header)
    }

    // MARK: - Target validation

    /// How CPython names an expression in "cannot assign to ..." messages.
    private static func describe(_ expr: Expr) -> String {
        switch expr.kind {
        case .constant(.none): "None"
        case .constant(.bool(let b)): b ? "True" : "False"
        case .constant: "literal"
        case .formatted: "f-string expression"
        case .call: "function call"
        case .boolean, .unary(.not, _): "expression"
        case .compare: "comparison"
        case .conditional: "conditional expression"
        case .lambda: "lambda"
        case .listComprehension: "list comprehension"
        case .dictComprehension: "dict comprehension"
        case .dict: "dict literal"
        case .tuple: "tuple"
        case .list: "list"
        default: "expression"
        }
    }

    private func checkAssignableName(_ name: String, at range: SourceRange) throws(SyntaxError) {
        if name == "__debug__" { throw SyntaxError("cannot assign to __debug__", at: range) }
    }

    private func validateAssignmentTarget(_ target: Expr, statementLevel: Bool) throws(SyntaxError) {
        switch target.kind {
        case .name(let n):
            try checkAssignableName(n, at: target.range)
        case .attribute, .subscription:
            break
        case .tuple(let items), .list(let items):
            for item in items { try validateAssignmentTarget(item, statementLevel: false) }
        case .constant(.none), .constant(.bool):
            throw SyntaxError("cannot assign to \(Parser.describe(target))", at: target.range)
        default:
            let suffix = statementLevel ? " here. Maybe you meant '==' instead of '='?" : ""
            throw SyntaxError("cannot assign to \(Parser.describe(target))\(suffix)", at: target.range)
        }
    }

    private func validateDeleteTarget(_ target: Expr) throws(SyntaxError) {
        switch target.kind {
        case .name, .attribute, .subscription:
            break
        case .tuple(let items), .list(let items):
            for item in items { try validateDeleteTarget(item) }
        default:
            throw SyntaxError("cannot delete \(Parser.describe(target))", at: target.range)
        }
    }

    // MARK: - Expressions

    /// `a, b, c` (a tuple when there is a comma) or a single expression.
    private mutating func parseStarExpressions() throws(SyntaxError) -> Expr {
        let first = try parseStarExpression()
        guard checkOp(",") else { return first }
        var items = [first]
        var end = first.range
        while checkOp(",") {
            end = advance().range
            if atStatementEnd || checkOp("=") || checkOp(")") || checkOp(":") || isAugmentedOperator { break }
            let item = try parseStarExpression()
            items.append(item)
            end = item.range
        }
        return Expr(.tuple(items), .to(first.range, end))
    }

    private var isAugmentedOperator: Bool {
        if case .op(let op) = current.kind { return Parser.augmentedOperators.contains(op) }
        return false
    }

    private mutating func parseStarExpression() throws(SyntaxError) -> Expr {
        if checkOp("*") { throw unsupported("starred expressions ('*x') are", at: current.range) }
        return try parseExpression()
    }

    /// A full expression: conditional expressions and lambdas included.
    mutating func parseExpression() throws(SyntaxError) -> Expr {
        try nest()
        defer { depth -= 1 }
        if checkKeyword("lambda") { return try parseLambda() }
        if checkKeyword("yield") { throw unsupported("'yield' (generators) is", at: current.range) }
        let body = try parseDisjunction()
        if checkOp(":="), case .name = body.kind {
            throw unsupported("assignment expressions (':=') are", at: current.range)
        }
        guard checkKeyword("if") else { return body }
        _ = advance()
        let test = try parseDisjunction()
        guard acceptKeyword("else") else {
            throw SyntaxError("expected 'else' after 'if' expression", at: .to(body.range, test.range))
        }
        let orElse = try parseExpression()
        return Expr(.conditional(test: test, body: body, orElse: orElse), .to(body.range, orElse.range))
    }

    private mutating func parseLambda() throws(SyntaxError) -> Expr {
        let keyword = advance()
        let parameters = try parseParameters(closing: ":")
        _ = try expectOp(":")
        let body = try parseExpression()
        return Expr(.lambda(parameters, body), .to(keyword.range, body.range))
    }

    private mutating func parseDisjunction() throws(SyntaxError) -> Expr {
        let first = try parseConjunction()
        guard checkKeyword("or") else { return first }
        var operands = [first]
        let saved = depth
        defer { depth = saved }
        while acceptKeyword("or") {
            try nest()
            operands.append(try parseConjunction())
        }
        return Expr(.boolean(.or, operands), .to(first.range, operands.last!.range))
    }

    private mutating func parseConjunction() throws(SyntaxError) -> Expr {
        let first = try parseInversion()
        guard checkKeyword("and") else { return first }
        var operands = [first]
        let saved = depth
        defer { depth = saved }
        while acceptKeyword("and") {
            try nest()
            operands.append(try parseInversion())
        }
        return Expr(.boolean(.and, operands), .to(first.range, operands.last!.range))
    }

    private mutating func parseInversion() throws(SyntaxError) -> Expr {
        if checkKeyword("not") {
            let keyword = advance()
            try nest()
            defer { depth -= 1 }
            let operand = try parseInversion()
            return Expr(.unary(.not, operand), .to(keyword.range, operand.range))
        }
        return try parseComparison()
    }

    private mutating func comparisonOperator() -> CompareOperator? {
        switch current.kind {
        case .op(let op):
            guard let compare = CompareOperator(rawValue: op) else { return nil }
            _ = advance()
            return compare
        case .name("in"):
            _ = advance()
            return .in
        case .name("not") where next.kind == .name("in"):
            _ = advance()
            _ = advance()
            return .notIn
        case .name("is"):
            _ = advance()
            return acceptKeyword("not") ? .isNot : .is
        default:
            return nil
        }
    }

    private mutating func parseComparison() throws(SyntaxError) -> Expr {
        let first = try parseBitwiseOr()
        var comparisons: [Comparison] = []
        let saved = depth
        defer { depth = saved }
        while let op = comparisonOperator() {
            try nest()
            comparisons.append(Comparison(op: op, right: try parseBitwiseOr()))
        }
        guard let last = comparisons.last else { return first }
        return Expr(.compare(first, comparisons), .to(first.range, last.right.range))
    }

    /// Left-associative binary operator levels, loosest first.
    private static let binaryLevels: [[String]] = [
        ["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "//", "%", "@"],
    ]

    private mutating func parseBitwiseOr() throws(SyntaxError) -> Expr {
        try parseBinary(level: 0)
    }

    private mutating func parseBinary(level: Int) throws(SyntaxError) -> Expr {
        guard level < Parser.binaryLevels.count else { return try parseFactor() }
        var left = try parseBinary(level: level + 1)
        let saved = depth
        defer { depth = saved }
        while case .op(let op) = current.kind, Parser.binaryLevels[level].contains(op) {
            _ = advance()
            try nest()
            let right = try parseBinary(level: level + 1)
            left = Expr(.binary(BinaryOperator(symbol: op)!, left, right), .to(left.range, right.range))
        }
        return left
    }

    private mutating func parseFactor() throws(SyntaxError) -> Expr {
        let token = current
        let op: UnaryOperator? =
            switch token.kind {
            case .op("-"): .negate
            case .op("+"): .plus
            case .op("~"): .invert
            default: nil
            }
        guard let op else { return try parsePower() }
        _ = advance()
        try nest()
        defer { depth -= 1 }
        let operand = try parseFactor()
        return Expr(.unary(op, operand), .to(token.range, operand.range))
    }

    private mutating func parsePower() throws(SyntaxError) -> Expr {
        let base = try parsePrimary()
        guard acceptOp("**") else { return base }
        try nest()
        defer { depth -= 1 }
        let exponent = try parseFactor()
        return Expr(.binary(.power, base, exponent), .to(base.range, exponent.range))
    }

    private mutating func parsePrimary() throws(SyntaxError) -> Expr {
        var expr = try parseAtom()
        let saved = depth
        defer { depth = saved }
        while true {
            if checkOp(".") {
                _ = advance()
                guard case .name(let name) = current.kind, !pythonKeywords.contains(name) else { throw invalidSyntax() }
                let token = advance()
                try nest()
                expr = Expr(.attribute(expr, name), .to(expr.range, token.range))
            } else if checkOp("(") {
                _ = advance()
                try nest()
                expr = try parseCall(expr)
            } else if checkOp("[") {
                _ = advance()
                try nest()
                bracketLevel += 1
                let index = try parseSubscript()
                bracketLevel -= 1
                let close = try expectClosing("]")
                expr = Expr(.subscription(expr, index), .to(expr.range, close.range))
            } else {
                return expr
            }
        }
    }

    private mutating func parseCall(_ callee: Expr) throws(SyntaxError) -> Expr {
        bracketLevel += 1
        var arguments: [Expr] = []
        var keywords: [Keyword] = []
        while !checkOp(")") {
            if checkOp("*") || checkOp("**") {
                throw unsupported("unpacking arguments with '*' or '**' is", at: current.range)
            }
            if case .name(let name) = current.kind, !pythonKeywords.contains(name), case .op("=") = next.kind {
                let nameToken = advance()
                _ = advance()
                let value = try parseExpression()
                if keywords.contains(where: { $0.name == name }) {
                    throw SyntaxError("keyword argument repeated: \(name)", at: nameToken.range)
                }
                keywords.append(Keyword(name: name, value: value, range: .to(nameToken.range, value.range)))
            } else {
                let argument = try parseExpression()
                if checkKeyword("for") {
                    throw unsupported("generator expressions are", at: argument.range)
                }
                if !keywords.isEmpty {
                    throw SyntaxError("positional argument follows keyword argument", at: argument.range)
                }
                arguments.append(argument)
            }
            try checkMissingComma(after: arguments.last ?? keywords.last!.value)
            if !acceptOp(",") { break }
        }
        bracketLevel -= 1
        let close = try expectClosing(")")
        return Expr(.call(callee, arguments: arguments, keywords: keywords), .to(callee.range, close.range))
    }

    private mutating func expectClosing(_ op: String) throws(SyntaxError) -> Token {
        guard checkOp(op) else { throw invalidSyntax() }
        return advance()
    }

    /// Inside brackets, an expression directly followed by another is most likely a missing comma.
    private func checkMissingComma(after expr: Expr) throws(SyntaxError) {
        guard bracketLevel > 0 else { return }
        let startsExpression: Bool
        switch current.kind {
        case .int, .float: startsExpression = true
        case .string: if case .name = expr.kind { startsExpression = false } else { startsExpression = true }
        case .name(let n): startsExpression = !pythonKeywords.contains(n) || ["True", "False", "None"].contains(n)
        case .op("{"): startsExpression = true
        default: startsExpression = false
        }
        if startsExpression {
            throw SyntaxError("invalid syntax. Perhaps you forgot a comma?", at: .to(expr.range, current.range))
        }
    }

    private mutating func parseSubscript() throws(SyntaxError) -> Expr {
        let first = try parseSliceItem()
        guard checkOp(",") else { return first }
        var items = [first]
        while acceptOp(",") {
            if checkOp("]") { break }
            items.append(try parseSliceItem())
        }
        return Expr(.tuple(items), .to(first.range, items.last!.range))
    }

    private mutating func parseSliceItem() throws(SyntaxError) -> Expr {
        let start = current.range
        var lower: Expr? = nil
        if !checkOp(":") {
            lower = try parseExpression()
            guard checkOp(":") else {
                try checkMissingComma(after: lower!)
                return lower!
            }
        }
        _ = advance()
        var upper: Expr? = nil
        var step: Expr? = nil
        var end = start
        if !checkOp(":") && !checkOp("]") && !checkOp(",") {
            upper = try parseExpression()
            end = upper!.range
        }
        if acceptOp(":") {
            if !checkOp("]") && !checkOp(",") {
                step = try parseExpression()
                end = step!.range
            }
        }
        return Expr(.slice(lower, upper, step), .to(lower?.range ?? start, end))
    }

    // MARK: - Atoms

    private mutating func parseAtom() throws(SyntaxError) -> Expr {
        let token = current
        switch token.kind {
        case .name(let name):
            switch name {
            case "True":
                _ = advance()
                return Expr(.constant(.bool(true)), token.range)
            case "False":
                _ = advance()
                return Expr(.constant(.bool(false)), token.range)
            case "None":
                _ = advance()
                return Expr(.constant(.none), token.range)
            case "await", "yield":
                throw unsupported("'\(name)' is", at: token.range)
            default:
                if pythonKeywords.contains(name) { throw invalidSyntax() }
                _ = advance()
                return Expr(.name(name), token.range)
            }
        case .int(let value):
            _ = advance()
            return Expr(.constant(.int(value)), token.range)
        case .float(let value):
            _ = advance()
            return Expr(.constant(.float(value)), token.range)
        case .string:
            return try parseStrings()
        case .op("("):
            return try parseParenthesized()
        case .op("["):
            return try parseList()
        case .op("{"):
            return try parseBraces()
        case .op("..."):
            throw unsupported("Ellipsis ('...') is", at: token.range)
        default:
            throw invalidSyntax()
        }
    }

    /// Adjacent string literals join into one; if any is an f-string the result is an f-string.
    private mutating func parseStrings() throws(SyntaxError) -> Expr {
        var pieces: [FormattedPiece] = []
        var formatted = false
        let first = current.range
        var last = first
        while case .string(let literal) = current.kind {
            last = advance().range
            formatted = formatted || literal.isFormatted
            pieces += try formattedPieces(literal.parts)
        }
        let range = SourceRange.to(first, last)
        if !formatted {
            let text = pieces.reduce(into: "") { text, piece in
                if case .text(let s) = piece { text += s }
            }
            return Expr(.constant(.str(text)), range)
        }
        return Expr(.formatted(pieces), range)
    }

    private func formattedPieces(_ parts: [StringLiteral.Part]) throws(SyntaxError) -> [FormattedPiece] {
        var pieces: [FormattedPiece] = []
        for part in parts {
            switch part {
            case .text(let text):
                pieces.append(.text(text))
            case .field(let field):
                var parser = Parser(tokens: try Lexer.tokenizeExpression(field.expression, at: field.start))
                parser.bracketLevel = 1
                parser.depth = depth
                let value = try parser.parseStarExpressions()
                guard parser.check(.endOfFile) else { throw parser.invalidSyntax() }
                let spec = try field.spec.map { (parts) throws(SyntaxError) in try formattedPieces(parts) }
                pieces.append(.value(value, conversion: field.conversion, spec: spec))
            }
        }
        return pieces
    }

    private mutating func parseParenthesized() throws(SyntaxError) -> Expr {
        let open = advance()
        bracketLevel += 1
        defer { bracketLevel -= 1 }
        if checkOp(")") {
            let close = advance()
            return Expr(.tuple([]), .to(open.range, close.range))
        }
        if checkKeyword("yield") { throw unsupported("'yield' (generators) is", at: current.range) }
        let first = try parseStarExpression()
        if checkKeyword("for") { throw unsupported("generator expressions are", at: first.range) }
        if checkOp(")") {
            let close = advance()
            var grouped = first
            if case .tuple = first.kind { grouped.range = .to(open.range, close.range) }
            return grouped
        }
        try checkMissingComma(after: first)
        guard checkOp(",") else { throw invalidSyntax() }
        var items = [first]
        while acceptOp(",") {
            if checkOp(")") { break }
            let item = try parseStarExpression()
            try checkMissingComma(after: item)
            items.append(item)
        }
        let close = try expectClosing(")")
        return Expr(.tuple(items), .to(open.range, close.range))
    }

    private mutating func parseList() throws(SyntaxError) -> Expr {
        let open = advance()
        bracketLevel += 1
        defer { bracketLevel -= 1 }
        var items: [Expr] = []
        if !checkOp("]") {
            let first = try parseStarExpression()
            if checkKeyword("for") {
                let clauses = try parseComprehensionClauses()
                let close = try expectClosing("]")
                return Expr(.listComprehension(first, clauses), .to(open.range, close.range))
            }
            try checkMissingComma(after: first)
            items.append(first)
            while acceptOp(",") {
                if checkOp("]") { break }
                let item = try parseStarExpression()
                try checkMissingComma(after: item)
                items.append(item)
            }
        }
        let close = try expectClosing("]")
        return Expr(.list(items), .to(open.range, close.range))
    }

    private mutating func parseBraces() throws(SyntaxError) -> Expr {
        let open = advance()
        bracketLevel += 1
        defer { bracketLevel -= 1 }
        var pairs: [(key: Expr, value: Expr)] = []
        if !checkOp("}") {
            if checkOp("**") { throw unsupported("dict unpacking ('**') is", at: current.range) }
            let key = try parseExpression()
            guard acceptOp(":") else {
                throw unsupported("sets are", at: .to(open.range, key.range))
            }
            let value = try parseExpression()
            if checkKeyword("for") {
                let clauses = try parseComprehensionClauses()
                let close = try expectClosing("}")
                return Expr(.dictComprehension(key: key, value: value, clauses), .to(open.range, close.range))
            }
            try checkMissingComma(after: value)
            pairs.append((key, value))
            while acceptOp(",") {
                if checkOp("}") { break }
                let key = try parseExpression()
                guard acceptOp(":") else { throw invalidSyntax() }
                let value = try parseExpression()
                try checkMissingComma(after: value)
                pairs.append((key, value))
            }
        }
        let close = try expectClosing("}")
        return Expr(.dict(pairs), .to(open.range, close.range))
    }

    private mutating func parseComprehensionClauses() throws(SyntaxError) -> [ComprehensionClause] {
        var clauses: [ComprehensionClause] = []
        while acceptKeyword("for") {
            let target = try parseTargetList()
            guard acceptKeyword("in") else { throw invalidSyntax() }
            let iterable = try parseDisjunction()
            var conditions: [Expr] = []
            while acceptKeyword("if") {
                conditions.append(try parseDisjunction())
            }
            clauses.append(ComprehensionClause(target: target, iterable: iterable, conditions: conditions))
        }
        if checkKeyword("async") { throw unsupported("'async' is", at: current.range) }
        return clauses
    }
}
