import AmbidexCore
import Foundation

/// A partner's suggestion and what became of it: its stages so far and the
/// standards made from it.
public struct PartnerSuggestion: Sendable {
    public var item: KnowledgeItem
    public var standards: [Standard]
}

extension Store {
    /// Every knowledge item that came from `partner`, newest first, read live
    /// (a suggestion shows at once) through the index on origin.
    public func partnerSuggestions(_ partner: PartnerID) async throws -> [PartnerSuggestion] {
        struct IDRow: Decodable, Sendable { var id: String }
        let ids = try await rows(IDRow.self, "SELECT id FROM knowledge_items WHERE origin = ?",
                                 [.text(JSONColumn.encode(KnowledgeItem.Origin.partner(partner)))], table: "knowledge_items").map(\.id)
        guard !ids.isEmpty else { return [] }
        let items = try await knowledgeItems(ids).map(\.item)
        let standards = try await standards()
        return items.map { item in PartnerSuggestion(item: item, standards: standards.filter { $0.provenance.contains(item.id) }) }
            .sorted { ($0.item.acquiredAt, $0.item.id.rawValue) > ($1.item.acquiredAt, $1.item.id.rawValue) }
    }

    /// Whether `order` is one of `partner`'s: asked before anything else about
    /// the order, so another partner learns nothing, not even which fields it got wrong.
    public func isOrder(_ order: OrderID, of partner: PartnerID) async throws -> Bool {
        struct CustomerRow: Decodable, Sendable { var customer: String }
        return try await rows(CustomerRow.self, "SELECT customer FROM orders WHERE id = ?", [.text(order.rawValue)], table: "orders").first?.customer == partner.rawValue
    }
}
