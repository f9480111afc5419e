import FluentKit

extension Migrations {
    /// Every migration, in the order it must run. A new version adds a folder
    /// (V2/…) and appends here; released migrations are never edited.
    static var ambidex: Migrations {
        let m = Migrations()
        m.add(CreateOrganization())
        m.add(CreateOrders())
        m.add(CreateLearning())
        m.add(CreateAccess())
        m.add(CreateLabExperiments())
        m.add(AddEvidenceColumns())
        m.add(CreateJobs())
        m.add(CreateWriteLog())
        m.add(CreateSnapshots())
        m.add(CreateAPITokens())
        m.add(IndexOrderList())
        m.add(IndexLessons())
        m.add(CreateCalendarFeeds())
        m.add(AddKnowledgeStage())
        m.add(CreateRetrospectives())
        m.add(AddStandardTexts())
        m.add(CreateWebhooks())
        m.add(DropOlderSnapshots(name: "v15.DropOlderSnapshots"))
        m.add(IndexKnowledgeOrigin())
        m.add(DropOlderSnapshots(name: "v17.DropSnapshotsWithoutMining"))
        m.add(CreateOrderImports())
        m.add(EventReferencesCheckedOnWrite())
        m.add(CreateOrderSources())
        m.add(DropOlderSnapshots(name: "v21.DropSnapshotsWithoutLogs"))
        m.add(CreateInvitationAnswers())
        m.add(CreatePlannedSubjects())
        m.add(DropOlderSnapshots(name: "v24.DropSnapshotsWithForeignReasons"))
        return m
    }
}
