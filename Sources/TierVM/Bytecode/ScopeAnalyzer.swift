/// Finds which names a function body binds (its locals) and which it declares global, the way CPython's
/// symbol table does, before any code is generated.
struct ScopeAnalyzer {
    private(set) var bound: [String] = []
    private var boundSet: Set<String> = []
    private(set) var globals: Set<String> = []
    /// Names seen so far in source order, to reject a `global` that comes after a use.
    private var used: [String: (assigned: Bool, range: SourceRange)] = [:]
    private let parameters: Set<String>

    private init(parameters: [String]) {
        self.parameters = Set(parameters)
        for p in parameters { bind(p) }
    }

    /// Analyses a function (or lambda) body.
    static func analyze(parameters: [String], body: [Stmt]) throws(SyntaxError) -> ScopeAnalyzer {
        var analyzer = ScopeAnalyzer(parameters: parameters)
        try analyzer.visit(body)
        return analyzer
    }

    /// Collects the `global` declarations of a module or class body.
    static func globals(of body: [Stmt]) throws(SyntaxError) -> Set<String> {
        var analyzer = ScopeAnalyzer(parameters: [])
        try analyzer.visit(body)
        return analyzer.globals
    }

    private mutating func bind(_ name: String) {
        if boundSet.insert(name).inserted { bound.append(name) }
    }

    /// The locals: bound names that are not declared global.
    var locals: [String] { bound.filter { !globals.contains($0) } }

    private mutating func visit(_ body: [Stmt]) throws(SyntaxError) {
        for statement in body { try visit(statement) }
    }

    private mutating func note(_ name: String, assigned: Bool, at range: SourceRange) {
        if used[name] == nil || assigned { used[name] = (assigned, range) }
        if assigned { bind(name) }
    }

    private mutating func visit(_ statement: Stmt) throws(SyntaxError) {
        switch statement.kind {
        case .expression(let e):
            visit(e)
        case .assign(let targets, let value):
            visit(value)
            for t in targets { visitTarget(t) }
        case .augmentedAssign(let target, _, let value):
            visit(value)
            if case .name(let n) = target.kind { note(n, assigned: true, at: target.range) } else { visit(target) }
        case .if(let test, let body, let orElse), .while(let test, let body, let orElse):
            visit(test)
            try visit(body)
            try visit(orElse)
        case .for(let target, let iterable, let body, let orElse):
            visit(iterable)
            visitTarget(target)
            try visit(body)
            try visit(orElse)
        case .break, .continue, .pass:
            break
        case .functionDef(let def):
            for d in def.parameters.defaults { visit(d) }
            note(def.name, assigned: true, at: statement.range)
        case .classDef(let def):
            if let base = def.base { visit(base) }
            note(def.name, assigned: true, at: statement.range)
        case .return(let value):
            if let value { visit(value) }
        case .global(let names):
            for name in names {
                if parameters.contains(name) {
                    throw SyntaxError("name '\(name)' is parameter and global", at: statement.range)
                }
                if let use = used[name] {
                    let how = use.assigned ? "is assigned to before" : "is used prior to"
                    throw SyntaxError("name '\(name)' \(how) global declaration", at: statement.range)
                }
                globals.insert(name)
            }
        case .assert(let test, let message):
            visit(test)
            if let message { visit(message) }
        case .delete(let targets):
            for t in targets { visitTarget(t) }
        case .raise(let e):
            if let e { visit(e) }
        }
    }

    private mutating func visitTarget(_ target: Expr) {
        switch target.kind {
        case .name(let n): note(n, assigned: true, at: target.range)
        case .tuple(let items), .list(let items): for i in items { visitTarget(i) }
        default: visit(target)
        }
    }

    /// Records the names an expression reads. Lambdas and comprehension variables are their own scopes.
    private mutating func visit(_ expr: Expr) {
        switch expr.kind {
        case .name(let n):
            note(n, assigned: false, at: expr.range)
        case .constant:
            break
        case .formatted(let pieces):
            visit(pieces)
        case .unary(_, let e), .attribute(let e, _):
            visit(e)
        case .binary(_, let a, let b), .subscription(let a, let b):
            visit(a)
            visit(b)
        case .boolean(_, let items), .list(let items), .tuple(let items):
            for i in items { visit(i) }
        case .compare(let first, let rest):
            visit(first)
            for c in rest { visit(c.right) }
        case .call(let f, let args, let keywords):
            visit(f)
            for a in args { visit(a) }
            for k in keywords { visit(k.value) }
        case .slice(let a, let b, let c):
            for e in [a, b, c] { if let e { visit(e) } }
        case .dict(let pairs):
            for p in pairs {
                visit(p.key)
                visit(p.value)
            }
        case .conditional(let t, let b, let o):
            visit(t)
            visit(b)
            visit(o)
        case .lambda(let parameters, _):
            for d in parameters.defaults { visit(d) }
        case .listComprehension(_, let clauses), .dictComprehension(_, _, let clauses):
            if let first = clauses.first { visit(first.iterable) }
        }
    }

    private mutating func visit(_ pieces: [FormattedPiece]) {
        for piece in pieces {
            if case .value(let e, _, let spec) = piece {
                visit(e)
                if let spec { visit(spec) }
            }
        }
    }
}
