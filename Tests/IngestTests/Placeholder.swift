import Testing

@Test func IngestTestsPlaceholder() { #expect(Bool(true)) }
