import Foundation
import SwprofCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches a profile's bytes over HTTP(S) with Foundation's URL loading, and
/// words failures as `go tool pprof` does (`server response: 404 Not Found`,
/// `Get "URL": dial tcp HOST:PORT: connect: connection refused`).
enum HTTPFetcher {
    /// GETs `target.url`, waiting at most its timeout plus five seconds for
    /// the reply, and returns the body of a 200 reply.
    static func get(_ target: ProfileURL) throws -> Data {
        var address = target.url
        if address.hasPrefix("https+insecure://") { address = "https://" + address.dropFirst("https+insecure://".count) }
        guard let url = URL(string: address) else {
            throw ProfileError(.unreadable, "parse \(goQuoted(target.url)): invalid URL")
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = TimeInterval(target.timeout + 5)
        configuration.timeoutIntervalForResource = TimeInterval(max(target.timeout, 1) * 4 + 60)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }

        let box = ReplyBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: url) { data, response, error in
            box.set(data: data, response: response as? HTTPURLResponse, error: error)
            done.signal()
        }
        task.resume()
        done.wait()
        let (data, response, error) = box.get()

        if let error {
            throw ProfileError(.unreadable, "Get \(goQuoted(target.url)): \(describe(error, url: url))")
        }
        guard let response else {
            throw ProfileError(.unreadable, "Get \(goQuoted(target.url)): no HTTP response")
        }
        let body = data ?? Data()
        guard response.statusCode == 200 else {
            throw ProfileError(.unreadable, statusMessage(response, body: body))
        }
        return body
    }

    /// `server response: STATUS`, plus ` - ` and the body's first line when
    /// the body is plain text (Go's pprof handlers explain their errors there).
    static func statusMessage(_ response: HTTPURLResponse, body: Data) -> String {
        let code = response.statusCode
        let phrase = reasonPhrase(code)
        var message = "server response: \(code)" + (phrase.isEmpty ? "" : " " + phrase)
        let contentType = (response.value(forHTTPHeaderField: "Content-Type") ?? "").lowercased()
        if contentType.contains("text/plain") {
            let text = String(decoding: body.prefix(4096), as: UTF8.self)
            let first = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let line = first.trimmingCharacters(in: .whitespacesAndNewlines)
            if !line.isEmpty { message += " - " + line }
        }
        return message
    }

    /// The cause of a failed request in Go's words where they are known.
    private static func describe(_ error: any Error, url: URL) -> String {
        let host = url.host ?? ""
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        let hostPort = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        if let urlError = error as? URLError {
            switch urlError.code {
            case .cannotConnectToHost:
                return "dial tcp \(hostPort): connect: connection refused"
            case .cannotFindHost, .dnsLookupFailed:
                return "dial tcp: lookup \(host): no such host"
            case .timedOut:
                return "net/http: timeout awaiting response headers"
            default:
                break
            }
        }
        let nsError = error as NSError
        if nsError.domain == NSURLErrorDomain, nsError.code == NSURLErrorCannotConnectToHost {
            return "dial tcp \(hostPort): connect: connection refused"
        }
        return nsError.localizedDescription
    }

    /// The standard reason phrase of an HTTP status (Go's http.StatusText).
    static func reasonPhrase(_ code: Int) -> String {
        let phrases: [Int: String] = [
            200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found",
            304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
            401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            406: "Not Acceptable", 408: "Request Timeout", 409: "Conflict", 410: "Gone", 413: "Request Entity Too Large",
            415: "Unsupported Media Type", 418: "I'm a teapot", 429: "Too Many Requests",
            500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout",
        ]
        return phrases[code] ?? ""
    }
}

/// Carries the reply out of URLSession's callback.
private final class ReplyBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var response: HTTPURLResponse?
    private var error: (any Error)?

    func set(data: Data?, response: HTTPURLResponse?, error: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        self.data = data
        self.response = response
        self.error = error
    }

    func get() -> (Data?, HTTPURLResponse?, (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        return (data, response, error)
    }
}
