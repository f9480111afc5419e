/// A reader's progress through `ReadOptions.progress`, passed on only when it
/// has moved by a percent, so the callback stays off the hot path.
struct ReadProgress {
    private let report: (@Sendable (Double) -> Void)?
    private var last = 0.0

    init(_ options: ReadOptions) { report = options.progress }

    var isOn: Bool { report != nil }

    @inline(__always) mutating func update(_ fraction: @autoclosure () -> Double) {
        guard let report else { return }
        let f = min(fraction(), 1)
        if f - last >= 0.01 {
            last = f
            report(f)
        }
    }
}
