import Foundation
import SwprofCLI
import Testing

/// Builds the C and C++ programs of Tests/Fixtures/native/src with gcc/g++ -g
/// on this machine, profiles them with gperftools (CPU profiler, tcmalloc's
/// heap profiler) and checks that swprof names their functions from the fresh
/// binaries. Without gcc or gperftools the tests print why they are skipped.
@Suite(.serialized) struct NativeBuildTests {
    static let sources = NativeSymbolizationTests.directory.appendingPathComponent("src")

    /// A gperftools library (`libprofiler.so`, `libtcmalloc.so`), if installed.
    static func library(_ name: String) -> String? {
        for directory in ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"] {
            for suffix in ["", ".0", ".4"] where FileManager.default.fileExists(atPath: "\(directory)/\(name)\(suffix)") {
                return "\(directory)/\(name)\(suffix)"
            }
        }
        return nil
    }

    static func tool(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs a command in `directory`; true when it exits with status 0.
    @discardableResult
    static func sh(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Bool {
        let process = Process()
        let executable = arguments[0]
        process.executableURL =
            executable.hasPrefix("./") ? directory.appendingPathComponent(String(executable.dropFirst(2))) : URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-native-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func swprof(_ arguments: [String], in directory: URL) -> (Int32, String, String) {
        let (io, captured) = CommandIO.capturing(workingDirectory: directory.path, environment: ["TZ": "UTC", "HOME": directory.path])
        let status = Swprof.run(arguments: arguments, io: io)
        return (status, captured.stdoutText, captured.stderrText)
    }

    @Test func cProgramWithTheCPUProfiler() throws {
        guard let gcc = Self.tool("gcc"), let profiler = Self.library("libprofiler.so") else {
            print("NativeBuildTests: skipped, needs gcc and gperftools (apt-get install gcc libgoogle-perftools-dev)")
            return
        }
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try #require(try Self.sh([gcc, "-g", "-O1", "-o", "hot", Self.sources.appendingPathComponent("hot.c").path], in: directory))
        try #require(try Self.sh(
            ["./hot", "20000"], in: directory,
            environment: ["CPUPROFILE": "cpu.prof", "CPUPROFILE_FREQUENCY": "1000", "LD_PRELOAD": profiler]))
        let (status, top, err) = Self.swprof(["-top", "./hot", "cpu.prof"], in: directory)
        #expect(status == 0, "\(err)")
        for name in ["hash_block", "checksum_file_like", "main"] {
            #expect(top.contains("  \(name)\n"), "-top names \(name)\n\(top)\n\(err)")
        }
        #expect(!top.contains("[hot]\n") || top.contains("hash_block"))
        let (_, lines, _) = Self.swprof(["-top", "-lines", "./hot", "cpu.prof"], in: directory)
        #expect(lines.contains("hot.c:"), "-lines gives file:line\n\(lines)")
        let (_, none, _) = Self.swprof(["-top", "-symbolize=none", "./hot", "cpu.prof"], in: directory)
        #expect(!none.contains("hash_block") && none.contains("[hot]"), "-symbolize=none leaves addresses\n\(none)")
    }

    @Test func cProgramWithTheHeapProfiler() throws {
        guard let gcc = Self.tool("gcc"), let tcmalloc = Self.library("libtcmalloc.so") else {
            print("NativeBuildTests: skipped, needs gcc and tcmalloc (apt-get install gcc libgoogle-perftools-dev)")
            return
        }
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try #require(try Self.sh([gcc, "-g", "-O1", "-o", "leaky", Self.sources.appendingPathComponent("leaky.c").path], in: directory))
        try #require(try Self.sh(["./leaky"], in: directory, environment: ["HEAPPROFILE": "leaky", "LD_PRELOAD": tcmalloc]))
        let dumps = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".heap") }.sorted()
        let dump = try #require(dumps.last, "tcmalloc wrote no heap profile")
        let (status, top, err) = Self.swprof(["-top", "./leaky", dump], in: directory)
        #expect(status == 0, "\(err)")
        #expect(top.contains("build_list") && top.contains("make_buffer"), "\(top)\n\(err)")
    }

    @Test func cppProgramWithASharedLibrary() throws {
        guard let gxx = Self.tool("g++"), let profiler = Self.library("libprofiler.so") else {
            print("NativeBuildTests: skipped, needs g++ and gperftools (apt-get install g++ libgoogle-perftools-dev)")
            return
        }
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let src = Self.sources.path
        try #require(try Self.sh([gxx, "-g", "-O2", "-fPIC", "-shared", "-o", "libshapes.so", "\(src)/shapes.cc"], in: directory))
        try #require(try Self.sh(
            [gxx, "-g", "-O2", "-o", "app", "\(src)/app.cc", "-L.", "-lshapes", "-Wl,-rpath,$ORIGIN"], in: directory))
        try #require(try Self.sh(
            ["./app", "3000"], in: directory,
            environment: ["CPUPROFILE": "app.prof", "CPUPROFILE_FREQUENCY": "1000", "LD_PRELOAD": profiler]))
        // The shared library's mapping names its path: found without PPROF_BINARY_PATH.
        let (status, top, err) = Self.swprof(["-top", "-lines", "./app", "app.prof"], in: directory)
        #expect(status == 0, "\(err)")
        #expect(top.contains("scaled_sum src") || top.contains("scaled_sum /"), "the global function template, simplified\n\(top)")
        let (_, full, _) = Self.swprof(["-top", "-symbolize=demangle=full", "./app", "app.prof"], in: directory)
        #expect(full.contains("scaled_sum<"), "demangle=full keeps template arguments\n\(full)")
    }
}
