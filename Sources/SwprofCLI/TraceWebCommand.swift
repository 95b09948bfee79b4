import Foundation
import SwprofCore
import SwprofServer
import SwprofViews

/// `swprof -http=ADDR trace.out`: a Go execution trace given to the web UI
/// without `-trace_profile` gets the trace's own UI (landing page, goroutine
/// analysis, timeline, MMU, tasks, regions, logs, the four blocking profiles
/// with every view); `swprof -html=DIR trace.out` writes it as a static site.
enum TraceWebCommand {
    /// Whether `invocation` names one trace to serve: a file that starts with
    /// a trace header, or a URL of Go's `/debug/pprof/trace` handler.
    static func servesTrace(_ invocation: Invocation, loader: ProfileLoader) -> Bool {
        guard invocation.traceProfile == nil, invocation.sources.count == 1, invocation.bases.isEmpty else { return false }
        let source = invocation.sources[0]
        if let url = loader.remoteURL(source, invocation) {
            return url.url.contains("/debug/pprof/trace")
        }
        guard let handle = FileHandle(forReadingAtPath: loader.resolve(source)) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        return TraceHeader.looksLikeTrace([UInt8](head))
    }

    /// Reads (or fetches and saves) the trace and prepares its pages.
    static func site(_ invocation: Invocation, loader: ProfileLoader, io: CommandIO) throws -> TraceWebSite {
        let source = invocation.sources[0]
        let data = try loader.readSource(source, invocation)
        if loader.remoteURL(source, invocation) != nil {
            ProfileSaver(io: io).save(data, prefix: "swprof.trace.", suffix: ".out")
        }
        let trace = try ExecutionTraceProfiles.read([UInt8](data), source: source, summarize: true)
        if let warning = trace.partialWarning(source: source) { io.err(warning + "\n") }
        return try TraceWebSite(trace: trace, name: Swprof.webName(invocation), config: invocation.config)
    }

    /// `-html=DIR`: writes the trace's static site and says where it is; the exit status.
    static func export(_ invocation: Invocation, to directory: String, loader: ProfileLoader, io: CommandIO) -> Int32 {
        let result = ExportResult()
        do {
            let site = try site(invocation, loader: loader, io: io)
            let done = DispatchSemaphore(value: 0)
            Task {
                do {
                    result.written = try await TraceStaticSite.export(site, to: directory)
                } catch {
                    result.error = error
                }
                done.signal()
            }
            done.wait()
            if let error = result.error { throw error }
        } catch {
            io.err("\(error)\n")
            return 2
        }
        io.err("Wrote \(result.written.files.count) files; open \((directory as NSString).appendingPathComponent("index.html"))\n")
        io.err(StaticSite.sourceSummary(result.written.sourceFiles))
        return 0
    }

    /// Reads the trace and serves its UI until the process ends; the exit status.
    static func run(_ invocation: Invocation, hostPort: String, loader: ProfileLoader, io: CommandIO) -> Int32 {
        let site: TraceWebSite
        let configuration: WebServer.Configuration
        do {
            site = try Self.site(invocation, loader: loader, io: io)
            configuration = try Swprof.configuration(hostPort: hostPort, invocation: invocation, io: io)
        } catch {
            io.err("\(error)\n")
            return error is TraceError ? 2 : 1
        }
        let done = DispatchSemaphore(value: 0)
        let failure = ServeFailure()
        Task {
            do {
                try await WebServer.serveTrace(site, configuration: configuration, log: { io.err($0) })
            } catch {
                failure.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = failure.error {
            io.err("\(error)\n")
            return 1
        }
        return 0
    }
}
