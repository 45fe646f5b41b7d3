import CTierCore

// Type objects: the built-in types and exception classes, user classes, and the questions asked of
// them (what is the type of this value, is it a subclass of that, what does the class chain hold).

extension VM {
    private func makeBuiltinType(_ name: String, tag: ts_tag?, base: ClassRef?, exception: Bool = false) -> ClassRef {
        let c = heap.allocate(ts_class.self, kind: .classObject, immortal: true)
        c.pointee.name = intern(name)
        c.pointee.base = base
        c.pointee.dict = heap.allocateDict(immortal: true)
        c.pointee.layout = heap.allocateDict(immortal: true)
        // A built-in type's version is its instances' tag: what `ts_type_version` reports for them.
        c.pointee.version = UInt32((tag ?? ts_tag.instance).rawValue)
        c.pointee.instance_tag = UInt32((tag ?? ts_tag.instance).rawValue)
        c.pointee.flags = UInt32(TS_CLASS_BUILTIN) | (exception ? UInt32(TS_CLASS_EXCEPTION) : 0)
        builtinTypes[name] = c
        if let tag, typeByTag[Int(tag.rawValue)] == nil { typeByTag[Int(tag.rawValue)] = c }
        if tag == nil && !exception { c.pointee.instance_tag = UInt32(ts_tag.null.rawValue) }
        return c
    }

    /// The exception classes and their bases, as in CPython's hierarchy.
    static let exceptionHierarchy: [(String, String)] = [
        ("BaseException", "object"), ("Exception", "BaseException"), ("KeyboardInterrupt", "BaseException"),
        ("ArithmeticError", "Exception"), ("ZeroDivisionError", "ArithmeticError"),
        ("OverflowError", "ArithmeticError"), ("LookupError", "Exception"), ("IndexError", "LookupError"),
        ("KeyError", "LookupError"), ("TypeError", "Exception"), ("ValueError", "Exception"),
        ("NameError", "Exception"), ("UnboundLocalError", "NameError"), ("AttributeError", "Exception"),
        ("RuntimeError", "Exception"), ("RecursionError", "RuntimeError"),
        ("NotImplementedError", "RuntimeError"), ("AssertionError", "Exception"),
        ("StopIteration", "Exception"), ("MemoryError", "Exception"),
    ]

    /// Types that programs can name as builtins.
    static let nameableTypes = ["object", "type", "int", "float", "str", "bool", "list", "tuple", "dict", "range"]

    func bootstrapTypes() {
        let object = makeBuiltinType("object", tag: nil, base: nil)
        objectType = object
        typeType = makeBuiltinType("type", tag: .classObject, base: object)
        _ = makeBuiltinType("NoneType", tag: ts_tag.none, base: object)
        let int = makeBuiltinType("int", tag: .int, base: object)
        typeByTag[Int(ts_tag.bigint.rawValue)] = int
        _ = makeBuiltinType("bool", tag: .bool, base: int)
        _ = makeBuiltinType("float", tag: .float, base: object)
        _ = makeBuiltinType("str", tag: .str, base: object)
        _ = makeBuiltinType("list", tag: .list, base: object)
        _ = makeBuiltinType("tuple", tag: .tuple, base: object)
        _ = makeBuiltinType("dict", tag: .dict, base: object)
        _ = makeBuiltinType("range", tag: .range, base: object)
        _ = makeBuiltinType("slice", tag: .slice, base: object)
        _ = makeBuiltinType("function", tag: .function, base: object)
        _ = makeBuiltinType("builtin_function_or_method", tag: .builtin, base: object)
        _ = makeBuiltinType("method", tag: .boundMethod, base: object)
        _ = makeBuiltinType("iterator", tag: .iterator, base: object)
        _ = makeBuiltinType("dict_view", tag: .dictView, base: object)
        for (name, base) in VM.exceptionHierarchy {
            _ = makeBuiltinType(name, tag: nil, base: builtinTypes[base]!, exception: true)
        }
        for name in VM.nameableTypes + VM.exceptionHierarchy.map(\.0) {
            setItem(builtinsDict, string: intern(name), ts_value(builtinTypes[name]!))
        }
        let notImplementedType = makeBuiltinType("NotImplementedType", tag: nil, base: object)
        let singleton = heap.allocate(ts_instance.self, kind: .instance, immortal: true)
        singleton.pointee.cls = notImplementedType
        notImplemented = ts_value(.instance, singleton)
        setItem(builtinsDict, string: intern("NotImplemented"), notImplemented)
    }

    /// The class of a value (`type(v)`).
    func typeOf(_ v: ts_value) -> ClassRef {
        switch v.tag {
        case .instance: return v.instance.pointee.cls
        case .null: return objectType
        case .iterator, .dictView, .boundMethod: return builtinType(named: typeName(v))
        default: return typeByTag[Int(v.tag.rawValue)]!
        }
    }

    /// A built-in type known only by name (the iterator kinds, dict views), made on first use.
    func builtinType(named name: String) -> ClassRef {
        if let c = builtinTypes[name] { return c }
        return makeBuiltinType(name, tag: nil, base: objectType)
    }

    /// The type's name as error messages show it (`'int'`, `'list_iterator'`, `'Point'`).
    func typeName(_ v: ts_value) -> String {
        switch v.tag {
        case .iterator:
            let it = v.iterator.pointee
            switch it.kind {
            case .sequence:
                switch it.source.tag {
                case .list: return "list_iterator"
                case .tuple: return "tuple_iterator"
                case .range: return "longrange_iterator"
                default: return it.source.tag == .str && !it.source.str.isASCII ? "str_iterator" : "str_ascii_iterator"
                }
            case .range: return "range_iterator"
            case .dict: return ["dict_keyiterator", "dict_valueiterator", "dict_itemiterator"][Int(it.step)]
            case .enumerate: return "enumerate"
            case .zip: return "zip"
            case .reversed: return it.source.tag == .list ? "list_reverseiterator" : "reversed"
            }
        case .dictView:
            return ["dict_keys", "dict_values", "dict_items"][Int(v.dictView.pointee.which)]
        case .boundMethod:
            return v.boundMethod.pointee.function.tag == .builtin ? "builtin_function_or_method" : "method"
        default:
            return typeOf(v).pointee.name.string
        }
    }

    func isSubclass(_ c: ClassRef, of base: ClassRef) -> Bool {
        var k: ClassRef? = c
        while let current = k {
            if current == base { return true }
            k = current.pointee.base
        }
        return false
    }

    func isInstance(_ v: ts_value, of c: ClassRef) -> Bool {
        isSubclass(typeOf(v), of: c)
    }

    /// `isinstance(v, classinfo)`: a class, or a tuple of classinfos, nested to any depth and tried in
    /// order, so an entry that is not a type only fails once it is reached.
    func isInstance(_ v: ts_value, ofAny classinfo: ts_value) throws(PyError) -> Bool {
        switch classinfo.tag {
        case .classObject:
            return isInstance(v, of: classinfo.classObject)
        case .tuple:
            try enterNested(" in __instancecheck__")
            defer { reprDepth -= 1 }
            for c in classinfo.tuple.buffer where try isInstance(v, ofAny: c) { return true }
            return false
        default:
            throw PyError.typeError("isinstance() arg 2 must be a type, a tuple of types, or a union")
        }
    }

    /// Looks a name up along the class chain (the class's MRO, single inheritance).
    func lookupInClass(_ c: ClassRef, _ name: StrRef) -> ts_value? {
        var k: ClassRef? = c
        while let current = k {
            if let v = getItem(current.pointee.dict, string: name) { return v }
            k = current.pointee.base
        }
        return nil
    }

    func isException(_ c: ClassRef) -> Bool { c.pointee.flags & UInt32(TS_CLASS_EXCEPTION) != 0 }

    /// What a call of `cls` runs: a built-in type's constructor (`int(...)`, `range(...)`); nil for user
    /// classes and exceptions, whose calls make an instance and run its `__init__`.
    func constructor(of cls: ClassRef) -> BuiltinRef? {
        let tag = Int(cls.pointee.instance_tag)
        guard tag < constructors.count, !isException(cls) else { return nil }
        return constructors[tag]
    }
    func isBuiltin(_ c: ClassRef) -> Bool { c.pointee.flags & UInt32(TS_CLASS_BUILTIN) != 0 }

    /// Creates a user class for a `class` statement; its body fills `dict` afterwards.
    func makeClass(name: StrRef, base: ClassRef?) throws(PyError) -> ClassRef {
        let base = base ?? objectType!
        if isBuiltin(base) && base != objectType && !isException(base) {
            throw PyError.typeError(
                "subclassing the built-in type '\(base.pointee.name.string)' is not supported by tierscope")
        }
        let c = heap.allocate(ts_class.self, kind: .classObject)
        c.pointee.name = name
        c.pointee.base = base
        c.pointee.dict = heap.allocateDict()
        c.pointee.layout = heap.allocateDict()
        c.pointee.version = nextTypeVersion
        nextTypeVersion += 1
        c.pointee.instance_tag = UInt32(ts_tag.instance.rawValue)
        c.pointee.flags = base.pointee.flags & UInt32(TS_CLASS_EXCEPTION)
        userClasses.append(c)
        return c
    }

    /// Gives `c` and every class derived from it a new version: their cached lookups are stale.
    func classChanged(_ c: ClassRef) {
        for k in userClasses where isSubclass(k, of: c) {
            k.pointee.version = nextTypeVersion
            nextTypeVersion += 1
            classInvalidates(k)
        }
    }
}
