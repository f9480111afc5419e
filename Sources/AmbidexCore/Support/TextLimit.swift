import Foundation

/// How long a piece of text that people type may be, and what it may hold.
/// Counted twice: in characters as a reader sees them (grapheme clusters, so
/// "é" is one whether typed as one code point or two) and in UTF-8 bytes,
/// because one character can carry thousands of combining marks. Text is kept
/// in Unicode normalization form C, so the same name is stored, compared and
/// counted one way.
public struct TextLimit: Sendable, Hashable {
    public let field: String
    public let characters: Int
    public let bytes: Int

    public init(_ field: String, characters: Int, bytes: Int? = nil) {
        self.field = field
        self.characters = characters
        self.bytes = bytes ?? 4 * characters
    }

    /// The text trimmed and in NFC, or why it cannot be kept. A line holds no
    /// control characters, and no text holds the invisible controls that
    /// reorder what follows them (a name could otherwise display as another).
    public func check(_ raw: String, multiline: Bool = false) throws(DomainError) -> String {
        let text = raw.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.utf8.count > bytes {
            throw .invalid("\(field) is too long: \(text.utf8.count) bytes in UTF-8, at most \(bytes)")
        }
        if text.count > characters {
            throw .invalid("\(field) is too long: \(text.count) characters, at most \(characters)")
        }
        for scalar in text.unicodeScalars {
            if Self.reordering.contains(scalar.value) {
                throw .invalid("\(field) holds an invisible direction control (U+\(String(scalar.value, radix: 16, uppercase: true)))")
            }
            let allowedControl = multiline && (scalar == "\n" || scalar == "\t" || scalar == "\r")
            if scalar.properties.generalCategory == .control, !allowedControl {
                throw .invalid("\(field) holds a control character (U+\(String(format: "%04X", scalar.value)))")
            }
        }
        return text
    }

    /// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
    static let reordering: Set<UInt32> = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
}
