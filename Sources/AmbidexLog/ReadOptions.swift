/// How a log is read.
public struct ReadOptions: Sendable {
    /// Times without a UTC offset (OCEL XML and SQLite store such naive
    /// times) are read as this many seconds east of UTC. 0: naive times are UTC.
    public var naiveTimeOffsetSeconds: Int
    /// Called now and then with the fraction of the file read, 0...1.
    public var progress: (@Sendable (Double) -> Void)?
    /// Refuse a log of more text than this many bytes (a gzip file: once inflated); nil: no limit.
    public var maxBytes: Int?

    public init(naiveTimeOffsetSeconds: Int = 0, progress: (@Sendable (Double) -> Void)? = nil) {
        self.naiveTimeOffsetSeconds = naiveTimeOffsetSeconds
        self.progress = progress
    }
}
