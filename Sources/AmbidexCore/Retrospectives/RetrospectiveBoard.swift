import Foundation

/// One card on the board: a reflection answering a prompt (possibly stacked on
/// another, which then names the topic), or a contributing factor of a topic.
public struct RetroCard: Identifiable, Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable, Codable, Hashable { case reflection, factor }

    public let id: String
    public var kind: Kind
    /// The template prompt a reflection answers (a factor keeps its topic's).
    public var prompt: String
    public var author: String
    public var text: String
    public var created: Date
    /// A reflection stacked on a topic, or the topic a factor explains.
    public var parent: String?

    public init(id: String, kind: Kind, prompt: String, author: String, text: String, created: Date, parent: String? = nil) {
        self.id = id
        self.kind = kind
        self.prompt = prompt
        self.author = author
        self.text = text
        self.created = created
        self.parent = parent
    }

    public static let textLimit = TextLimit("text", characters: 1_000)
}

/// A person's vote for a topic, a factor or an action item.
public struct RetroVote: Hashable, Sendable {
    public var target: String
    public var voter: String
    public var phase: Retrospective.Phase

    public init(target: String, voter: String, phase: Retrospective.Phase) {
        self.target = target
        self.voter = voter
        self.phase = phase
    }
}

/// The board of one retrospective and its rules: who may add, stack and vote
/// what in which phase, and what each person sees.
public struct RetrospectiveBoard: Sendable {
    public var retrospective: Retrospective
    public var cards: [RetroCard]
    public var votes: [RetroVote]
    public var actions: [ActionItem]

    /// Votes each person has in each voting phase.
    public static let votesPerPerson = 3
    /// Topics that go on to root causes.
    public static let rootCauseTopics = 3
    /// Above this many action items, the board asks people to vote on them.
    public static let actionVoteThreshold = 5
    public static let cardLimit = 500

    public init(retrospective: Retrospective, cards: [RetroCard] = [], votes: [RetroVote] = [], actions: [ActionItem] = []) {
        self.retrospective = retrospective
        self.cards = cards
        self.votes = votes
        self.actions = actions
    }

    public struct Topic: Hashable, Sendable {
        public let card: RetroCard
        public let stacked: [RetroCard]
        public let votes: Int
        public let factors: [(card: RetroCard, votes: Int)]

        public static func == (a: Topic, b: Topic) -> Bool { a.card == b.card && a.stacked == b.stacked && a.votes == b.votes }
        public func hash(into h: inout Hasher) { h.combine(card) }
    }

    func count(_ id: String) -> Int { votes.lazy.filter { $0.target == id }.count }

    /// Top-level reflections with what is stacked on them, most-voted first (then oldest).
    public var topics: [Topic] {
        let byParent = Dictionary(grouping: cards.filter { $0.parent != nil }, by: { $0.parent! })
        var out: [Topic] = []
        for c in cards where c.kind == .reflection && c.parent == nil {
            let children = byParent[c.id] ?? []
            var factors: [(card: RetroCard, votes: Int)] = children.filter { $0.kind == .factor }.map { (card: $0, votes: count($0.id)) }
            factors.sort { a, b in a.votes != b.votes ? a.votes > b.votes : a.card.created < b.card.created }
            let stacked = children.filter { $0.kind == .reflection }.sorted { $0.created < $1.created }
            out.append(Topic(card: c, stacked: stacked, votes: count(c.id), factors: factors))
        }
        out.sort { a, b in
            if a.votes != b.votes { return a.votes > b.votes }
            if a.card.created != b.card.created { return a.card.created < b.card.created }
            return a.card.id < b.card.id
        }
        return out
    }

    /// The topics that go on to root causes: the most-voted ones that got any vote (the first ones when nobody voted).
    public var causeTopics: [Topic] {
        let all = topics
        let voted = all.filter { $0.votes > 0 }
        return Array((voted.isEmpty ? all : voted).prefix(Self.rootCauseTopics))
    }

    /// Action items, most-voted first when voting on them makes sense, otherwise in the order they were made.
    public var rankedActions: [(item: ActionItem, votes: Int)] {
        var counted: [(item: ActionItem, votes: Int)] = actions.map { (item: $0, votes: count($0.id)) }
        counted.sort { a, b in
            if a.votes != b.votes { return a.votes > b.votes }
            if a.item.created != b.item.created { return a.item.created < b.item.created }
            return a.item.id < b.item.id
        }
        return counted
    }

    public func votesLeft(_ voter: String, in phase: Retrospective.Phase) -> Int {
        Self.votesPerPerson - votes.lazy.filter { $0.voter == voter && $0.phase == phase }.count
    }

    /// Whether `viewer` may read the text of `card` now: in the reflect phase people
    /// write without reading one another, so nobody anchors on the first cards.
    public func shows(_ card: RetroCard, to viewer: String) -> Bool {
        card.author == viewer || retrospective.phase != .reflect
    }

    /// The author's name as `viewer` sees it: hidden until the facilitator reveals authors.
    public func author(of card: RetroCard, to viewer: String) -> String? {
        (retrospective.revealed || card.author == viewer) ? card.author : nil
    }

    // MARK: rules

    public func checkAdd(_ card: RetroCard) throws(DomainError) {
        let phase = retrospective.phase
        guard cards.count < Self.cardLimit else { throw .invalid("the board holds \(Self.cardLimit) cards at most") }
        switch card.kind {
        case .reflection:
            guard phase == .reflect || phase == .group else {
                throw .illegalTransition("reflections are written in the reflect and group phases; this retrospective is in \(phase.label.lowercased())")
            }
            guard retrospective.template.prompts.contains(where: { $0.id == card.prompt }) else {
                throw .invalid("prompt must be one of \(retrospective.template.prompts.map(\.id).joined(separator: ", ")), not '\(card.prompt.prefix(40))'")
            }
            guard card.parent == nil else { throw .invalid("a new reflection starts on its own; stack it in the group phase") }
        case .factor:
            guard phase == .rootCauses else { throw .illegalTransition("contributing factors are named in the root causes phase; this retrospective is in \(phase.label.lowercased())") }
            guard let topic = card.parent, causeTopics.contains(where: { $0.card.id == topic }) else {
                throw .invalid("a contributing factor belongs to one of the most-voted topics (\(causeTopics.map(\.card.id).joined(separator: ", ")))")
            }
        }
    }

    /// Where `card` lands when stacked onto `target`: the target's own topic, so stacks stay one level deep.
    public func stackTarget(_ cardID: String, onto targetID: String?) throws(DomainError) -> String? {
        guard retrospective.phase == .group else { throw .illegalTransition("cards are stacked in the group phase; this retrospective is in \(retrospective.phase.label.lowercased())") }
        guard let card = cards.first(where: { $0.id == cardID }), card.kind == .reflection else { throw .unknown("there is no reflection card \(cardID.prefix(40)) on this board") }
        guard let targetID else { return nil }
        guard let target = cards.first(where: { $0.id == targetID }), target.kind == .reflection else { throw .unknown("there is no reflection card \(targetID.prefix(40)) on this board") }
        let topic = target.parent ?? target.id
        guard topic != card.id else { throw .invalid("a card cannot be stacked on itself") }
        return topic
    }

    /// The phase in which a vote for `target` counts, or why it cannot be cast.
    public func checkVote(_ target: String, by voter: String) throws(DomainError) -> Retrospective.Phase {
        let phase = retrospective.phase
        switch phase {
        case .vote:
            guard topics.contains(where: { $0.card.id == target }) else { throw .unknown("\(target.prefix(40)) is not a topic on this board") }
        case .rootCauses:
            guard cards.contains(where: { $0.id == target && $0.kind == .factor }) else { throw .unknown("\(target.prefix(40)) is not a contributing factor on this board") }
        case .decide:
            guard actions.contains(where: { $0.id == target }) else { throw .unknown("\(target.prefix(40)) is not an action item of this retrospective") }
        default:
            throw .illegalTransition("there is no voting in the \(phase.label.lowercased()) phase")
        }
        guard !votes.contains(where: { $0.target == target && $0.voter == voter }) else { throw .invalid("you voted for \(target) already") }
        guard votesLeft(voter, in: phase) > 0 else { throw .invalid("you have used your \(Self.votesPerPerson) votes in this phase; take one back first") }
        return phase
    }
}
