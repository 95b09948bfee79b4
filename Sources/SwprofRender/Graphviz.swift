import CGraphviz
import Dispatch
import Foundation
import SwprofCore

/// DOT → SVG with libgvc, in process (never a `dot` child process).
///
/// libgvc and libcgraph keep global state and are not thread-safe, not even
/// with one context per thread. So the process has exactly one `GVC_t`, and
/// every `ag*`/`gv*` call runs on one serial `DispatchQueue`. Callers from any
/// thread or task may call these functions at the same time; the layouts run one
/// after the other.
///
/// Escaping: Graphviz escapes labels, tooltips and node names in the SVG, but
/// copies `URL`/`href` attributes verbatim. A DOT producer must percent-encode
/// every profile-derived part of a URL and write `&amp;` between query
/// parameters, or the SVG is not well-formed.
public enum Graphviz {
    /// Lays out `dot` with the "dot" engine and renders it as SVG.
    ///
    /// Blocks the calling thread until the layout is done. From async code
    /// prefer ``svg(laying dot:)``, which suspends instead of blocking.
    /// - Throws: ``ProfileError`` with a sentence when the DOT does not parse,
    ///   the layout fails (for example when Graphviz's plugin configuration is
    ///   missing), or rendering fails.
    public static func svg(fromDOT dot: String) throws -> String {
        String(decoding: try image(fromDOT: dot, format: "svg"), as: UTF8.self)
    }

    /// Lays out `dot` and renders it with libgvc's own renderer for `format`
    /// (`svg`, `png`, `pdf`, `gif`, `ps`: what `dot -T<format>` writes), in process.
    public static func image(fromDOT dot: String, format: String) throws -> Data {
        try GraphvizEngine.shared.queue.sync {
            GraphvizEngine.shared.render(dot, format: format)
        }.get()
    }

    /// The same as ``svg(fromDOT:)``, suspending the task instead of blocking a thread.
    public static func svg(laying dot: String) async throws -> String {
        let result: Result<Data, ProfileError> = await withCheckedContinuation { continuation in
            GraphvizEngine.shared.queue.async {
                continuation.resume(returning: GraphvizEngine.shared.render(dot, format: "svg"))
            }
        }
        return String(decoding: try result.get(), as: UTF8.self)
    }

    /// pprof's `-svg` output: the laid out graph plus a small pan/zoom script,
    /// sized to fill the browser window (see ``SVGPanZoom``).
    public static func interactiveSVG(fromDOT dot: String) throws -> String {
        SVGPanZoom.apply(to: try svg(fromDOT: dot))
    }

    /// How many layouts ran at the same time, at most, since the process
    /// started. Always 1 (or 0) unless the serialisation is broken; tests check it.
    public static var maximumConcurrentLayouts: Int {
        GraphvizEngine.shared.concurrency.maximum
    }
}

/// The one libgvc context of the process and the queue that guards it.
final class GraphvizEngine: @unchecked Sendable {
    static let shared = GraphvizEngine()

    /// Every libgvc/libcgraph call happens on this queue.
    let queue = DispatchQueue(label: "swprof.graphviz")
    /// Counts layouts in flight (a check on the queue discipline).
    let concurrency = ConcurrencyGauge()
    /// Created lazily on `queue`; never freed (one per process).
    private var context: OpaquePointer?

    private init() {}

    /// Parses, lays out and renders one graph as `format`. Must run on `queue`.
    func render(_ dot: String, format: String) -> Result<Data, ProfileError> {
        dispatchPrecondition(condition: .onQueue(queue))
        concurrency.enter()
        defer { concurrency.leave() }

        GraphvizErrors.reset()
        let previousHandler = agseterrf(graphvizErrorHandler)
        defer { _ = agseterrf(previousHandler) }

        if context == nil {
            context = gvContext()
        }
        guard let gvc = context else {
            return .failure(ProfileError(.unavailable, "Graphviz could not create a layout context (gvContext failed)."))
        }

        // Bytes that were not UTF-8 in the profile (see RawBytes) reach Graphviz as U+FFFD.
        guard let graph = RawBytes.replaced(dot).withCString({ agmemread($0) }) else {
            return .failure(ProfileError(.malformed, "Graphviz could not parse the DOT graph: \(GraphvizErrors.summary(or: "syntax error"))."))
        }
        defer { agclose(graph) }

        guard gvLayout(gvc, graph, "dot") == 0 else {
            return .failure(Self.layoutError(GraphvizErrors.summary(or: "unknown error")))
        }
        defer { gvFreeLayout(gvc, graph) }

        var data: UnsafeMutablePointer<CChar>? = nil
        var length: UInt32 = 0
        let status = gvRenderData(gvc, graph, format, &data, &length)
        defer { if let data { gvFreeRenderData(data) } }
        guard status == 0, let data else {
            let detail = GraphvizErrors.summary(or: "no renderer for this format is installed")
            return .failure(ProfileError(.malformed, "Graphviz could not render \(format.uppercased()): \(detail)."))
        }
        return .success(Data(bytes: data, count: Int(length)))
    }

    /// The error for a failed `gvLayout`, with advice when the plugins are not configured.
    static func layoutError(_ detail: String) -> ProfileError {
        if detail.contains("not recognized") {
            return ProfileError(
                .invalidOption,
                "Graphviz has no \"dot\" layout engine configured (\(detail)); run `dot -c` as root to register Graphviz's plugins."
            )
        }
        return ProfileError(.malformed, "Graphviz could not lay out the graph: \(detail).")
    }
}

/// Messages libcgraph reported through `agseterrf` during the current call.
/// Only touched on the Graphviz queue.
enum GraphvizErrors {
    nonisolated(unsafe) static var messages: [String] = []

    static func reset() {
        messages.removeAll()
        _ = agreseterrors()
    }

    /// The reported messages on one line, or `fallback` when there were none.
    static func summary(or fallback: String) -> String {
        let text = messages.joined(separator: " ")
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        let trimmed = text.hasSuffix(".") ? String(text.dropLast()) : text
        if trimmed.isEmpty { return fallback }
        // Bound the length: a message may quote a 20 kB name.
        return trimmed.count > 300 ? String(trimmed.prefix(300)) + "…" : trimmed
    }
}

/// libcgraph's error callback: collects messages instead of printing them to stderr.
private func graphvizErrorHandler(_ message: UnsafeMutablePointer<CChar>?) -> Int32 {
    if let message {
        GraphvizErrors.messages.append(String(cString: message))
    }
    return 0
}

/// Counts concurrent entries and remembers the maximum.
final class ConcurrencyGauge: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private var peak = 0

    func enter() {
        lock.lock()
        current += 1
        peak = max(peak, current)
        lock.unlock()
    }

    func leave() {
        lock.lock()
        current -= 1
        lock.unlock()
    }

    var maximum: Int {
        lock.lock()
        defer { lock.unlock() }
        return peak
    }
}
