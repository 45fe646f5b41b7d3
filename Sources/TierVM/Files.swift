#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered-enough writes to the standard streams without Foundation.
public struct FileOutput: Sendable {
    public let descriptor: Int32
    public static let standardOutput = FileOutput(descriptor: 1)
    public static let standardError = FileOutput(descriptor: 2)

    public func write(_ text: String) {
        write(Array(text.utf8))
    }

    public func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return
            }
            offset += n
        }
    }

    /// Writes `text` as the whole of the file at `path`; false if it could not be.
    public static func replaceContents(ofFile path: String, with text: String) -> Bool {
        guard let file = fopen(path, "wb") else { return false }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        return fclose(file) == 0 && written == bytes.count
    }
}

/// Whole files read without Foundation: programs, recordings, benchmark inputs.
public enum FileInput {
    /// Why a file could not be read: the C library's error number and its message.
    public struct Failure: Error, Sendable {
        public var errno: Int32
        public var reason: String
    }

    public static func bytes(atPath path: String) -> Result<[UInt8], Failure> {
        guard let file = fopen(path, "rb") else {
            return .failure(Failure(errno: errno, reason: String(cString: strerror(errno))))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return .success(bytes)
    }
}
