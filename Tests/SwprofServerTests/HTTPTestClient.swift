import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 client over a loopback socket, so tests control every
/// header (`Host`) and see redirects as they are.
enum HTTPTestClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    enum Failure: Error { case connect(Int32), malformed(String), timedOut }

    /// GET `target` from `address`:`port` (IPv4, loopback by default) with
    /// `host` as the Host header.
    /// With `timeout` (seconds), a response that has not fully arrived by
    /// then throws.
    static func get(
        port: Int, _ target: String, host: String? = nil, address: String = "127.0.0.1", timeout: Double? = nil
    ) async throws -> Response {
        let hostHeader = host ?? "\(address):\(port)"
        return try await raw(
            port: port, "GET \(target) HTTP/1.1\r\nHost: \(hostHeader)\r\nConnection: close\r\n\r\n", address: address,
            timeout: timeout)
    }

    /// `method` `target` with `headers` (after `Host: 127.0.0.1:PORT`, unless
    /// `headers` holds a `Host` of its own).
    static func request(
        port: Int, _ method: String, _ target: String, headers: [(String, String)] = [], address: String = "127.0.0.1",
        body: String = ""
    ) async throws -> Response {
        var request = "\(method) \(target) HTTP/1.1\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { request += "Host: \(address):\(port)\r\n" }
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if method == "POST" || !body.isEmpty { request += "Content-Length: \(body.utf8.count)\r\n" }
        return try await raw(port: port, request + "Connection: close\r\n\r\n" + body, address: address)
    }

    /// A POST from the UI's own page (`Origin` is the server's).
    static func post(port: Int, _ target: String) async throws -> Response {
        try await request(port: port, "POST", target, headers: [("Origin", "http://127.0.0.1:\(port)")])
    }

    /// POST `form` (`application/x-www-form-urlencoded`) to `target` from the
    /// UI's own page.
    static func post(port: Int, _ target: String, form: String) async throws -> Response {
        try await request(
            port: port, "POST", target,
            headers: [("Origin", "http://127.0.0.1:\(port)"), ("Content-Type", "application/x-www-form-urlencoded")],
            body: form)
    }

    /// Sends `request` as written and reads the response until the server closes.
    /// The blocking socket calls run on a thread of their own: on the cooperative
    /// pool (two threads on two cores) two waiting clients would starve the server
    /// they wait for.
    static func raw(port: Int, _ request: String, address: String = "127.0.0.1", timeout: Double? = nil) async throws
        -> Response
    {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    let fd = try connected(address: address, port: port, request: request)
                    defer { close(fd) }
                    if let timeout {
                        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
                        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                    }
                    return try receive(fd)
                })
            }
            thread.start()
        }
    }

    /// Sends a GET for `target` and returns the socket without reading the
    /// answer: closing it is a client that gave up.
    static func sendRequest(port: Int, _ target: String, address: String = "127.0.0.1") throws -> Int32 {
        try connected(
            address: address, port: port,
            request: "GET \(target) HTTP/1.1\r\nHost: \(address):\(port)\r\nConnection: close\r\n\r\n")
    }

    /// A socket connected to `ip`:`port` (IPv4), nothing sent yet.
    static func connectedSocket(address ip: String = "127.0.0.1", port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.connect(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(ip)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure.connect(errno)
        }
        return fd
    }

    /// A socket connected to `ip`:`port` that has sent `request`.
    private static func connected(address ip: String, port: Int, request: String) throws -> Int32 {
        let fd = try connectedSocket(address: ip, port: port)
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else {
                close(fd)
                throw Failure.connect(errno)
            }
            sent += n
        }
        return fd
    }

    private static func receive(_ fd: Int32) throws -> Response {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw Failure.timedOut }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return try parse(data)
    }

    private static func parse(_ data: [UInt8]) throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, data.count - 3)).first(where: { Array(data[$0..<$0 + 4]) == separator }) else {
            throw Failure.malformed("no header end")
        }
        let head = String(decoding: data[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure.malformed(head[0]) }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(data[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = try dechunk(body)
        }
        return Response(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ data: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < data.count {
            guard let lineEnd = (index..<data.count - 1).first(where: { data[$0] == 13 && data[$0 + 1] == 10 }) else { break }
            let sizeText = String(decoding: data[index..<lineEnd], as: UTF8.self).split(separator: ";")[0]
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw Failure.malformed("chunk size")
            }
            if size == 0 { break }
            let start = lineEnd + 2
            guard start + size <= data.count else { throw Failure.malformed("short chunk") }
            out.append(contentsOf: data[start..<start + size])
            index = start + size + 2
        }
        return out
    }
}
