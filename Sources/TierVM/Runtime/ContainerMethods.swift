import CTierCore

// Methods of list, tuple and dict (and the few of int and float programs use).

extension VM {
    /// The first position in `from..<to` holding `item`. The list is read afresh at each step, as CPython
    /// does: comparing may run Python code that changes it.
    private func indexOf(_ item: ts_value, in sequence: ts_value, from: Int, to: Int) throws(PyError) -> Int? {
        var i = max(0, from)
        while i < to {
            let items = self.items(of: sequence)
            guard i < items.count else { return nil }
            if try isSame(items[i], item) { return i }
            i += 1
        }
        return nil
    }

    /// The items of a list or tuple.
    func items(of sequence: ts_value) -> UnsafeMutableBufferPointer<ts_value> {
        sequence.tag == .list ? sequence.list.buffer : sequence.tuple.buffer
    }

    /// The `start`/`end` of `list.index` and `tuple.index`: clipped like slice bounds, None refused.
    private func clampedRange(_ args: Arguments, from position: Int, length: Int) throws(PyError) -> (Int, Int) {
        func bound(_ i: Int, _ fallback: Int) throws(PyError) -> Int {
            guard i < args.count else { return fallback }
            let n = try sliceIndex(args[i], "slice indices must be integers or have an __index__ method")
            return n < 0 ? max(0, n + length) : min(n, length)
        }
        return (try bound(position, 0), try bound(position + 1, length))
    }

    func registerListMethods() {
        defineMethod(.list, "append") { vm, args throws(PyError) in
            guard args.count == 2 else {
                throw PyError.typeError("list.append() takes exactly one argument (\(args.count - 1) given)")
            }
            args[0].list.append(args[1], heap: vm.heap)
            return .none
        }
        defineMethod(.list, "extend") { vm, args throws(PyError) in
            guard args.count == 2 else {
                throw PyError.typeError("list.extend() takes exactly one argument (\(args.count - 1) given)")
            }
            try vm.extend(args[0].list, with: args[1])
            return .none
        }
        defineMethod(.list, "pop") { vm, args throws(PyError) in
            try vm.methodArity(args, "pop", 0...1)
            let list = args[0].list
            if list.count == 0 { throw PyError.indexError("pop from empty list") }
            let index = args.count > 1 ? args[1] : .int(-1)
            guard index.isIntegral else {
                throw PyError.typeError("'\(vm.typeName(index))' object cannot be interpreted as an integer")
            }
            guard let i = try vm.normalizedIndex(index, length: list.count) else {
                throw PyError.indexError("pop index out of range")
            }
            return list.remove(at: i)
        }
        defineMethod(.list, "insert") { vm, args throws(PyError) in
            guard args.count == 3 else { throw PyError.typeError("insert expected 2 arguments, got \(args.count - 1)") }
            let list = args[0].list
            var i = try vm.machineInt(args[1])
            if i < 0 { i = max(0, i + list.count) }
            list.insert(args[2], at: min(i, list.count), heap: vm.heap)
            return .none
        }
        defineMethod(.list, "remove") { vm, args throws(PyError) in
            guard args.count == 2 else {
                throw PyError.typeError("list.remove() takes exactly one argument (\(args.count - 1) given)")
            }
            let list = args[0].list
            guard let i = try vm.indexOf(args[1], in: args[0], from: 0, to: list.count) else {
                throw PyError.valueError("list.remove(x): x not in list")
            }
            list.remove(at: i)
            return .none
        }
        defineMethod(.list, "reverse") { _, args throws(PyError) in
            var items = args[0].list.buffer
            items.reverse()
            return .none
        }
        defineMethod(.list, "sort") { vm, args throws(PyError) in
            try args.checkKeywords("sort", allowed: ["key", "reverse"])
            guard args.count == 1 else { throw PyError.typeError("sort() takes no positional arguments") }
            try vm.sort(args[0].list, key: args.keyword("key"), reverse: args.keyword("reverse"))
            return .none
        }
        defineMethod(.list, "copy") { vm, args throws(PyError) in
            ts_value(vm.heap.makeList(args[0].list.buffer))
        }
        defineMethod(.list, "clear") { _, args throws(PyError) in
            args[0].list.pointee.count = 0
            return .none
        }
        for (tag, kind) in [(ts_tag.list, "list"), (ts_tag.tuple, "tuple")] {
            defineMethod(tag, "count") { vm, args throws(PyError) in
                guard args.count == 2 else {
                    throw PyError.typeError("\(kind).count() takes exactly one argument (\(args.count - 1) given)")
                }
                // Indexed afresh at each step: comparing may run Python code that changes the list.
                var n = 0
                var i = 0
                while i < vm.items(of: args[0]).count {
                    if try vm.isSame(vm.items(of: args[0])[i], args[1]) { n += 1 }
                    i += 1
                }
                return .int(n)
            }
            defineMethod(tag, "index") { vm, args throws(PyError) in
                try vm.arity(args.droppingReceiver, "index", 1...3)
                let (from, to) = try vm.clampedRange(args, from: 2, length: vm.items(of: args[0]).count)
                guard let i = try vm.indexOf(args[1], in: args[0], from: from, to: to) else {
                    // CPython words the two differently.
                    let message =
                        kind == "list" ? "\(try vm.reprText(args[1])) is not in list" : "tuple.index(x): x not in tuple"
                    throw PyError.valueError(message)
                }
                return .int(i)
            }
        }
        defineMethod(.int, "bit_length") { _, args throws(PyError) in
            let v = args[0]
            if v.tag == .bigint {
                return .int(Int64(ts_big_bit_length(ts_bigint_limbs(v.bigint), v.bigint.pointee.size)))
            }
            return .int(64 - v.u.i.magnitude.leadingZeroBitCount)
        }
        defineMethod(.float, "is_integer") { _, args throws(PyError) in
            let x = args[0].u.f
            return .bool(x.isFinite && x == x.rounded(.towardZero))
        }
    }

    private func dictView(_ d: ts_value, _ which: Int64) -> ts_value {
        let view = heap.allocate(ts_dict_view.self, kind: .dictView)
        view.pointee.dict = d.dict
        view.pointee.which = which
        return ts_value(.dictView, view)
    }

    func registerDictMethods() {
        defineMethod(.dict, "get") { vm, args throws(PyError) in
            try vm.methodArity(args, "get", 1...2)
            return try vm.getItem(args[0].dict, args[1]) ?? (args.count > 2 ? args[2] : .none)
        }
        defineMethod(.dict, "keys") { vm, args throws(PyError) in vm.dictView(args[0], 0) }
        defineMethod(.dict, "values") { vm, args throws(PyError) in vm.dictView(args[0], 1) }
        defineMethod(.dict, "items") { vm, args throws(PyError) in vm.dictView(args[0], 2) }
        defineMethod(.dict, "pop") { vm, args throws(PyError) in
            try vm.methodArity(args, "pop", 1...2)
            if let v = try vm.deleteItem(args[0].dict, args[1]) { return v }
            if args.count > 2 { return args[2] }
            throw PyError("KeyError", try vm.reprText(args[1]))
        }
        defineMethod(.dict, "popitem") { vm, args throws(PyError) in
            let d = args[0].dict
            guard let last = d.entries.last(where: { !$0.key.isNull }) else {
                throw PyError("KeyError", "'popitem(): dictionary is empty'")
            }
            try vm.deleteItem(d, last.key)
            return ts_value(vm.heap.makeTuple([last.key, last.value]))
        }
        defineMethod(.dict, "setdefault") { vm, args throws(PyError) in
            try vm.methodArity(args, "setdefault", 1...2)
            if let v = try vm.getItem(args[0].dict, args[1]) { return v }
            let value = args.count > 2 ? args[2] : ts_value.none
            try vm.setItem(args[0].dict, args[1], value)
            return value
        }
        defineMethod(.dict, "update") { vm, args throws(PyError) in
            try vm.methodArity(args, "update", 0...1)
            if args.count == 2 { try vm.update(args[0].dict, from: args[1]) }
            if let names = args.keywordNames {
                for i in 0..<names.count { vm.setItem(args[0].dict, string: names.items[i].str, args.keywordValues[i]) }
            }
            return .none
        }
        defineMethod(.dict, "copy") { vm, args throws(PyError) in ts_value(vm.copyDict(args[0].dict)) }
        defineMethod(.dict, "clear") { vm, args throws(PyError) in
            vm.clear(args[0].dict)
            return .none
        }
    }
}
