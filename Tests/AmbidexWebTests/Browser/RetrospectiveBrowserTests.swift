import AmbidexCore
import AmbidexDemo
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor

extension InRealBrowsers {
    /// A retrospective run by two people in two browsers: the facilitator's
    /// moves reach the other's page by itself (the board polls its version), and
    /// the run ends in an action item that opened a knowledge item.
    @Suite("A retrospective in two real browsers", .serialized)
    struct RetrospectiveBrowserTests {
        @Test("lead and member reflect, group, vote, find causes and decide; each sees the other's changes without reloading")
        func twoPeople() async throws {
            try await withLeadAndMember { lead, member, base, store in
                try await lead.open(base + "/retrospectives")
                try await lead.signIn(as: "lead@example.org")
                #expect(try await lead.waitFor("return location.pathname === '/retrospectives' && !!document.querySelector('#start form')"))
                _ = try await lead.execute("""
                    const f = document.querySelector('#start form');
                    f.querySelector('input[name=title]').value = 'ETO orders this month';
                    f.querySelector('select[name=strategy]').value = 'eto';
                    f.querySelector('input[name=from]').value = '2000-01-01';
                    f.submit(); return true
                    """)
                #expect(try await lead.waitFor("return location.pathname.startsWith('/retrospectives/RT-') && !!document.querySelector('#board')"))
                let board = try await lead.execute("return location.pathname") as? String ?? ""
                #expect(try await lead.execute("return (document.querySelector('#evidence')?.innerText ?? '').includes('On time')") as? Bool == true)
                #expect(try await lead.execute("return document.querySelectorAll('#timeline tr').length > 1") as? Bool == true, "the timeline is built from the orders' events")
                try await lead.shot("retro-1-started")

                try await member.open(base + board)
                try await member.signIn(as: "mia@example.org")
                #expect(try await member.waitFor("return location.pathname === '\(board)' && !!document.querySelector('#prompt-happened form')"))

                // Reflect: both write; neither reads the other's card yet.
                for (driver, text) in [(lead, "The customer changed the flange twice"), (member, "Drawings came back late from the customer")] {
                    _ = try await driver.execute("""
                        const f = document.querySelector('#prompt-happened form'); f.querySelector('textarea').value = '\(text)'; f.submit(); return true
                        """)
                    #expect(try await driver.waitFor("return (document.querySelector('#prompt-happened')?.innerText ?? '').includes('\(text)')"))
                }
                #expect(try await member.waitFor("return (document.querySelector('#prompt-happened')?.innerText ?? '').includes('1 card by others')"))
                #expect(try await member.execute("return document.body.innerText.includes('changed the flange twice')") as? Bool == false)
                try await member.shot("retro-2-reflect-member")

                // The facilitator moves on; the member's page follows by itself.
                _ = try await lead.execute("document.querySelector('#advance').click(); return true")
                #expect(try await lead.phase(is: "Group"))
                #expect(try await member.phase(is: "Group"), "the member's board reloads when the facilitator moves the phase")
                #expect(try await member.execute("return (document.querySelector('#prompt-happened')?.innerText ?? '').includes('changed the flange twice')") as? Bool == true)
                _ = try await member.execute("""
                    const c = Array.from(document.querySelectorAll('#prompt-happened div.card-note')).find(d => d.innerText.includes('Drawings came back late'));
                    c.querySelector('form[action$="/stack"]').submit(); return true
                    """)
                #expect(try await member.waitFor("return document.querySelectorAll('#prompt-happened div.card-note.stacked').length === 1"))
                try await member.shot("retro-3-grouped")

                _ = try await lead.execute("document.querySelector('#advance').click(); return true")
                #expect(try await member.phase(is: "Vote"))
                for driver in [lead, member] {
                    _ = try await driver.execute("document.querySelector('#board form[action$=\"/vote\"]').submit(); return true")
                    #expect(try await driver.waitFor("return (document.querySelector('#board')?.innerText ?? '').includes('2 of 3 votes left')"))
                }
                try await lead.shot("retro-4-voted")

                _ = try await lead.execute("document.querySelector('#advance').click(); return true")
                #expect(try await member.phase(is: "Root causes"))
                _ = try await member.execute("""
                    const f = document.querySelector('#board form[action$="/cards"]'); f.querySelector('textarea').value = 'No drawing freeze date in the ETO contract'; f.submit(); return true
                    """)
                #expect(try await lead.waitFor("return (document.querySelector('#board')?.innerText ?? '').includes('No drawing freeze date')", seconds: 20),
                        "the lead's board shows the member's factor by itself")
                try await lead.shot("retro-5-root-causes")

                _ = try await lead.execute("document.querySelector('#advance').click(); return true")
                #expect(try await lead.phase(is: "Decide"))
                _ = try await lead.execute("""
                    const f = document.querySelector('#new-action');
                    f.querySelector('input[name=title]').value = 'Agree a drawing freeze date at kick-off';
                    f.querySelector('select[name=owner]').value = 'U-sales';
                    f.querySelector('select[name=figure]').value = 'leadTime';
                    f.querySelector('input[name=knowledgeTitle]').value = 'Drawing freeze at kick-off';
                    f.submit(); return true
                    """)
                #expect(try await member.waitFor("return (document.querySelector('#actions')?.innerText ?? '').includes('Agree a drawing freeze date')", seconds: 20))
                _ = try await lead.execute("document.querySelector('form[action$=\"/reveal\"]').submit(); return true")
                #expect(try await member.waitFor("return (document.querySelector('#board')?.innerText ?? '').includes('lead@example.org')", seconds: 20),
                        "authors show once revealed")
                try await member.shot("retro-6-decided")
                _ = try await lead.execute("document.querySelector('#advance').click(); return true")
                #expect(try await member.phase(is: "Closed"))

                let retro = try #require(try await store.retrospectives().first)
                let decided = try #require(try await store.retrospectiveBoard(retro.retrospective.id)?.actions.first)
                #expect(decided.owner == "U-sales" && decided.figure == .leadTime && decided.baseline != nil)
                let k = try #require(decided.knowledgeItem)
                #expect(try await store.knowledgeBoard(KnowledgeFilter(), asOf: Date()).columns.flatMap(\.items).contains { $0.item.id == k })
                try await lead.open(base + board + "/summary")
                #expect(try await lead.execute("return document.body.innerText.includes('Agree a drawing freeze date at kick-off')") as? Bool == true)
                try await lead.shot("retro-7-summary")
            }
        }
    }
}
