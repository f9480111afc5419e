import AmbidexCore
import AmbidexImport

/// The one way a snapshot is computed — by the refresher, `ambidex demo` and
/// `ambidex report` alike: the core's figures, then the orders mined per
/// strategy (which needs the mining module the core does not depend on).
public enum SnapshotComputation {
    /// `sources`: the log each imported order came from (its logs are mined one by one).
    public static func make(_ office: LearningOffice, policy: CadencePolicy, version: Int64, sources: [OrderID: String] = [:],
                            options: EvidenceReport.Options = .init()) -> OfficeSnapshot {
        let clock = ContinuousClock.now
        var snapshot = OfficeSnapshot.make(office, policy: policy, version: version, options: options)
        snapshot.mining = OfficeMining.make(office, sources: sources)
        let elapsed = ContinuousClock.now - clock
        snapshot.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return snapshot
    }
}
