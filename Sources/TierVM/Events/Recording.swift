import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// What a recording knows about the run it captured, enough to replay it on its own: the program's
/// path and full source, the engine options, and which tierscope wrote it.
public struct RecordingHeader: Sendable, Codable, Equatable {
    public static let formatName = "tierscope-recording"
    /// Bumped whenever a reader of the previous version could misread the file. Version 2 added what a
    /// replay shows besides the events: the program's listing and keyframes.
    public static let currentVersion = 2

    public var format: String = RecordingHeader.formatName
    public var version: Int = RecordingHeader.currentVersion
    public var tierscope: String
    public var options: EngineOptions
    public var program: Program

    public struct Program: Sendable, Codable, Equatable {
        public var path: String
        public var source: String
    }

    public init(tierscope: String = TierscopeVersion.current, options: EngineOptions, path: String, source: String) {
        self.tierscope = tierscope
        self.options = options
        program = Program(path: path, source: source)
    }
}

/// The version of tierscope, written into recordings.
public enum TierscopeVersion {
    public static let current = "0.1.0"
}

/// A run read back from a `.tsrec` file.
public struct Recording: Sendable {
    public var header: RecordingHeader
    public var events: [Event]
    /// The program as compiled (absent from format 1, and when the program did not compile).
    public var listing: ProgramListing?
    /// Snapshots of the engine after some of the events, in order (none in format 1).
    public var keyframes: [Keyframe] = []

    /// Whether the recording reaches the end of the run (a killed run's recording stops short).
    public var isComplete: Bool {
        if case .programFinished = events.last?.kind { return true }
        return false
    }
}

/// Why a recording could not be read, said so a person can act on it.
public enum RecordingError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case empty(path: String)
    case notARecording(path: String)
    case newerVersion(path: String, version: Int)
    case corrupt(path: String, line: Int, reason: String)
    case truncated(path: String, line: Int)
    /// Readable, but without what the panes show: the events are all there is.
    case eventsOnly(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read the recording: \(reason)"
        case .empty(let path): "\(path): the recording is empty"
        case .notARecording(let path): "\(path): not a tierscope recording (it has no tierscope header)"
        case .newerVersion(let path, let version):
            "\(path): recorded in format \(version) by a newer tierscope; this one reads format \(RecordingHeader.currentVersion) and older"
        case .corrupt(let path, let line, let reason): "\(path):\(line): the recording is corrupt: \(reason)"
        case .truncated(let path, let line): "\(path):\(line): the recording is cut off in the middle of a line"
        case .eventsOnly(let path, let reason):
            "\(path): \(reason), so there is nothing for the panes to show; `tierscope replay --text` prints its events"
        }
    }
}

/// Writes a run as versioned JSON Lines: the header, then one event per line, as they happen, and,
/// for a run that is observed (`Engine.launch`), the program's listing once it has compiled and a
/// keyframe after events (`wantsKeyframe`). A synchronous subscriber: it never drops an event.
///
/// Events arrive under the bus's lock and keyframes after it, both on the engine's thread, so the
/// writes never interleave.
public final class Recorder: SynchronousSubscriber, @unchecked Sendable {
    private let file: UnsafeMutablePointer<FILE>
    private var keyframes = KeyframeCoder()
    /// Every event up to this one gets a keyframe, so that a replay of a run of this size shows the
    /// engine exactly as it was at any event; after it, every `keyframeInterval`-th event does, and
    /// every event that changes what the panes show beyond counts.
    public var denseKeyframes: UInt64 = 20_000
    public var keyframeInterval: UInt64 = 100

    /// Opens `path` for writing and writes the header.
    public init(path: String, header: RecordingHeader) throws(RecordingError) {
        guard let file = fopen(path, "w") else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        self.file = file
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        write(Array(try! encoder.encode(header)))
    }

    deinit {
        fclose(file)
    }

    public func receive(_ event: Event) {
        write(Array(event.jsonLine().utf8))
        if case .programFinished = event.kind { fflush(file) }
    }

    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
        fputc(0x0A, file)
    }

    /// Writes everything buffered to the file.
    public func flush() { fflush(file) }

    /// Writes the program's listing (once it has compiled; a replay shows the panes from it).
    public func write(listing: ProgramListing) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        write(Array("{\"listing\":".utf8) + Array(try! encoder.encode(listing)) + [UInt8(ascii: "}")])
    }

    /// Whether a snapshot of the engine should follow `event` in the recording.
    public func wantsKeyframe(after event: Event) -> Bool {
        if event.sequence <= denseKeyframes || event.sequence % max(1, keyframeInterval) == 0 { return true }
        switch event.kind {
        case .instructionSpecialized, .instructionDespecialized, .traceRecorded, .optimizerPass, .jitCompiled,
            .jitFreed, .jitEvicted, .sideTraceAttached, .traceInvalidated, .programFinished:
            return true
        default:
            return false
        }
    }

    /// Writes a keyframe: the engine as it was right after event `keyframe.after`.
    public func write(_ keyframe: Keyframe) {
        write(keyframes.encode(keyframe))
        if keyframe.result != nil { fflush(file) }
    }
}

extension Recording {
    /// Reads a recording file.
    public static func read(path: String) throws(RecordingError) -> Recording {
        switch FileInput.bytes(atPath: path) {
        case .success(let bytes): return try parse(bytes, path: path)
        case .failure(let failure): throw .unreadable(path: path, reason: failure.reason)
        }
    }

    /// Parses the bytes of a recording.
    public static func parse(_ bytes: [UInt8], path: String) throws(RecordingError) -> Recording {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { throw .empty(path: path) }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let endsWithNewline = bytes.last == 0x0A
        if endsWithNewline { lines.removeLast() }
        let decoder = JSONDecoder()

        struct VersionProbe: Decodable {
            var format: String?
            var version: Int?
        }
        guard let probe = try? decoder.decode(VersionProbe.self, from: Data(lines[0])),
            probe.format == RecordingHeader.formatName, let version = probe.version
        else {
            if lines.count == 1 && !endsWithNewline && bytes.starts(with: Array("{\"format\"".utf8)) {
                throw .truncated(path: path, line: 1)
            }
            throw .notARecording(path: path)
        }
        if version > RecordingHeader.currentVersion { throw .newerVersion(path: path, version: version) }
        let header: RecordingHeader
        do {
            header = try decoder.decode(RecordingHeader.self, from: Data(lines[0]))
        } catch {
            throw .corrupt(path: path, line: 1, reason: "the header is incomplete: \(describe(error))")
        }

        var events: [Event] = []
        var listing: ProgramListing?
        var keyframes: [Keyframe] = []
        var coder = KeyframeCoder()
        for (index, line) in lines.enumerated().dropFirst() {
            let lineNumber = index + 1
            do {
                if line.starts(with: keyframePrefix) {
                    let keyframe = try coder.decode(line, decoder: decoder)
                    // The run's last keyframe, with its end, may follow the keyframe of the same event.
                    if keyframes.last?.after == keyframe.after { keyframes.removeLast() }
                    keyframes.append(keyframe)
                } else if line.starts(with: listingPrefix) {
                    listing = try decoder.decode(ListingLine.self, from: Data(line)).listing
                } else {
                    let event = try decoder.decode(Event.self, from: Data(line))
                    let expected = (events.last?.sequence ?? 0) + 1
                    guard event.sequence == expected else {
                        throw RecordingError.corrupt(
                            path: path, line: lineNumber,
                            reason: "event \(event.sequence) follows \(expected - 1); events are missing")
                    }
                    events.append(event)
                }
            } catch let error as RecordingError {
                throw error
            } catch let problem as KeyframeCoder.Problem {
                throw .corrupt(path: path, line: lineNumber, reason: problem.reason)
            } catch {
                if index == lines.count - 1 && !endsWithNewline { throw .truncated(path: path, line: lineNumber) }
                throw .corrupt(path: path, line: lineNumber, reason: describe(error))
            }
        }
        return Recording(header: header, events: events, listing: listing, keyframes: keyframes)
    }

    private static let keyframePrefix = Array("{\"keyframe\":".utf8)
    private static let listingPrefix = Array("{\"listing\":".utf8)

    private struct ListingLine: Decodable {
        var listing: ProgramListing
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "the field '\(key.stringValue)' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "a field has the wrong type (\(context.codingPath.map(\.stringValue).joined(separator: ".")))"
        case DecodingError.dataCorrupted(let context):
            context.debugDescription.isEmpty ? "not valid JSON" : context.debugDescription
        default: "not valid JSON"
        }
    }
}
