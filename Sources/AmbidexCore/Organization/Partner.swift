/// A customer or supplier organization: a source and co-creator of knowledge,
/// not only a recipient of orders (seeds 002, 003).
public struct Partner: Identifiable, Hashable, Sendable, Codable {
    public enum Kind: String, CaseIterable, Sendable, Codable, Hashable { case customer, supplier }

    public let id: PartnerID
    public var name: String
    public var kind: Kind

    public init(id: PartnerID, name: String, kind: Kind) {
        self.id = id
        self.name = name
        self.kind = kind
    }
}
