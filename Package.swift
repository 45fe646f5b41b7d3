// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "tierscope",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tierscope", targets: ["tierscope"]),
        .library(name: "TierVM", targets: ["TierVM"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // The value, object and frame layouts shared by Swift, the micro-op bodies and the JIT stencils.
        // Big ints compute through GMP's mpn layer (Debian libgmp-dev).
        .target(name: "CTierCore", linkerSettings: [.linkedLibrary("gmp")]),
        .target(
            name: "TierVM", dependencies: ["CTierCore"],
            // The engine keeps its state in class properties its hot paths touch on every instruction; the
            // compiler still proves exclusivity statically, but the run-time checks cost a fifth of a
            // big-int loop (swift_beginAccess, thread-local access sets). Debug builds keep them, so CI's
            // debug tests still catch an overlapping access.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // ncursesw, wide-character build; see Sources/CNcursesw/shim.h.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // Capstone, to disassemble the JIT's code (Debian libcapstone-dev).
        .systemLibrary(name: "CCapstone", path: "Sources/CCapstone"),
        // The JIT's code as people read it: disassembly grouped by micro-op, patched bytes marked. Shared by
        // `tierscope dis --asm` and the machine-code pane; it reads events and snapshots, never the engine.
        .target(name: "MachineCode", dependencies: ["TierVM", "CCapstone"]),
        // The terminal UI: panes over the event bus and engine snapshots, drawn on a cell grid that
        // ncursesw puts on the screen.
        .target(
            name: "TierScopeUI",
            dependencies: [
                "TierVM",
                "MachineCode",
                "CNcursesw",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "tierscope",
            dependencies: [
                "TierVM",
                "TierScopeUI",
                "MachineCode",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TierVMTests", dependencies: ["TierVM", "MachineCode"]),
        .testTarget(name: "TierScopeUITests", dependencies: ["TierScopeUI", "TierVM", "tierscope"]),
        // Throughput of the event bus; see Benchmarks/README.md.
        .executableTarget(name: "bus-benchmark", dependencies: ["TierVM"], path: "Benchmarks/BusThroughput"),
        // Compile time of the JIT per trace; see Benchmarks/README.md.
        .executableTarget(name: "jit-benchmark", dependencies: ["TierVM"], path: "Benchmarks/JITCompile"),
        // Frame time of the terminal UI and the slowdown of a watched run; see Benchmarks/README.md.
        .executableTarget(
            name: "ui-benchmark", dependencies: ["TierVM", "TierScopeUI"], path: "Benchmarks/UIFrames"),
    ],
    swiftLanguageModes: [.v6]
)
