import AmbidexCore
import AmbidexStore
import Crypto
import Foundation
import NIOCore
import Vapor

/// Sends the webhook outbox: every `beat` it claims the deliveries that are
/// due and POSTs each as JSON, signed with an HMAC-SHA256 of its hook's secret
/// over "timestamp.body"; a receiver that does not answer 2xx in time gets it
/// again after the backoff, until the last retry fails. Every attempt is logged
/// on the delivery. Several serving processes may run one each: a delivery is
/// claimed before it is sent.
public actor WebhookDeliverer {
    public struct Settings: Sendable {
        public var beat: Duration = .seconds(1)
        public var timeout: TimeAmount = .seconds(10)
        /// Scales the backoff (tests make it milliseconds).
        public var backoffScale: Double = 1
        public var enabled = true
        public init(beat: Duration = .seconds(1), timeout: TimeAmount = .seconds(10), backoffScale: Double = 1, enabled: Bool = true) {
            self.beat = beat
            self.timeout = timeout
            self.backoffScale = backoffScale
            self.enabled = enabled
        }
    }

    let store: Store
    let client: any Client
    let settings: Settings
    let logger: Logger
    private var loop: Task<Void, Never>?
    private var stopping = false

    init(store: Store, client: any Client, settings: Settings = Settings(), logger: Logger = Logger(label: "ambidex.webhooks")) {
        self.store = store
        self.client = client
        self.settings = settings
        self.logger = logger
    }

    func start() {
        guard loop == nil, settings.enabled else { return }
        loop = Task { [weak self] in
            while let self, await !self.isStopping {
                await self.deliverDue()
                try? await Task.sleep(for: self.settings.beat)
            }
        }
    }

    private var isStopping: Bool { stopping }

    func stop() async {
        stopping = true
        loop?.cancel()
        await loop?.value
    }

    static func signature(secret: String, timestamp: String, body: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data((timestamp + "." + body).utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Sends what is due now; returns how many were attempted.
    @discardableResult
    func deliverDue() async -> Int {
        let claimed: [ClaimedDelivery]
        do { claimed = try await store.claimDueDeliveries() } catch {
            logger.warning("webhooks: cannot read the outbox: \(error)")
            return 0
        }
        for c in claimed { await send(c) }
        return claimed.count
    }

    private func send(_ c: ClaimedDelivery) async {
        let d = c.delivery
        let timestamp = String(Int(Date().timeIntervalSince1970))
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .userAgent, value: "Ambidex-Webhooks/1")
        headers.replaceOrAdd(name: "X-Ambidex-Event", value: d.event)
        headers.replaceOrAdd(name: "X-Ambidex-Delivery", value: d.id)
        headers.replaceOrAdd(name: "X-Ambidex-Timestamp", value: timestamp)
        headers.replaceOrAdd(name: "X-Ambidex-Signature", value: Self.signature(secret: c.secret, timestamp: timestamp, body: d.payload))
        var code: Int?
        var failure: String?
        do {
            var request = ClientRequest(method: .POST, url: URI(string: c.url), headers: headers, body: ByteBuffer(string: d.payload))
            request.timeout = settings.timeout
            let response = try await client.send(request)
            code = Int(response.status.code)
            if !(200..<300).contains(Int(response.status.code)) { failure = "the receiver answered \(response.status.code)" }
        } catch {
            failure = "no answer: \(String(describing: error).prefix(200))"
        }
        let attempt = d.attempts + 1
        let retryIn = failure == nil || attempt > Webhook.backoff.count ? nil : Webhook.backoff[attempt - 1] * settings.backoffScale
        do {
            try await store.recordDeliveryAttempt(d.id, code: code, error: failure, delivered: failure == nil, retryIn: retryIn)
        } catch {
            logger.warning("webhooks: cannot record delivery \(d.id): \(error)")
        }
        if let failure { logger.info("webhook delivery \(d.id) to \(c.url), attempt \(attempt): \(failure)") }
    }
}
