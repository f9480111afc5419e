import AmbidexCore
import Foundation
import Testing

@Suite("A schedule as JSON")
struct ActivityJSONTests {
    @Test("the same activity is the same JSON, whatever order its units and partners were gathered in")
    func stable() throws {
        let ids = (0..<40).map { UnitID("U-\($0)") }
        func activity(_ units: [UnitID]) -> LearningActivity {
            LearningActivity(id: "A-1", kind: .crossUnitWorkshop, trigger: .sporadic, date: Date(timeIntervalSince1970: 0),
                             units: Set(units), partners: Set(["C-b", "C-a", "C-c"]), reason: "why")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let forward = try encoder.encode(activity(ids)), backward = try encoder.encode(activity(ids.reversed()))
        #expect(forward == backward)
        let decoded = try JSONDecoder().decode(LearningActivity.self, from: forward)
        #expect(decoded == activity(ids))
        #expect(String(decoding: forward, as: UTF8.self).contains(#""partners":["C-a","C-b","C-c"]"#))
    }
}
