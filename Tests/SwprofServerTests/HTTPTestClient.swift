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

    enum Failure: Error { case connect(Int32), malformed(String) }

    /// GET `target` from `address`:`port` (IPv4, loopback by default) with
    /// `host` as the Host header.
    /// The blocking socket calls run on a thread of their own: on the cooperative
    /// pool (two threads on two cores) two waiting clients would starve the server
    /// they wait for, which renders its pages on that same pool.
    static func get(port: Int, _ target: String, host: String? = nil, address: String = "127.0.0.1") async throws -> Response {
        try await request(port: port, "GET", target, host: host, address: address)
    }

    /// POST `form` (`application/x-www-form-urlencoded`) to `target`.
    static func post(port: Int, _ target: String, form: String) async throws -> Response {
        try await request(port: port, "POST", target, body: form)
    }

    static func request(
        port: Int, _ method: String, _ target: String, host: String? = nil, address: String = "127.0.0.1", body: String? = nil
    ) async throws -> Response {
        let hostHeader = host ?? "\(address):\(port)"
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    try blockingRequest(address: address, port: port, method: method, target: target, host: hostHeader, body: body)
                })
            }
            thread.start()
        }
    }

    private static func blockingRequest(
        address ip: String, port: Int, method: String, target: String, host: String, body: String?
    ) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.connect(errno) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(ip)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure.connect(errno) }
        var request = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        if let body {
            request += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
        } else {
            request += "\r\n"
        }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure.connect(errno) }
            sent += n
        }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
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
