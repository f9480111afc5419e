import AmbidexCore
import AmbidexStore
import Foundation

/// A retrospective as one person sees it, in JSON: the same anonymity as the
/// page (others' cards unread while people write, authors hidden until revealed).
struct RetrospectiveJSON: Encodable {
    struct Summary: Encodable {
        var id: String, title: String, template: String, facilitator: String, created: String, phase: String, scope: Scope
        var cards: Int, openActions: Int, actions: Int

        init(_ x: RetrospectiveSummary) {
            let r = x.retrospective
            id = r.id.rawValue; title = r.title; template = r.template.rawValue; facilitator = r.facilitator
            created = r.created.formatted(.iso8601); phase = r.phase.rawValue; scope = Scope(r.scope)
            cards = x.cards; openActions = x.openActions; actions = x.actions
        }
    }
    struct Scope: Encodable {
        var strategy: String?, unit: String?, partner: String?, from: String?, to: String?, orders: [String], words: String
        init(_ s: RetrospectiveScope) {
            strategy = s.strategy?.rawValue; unit = s.unit?.rawValue; partner = s.partner?.rawValue
            from = s.from?.isoDay; to = s.to.map { $0.adding(days: -1).isoDay }; orders = s.orders.map(\.rawValue); words = s.words
        }
    }
    struct Card: Encodable { var id: String, kind: String, prompt: String, text: String, author: String?, mine: Bool, parent: String?, votes: Int }
    struct Topic: Encodable { var card: String, votes: Int, stacked: [String], factors: [String] }
    struct Action: Encodable {
        var id: String, title: String, owner: String, due: String, figure: String, baseline: Double?, status: String, votes: Int
        var knowledgeItem: String?, createdBy: String, finished: String?
        init(_ a: ActionItem, votes: Int) {
            id = a.id; title = a.title; owner = a.owner.rawValue; due = a.due.isoDay; figure = a.figure.rawValue; baseline = a.baseline
            status = a.status.rawValue; self.votes = votes; knowledgeItem = a.knowledgeItem?.rawValue; createdBy = a.createdBy
            finished = a.finished?.formatted(.iso8601)
        }
    }
    struct Review: Encodable { var action: Action, after: Double? }
    struct Evidence: Encodable {
        var orders: Int, scopeTotal: Int, closed: Int, leadTimeMedianDays: Double?, onTime: Double?, onTimeInterval: [Double]?, reworkPerOrder: Double?
        var feedback: Double?, feedbackAnswered: Int, deviations: Double?, deviationsOf: Int
    }
    struct Bucket: Encodable { var start: String, received: Int, closedOnTime: Int, closedLate: Int, rework: Int, customerContacts: Int, events: Int }
    struct Moment: Encodable { var date: String, order: String, kind: String, what: String }

    var id: String, title: String, template: String, prompts: [[String: String]], facilitator: String, phase: String, phaseStarted: String
    var phaseMinutes: Int, secondsLeft: Int?, revealed: Bool, boardVersion: Int64, scope: Scope
    var hiddenCards: Int, cards: [Card], topics: [Topic], votesLeft: Int, actions: [Action]
    var previous: String?, review: [Review]
    var evidence: Evidence, timelineDays: Int, timeline: [Bucket], moments: [Moment]

    init(_ page: RetrospectivePage, viewer me: String) {
        let b = page.board, r = b.retrospective
        id = r.id.rawValue; title = r.title; template = r.template.rawValue; facilitator = r.facilitator; phase = r.phase.rawValue
        prompts = r.template.prompts.map { ["id": $0.id, "question": $0.question] }
        phaseStarted = r.phaseStarted.formatted(.iso8601); phaseMinutes = r.phaseMinutes; secondsLeft = r.secondsLeft(at: Date())
        revealed = r.revealed; boardVersion = r.boardVersion; scope = Scope(r.scope)
        let votes = Dictionary(grouping: b.votes, by: \.target).mapValues(\.count)
        let visible = b.cards.filter { b.shows($0, to: me) }
        hiddenCards = b.cards.count - visible.count
        cards = visible.map { Card(id: $0.id, kind: $0.kind.rawValue, prompt: $0.prompt, text: $0.text, author: b.author(of: $0, to: me), mine: $0.author == me,
                                   parent: $0.parent, votes: votes[$0.id] ?? 0) }
        topics = r.phase == .reflect ? [] : b.topics.map { Topic(card: $0.card.id, votes: $0.votes, stacked: $0.stacked.map(\.id), factors: $0.factors.map(\.card.id)) }
        votesLeft = b.votesLeft(me, in: r.phase)
        actions = b.rankedActions.map { Action($0.item, votes: $0.votes) }
        previous = page.previous?.retrospective.id.rawValue
        review = (page.previous?.actions ?? []).map { Review(action: Action($0, votes: 0), after: page.evidence.value($0.figure)) }
        let e = page.evidence
        evidence = Evidence(orders: e.orders, scopeTotal: page.scopeTotal, closed: e.closed, leadTimeMedianDays: e.leadTimeDays?.median, onTime: e.onTime.value,
                            onTimeInterval: e.onTime.interval.map { [$0.low, $0.high] }, reworkPerOrder: e.reworkPerOrder, feedback: e.feedback,
                            feedbackAnswered: e.feedbackAnswered, deviations: e.deviations.value, deviationsOf: e.deviations.of)
        timelineDays = page.timeline.days
        timeline = page.timeline.buckets.map { Bucket(start: $0.start.isoDay, received: $0.received, closedOnTime: $0.closedOnTime, closedLate: $0.closedLate,
                                                      rework: $0.rework, customerContacts: $0.customerContacts, events: $0.events) }
        moments = page.timeline.moments.map { Moment(date: $0.date.formatted(.iso8601), order: $0.order.rawValue, kind: $0.kind.rawValue, what: $0.what) }
    }
}
