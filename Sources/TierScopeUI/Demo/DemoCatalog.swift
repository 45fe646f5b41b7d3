import Foundation
import TierVM

/// The demos on disk (`Demos/*.py`), found from where tierscope runs: `Demos/` in the current directory
/// (the README's commands run from the repository root), else beside the executable or above it (a
/// binary in `.build/release/` of a checkout). Listed in the workshop's running order, which
/// `Demos/workshop.txt` gives (one name a line); demos it does not name follow in alphabetical order.
public struct DemoCatalog: Sendable {
    public struct Demo: Sendable, Equatable {
        public var name: String
        public var path: String
        /// The first line of the demo's header; the file name's stem if it has none.
        public var title: String
    }

    public let directory: String
    public let demos: [Demo]

    /// Why a demo could not be opened, said so a person can act on it.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noDirectory(searched: [String])
        case unknown(name: String, known: [String])

        public var description: String {
            switch self {
            case .noDirectory(let searched):
                "tierscope: cannot find the demos (looked for a Demos directory in \(searched.joined(separator: ", "))); "
                    + "run tierscope from the repository's root"
            case .unknown(let name, let known):
                "tierscope: there is no demo '\(name)'; the demos are: \(known.joined(separator: ", "))"
            }
        }
    }

    /// The catalog of the first `Demos` directory found in `currentDirectory`, then in the executable's
    /// directory and each directory above it.
    public static func locate(
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String = Self.executablePath
    ) throws(Failure) -> DemoCatalog {
        var candidates = [currentDirectory]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while directory.path != "/" && !directory.path.isEmpty {
            candidates.append(directory.path)
            directory.deleteLastPathComponent()
        }
        for candidate in candidates {
            let demos = URL(fileURLWithPath: candidate).appendingPathComponent("Demos").path
            if let catalog = DemoCatalog(directory: demos) { return catalog }
        }
        throw .noDirectory(searched: [
            currentDirectory, URL(fileURLWithPath: executable).deletingLastPathComponent().path + " and above",
        ])
    }

    /// The running binary, resolved through symbolic links.
    public static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The catalog of `directory`, or nil if it holds no demo.
    public init?(directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        let stems = Set(names.filter { $0.hasSuffix(".py") }.map { String($0.dropLast(3)) })
        guard !stems.isEmpty else { return nil }
        let order =
            (try? String(contentsOfFile: directory + "/workshop.txt", encoding: .utf8))
            .map(Self.runningOrder) ?? []
        let listed = order.filter(stems.contains)
        let rest = stems.subtracting(listed).sorted()
        self.directory = directory
        demos = (listed + rest).map { name in
            let path = directory + "/" + name + ".py"
            let source = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let title = (try? DemoHeader(source: source))?.title ?? name
            return Demo(name: name, path: path, title: title)
        }
    }

    /// The names in a running-order file: one a line, `#` comments and blank lines skipped.
    static func runningOrder(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The demo called `name` (its file name without `.py`; a path to one works too).
    public func demo(named name: String) throws(Failure) -> Demo {
        let stem = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
        guard let demo = demos.first(where: { $0.name == stem }) else {
            throw .unknown(name: name, known: demos.map(\.name))
        }
        return demo
    }

    /// `tierscope demo` with no name: each demo and its title, in running order, and how to open one,
    /// in lines of at most `width` columns.
    public func listing(width: Int = 80) -> String {
        let nameWidth = demos.map(\.name.count).max() ?? 0
        let indent = String(repeating: " ", count: nameWidth + 4)
        var text = "The demos, in workshop order (from \(directory)):\n\n"
        for demo in demos {
            let lines = PresenterBanner.wrap(demo.title, to: max(20, width - indent.count - 1))
            text += "  " + demo.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
            text += lines.joined(separator: "\n" + indent) + "\n"
        }
        text +=
            "\n"
            + PresenterBanner.wrap(
                "`tierscope demo NAME` presents one: the engine stops at each stage of its story, and a banner says "
                    + "what to look at.", to: width - 1
            ).joined(separator: "\n") + "\n"
        return text
    }
}
