import CTierCore

public typealias Value = ts_value
typealias StrRef = UnsafeMutablePointer<ts_str>
typealias ListRef = UnsafeMutablePointer<ts_list>
typealias TupleRef = UnsafeMutablePointer<ts_tuple>
typealias DictRef = UnsafeMutablePointer<ts_dict>
typealias ClassRef = UnsafeMutablePointer<ts_class>
typealias InstanceRef = UnsafeMutablePointer<ts_instance>
typealias FunctionRef = UnsafeMutablePointer<ts_function>
typealias BuiltinRef = UnsafeMutablePointer<ts_builtin>
typealias IteratorRef = UnsafeMutablePointer<ts_iterator>
typealias RangeRef = UnsafeMutablePointer<ts_range>
typealias SliceRef = UnsafeMutablePointer<ts_slice>
typealias BigIntRef = UnsafeMutablePointer<ts_bigint>
typealias BoundMethodRef = UnsafeMutablePointer<ts_bound_method>
typealias DictViewRef = UnsafeMutablePointer<ts_dict_view>
typealias FrameRef = UnsafeMutablePointer<ts_frame>

extension ts_value {
    static let null = ts_null()
    static let none = ts_none()
    static let `true` = ts_bool(true)
    static let `false` = ts_bool(false)

    @inline(__always) static func int(_ i: Int64) -> ts_value { ts_int(i) }
    @inline(__always) static func int(_ i: Int) -> ts_value { ts_int(Int64(i)) }
    @inline(__always) static func float(_ f: Double) -> ts_value { ts_float(f) }
    @inline(__always) static func bool(_ b: Bool) -> ts_value { ts_bool(b) }

    /// A value pointing at a heap object of the given kind.
    @inline(__always) init<T>(_ tag: ts_tag, _ object: UnsafeMutablePointer<T>) {
        self.init(tag: tag, u: ts_payload(obj: OpaquePointer(object).map { UnsafeMutablePointer<ts_object>($0) }))
    }

    @inline(__always) init(_ s: StrRef) { self.init(.str, s) }
    @inline(__always) init(_ l: ListRef) { self.init(.list, l) }
    @inline(__always) init(_ t: TupleRef) { self.init(.tuple, t) }
    @inline(__always) init(_ d: DictRef) { self.init(.dict, d) }
    @inline(__always) init(_ c: ClassRef) { self.init(.classObject, c) }

    @inline(__always) var isObject: Bool { tag.rawValue >= ts_tag.str.rawValue }
    @inline(__always) var isNull: Bool { tag == .null }

    @inline(__always) var rawObject: UnsafeMutableRawPointer { UnsafeMutableRawPointer(u.obj.unsafelyUnwrapped) }

    @inline(__always) private func object<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        rawObject.assumingMemoryBound(to: T.self)
    }

    var str: StrRef { object(ts_str.self) }
    var list: ListRef { object(ts_list.self) }
    var tuple: TupleRef { object(ts_tuple.self) }
    var dict: DictRef { object(ts_dict.self) }
    var classObject: ClassRef { object(ts_class.self) }
    var instance: InstanceRef { object(ts_instance.self) }
    var function: FunctionRef { object(ts_function.self) }
    var builtin: BuiltinRef { object(ts_builtin.self) }
    var iterator: IteratorRef { object(ts_iterator.self) }
    var range: RangeRef { object(ts_range.self) }
    var slice: SliceRef { object(ts_slice.self) }
    var bigint: BigIntRef { object(ts_bigint.self) }
    var boundMethod: BoundMethodRef { object(ts_bound_method.self) }
    var dictView: DictViewRef { object(ts_dict_view.self) }

    /// Identity, as Python's `is`: same immediate value or same object.
    @inline(__always) func isIdentical(to other: ts_value) -> Bool {
        tag == other.tag && u.bits == other.u.bits
    }
}

extension UnsafeMutablePointer where Pointee == ts_tuple {
    @inline(__always) var items: UnsafeMutablePointer<ts_value> { ts_tuple_items(self) }
    @inline(__always) var count: Int { Int(pointee.count) }
    var buffer: UnsafeMutableBufferPointer<ts_value> { UnsafeMutableBufferPointer(start: items, count: count) }
}

extension UnsafeMutablePointer where Pointee == ts_list {
    @inline(__always) var count: Int { Int(pointee.count) }
    var buffer: UnsafeMutableBufferPointer<ts_value> {
        UnsafeMutableBufferPointer(start: pointee.items, count: count)
    }
}
