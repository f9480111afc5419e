import AmbidexCore
import Testing

@Suite("Text people type: limits, NFC, hostile characters")
struct TextLimitTests {
    let limit = TextLimit("the name", characters: 10, bytes: 20)

    @Test("counted in characters and in bytes: one character with a thousand marks is refused by bytes")
    func bytesAndCharacters() throws {
        #expect(try limit.check("  Lindqvist  ") == "Lindqvist")
        #expect(throws: DomainError.invalid("the name is too long: 11 characters, at most 10")) { try limit.check("abcdefghijk") }
        let heavy = "x" + String(repeating: "\u{301}", count: 1_000)
        #expect(heavy.count == 1)
        #expect(throws: DomainError.invalid("the name is too long: 2001 bytes in UTF-8, at most 20")) { try limit.check(heavy) }
        // Five emoji: five characters, twenty bytes, exactly at both limits.
        #expect(try limit.check("👍👍👍👍👍") == "👍👍👍👍👍")
    }

    @Test("kept in NFC, so composed and decomposed forms are one text")
    func nfc() throws {
        let decomposed = "Re\u{301}sume\u{301}"
        #expect(decomposed.unicodeScalars.count == 8)
        let kept = try limit.check(decomposed)
        #expect(kept.unicodeScalars.count == 6 && kept == "Résumé")
        #expect(Account.normalized(email: "Jose\u{301}@Example.org") == "jos\u{e9}@example.org")
    }

    @Test("no control characters on a line, no direction overrides anywhere")
    func hostile() throws {
        for text in ["a\u{0}b", "a\nb", "a\u{1b}[31mb", "a\u{7f}"] {
            #expect(throws: DomainError.self, "\(text.debugDescription)") { try limit.check(text) }
        }
        #expect(throws: DomainError.self) { try limit.check("abc\u{202E}gpj") }
        #expect(throws: DomainError.self) { try limit.check("a\u{2067}b", multiline: true) }
        #expect(try limit.check("two\nlines", multiline: true) == "two\nlines")
    }
}
