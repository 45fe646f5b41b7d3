import MachineCode
import TierVM

/// One row of the machine-code pane: a micro-op's (or stub's) heading, or one instruction under it.
public struct MachineCodeRow: Sendable, Hashable {
    public var text: String
    public var isHeading: Bool
    /// The micro-op the row belongs to, as an index into the trace's entries (nil for the stubs).
    public var entry: Int?
    /// Whether the instruction holds a patched hole (the text then ends with what was patched).
    public var isPatched: Bool
}

extension RunModel {
    /// The machine-code pane's rows for a compiled trace: disassembled once per trace, when both its
    /// `jitCompiled` event and its snapshot are in.
    public func machineCodeRows(trace id: Int) -> [MachineCodeRow]? {
        if let cached = machineCodeCache[id] { return cached }
        guard let compiled = compiledTraces[id], let snapshot = trace(id) else { return nil }
        let liveEntries = snapshot.entries.indices.filter { snapshot.entries[$0].isLive }
        var rows: [MachineCodeRow] = []
        for block in MachineCode.blocks(compiled, trace: snapshot) {
            var entry: Int?
            if case .microOp(let k) = block.owner, k < liveEntries.count { entry = liveEntries[k] }
            rows.append(MachineCodeRow(text: block.title, isHeading: true, entry: entry, isPatched: false))
            for line in block.lines {
                var text = String(line.address & 0xFFFF, radix: 16).leftPadded(to: 4) + "  " + line.text
                if !line.note.isEmpty { text += "   ; " + line.note }
                rows.append(MachineCodeRow(text: text, isHeading: false, entry: entry, isPatched: line.isPatched))
            }
        }
        machineCodeCache[id] = rows
        return rows
    }
}
