import Foundation
import Testing

@testable import TierVM

@Suite("Engine options")
struct EngineOptionsTests {
    @Test("a recording made when the options still had jitAfter reads, with the options it names")
    func recordingWithJitAfterReads() throws {
        let (file, live) = try RecordingTests.record("print(1)\n")
        let text = String(decoding: RecordingTests.bytes(file), as: UTF8.self)
        #expect(!text.contains("jitAfter"))
        let older = text.replacingOccurrences(of: "\"options\":{", with: "\"options\":{\"jitAfter\":0,")
        try #require(older != text)
        let recording = try Recording.parse(Array(older.utf8), path: "old.tsrec")
        #expect(recording.header.options == EngineOptions())
        #expect(recording.events == live)
    }
}
