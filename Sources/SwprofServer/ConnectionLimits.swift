import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// How long connections may stay, and how many: what keeps idle, slow and
/// half-sent connections from holding the server.
///
/// - `idleTimeout`: a connection that has sent nothing for this long between
///   requests (keep-alive, or an HTTP/1.0 client that never closes) is closed,
///   and so is one whose request head has not arrived whole this long after
///   the connection or the previous response (a head sent a byte at a time).
/// - `writeStallTimeout`: a client that reads nothing of a response for this
///   long (the socket stays full) is disconnected.
/// - `maxConnections`: beyond this many open connections the server stops
///   accepting (new ones wait in the listen queue) instead of running out of
///   file descriptors; it never exceeds a third of the process's limit.
struct ConnectionLimits: Sendable {
    var idleTimeout: TimeAmount = .seconds(15)
    var writeStallTimeout: TimeAmount = .seconds(30)
    var maxConnections = 256

    /// The connection cap, bounded by the open-file limit (`RLIMIT_NOFILE`).
    var effectiveMaxConnections: Int {
        var limit = rlimit()
        let known = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 && limit.rlim_cur != rlim_t.max
        return Self.cap(maxConnections, openFileLimit: known ? UInt64(limit.rlim_cur) : nil)
    }

    /// `wanted`, but at most a third of `openFileLimit` (the profile, source
    /// files, fetches and the listening socket need descriptors too), and at least 4.
    static func cap(_ wanted: Int, openFileLimit: UInt64?) -> Int {
        guard let openFileLimit else { return wanted }
        return max(4, min(wanted, Int(clamping: openFileLimit / 3)))
    }

    /// Hummingbird's accept throttle for the cap: at the cap the server stops
    /// accepting until a connection closes.
    func connectionCap() -> MaximumAvailableConnections {
        MaximumAvailableConnections(effectiveMaxConnections)
    }

    /// The HTTP/1.1 server with these limits (Hummingbird's, plus the handlers below).
    func serverBuilder() -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            LimitedHTTP1Channel(
                inner: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: idleTimeout)),
                writeStallTimeout: writeStallTimeout)
        }
    }
}

/// Hummingbird's HTTP/1.1 child channel with two more handlers: the
/// absolute-form target's authority as `Host` (``AbsoluteTargetHost``) and
/// the write-stall timeout (``WriteStallGuard``).
struct LimitedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let inner: HTTP1Channel
    let writeStallTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let stall = writeStallTimeout
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(WriteStallGuard(timeout: stall), position: .first)
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(AbsoluteTargetHost(), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// Makes the request's `Host` what the request is really addressed to.
///
/// A request line may carry an absolute URI (`GET http://evil.com/ui/top
/// HTTP/1.1`); HTTP says its authority, not the `Host` header, names the
/// target, but the request Hummingbird builds keeps only the path and the
/// header. This puts the URI's authority in `Host` so that the loopback and
/// cross-site guards judge the real target. Several `Host` headers, or an
/// absolute URI with a malformed authority, become an invalid `Host`, which
/// the guards refuse.
final class AbsoluteTargetHost: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    static let invalid = "invalid.host.invalid:0"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        if let authority = HTTPAuthority.ofAbsoluteTarget(head.uri) {
            let value = HTTPAuthority(authority) != nil ? String(authority) : Self.invalid
            head.headers.replaceOrAdd(name: "Host", value: value)
        } else if head.headers["Host"].count > 1 {
            head.headers.replaceOrAdd(name: "Host", value: Self.invalid)
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}

/// Resets a connection whose client has read nothing for `timeout` while a
/// response waits to be sent (the socket's buffer full, NIO's channel not
/// writable). Without it a client that never reads would hold the
/// connection, its handler and the response for as long as it likes.
final class WriteStallGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let timeout: TimeAmount
    private var closing: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            closing?.cancel()
            closing = nil
        } else if closing == nil {
            let loop = context.eventLoop.assumeIsolated()
            closing = loop.scheduleTask(in: timeout) {
                // Reset rather than close: a graceful close would leave the
                // unread response in the kernel's buffer until TCP gives up.
                if let socket = context.channel as? any SocketOptionProvider {
                    _ = socket.setSoLinger(linger(l_onoff: 1, l_linger: 0))
                }
                context.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing?.cancel()
        closing = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closing?.cancel()
        closing = nil
    }
}
