import Foundation

/// What a retrospective asks, by the kind of orders it looks at. An ETO
/// after-action review compares plan and outcome of one-of-a-kind work; a
/// make-to-stock process review looks at the flow and its standard work.
public enum RetrospectiveTemplate: String, CaseIterable, Sendable, Codable, Hashable {
    case afterActionReview, configurationReview, orderFlowReview, processReview, general

    public struct Prompt: Hashable, Sendable {
        public let id: String
        public let question: String
    }

    public var label: String {
        switch self {
        case .afterActionReview: "After-action review (engineer-to-order)"
        case .configurationReview: "Configuration review (configure-to-order)"
        case .orderFlowReview: "Order flow review (make- and assemble-to-order)"
        case .processReview: "Process review (make-to-stock)"
        case .general: "General retrospective"
        }
    }

    /// The template that fits a strategy's orders.
    public static func fitting(_ strategy: DeliveryStrategy?) -> RetrospectiveTemplate {
        switch strategy {
        case .eto: .afterActionReview
        case .cto: .configurationReview
        case .mto, .ato: .orderFlowReview
        case .mts: .processReview
        case nil: .general
        }
    }

    public var prompts: [Prompt] {
        switch self {
        case .afterActionReview: [
            Prompt(id: "planned", question: "What did we plan or promise the customer?"),
            Prompt(id: "happened", question: "What actually happened?"),
            Prompt(id: "why", question: "Why was there a difference?"),
            Prompt(id: "carry", question: "What do we carry to the next one-of-a-kind order, and what could become a module?"),
        ]
        case .configurationReview: [
            Prompt(id: "configured", question: "Which configurations went wrong or needed engineering?"),
            Prompt(id: "rules", question: "Which configuration rules or options are missing?"),
            Prompt(id: "customer", question: "What did customers ask for that the configurator cannot offer?"),
        ]
        case .orderFlowReview: [
            Prompt(id: "waited", question: "Where did orders wait?"),
            Prompt(id: "handover", question: "Which hand-overs between front and back office went badly?"),
            Prompt(id: "keep", question: "What worked and should become the standard?"),
        ]
        case .processReview: [
            Prompt(id: "stopped", question: "Where did the flow stop or need rework?"),
            Prompt(id: "deviated", question: "Where was standard work not followed, and why?"),
            Prompt(id: "improve", question: "Which small improvement would we standardize?"),
        ]
        case .general: [
            Prompt(id: "well", question: "What went well?"),
            Prompt(id: "badly", question: "What went badly?"),
            Prompt(id: "try", question: "What do we try next?"),
        ]
        }
    }

    /// The time box of each phase, in minutes.
    public func minutes(_ phase: Retrospective.Phase) -> Int {
        switch phase {
        case .reflect: self == .afterActionReview ? 15 : 10
        case .group: 5
        case .vote: 3
        case .rootCauses: self == .afterActionReview ? 15 : 10
        case .decide: 10
        case .closed: 0
        }
    }
}
